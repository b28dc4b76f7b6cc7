// Support workflow in the console (issue 11), offscreen against a real feather-devserver:
// stuck syncs (Syncing for, icon, Stuck filter, KB count) and the auto-sync schedule dialog.
#include "config/auditlog.h"
#include "config/credentials.h"
#include "config/profiles.h"
#include "guitestutil.h"
#include "models/knowledgebasemodel.h"
#include "models/sourcefilterproxy.h"
#include "models/sourcemodel.h"
#include "models/workspace.h"
#include "resyncintegration.h"
#include "ui/banner.h"
#include "ui/confirmdialog.h"
#include "ui/filterbar.h"
#include "ui/mainwindow.h"
#include "ui/scheduledialog.h"
#include "ui/sourcepanel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>
#include <QTimer>

using namespace Qt::StringLiterals;
using namespace feather;
using namespace feather::test;

class TestConsoleWorkflow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void stuckSync_showsAgeIconFilterAndKbCount();
    void scheduleDialog_enablesForSelection_updatesRowsAndAudits();
    void scheduleDialog_production_waitsForTheTick();
    void runJobsAllEnded_saysHowManyFailedAgainAndShowsThem();

private:
    std::unique_ptr<MainWindow> openWindow(bool production, qint64 stuckAfterSeconds,
                                           const DevServer *server = nullptr);

    DevServer m_server;     // long syncs: triggered sources stay syncing
    DevServer m_fastServer; // one-second syncs, every second job fails
    std::unique_ptr<ProfileStore> m_profiles;
    std::unique_ptr<CredentialStore> m_credentials;
};

void TestConsoleWorkflow::initTestCase()
{
    startFromEmptySettings(u"tst_console_workflow"_s);
    QString why;
    QVERIFY2(m_server.start(60, {u"--sync-seconds"_s, u"600"_s}, &why), qPrintable(why));
    QVERIFY2(
        m_fastServer.start(40, {u"--sync-seconds"_s, u"1"_s, u"--job-fail-every"_s, u"2"_s}, &why),
        qPrintable(why));
}

void TestConsoleWorkflow::init()
{
    m_profiles = std::make_unique<ProfileStore>();
    m_credentials = std::make_unique<CredentialStore>();
}

void TestConsoleWorkflow::cleanup()
{
    m_credentials.reset();
    m_profiles.reset();
}

std::unique_ptr<MainWindow>
TestConsoleWorkflow::openWindow(bool production, qint64 stuckAfterSeconds, const DevServer *server)
{
    if (!server)
        server = &m_server;
    auto window = std::make_unique<MainWindow>(m_profiles.get(), m_credentials.get());
    Profile p;
    p.name = production ? u"Prod (workflow)"_s : u"Workflow devserver"_s;
    p.mode = BackendMode::Api;
    p.baseUrl = server->baseUrl();
    p.production = production;
    p.stuckAfterSeconds = stuckAfterSeconds;
    p.secretStorage = SecretStorage::Session;
    m_credentials->keepForSession(p.name, server->apiKey());
    window->addTransientProfile(p);
    window->resize(1400, 900);
    window->show();
    activate(window.get());
    window->openProfile(p.name);
    return window;
}

void TestConsoleWorkflow::stuckSync_showsAgeIconFilterAndKbCount()
{
    // A 1 s threshold (a profile setting) makes a sync this test starts stuck within seconds.
    auto window = openWindow(false, 1);
    QVERIFY(waitLoaded(*window));
    const QStringList ids = sourcesWithStatus(*window, u"active"_s, 1);
    QCOMPARE(ids.size(), 1);
    window->sourcePanel()->selectSources(ids);
    ResyncConfirmDialog *dialog =
        openConfirmation(*window, [&] { window->resyncAction()->trigger(); });
    QVERIFY(dialog);
    QVERIFY(confirmAndWaitForRun(*window, dialog));
    SourceModel *model = window->workspace()->sources();
    const QString id = ids.first();
    QCOMPARE(model->source(id)->status, u"syncing"_s);
    QTest::qWait(2200);
    model->tickAges();
    const QModelIndex row = model->index(model->rowOf(id), SourceModel::SyncingForColumn);
    QVERIFY2(row.data(SourceModel::StuckRole).toBool(),
             qPrintable(row.data(Qt::ToolTipRole).toString()));
    const qint64 age = row.data(SourceModel::SyncingForRole).toLongLong();
    QVERIFY2(age >= 1 && age < 120, qPrintable(QString::number(age)));
    QVERIFY(!row.data(Qt::DecorationRole).value<QIcon>().isNull());
    // The Stuck filter shows the stuck syncs only, ours among them.
    FilterBar *bar = window->sourcePanel()->filterBar();
    bar->setStuck(true);
    QTest::qWait(50); // the summary line follows on the next event-loop turn
    SourceFilterProxy *proxy = window->sourcePanel()->proxy();
    QVERIFY(proxy->stuckOnly());
    QVERIFY(proxy->rowCount() >= 1);
    bool ours = false;
    for (int r = 0; r < proxy->rowCount(); ++r) {
        const QModelIndex idx = proxy->index(r, 0);
        QVERIFY(idx.data(SourceModel::StuckRole).toBool());
        ours = ours || idx.data(SourceModel::IdRole).toString() == id;
    }
    QVERIFY(ours);
    // The KB table counts it.
    QVERIFY(QTest::qWaitFor(
        [&] {
            return window->workspace()->knowledgeBases()->stuckCount(
                       model->source(id)->knowledgeBaseId)
                   >= 1;
        },
        5000));
    QVERIFY(window->workspace()->knowledgeBases()->stuckCount({}) >= proxy->rowCount());
    const QString shot = qEnvironmentVariable("FEATHER_SHOT_DIR");
    if (!shot.isEmpty()) {
        // The new column is the last one: bring it into view for the picture.
        window->sourcePanel()->view()->scrollTo(proxy->index(0, SourceModel::SyncingForColumn));
        window->grab().save(shot + u"/screenshot-stuck.png"_s);
    }
    bar->clear();
    QVERIFY(!proxy->stuckOnly());
}

void TestConsoleWorkflow::scheduleDialog_enablesForSelection_updatesRowsAndAudits()
{
    auto window = openWindow(false, 3600);
    QVERIFY(waitLoaded(*window));
    const QStringList ids = sourcesWithStatus(*window, u"active"_s, 2);
    QCOMPARE(ids.size(), 2);
    window->sourcePanel()->selectSources(ids);
    // The source table's context menu carries the action.
    QVERIFY(window->sourcePanel()->view()->actions().contains(window->actions().schedule));
    const qint64 auditBefore = AuditLog(window->workspace()->auditLogPath()).count();

    QString confirmation;
    connect(window.get(), &MainWindow::scheduleDialogShown, this, [&](ScheduleDialog *d) {
        QTimer::singleShot(0, d, [&, d] {
            d->enableButton()->setChecked(true);
            d->unitBox()->setCurrentIndex(1); // hours
            d->intervalBox()->setValue(2);
            confirmation = d->confirmationText();
            const QString shot = qEnvironmentVariable("FEATHER_SHOT_DIR");
            if (!shot.isEmpty())
                d->grab().save(shot + u"/screenshot-schedule.png"_s);
            QVERIFY(d->applyButton()->isEnabled());
            d->applyButton()->click();
        });
    });
    QSignalSpy finished(window.get(), &MainWindow::scheduleFinished);
    window->actions().schedule->trigger();
    QVERIFY(finished.wait(15000));
    QVERIFY2(finished.first().at(1).toBool(), qPrintable(finished.first().at(0).toString()));
    QVERIFY2(confirmation.contains(u"for 2 source"_s) && confirmation.contains(u"every 2h"_s),
             qPrintable(confirmation));
    for (const QString &id : ids) {
        const Source *s = window->workspace()->sources()->source(id);
        QVERIFY(s->autoSyncEnabled);
        QCOMPARE(s->syncIntervalSeconds.value_or(0), 7200);
        QVERIFY(s->nextSyncAt.isValid());
    }
    // One audit row per source, kind schedule.
    AuditLog log(window->workspace()->auditLogPath());
    QCOMPARE(log.count(), auditBefore + 2);
    AuditQuery q;
    q.limit = 2;
    for (const AuditEntry &e : log.query(q)) {
        QCOMPARE(toString(e.kind), u"schedule"_s);
        QVERIFY(ids.contains(e.sourceId));
        QCOMPARE(e.status, u"auto-sync on, every 2h"_s);
        QCOMPARE(e.httpStatus, 200);
    }
}

void TestConsoleWorkflow::scheduleDialog_production_waitsForTheTick()
{
    QList<Source> sources(3);
    for (int i = 0; i < 3; ++i) {
        sources[i].id = u"00000000-0000-4000-8000-00000000000%1"_s.arg(i);
        sources[i].connectionNickname = u"Drive %1"_s.arg(i);
        sources[i].autoSyncEnabled = i == 0;
        if (i == 0)
            sources[i].syncIntervalSeconds = 86400;
    }
    ScheduleDialog dialog(sources, u"production"_s, true);
    QVERIFY(dialog.currentText().contains(u"on for 1, off for 2"_s));
    QVERIFY(!dialog.applyButton()->isEnabled());
    dialog.productionCheck()->setChecked(true);
    QVERIFY(dialog.applyButton()->isEnabled());
    dialog.disableButton()->setChecked(true);
    QVERIFY(!dialog.intervalBox()->isEnabled());
    QCOMPARE(dialog.change().autoSyncEnabled, false);
    QVERIFY(!dialog.change().syncIntervalSeconds);
    QVERIFY2(dialog.confirmationText().contains(u"for 3 source"_s)
                 && dialog.confirmationText().contains(u"in production"_s),
             qPrintable(dialog.confirmationText()));
    // The first source's daily interval is where "enable" starts.
    QCOMPARE(dialog.unitBox()->currentIndex(), 2);
    QCOMPARE(dialog.intervalBox()->value(), 1);
}

void TestConsoleWorkflow::runJobsAllEnded_saysHowManyFailedAgainAndShowsThem()
{
    auto window = openWindow(false, 3600, &m_fastServer);
    QVERIFY(waitLoaded(*window));
    const QStringList ids = sourcesWithStatus(*window, u"active"_s, 4);
    QCOMPARE(ids.size(), 4);
    window->sourcePanel()->selectSources(ids);
    QSignalSpy ended(window.get(), &MainWindow::runJobsFinished);
    ResyncConfirmDialog *dialog =
        openConfirmation(*window, [&] { window->resyncAction()->trigger(); });
    QVERIFY(dialog);
    QVERIFY(confirmAndWaitForRun(*window, dialog));
    // The jobs take a second each; the poller follows them to their end.
    QVERIFY(ended.wait(30000));
    QCOMPARE(ended.size(), 1);
    const QString text = ended.first().at(0).toString();
    const QStringList failed = ended.first().at(1).toStringList();
    // Every second job fails on this server: "4 resynced: C completed, F failed again".
    QVERIFY2(text.startsWith(u"4 resynced: "_s), qPrintable(text));
    QVERIFY2(
        text.contains(u"%1 completed, %2 failed again"_s.arg(4 - failed.size()).arg(failed.size())),
        qPrintable(text));
    QVERIFY2(!failed.isEmpty(), qPrintable(text));
    for (const QString &id : failed)
        QVERIFY(ids.contains(id));
    QCOMPARE(window->messageBanner()->text(), text);
    QVERIFY(window->messageBanner()->isVisible());
    const QString shot = qEnvironmentVariable("FEATHER_SHOT_DIR");
    if (!shot.isEmpty())
        window->grab().save(shot + u"/screenshot-run-finished.png"_s);
    // "Show the N": exactly those sources selected in the source table.
    QPushButton *show = nullptr;
    for (QPushButton *b : window->messageBanner()->findChildren<QPushButton *>()) {
        if (b->isVisible() && b->text().startsWith(u"Show the"_s))
            show = b;
    }
    QVERIFY(show);
    show->click();
    QStringList selected = window->sourcePanel()->selectedSourceIds();
    selected.sort();
    QStringList expected = failed;
    expected.sort();
    QCOMPARE(selected, expected);
    // Announced once per run: later polls change nothing.
    QTest::qWait(1500);
    QCOMPARE(ended.size(), 1);
}

QTEST_MAIN(TestConsoleWorkflow)
#include "tst_console_workflow.moc"
