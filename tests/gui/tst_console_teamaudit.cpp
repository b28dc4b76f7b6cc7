// The console's audit writes against a team audit database that accepts TCP and never says a
// word (libpq waits out its connect_timeout): offscreen, a real feather-devserver, a real run.
// The window's event loop keeps turning the whole time (a 0 ms timer: the longest gap stays far
// under the connect timeout), every row of the run still lands in the local log marked for the
// team's upload, and the banner says the team log is unavailable.
#include "config/auditlog.h"
#include "config/credentials.h"
#include "config/profiles.h"
#include "guitestutil.h"
#include "models/resultmodel.h"
#include "models/workspace.h"
#include "resyncintegration.h"
#include "support/teamaudit.h"
#include "support/testsupport.h"
#include "ui/banner.h"
#include "ui/confirmdialog.h"
#include "ui/mainactions.h"
#include "ui/mainwindow.h"
#include "ui/scheduledialog.h"
#include "ui/sourcepanel.h"

#include <QAction>
#include <QComboBox>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>
#include <QTimer>

using namespace Qt::StringLiterals;
using namespace feather;
using namespace feather::test;

namespace {

Profile silentTeamProfile(const QString &name, const QString &baseUrl, const QString &team)
{
    Profile p;
    p.name = name;
    p.mode = BackendMode::Api;
    p.baseUrl = baseUrl;
    p.concurrency = 4;
    p.auditUrl = team;
    p.secretStorage = SecretStorage::Session;
    return p;
}

} // namespace

class TestConsoleTeamAudit final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        startFromEmptySettings(u"tst_console_teamaudit"_s);
        QString why;
        QVERIFY2(m_server.start(30, {u"--sync-seconds"_s, u"600"_s}, &why), qPrintable(why));
    }

    void silentTeamDatabase_runKeepsTheWindowTurning_rowsLandLocally_andTheBannerWarns()
    {
        SilentListener silent;
        QVERIFY(silent.listen(QHostAddress::LocalHost));
        // Five seconds (scaled like the bound below): main's GUI-thread sink froze that long.
        const int connectTimeoutS = 5 * timeFactor();
        const QString team = silent.teamUrl(connectTimeoutS);

        ProfileStore profiles;
        CredentialStore credentials;
        const Profile p = silentTeamProfile(u"Team audit (silent)"_s, m_server.baseUrl(), team);
        credentials.keepForSession(p.name, m_server.apiKey());

        MainWindow window(&profiles, &credentials);
        window.addTransientProfile(p);
        window.show();
        QVERIFY(activate(&window));
        StallProbe probe; // from the profile's opening to the rows being in
        window.openProfile(p.name);
        QVERIFY(waitLoaded(window));

        const QStringList ids = sourcesWithStatus(window, u"active"_s, 6);
        QCOMPARE(ids.size(), 6);
        window.sourcePanel()->selectSources(ids);
        ResyncConfirmDialog *dialog = openConfirmation(window, [&] { window.resyncSelected(); });
        QVERIFY(dialog);
        QVERIFY(confirmAndWaitForRun(window, dialog, scaledMs(60000)));
        QVERIFY(QTest::qWaitFor(
            [&] {
                return window.messageBanner()->isVisible()
                       && window.messageBanner()->text().contains(u"team audit log unavailable"_s);
            },
            scaledMs(30000)));
        const qint64 worst = probe.worstGapMs();
        qInfo("team database silent (connect_timeout %d s): longest GUI stall %lld ms",
              connectTimeoutS, worst);

        QVERIFY(silent.connections() >= 1); // the console did try the team database
        QVERIFY2(worst < scaledMs(1000), qPrintable(QString::number(worst)));
        QVERIFY2(
            window.messageBanner()->text().contains(u"127.0.0.1:%1"_s.arg(silent.serverPort())),
            qPrintable(window.messageBanner()->text()));

        // Every source of the run: triggered, and both of its rows in the local log, waiting for
        // the team database.
        const QList<TriggerResult> results = window.workspace()->lastRunResults();
        QCOMPARE(results.size(), ids.size());
        for (const TriggerResult &r : results)
            QCOMPARE(toString(r.outcome), toString(Outcome::Triggered));
        const QString path = window.workspace()->auditLogPath();
        AuditLog local(path); // no team: reads the file itself
        AuditQuery every;
        every.limit = 0;
        every.latestPerAttempt = false;
        const QList<AuditEntry> rows = local.query(every);
        QCOMPARE(rows.size(), 2 * ids.size());
        for (const QString &id : ids) {
            int intents = 0;
            int outcomes = 0;
            for (const AuditEntry &e : rows) {
                if (e.sourceId != id)
                    continue;
                intents += e.kind == AuditKind::Intent;
                outcomes += e.kind == AuditKind::Outcome && e.outcome == Outcome::Triggered;
            }
            QCOMPARE(intents, 1);
            QCOMPARE(outcomes, 1);
        }
        AuditLog marked(path);
        QString why;
        QVERIFY(marked.setTeamUrl(team, &why));
        QCOMPARE(marked.pendingCount(), qint64(2 * ids.size())); // counted here, never connects
    }

    void silentTeamDatabase_scheduleChangeKeepsTheWindowTurning_rowsLandLocally()
    {
        SilentListener silent;
        QVERIFY(silent.listen(QHostAddress::LocalHost));
        const int connectTimeoutS = 5 * timeFactor();
        const QString team = silent.teamUrl(connectTimeoutS);
        ProfileStore profiles;
        CredentialStore credentials;
        const Profile p =
            silentTeamProfile(u"Team audit (silent, schedule)"_s, m_server.baseUrl(), team);
        credentials.keepForSession(p.name, m_server.apiKey());
        MainWindow window(&profiles, &credentials);
        window.addTransientProfile(p);
        window.show();
        QVERIFY(activate(&window));
        StallProbe probe;
        window.openProfile(p.name);
        QVERIFY(waitLoaded(window));

        const QStringList ids = sourcesWithStatus(window, u"active"_s, 3);
        QCOMPARE(ids.size(), 3);
        window.sourcePanel()->selectSources(ids);
        connect(&window, &MainWindow::scheduleDialogShown, this, [](ScheduleDialog *d) {
            QTimer::singleShot(0, d, [d] {
                d->enableButton()->setChecked(true);
                d->unitBox()->setCurrentIndex(1); // hours
                d->intervalBox()->setValue(3);
                d->applyButton()->click();
            });
        });
        QSignalSpy finished(&window, &MainWindow::scheduleFinished);
        window.actions().schedule->trigger();
        QVERIFY(finished.wait(scaledMs(60000)));
        QVERIFY2(finished.first().at(1).toBool(), qPrintable(finished.first().at(0).toString()));
        const qint64 worst = probe.worstGapMs();
        qInfo("team database silent (connect_timeout %d s): longest GUI stall %lld ms during a "
              "schedule change",
              connectTimeoutS, worst);
        QVERIFY(silent.connections() >= 1);
        QVERIFY2(worst < scaledMs(1000), qPrintable(QString::number(worst)));

        // One schedule row per source, in the local log, waiting for the team database.
        const QString path = window.workspace()->auditLogPath();
        AuditQuery every;
        every.limit = 0;
        every.latestPerAttempt = false;
        const QList<AuditEntry> rows = AuditLog(path).query(every);
        QStringList scheduled;
        for (const AuditEntry &e : rows) {
            if (e.kind == AuditKind::Schedule && e.status == u"auto-sync on, every 3h"_s)
                scheduled << e.sourceId;
        }
        scheduled.sort();
        QStringList expected = ids;
        expected.sort();
        QCOMPARE(scheduled, expected);
        AuditLog marked(path);
        QString why;
        QVERIFY(marked.setTeamUrl(team, &why));
        QCOMPARE(marked.pendingCount(), qint64(ids.size())); // the schedule rows, for this team
    }

private:
    DevServer m_server; // long syncs: a triggered source stays syncing
};

QTEST_MAIN(TestConsoleTeamAudit)
#include "tst_console_teamaudit.moc"
