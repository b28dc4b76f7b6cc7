#include "config/credentials.h"
#include "config/profiles.h"
#include "guitestutil.h"
#include "models/knowledgebasemodel.h"
#include "models/resultmodel.h"
#include "models/sourcemodel.h"
#include "models/workspace.h"
#include "resync/statuspoller.h"
#include "resyncintegration.h"
#include "support/testsupport.h"
#include "ui/banner.h"
#include "ui/confirmdialog.h"
#include "ui/kbpanel.h"
#include "ui/mainwindow.h"
#include "ui/profilesdialog.h"
#include "ui/resultspanel.h"
#include "ui/sourcepanel.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QElapsedTimer>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTest>
#include <QTimer>

using namespace Qt::StringLiterals;
using namespace feather;
using namespace feather::test;

// The console's window, offscreen, against a real feather-devserver process (API mode).
class TestConsoleDevserver : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void resyncThreeSelected_showsThreeResultRowsWithJobIds();
    void shortcut_goesThroughTheSameConfirmation();
    void alreadySyncingSource_showsRunningJobNotError();
    void cancelMidBulk_accountsForEveryRow();
    void productionConfirmation_refusesUntilTypedCountMatches();
    void liveRefresh_finishedSyncUpdatesRowAndHighlights();
    void minimisedWindow_pausesPolling();
    void savedProfile_keyNeverInSettingsFiles();
    void exportCsv_hasRowsAndNoSecret();
    void tenThousandSources_streamWhileWindowStaysResponsive();
    void halfLoadedList_showsProgressPartialCountsAndNoWholeListAction();

private:
    std::unique_ptr<MainWindow> openWindow(const DevServer &server, bool production = false,
                                           int concurrency = 4);

    DevServer m_server;     // long syncs: triggered sources stay syncing for the whole test
    DevServer m_fastServer; // one-second syncs, for live refresh
    std::unique_ptr<ProfileStore> m_profiles;
    std::unique_ptr<CredentialStore> m_credentials;
};

void TestConsoleDevserver::initTestCase()
{
    startFromEmptySettings(u"tst_console_devserver"_s);
    QString why;
    // The documented API only (no --extensions): a 409 names its running job through one
    // …/sync/status read, Last error comes from the connectors freshness read.
    QVERIFY2(m_server.start(150, {u"--sync-seconds"_s, u"600"_s, u"--latency-ms"_s, u"40"_s}, &why),
             qPrintable(why));
    QVERIFY2(
        m_fastServer.start(40, {u"--sync-seconds"_s, u"1"_s, u"--job-fail-every"_s, u"0"_s}, &why),
        qPrintable(why));
}

void TestConsoleDevserver::init()
{
    m_profiles = std::make_unique<ProfileStore>();
    m_credentials = std::make_unique<CredentialStore>();
}

void TestConsoleDevserver::cleanup()
{
    m_credentials.reset();
    m_profiles.reset();
}

std::unique_ptr<MainWindow> TestConsoleDevserver::openWindow(const DevServer &server,
                                                             bool production, int concurrency)
{
    auto window = std::make_unique<MainWindow>(m_profiles.get(), m_credentials.get());
    Profile p;
    p.name = production ? u"Prod (test)"_s : u"Local devserver"_s;
    p.mode = BackendMode::Api;
    p.baseUrl = server.baseUrl();
    p.production = production;
    p.concurrency = concurrency;
    p.secretStorage = SecretStorage::Session;
    m_credentials->keepForSession(p.name, server.apiKey());
    window->addTransientProfile(p);
    window->show();
    window->openProfile(p.name);
    return window;
}

void TestConsoleDevserver::resyncThreeSelected_showsThreeResultRowsWithJobIds()
{
    auto window = openWindow(m_server);
    QVERIFY(waitLoaded(*window));
    QCOMPARE(window->workspace()->sources()->rowCount(), 150);
    const QStringList ids = sourcesWithStatus(*window, u"active"_s, 3);
    QCOMPARE(ids.size(), 3);
    window->sourcePanel()->selectSources(ids);
    QCOMPARE(window->sourcePanel()->selectedSourceIds().size(), 3);
    QVERIFY(window->resyncAction()->isEnabled());

    ResyncConfirmDialog *dialog =
        openConfirmation(*window, [&] { window->resyncAction()->trigger(); });
    QVERIFY(dialog);
    QCOMPARE(dialog->targetTable()->rowCount(), 3);
    QVERIFY(!dialog->needsTypedCount());
    QVERIFY(QTest::qWaitFor([&] { return dialog->isPreviewFinished(); }, 10000));
    QVERIFY2(dialog->previewSummary().contains(u"3 will start"_s),
             qPrintable(dialog->previewSummary()));
    QVERIFY(confirmAndWaitForRun(*window, dialog)); // the dialog is gone after this

    const ResultModel *results = window->workspace()->results();
    QCOMPARE(results->rowCount(), 3);
    QSet<QString> resultSources;
    for (int r = 0; r < results->rowCount(); ++r) {
        const QModelIndex idx = results->index(r, 0);
        QCOMPARE(idx.data(ResultModel::OutcomeRole).toInt(), int(Outcome::Triggered));
        const QString jobId = idx.data(ResultModel::JobIdRole).toString();
        QVERIFY2(QUuid::fromString(jobId).version() == QUuid::Random, qPrintable(jobId));
        QCOMPARE(results->index(r, ResultModel::HttpColumn).data().toString().left(1), u"2"_s);
        resultSources.insert(idx.data(ResultModel::IdRole).toString());
        // The source row now follows that job.
        const Source *s =
            window->workspace()->sources()->source(idx.data(ResultModel::IdRole).toString());
        QCOMPARE(s->status, u"syncing"_s);
        QCOMPARE(s->lastSyncJobId, jobId);
    }
    QCOMPARE(resultSources, QSet<QString>(ids.cbegin(), ids.cend()));

    // Copy job ids puts all three on the clipboard, one per line.
    window->resultsPanel()->copyJobIds();
    QCOMPARE(QApplication::clipboard()->text().split(u'\n').size(), 3);
    // The selection survived the live status changes of those rows.
    QCOMPARE(window->sourcePanel()->selectedSourceIds().size(), 3);
}

void TestConsoleDevserver::shortcut_goesThroughTheSameConfirmation()
{
    auto window = openWindow(m_server);
    QVERIFY(waitLoaded(*window));
    window->sourcePanel()->selectSources(sourcesWithStatus(*window, u"active"_s, 2));
    window->activateWindow();
    ResyncConfirmDialog *dialog = openConfirmation(*window, [&] {
        QTest::keyClick(window->sourcePanel()->view(), Qt::Key_R, Qt::ControlModifier);
    });
    QVERIFY2(dialog, "Ctrl+R must open the confirmation, never start a run by itself");
    QVERIFY(!window->workspace()->isRunning());
    QCOMPARE(window->workspace()->results()->rowCount(), 0);
    dialog->reject();
    QTest::qWait(50);
    QVERIFY(!window->workspace()->isRunning());
    QCOMPARE(window->workspace()->results()->rowCount(), 0);
}

void TestConsoleDevserver::alreadySyncingSource_showsRunningJobNotError()
{
    auto window = openWindow(m_server);
    QVERIFY(waitLoaded(*window));
    const QStringList ids = sourcesWithStatus(*window, u"active"_s, 1);
    QCOMPARE(ids.size(), 1);
    window->sourcePanel()->selectSources(ids);
    QVERIFY(confirmAndWaitForRun(*window,
                                 openConfirmation(*window, [&] { window->resyncSelected(); })));
    const QString runningJob =
        window->workspace()->results()->index(0, 0).data(ResultModel::JobIdRole).toString();
    QVERIFY(!runningJob.isEmpty());

    // Same source again: the preview says it will be skipped, the result names the running job.
    window->sourcePanel()->selectSources(ids);
    ResyncConfirmDialog *dialog = openConfirmation(*window, [&] { window->resyncSelected(); });
    QVERIFY(dialog);
    QVERIFY(QTest::qWaitFor([&] { return dialog->isPreviewFinished(); }, 10000));
    QVERIFY2(dialog->previewSummary().contains(u"already syncing"_s),
             qPrintable(dialog->previewSummary()));
    QVERIFY(dialog->targetTable()->item(0, 2)->text().contains(runningJob.left(8)));
    QVERIFY(confirmAndWaitForRun(*window, dialog));

    const QModelIndex newest = window->workspace()->results()->index(0, 0);
    QCOMPARE(newest.data(ResultModel::OutcomeRole).toInt(), int(Outcome::AlreadySyncing));
    QCOMPARE(newest.data(ResultModel::JobIdRole).toString(), runningJob);
    QCOMPARE(window->workspace()->results()->index(0, ResultModel::OutcomeColumn).data().toString(),
             u"Already syncing"_s);
    QCOMPARE(window->workspace()->sources()->source(ids.first())->status, u"syncing"_s);
    // Not a failure: nothing to retry, and no error banner.
    QCOMPARE(window->workspace()->retryCandidates().size(), 0);
    QVERIFY(!window->messageBanner()->isVisible());
}

void TestConsoleDevserver::cancelMidBulk_accountsForEveryRow()
{
    auto window = openWindow(m_server, false, 1); // one at a time, 40 ms each: cancel lands mid-run
    QVERIFY(waitLoaded(*window));
    const QStringList ids = sourcesWithStatus(*window, u"active"_s, 25);
    QCOMPARE(ids.size(), 25);
    window->sourcePanel()->selectSources(ids);
    ResyncConfirmDialog *dialog = openConfirmation(*window, [&] { window->resyncSelected(); });
    QVERIFY(dialog && QTest::qWaitFor([&] { return dialog->isPreviewFinished(); }, 20000));
    QSignalSpy rows(window->workspace()->results(), &QAbstractItemModel::rowsInserted);
    QSignalSpy finished(window->workspace(), &Workspace::runFinished);
    QTest::mouseClick(dialog->confirmButton(), Qt::LeftButton);
    QVERIFY(QTest::qWaitFor([&] { return rows.size() >= 2; }, 10000));
    QVERIFY(window->workspace()->isRunning());
    window->cancelRun();
    QVERIFY(QTest::qWaitFor([&] { return !finished.isEmpty(); }, 10000));

    const QList<TriggerResult> final = window->workspace()->lastRunResults();
    QCOMPARE(final.size(), 25);
    int triggered = 0, cancelled = 0;
    QSet<QString> seen;
    for (const TriggerResult &r : final) {
        seen.insert(r.target.sourceId);
        QVERIFY2(r.outcome == Outcome::Triggered || r.outcome == Outcome::Cancelled,
                 qPrintable(toString(r.outcome)));
        (r.outcome == Outcome::Triggered ? triggered : cancelled)++;
        // Nothing is left marked as in flight.
        QVERIFY(!window->workspace()->sources()->isInFlight(r.target.sourceId));
    }
    QCOMPARE(seen, QSet<QString>(ids.cbegin(), ids.cend()));
    QVERIFY(triggered >= 2);
    QVERIFY(cancelled >= 1);
    QCOMPARE(triggered + cancelled, 25);
}

void TestConsoleDevserver::productionConfirmation_refusesUntilTypedCountMatches()
{
    auto window = openWindow(m_server, true);
    QVERIFY(waitLoaded(*window));
    QVERIFY(window->productionBanner()->isVisible());
    QVERIFY(window->productionBanner()->text().contains(u"PRODUCTION"_s));
    const QStringList ids = sourcesWithStatus(*window, u"active"_s, 12);
    QCOMPARE(ids.size(), 12);
    window->sourcePanel()->selectSources(ids);
    ResyncConfirmDialog *dialog = openConfirmation(*window, [&] { window->resyncSelected(); });
    QVERIFY(dialog);
    QVERIFY(dialog->needsTypedCount());
    QVERIFY(dialog->typedCount());
    QVERIFY(!dialog->confirmButton()->isEnabled());
    QTest::keyClicks(dialog->typedCount(), u"11"_s);
    QVERIFY(!dialog->confirmButton()->isEnabled());
    QTest::mouseClick(dialog->confirmButton(), Qt::LeftButton);
    QVERIFY(dialog->isVisible());
    QTest::keyClick(dialog->typedCount(), Qt::Key_Return); // Enter must not slip past either
    QVERIFY(dialog->isVisible());
    QVERIFY(!window->workspace()->isRunning());
    dialog->typedCount()->clear();
    QTest::keyClicks(dialog->typedCount(), u"12"_s);
    QVERIFY(dialog->confirmButton()->isEnabled());
    dialog->reject();
    QTest::qWait(50);
    QCOMPARE(window->workspace()->results()->rowCount(), 0);

    // Ten or fewer targets need no typing, even on production.
    window->sourcePanel()->selectSources(ids.mid(0, 10));
    dialog = openConfirmation(*window, [&] { window->resyncSelected(); });
    QVERIFY(dialog);
    QVERIFY(!dialog->needsTypedCount());
    QVERIFY(dialog->confirmButton()->isEnabled());
    dialog->reject();
}

void TestConsoleDevserver::liveRefresh_finishedSyncUpdatesRowAndHighlights()
{
    auto window = openWindow(m_fastServer);
    QVERIFY(waitLoaded(*window));
    window->workspace()->poller()->setInterval(200);
    window->workspace()->poller()->setMaxInterval(400);
    window->workspace()->sources()->setHighlightMs(60000);
    const QStringList ids = sourcesWithStatus(*window, u"active"_s, 2);
    window->sourcePanel()->selectSources(ids);
    QVERIFY(confirmAndWaitForRun(*window,
                                 openConfirmation(*window, [&] { window->resyncSelected(); })));
    SourceModel *model = window->workspace()->sources();
    for (const QString &id : ids)
        QCOMPARE(model->source(id)->status, u"syncing"_s);
    // Nobody presses Refresh: the poller brings the finished status in by itself.
    QVERIFY(QTest::qWaitFor(
        [&] {
            return std::all_of(ids.cbegin(), ids.cend(), [&](const QString &id) {
                return model->source(id)->status != u"syncing"_s;
            });
        },
        15000));
    for (const QString &id : ids) {
        const QModelIndex idx = model->index(model->rowOf(id), 0);
        QCOMPARE(idx.data(SourceModel::StatusRole).toString(), u"active"_s);
        QVERIFY(idx.data(SourceModel::HighlightRole).toBool());
        QCOMPARE(idx.data(SourceModel::LastJobStatusRole).toString(), u"completed"_s);
    }
}

void TestConsoleDevserver::minimisedWindow_pausesPolling()
{
    auto window = openWindow(m_fastServer);
    QVERIFY(waitLoaded(*window));
    StatusPoller *poller = window->workspace()->poller();
    QVERIFY(!poller->isPaused());
    window->setWindowState(Qt::WindowMinimized);
    QTRY_VERIFY(poller->isPaused());
    window->setWindowState(Qt::WindowNoState);
    QTRY_VERIFY(!poller->isPaused());
}

void TestConsoleDevserver::savedProfile_keyNeverInSettingsFiles()
{
    const QByteArray key = m_server.apiKey().toUtf8();
    ProfilesDialog dialog(m_profiles.get(), m_credentials.get());
    dialog.show();
    dialog.nameEdit()->setText(u"Saved devserver"_s);
    dialog.modeBox()->setCurrentIndex(0);
    dialog.urlEdit()->setText(m_server.baseUrl());
    QTest::keyClicks(dialog.secretEdit(), m_server.apiKey());
    dialog.save();
    QVERIFY(QTest::qWaitFor([&] { return !dialog.isSaving(); }, 20000));
    // No keychain in this test: the dialog says so and keeps the key for this run only.
    QVERIFY2(dialog.statusLabel()->text().contains(u"No system keychain is available"_s),
             qPrintable(dialog.statusLabel()->text()));
    QVERIFY(dialog.statusLabel()->text().contains(u"session only"_s));
    QVERIFY(dialog.fileOptIn()->isVisible());
    QVERIFY(!dialog.statusLabel()->text().contains(m_server.apiKey()));
    QVERIFY(dialog.secretEdit()->text().isEmpty());
    const auto saved = m_profiles->profile(u"Saved devserver"_s);
    QVERIFY(saved.has_value());
    QCOMPARE(int(saved->secretStorage), int(SecretStorage::Session));

    // Use it for a real run, so settings, layout and the audit log all get written.
    auto window = std::make_unique<MainWindow>(m_profiles.get(), m_credentials.get());
    window->show();
    window->openProfile(u"Saved devserver"_s);
    QVERIFY(waitLoaded(*window));
    window->sourcePanel()->selectSources(sourcesWithStatus(*window, u"error"_s, 2));
    QVERIFY(confirmAndWaitForRun(*window,
                                 openConfirmation(*window, [&] { window->resyncSelected(); })));
    QCOMPARE(window->workspace()->results()->rowCount(), 2);
    window.reset(); // saves geometry, splitters and column layout
    m_profiles->sync();
    QSettings().sync();

    QVERIFY(QFile::exists(QSettings().fileName()));
    QCOMPARE(filesContaining(key), QStringList{});
    QCOMPARE(filesContaining(key.right(12)), QStringList{});
}

void TestConsoleDevserver::exportCsv_hasRowsAndNoSecret()
{
    auto window = openWindow(m_server);
    QVERIFY(waitLoaded(*window));
    window->sourcePanel()->selectSources(sourcesWithStatus(*window, u"active"_s, 2));
    QVERIFY(confirmAndWaitForRun(*window,
                                 openConfirmation(*window, [&] { window->resyncSelected(); })));
    QTemporaryDir dir;
    const QString path = dir.filePath(u"results.csv"_s);
    QString why;
    QVERIFY2(window->resultsPanel()->exportCsv(path, &why), qPrintable(why));
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray csv = f.readAll();
    QCOMPARE(csv.count("\r\n"), 3);
    QVERIFY(csv.contains(",triggered,"));
    QVERIFY(!csv.contains(m_server.apiKey().toUtf8()));
}

void TestConsoleDevserver::tenThousandSources_streamWhileWindowStaysResponsive()
{
    DevServer big;
    QString why;
    QVERIFY2(big.start(10000, {u"--sync-seconds"_s, u"600"_s}, &why), qPrintable(why));
    QElapsedTimer clock;
    clock.start();
    auto window = openWindow(big);
    // A 10 ms heartbeat on the GUI thread: the longest gap between beats is how long the
    // window was unresponsive while pages streamed in.
    qint64 last = clock.elapsed();
    qint64 worstGap = 0;
    int beats = 0;
    QTimer heartbeat;
    heartbeat.setInterval(10);
    connect(&heartbeat, &QTimer::timeout, this, [&] {
        const qint64 now = clock.elapsed();
        worstGap = qMax(worstGap, now - last);
        last = now;
        ++beats;
    });
    heartbeat.start();
    QSignalSpy pages(window->workspace()->sources(), &SourceModel::pageLoaded);
    QVERIFY(waitLoaded(*window, test::scaledMs(60000)));
    heartbeat.stop();
    QCOMPARE(window->workspace()->sources()->rowCount(), 10000);
    QVERIFY2(pages.size() >= 10, qPrintable(QString::number(pages.size())));
    // The first page was on screen long before the last one arrived.
    QVERIFY(pages.first().first().toInt() < 10000);
    qInfo("10,000 sources: %d pages, loaded in %lld ms, longest GUI stall %lld ms, %d heartbeats",
          int(pages.size()), clock.elapsed(), worstGap, beats);
    // A liveness bound (500 ms in a release build), stretched for slower sanitizer builds.
    QVERIFY2(worstGap < test::scaledMs(500), qPrintable(QString::number(worstGap)));
}

void TestConsoleDevserver::halfLoadedList_showsProgressPartialCountsAndNoWholeListAction()
{
    // 150 sources in 6 KBs, one page each, 40 ms a request: the first page is on screen well
    // before the last one.
    auto window = openWindow(m_server);
    QSignalSpy progress(window->workspace(), &Workspace::loadProgress);
    QVERIFY(progress.wait(10000));
    QVERIFY(!window->workspace()->hasLoaded());
    const int soFar = window->workspace()->sources()->rowCount();
    QVERIFY(soFar > 0 && soFar < 150);

    // "Resync all errored…" needs the whole list.
    QVERIFY(!window->actions().resyncErrored->isEnabled());
    // Progress in pages and sources so far; the KB counts say they are partial.
    QLabel *line = window->kbPanel()->progressLabel();
    QVERIFY(line->isVisible());
    QVERIFY2(line->text().contains(u"so far"_s) && line->text().contains(u"page"_s),
             qPrintable(line->text()));
    const QAbstractItemModel *kbs = window->kbPanel()->view()->model();
    const QString total = kbs->index(0, KnowledgeBaseModel::SourcesColumn).data().toString();
    QVERIFY2(total.endsWith(u"…"_s), qPrintable(total));
    QVERIFY(kbs->index(0, KnowledgeBaseModel::SourcesColumn)
                .data(Qt::ToolTipRole)
                .toString()
                .contains(u"so far"_s));
    // The source summary never reads "Showing N of N" while pages are missing.
    bool summarySaysSoFar = false;
    for (const QLabel *label : window->sourcePanel()->findChildren<QLabel *>())
        summarySaysSoFar = summarySaysSoFar || label->text().contains(u"loaded so far"_s);
    QVERIFY(summarySaysSoFar);

    QVERIFY(waitLoaded(*window));
    QVERIFY(window->actions().resyncErrored->isEnabled());
    QVERIFY(!line->isVisible());
    QCOMPARE(kbs->index(0, KnowledgeBaseModel::SourcesColumn).data().toString(), u"150"_s);
    for (const QLabel *label : window->sourcePanel()->findChildren<QLabel *>())
        QVERIFY2(!label->text().contains(u"loaded so far"_s), qPrintable(label->text()));
    // Last error from the documented freshness read, on a devserver without --extensions.
    const QString errored = sourcesWithStatus(*window, u"error"_s, 1).value(0);
    QVERIFY(!errored.isEmpty());
    QVERIFY(!window->workspace()->sources()->source(errored)->lastErrorMessage.isEmpty());
}

QTEST_MAIN(TestConsoleDevserver)
#include "tst_console_devserver.moc"
