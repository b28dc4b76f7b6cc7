#include "config/credentials.h"
#include "config/profiles.h"
#include "guitestutil.h"
#include "models/historymodel.h"
#include "models/resultmodel.h"
#include "models/sourcefilterproxy.h"
#include "models/sourcemodel.h"
#include "models/workspace.h"
#include "resync/statuspoller.h"
#include "resyncintegration.h"
#include "triage/triage.h"
#include "ui/confirmdialog.h"
#include "ui/filterbar.h"
#include "ui/historypanel.h"
#include "ui/mainwindow.h"
#include "ui/resultspanel.h"
#include "ui/sourcepanel.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

using namespace Qt::StringLiterals;
using namespace feather;
using namespace feather::test;

// What the Results and History panes say after a run (issue 10 items 4, 5, 6 and 10), against
// a real feather-devserver in its default strict (documented-API) mode, driven by keys and mouse.
class TestConsoleResults : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void finishedJobs_resultRowsCsvAndHistoryShowFinalState();
    void cancelMidRun_everySourceHasARowAndCancelledAreRetryable();
    void unauthorizedStop_unsentSourcesAreCancelledRowsToRetry();
    void secondRun_showsThisRunOnlyAndCopiesItsJobIds();
    void errorFilter_runRowsStayVisibleUntilFilterChanges();
    void erroredSourcesFailingAgain_markedAgainstTheirErrorBeforeTheRun();

private:
    std::unique_ptr<MainWindow> openWindow(const DevServer &server, int concurrency = 4);
    // Ctrl+R on the source table, then a mouse click on the confirm button; waits for the end.
    bool resyncByKeyboard(MainWindow &window, const QStringList &ids);

    DevServer m_server;     // long syncs: triggered sources stay syncing
    DevServer m_fastServer; // one-second syncs, every second job fails
    std::unique_ptr<ProfileStore> m_profiles;
    std::unique_ptr<CredentialStore> m_credentials;
};

void TestConsoleResults::initTestCase()
{
    startFromEmptySettings(u"tst_console_results"_s);
    QString why;
    QVERIFY2(m_server.start(150, {u"--sync-seconds"_s, u"600"_s, u"--latency-ms"_s, u"40"_s}, &why),
             qPrintable(why));
    QVERIFY2(
        m_fastServer.start(40, {u"--sync-seconds"_s, u"1"_s, u"--job-fail-every"_s, u"2"_s}, &why),
        qPrintable(why));
}

void TestConsoleResults::init()
{
    m_profiles = std::make_unique<ProfileStore>();
    m_credentials = std::make_unique<CredentialStore>();
}

void TestConsoleResults::cleanup()
{
    m_credentials.reset();
    m_profiles.reset();
}

std::unique_ptr<MainWindow> TestConsoleResults::openWindow(const DevServer &server, int concurrency)
{
    return openApiWindow(m_profiles.get(), m_credentials.get(), u"Local devserver"_s,
                         server.baseUrl(), server.apiKey(), false, concurrency);
}

bool TestConsoleResults::resyncByKeyboard(MainWindow &window, const QStringList &ids)
{
    window.sourcePanel()->selectSources(ids);
    if (!activate(&window))
        return false;
    ResyncConfirmDialog *dialog = openConfirmation(window, [&] {
        QTest::keyClick(window.sourcePanel()->view(), Qt::Key_R, Qt::ControlModifier);
    });
    return confirmAndWaitForRun(window, dialog);
}

void TestConsoleResults::finishedJobs_resultRowsCsvAndHistoryShowFinalState()
{
    auto window = openWindow(m_fastServer);
    QVERIFY(window && waitLoaded(*window));
    window->workspace()->poller()->setInterval(200);
    window->workspace()->poller()->setMaxInterval(400);
    const QStringList ids = sourcesWithStatus(*window, u"active"_s, 4);
    QCOMPARE(ids.size(), 4);
    QVERIFY(resyncByKeyboard(*window, ids));

    const ResultModel *results = window->workspace()->results();
    QCOMPARE(results->rowCount(), 4);
    // Nobody presses anything: the poller follows every job to its end, into the Results rows.
    QVERIFY2(QTest::qWaitFor(
                 [&] {
                     for (int r = 0; r < results->rowCount(); ++r) {
                         if (!isJobFinished(
                                 results->index(r, ResultModel::StatusColumn).data().toString()))
                             return false;
                     }
                     return true;
                 },
                 20000),
             qPrintable(window->resultsPanel()->summaryText()));
    int completed = 0, failed = 0;
    for (int r = 0; r < results->rowCount(); ++r) {
        const QString status = results->index(r, ResultModel::StatusColumn).data().toString();
        QVERIFY2(status == u"completed"_s || status == u"failed"_s, qPrintable(status));
        QVERIFY(!results->index(r, ResultModel::CompletedColumn).data().toString().isEmpty());
        if (status == u"failed"_s) {
            ++failed;
            QVERIFY(!results->index(r, ResultModel::JobErrorColumn).data().toString().isEmpty());
        } else {
            ++completed;
        }
    }
    // --job-fail-every 2: of four consecutive jobs, two fail.
    QCOMPARE(failed, 2);
    QCOMPARE(completed, 2);
    const QString summary = window->resultsPanel()->summaryText();
    QVERIFY2(summary.contains(u"2 completed, 2 failed, 0 still running"_s), qPrintable(summary));

    // The export says how the jobs ended, not "queued".
    QTemporaryDir dir;
    const QString csvPath = dir.filePath(u"results.csv"_s);
    QString why;
    QVERIFY2(window->resultsPanel()->exportCsv(csvPath, &why), qPrintable(why));
    QFile csv(csvPath);
    QVERIFY(csv.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(csv.readAll());
    QCOMPARE(text.count(u",completed,"_s), 2);
    QCOMPARE(text.count(u",failed,"_s), 2);
    QVERIFY2(!text.contains(u",queued,"_s), qPrintable(text));

    // Look at it as a user would.
    window->resultsPanel()->grab().save(
        QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
            .filePath(u"results-after-run.png"_s));
    if (const QByteArray shot = qgetenv("FEATHER_SHOT_DIR"); !shot.isEmpty())
        window->grab().save(QString::fromLocal8Bit(shot) + u"/results-after-run.png"_s);

    // History (Alt+H) joins each attempt with how its job ended; the attempt rows stay as written.
    QVERIFY(activate(window.get()));
    QSignalSpy reloaded(window->historyPanel(), &HistoryPanel::reloaded);
    typeKey(Qt::Key_H, Qt::AltModifier);
    QCOMPARE(window->tabs()->currentWidget(), window->historyPanel());
    QCOMPARE(window->tabs()->currentWidget(), window->historyPanel());
    QVERIFY(QTest::qWaitFor([&] { return !reloaded.isEmpty(); }, 10000));
    const HistoryModel *history = window->historyPanel()->model();
    int histCompleted = 0, histFailed = 0;
    for (int r = 0; r < history->rowCount(); ++r) {
        if (!ids.contains(history->index(r, 0).data(HistoryModel::SourceIdRole).toString()))
            continue;
        const QString status = history->index(r, HistoryModel::JobStatusColumn).data().toString();
        histCompleted += status == u"completed"_s;
        histFailed += status == u"failed"_s;
        if (status == u"failed"_s)
            QVERIFY(!history->index(r, HistoryModel::JobErrorColumn).data().toString().isEmpty());
    }
    QCOMPARE(histCompleted, 2);
    QCOMPARE(histFailed, 2);
}

void TestConsoleResults::cancelMidRun_everySourceHasARowAndCancelledAreRetryable()
{
    auto window = openWindow(m_server, 1); // one at a time, 40 ms each: Cancel lands mid-run
    QVERIFY(window && waitLoaded(*window));
    const QStringList ids = sourcesWithStatus(*window, u"active"_s, 25);
    QCOMPARE(ids.size(), 25);
    window->sourcePanel()->selectSources(ids);
    QVERIFY(activate(window.get()));
    ResyncConfirmDialog *dialog = openConfirmation(*window, [&] {
        QTest::keyClick(window->sourcePanel()->view(), Qt::Key_R, Qt::ControlModifier);
    });
    QVERIFY(dialog && QTest::qWaitFor([&] { return dialog->isPreviewFinished(); }, 20000));
    QSignalSpy rows(window->workspace()->results(), &QAbstractItemModel::rowsInserted);
    QSignalSpy finished(window->workspace(), &Workspace::runFinished);
    QTest::mouseClick(dialog->confirmButton(), Qt::LeftButton);
    QVERIFY(QTest::qWaitFor([&] { return rows.size() >= 2; }, 10000));
    QVERIFY(window->workspace()->isRunning());
    QVERIFY(activate(window.get()));
    typeKey(Qt::Key_Period, Qt::ControlModifier); // Cancel
    QVERIFY(QTest::qWaitFor([&] { return !finished.isEmpty(); }, 10000));

    // Every requested source has a row, the unsent ones as cancelled.
    const ResultModel *results = window->workspace()->results();
    QCOMPARE(results->rowCount(), 25);
    QSet<QString> seen;
    int cancelled = 0;
    for (int r = 0; r < results->rowCount(); ++r) {
        seen.insert(results->index(r, 0).data(ResultModel::IdRole).toString());
        cancelled +=
            results->index(r, 0).data(ResultModel::OutcomeRole).toInt() == int(Outcome::Cancelled);
    }
    QCOMPARE(seen, QSet<QString>(ids.cbegin(), ids.cend()));
    QVERIFY(cancelled >= 1 && cancelled <= 23);
    const QString summary = window->resultsPanel()->summaryText();
    QVERIFY2(summary.contains(u"25 source(s)"_s), qPrintable(summary));
    QVERIFY2(summary.contains(u"%1 cancelled"_s.arg(cancelled), Qt::CaseInsensitive),
             qPrintable(summary));

    // History lists them too.
    QVERIFY(activate(window.get()));
    QSignalSpy reloaded(window->historyPanel(), &HistoryPanel::reloaded);
    typeKey(Qt::Key_H, Qt::AltModifier);
    QCOMPARE(window->tabs()->currentWidget(), window->historyPanel());
    QVERIFY(QTest::qWaitFor([&] { return !reloaded.isEmpty(); }, 10000));
    const HistoryModel *history = window->historyPanel()->model();
    int cancelledInHistory = 0;
    for (int r = 0; r < history->rowCount(); ++r)
        cancelledInHistory +=
            ids.contains(history->index(r, 0).data(HistoryModel::SourceIdRole).toString())
            && history->index(r, 0).data(HistoryModel::OutcomeRole).toInt()
                   == int(Outcome::Cancelled);
    QCOMPARE(cancelledInHistory, cancelled);

    // "Retry failed" offers exactly the cancelled rows, through the confirmation.
    QVERIFY(activate(window.get()));
    typeKey(Qt::Key_R, Qt::AltModifier); // the Results tab
    QPushButton *retry = nullptr;
    for (QPushButton *b : window->resultsPanel()->findChildren<QPushButton *>()) {
        if (b->text().startsWith(u"Retry failed"_s))
            retry = b;
    }
    QVERIFY(retry);
    QVERIFY(retry->isEnabled());
    QCOMPARE(retry->text(), u"Retry failed (%1)"_s.arg(cancelled));
    ResyncConfirmDialog *again =
        openConfirmation(*window, [&] { QTest::mouseClick(retry, Qt::LeftButton); });
    QVERIFY(again);
    QCOMPARE(again->targetTable()->rowCount(), cancelled);
    again->reject();
}

void TestConsoleResults::unauthorizedStop_unsentSourcesAreCancelledRowsToRetry()
{
    // The profile reaches the devserver through a relay; mid-run (paused, nothing in flight) the
    // relay turns to a second devserver that does not know this key: the next trigger gets a
    // real 401, which stops the run.
    DevServer rotated;
    QString why;
    QVERIFY2(rotated.start(5, {}, &why), qPrintable(why));
    TcpRelay relay(quint16(QUrl(m_server.baseUrl()).port()));
    QVERIFY(relay.up());
    auto window = openApiWindow(m_profiles.get(), m_credentials.get(), u"Relayed devserver"_s,
                                relay.baseUrl(), m_server.apiKey(), false, 1);
    QVERIFY(window && waitLoaded(*window));
    const QStringList ids = sourcesWithStatus(*window, u"active"_s, 20);
    QCOMPARE(ids.size(), 20);
    window->sourcePanel()->selectSources(ids);
    QVERIFY(activate(window.get()));
    ResyncConfirmDialog *dialog = openConfirmation(*window, [&] {
        QTest::keyClick(window->sourcePanel()->view(), Qt::Key_R, Qt::ControlModifier);
    });
    QVERIFY(dialog && QTest::qWaitFor([&] { return dialog->isPreviewFinished(); }, 20000));
    QSignalSpy rows(window->workspace()->results(), &QAbstractItemModel::rowsInserted);
    QSignalSpy finished(window->workspace(), &Workspace::runFinished);
    QSignalSpy stopped(window->workspace(), &Workspace::runStopped);
    QTest::mouseClick(dialog->confirmButton(), Qt::LeftButton);
    QVERIFY(QTest::qWaitFor([&] { return rows.size() >= 2; }, 10000));
    QVERIFY(activate(window.get()));
    typeKey(Qt::Key_P, Qt::ControlModifier | Qt::ShiftModifier); // Pause
    QVERIFY(QTest::qWaitFor(
        [&] {
            const RunProgress p = window->workspace()->progress();
            return p.paused && p.inFlight == 0;
        },
        10000));
    relay.setUpstreamPort(quint16(QUrl(rotated.baseUrl()).port()));
    relay.down();
    QVERIFY(relay.up());
    QVERIFY(activate(window.get()));
    typeKey(Qt::Key_P, Qt::ControlModifier | Qt::ShiftModifier); // Resume
    QVERIFY(QTest::qWaitFor([&] { return !finished.isEmpty(); }, 20000));
    QCOMPARE(stopped.size(), 1);

    const ResultModel *results = window->workspace()->results();
    const RunSummary summary = results->summary(results->currentRun());
    QCOMPARE(summary.sources, 20);
    const int triggered = summary.outcomes[std::size_t(Outcome::Triggered)];
    const int unauthorized = summary.outcomes[std::size_t(Outcome::Unauthorized)];
    const int cancelled = summary.outcomes[std::size_t(Outcome::Cancelled)];
    // The relay's switch closes the console's pooled keep-alive socket. When Qt has not noticed
    // yet, the next trigger is written into it; Qt may not re-send a trigger on its own
    // (api/oneshotbody.h), so that one is an unknown outcome whose lookup meets the 401 too.
    const int unknown = summary.outcomes[std::size_t(Outcome::UnknownOutcome)];
    QVERIFY(triggered >= 2);
    QVERIFY2(unknown <= 1, qPrintable(QString::number(unknown)));
    QCOMPARE(unauthorized, 1);
    QCOMPARE(triggered + unauthorized + cancelled + unknown, 20);
    QVERIFY2(window->resultsPanel()->summaryText().contains(u"%1 cancelled"_s.arg(cancelled),
                                                            Qt::CaseInsensitive),
             qPrintable(window->resultsPanel()->summaryText()));
    // Retry failed offers the cancelled ones and an unknown one (a 401 is never retried as such).
    QCOMPARE(window->workspace()->retryCandidates().size(), cancelled + unknown);
}

void TestConsoleResults::secondRun_showsThisRunOnlyAndCopiesItsJobIds()
{
    auto window = openWindow(m_server);
    QVERIFY(window && waitLoaded(*window));
    const QStringList ids = sourcesWithStatus(*window, u"active"_s, 5);
    QCOMPARE(ids.size(), 5);
    QVERIFY(resyncByKeyboard(*window, ids.mid(0, 2)));
    QVERIFY(resyncByKeyboard(*window, ids.mid(2, 3)));

    ResultsPanel *panel = window->resultsPanel();
    QCOMPARE(window->workspace()->results()->rowCount(), 5);
    QCOMPARE(panel->view()->model()->rowCount(), 3); // this run only, by default
    QVERIFY(panel->currentRunOnly()->isChecked());
    QVERIFY2(panel->summaryText().startsWith(u"Run 2: 3 source(s)"_s),
             qPrintable(panel->summaryText()));

    // Copy job ids with nothing selected: this run's three.
    panel->view()->clearSelection();
    QPushButton *copy = nullptr;
    for (QPushButton *b : panel->findChildren<QPushButton *>()) {
        if (b->text() == u"Copy job ids"_s)
            copy = b;
    }
    QVERIFY(copy);
    QApplication::clipboard()->clear();
    QTest::mouseClick(copy, Qt::LeftButton);
    const QStringList copied = QApplication::clipboard()->text().split(u'\n');
    QCOMPARE(copied.size(), 3);
    for (int r = 0; r < 3; ++r)
        QVERIFY(copied.contains(
            panel->view()->model()->index(r, 0).data(ResultModel::JobIdRole).toString()));

    // Unticking shows every run, told apart by the Run column.
    QTest::mouseClick(panel->currentRunOnly(), Qt::LeftButton, {},
                      QPoint(4, panel->currentRunOnly()->height() / 2));
    QVERIFY(!panel->currentRunOnly()->isChecked());
    QCOMPARE(panel->view()->model()->rowCount(), 5);
    QSet<int> runs;
    for (int r = 0; r < 5; ++r)
        runs.insert(panel->view()->model()->index(r, ResultModel::RunColumn).data().toInt());
    QCOMPARE(runs, (QSet<int>{1, 2}));
    QVERIFY(!panel->view()->isColumnHidden(ResultModel::RunColumn));
}

void TestConsoleResults::errorFilter_runRowsStayVisibleUntilFilterChanges()
{
    auto window = openWindow(m_server);
    QVERIFY(window && waitLoaded(*window));
    const QStringList errored = sourcesWithStatus(*window, u"error"_s, 3);
    QCOMPARE(errored.size(), 3);
    SourceFilterProxy *proxy = window->sourcePanel()->proxy();
    window->sourcePanel()->filterBar()->setStatuses({u"error"_s});
    const int shownBefore = proxy->rowCount();
    QVERIFY(shownBefore >= 3);
    auto shown = [&](const QString &id) {
        const SourceModel *model = window->workspace()->sources();
        return proxy->mapFromSource(model->index(model->rowOf(id), 0)).isValid();
    };
    QVERIFY(resyncByKeyboard(*window, errored));
    for (const QString &id : errored) {
        QCOMPARE(window->workspace()->sources()->source(id)->status, u"syncing"_s);
        QVERIFY2(shown(id), "a row of the current run left the filtered view");
    }
    QCOMPARE(proxy->rowCount(), shownBefore);
    QCOMPARE(proxy->keptOutsideFilters(), 3);
    QLabel *summary = nullptr;
    for (QLabel *l : window->sourcePanel()->findChildren<QLabel *>()) {
        if (l->text().startsWith(u"Showing"_s))
            summary = l;
    }
    QVERIFY(summary);
    QVERIFY2(summary->text().contains(u"3 kept from the run"_s), qPrintable(summary->text()));

    // The user changes the filter (Ctrl+F, type, clear): now the filter alone decides.
    QVERIFY(activate(window.get()));
    typeKey(Qt::Key_F, Qt::ControlModifier);
    typeKey(Qt::Key_A);
    // The text filter is applied 150 ms after the last key (ui/sourcepanel.cpp).
    QTRY_COMPARE(proxy->pinnedCount(), 0);
    typeKey(Qt::Key_Backspace);
    for (const QString &id : errored)
        QVERIFY(!shown(id));
    QTRY_COMPARE(proxy->rowCount(), shownBefore - 3);
    QVERIFY2(!summary->text().contains(u"kept"_s), qPrintable(summary->text()));
}

void TestConsoleResults::erroredSourcesFailingAgain_markedAgainstTheirErrorBeforeTheRun()
{
    auto window = openWindow(m_fastServer);
    QVERIFY(window && waitLoaded(*window));
    window->workspace()->poller()->setInterval(200);
    window->workspace()->poller()->setMaxInterval(400);
    const QStringList ids = sourcesWithStatus(*window, u"error"_s, 4);
    QCOMPARE(ids.size(), 4);
    QHash<QString, QString> before; // the error each source showed before the resync
    for (const QString &id : ids) {
        const Source *s = window->workspace()->sources()->source(id);
        QVERIFY(s && !s->lastErrorMessage.isEmpty());
        before.insert(id, s->lastErrorMessage);
    }
    QVERIFY(resyncByKeyboard(*window, ids));

    const ResultModel *results = window->workspace()->results();
    QVERIFY2(QTest::qWaitFor(
                 [&] {
                     for (int r = 0; r < results->rowCount(); ++r) {
                         if (!isJobFinished(results->rowAt(r).jobStatus))
                             return false;
                     }
                     return results->rowCount() > 0;
                 },
                 20000),
             qPrintable(window->resultsPanel()->summaryText()));
    int failed = 0, same = 0;
    for (int r = 0; r < results->rowCount(); ++r) {
        const ResultRow &row = results->rowAt(r);
        const QString mark = results->index(r, ResultModel::FailureColumn).data().toString();
        if (row.jobStatus == u"completed"_s) {
            QVERIFY2(mark.isEmpty(), qPrintable(mark));
            continue;
        }
        ++failed;
        // Judged against the source's error from before the run, never its new one.
        QCOMPARE(row.errorBefore, before.value(row.result.target.sourceId));
        QVERIFY2(results->index(r, ResultModel::FailureColumn)
                     .data(Qt::ToolTipRole)
                     .toString()
                     .contains(row.errorBefore),
                 qPrintable(row.errorBefore));
        const bool expectSame = failedAgainSameCause(row.provider, row.errorBefore, row.jobError);
        QCOMPARE(mark, expectSame ? u"Same cause again"_s : u"New failure"_s);
        same += expectSame;
    }
    QCOMPARE(failed, 2); // --job-fail-every 2
    const QString summary = window->resultsPanel()->summaryText();
    if (same > 0)
        QVERIFY2(summary.contains(u"(%1 the same way as before)"_s.arg(same)), qPrintable(summary));
    else
        QVERIFY2(!summary.contains(u"the same way"_s), qPrintable(summary));
}

QTEST_MAIN(TestConsoleResults)
#include "tst_console_results.moc"
