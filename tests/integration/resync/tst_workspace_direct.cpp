// The console's session object without a widget, on a real SQLite workspace (DirectBackend
// from makeBackend): open → load → run → poll, the run written ahead to a real audit log; a
// run refused when that log cannot be written (no job created); a run stopped when a write
// fails mid-run (every job in the database has its intent row).
#include "config/auditlog.h"
#include "direct/dbconfig.h"
#include "direct/directstore.h"
#include "models/knowledgebasemodel.h"
#include "models/resultmodel.h"
#include "models/sourcemodel.h"
#include "models/workspace.h"
#include "resync/auditworkersink.h"
#include "resync/statuspoller.h"
#include "resyncintegration.h"

#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QtTest>

using namespace feather;
using namespace feather::test;

namespace {

constexpr int kSources = 60;

QStringList sourceIdsWithStatus(const SourceModel &model, const QString &status)
{
    QStringList out;
    for (int r = 0; r < model.rowCount(); ++r) {
        if (model.sourceAt(r).status == status)
            out << model.sourceAt(r).id;
    }
    return out;
}

int jobCount(const QHash<QString, int> &jobs)
{
    int n = 0;
    for (int c : jobs)
        n += c;
    return n;
}

} // namespace

class TestWorkspaceDirect final : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_db;
    Profile m_profile;

    // A fresh workspace database per test, so each starts with the same active sources.
    void freshDatabase(const QString &name)
    {
        m_db = m_dir.filePath(name);
        QString why;
        const std::optional<DbConfig> config = parseDbUrl(QStringLiteral("sqlite://") + m_db, &why);
        QVERIFY2(config, qPrintable(why));
        DirectStore store(*config, QStringLiteral("workspace-setup-") + name);
        QVERIFY(store.migrate().ok());
        QVERIFY(store.seedDemo(kSources).ok());
        m_profile = Profile{};
        m_profile.name = QStringLiteral("local");
        m_profile.mode = BackendMode::Direct;
        m_profile.dbUrl = QStringLiteral("sqlite://") + m_db;
        m_profile.concurrency = 4;
    }

    static bool openAndLoad(Workspace &ws, const Profile &profile)
    {
        QSignalSpy loaded(&ws, &Workspace::loaded);
        QString why;
        if (!ws.open(profile, {}, &why)) {
            qWarning("open: %s", qPrintable(why));
            return false;
        }
        return loaded.wait(30000);
    }

private Q_SLOTS:
    void openLoadRunPoll_onARealSqliteWorkspace()
    {
        freshDatabase(QStringLiteral("flow.db"));
        const QString auditPath = m_dir.filePath(QStringLiteral("flow-audit.sqlite"));
        Workspace ws;
        ws.setAuditLogPath(auditPath);
        QSignalSpy problems(&ws, &Workspace::problem);
        QSignalSpy opened(&ws, &Workspace::opened);
        QVERIFY(openAndLoad(ws, m_profile));
        QCOMPARE(opened.size(), 1);
        QCOMPARE(ws.auditLogPath(), auditPath);

        // Load: every KB and every source, counts per KB from the rows.
        QCOMPARE(ws.sources()->rowCount(), kSources);
        QVERIFY(ws.knowledgeBases()->rowCount() >= 2);
        int counted = 0;
        for (const auto &byStatus : ws.sources()->statusCountsByKb())
            for (int n : byStatus)
                counted += n;
        QCOMPARE(counted, kSources);

        // Run: every active source, through the confirmed-targets entry point.
        const QStringList active = sourceIdsWithStatus(*ws.sources(), QStringLiteral("active"));
        QVERIFY(active.size() >= 5);
        const QList<TriggerTarget> targets = ws.targetsFor(active);
        QCOMPARE(targets.size(), active.size());
        const int jobsBefore = jobCount(jobsPerTriggerId(m_db));
        ws.poller()->setInterval(100);
        QSignalSpy started(&ws, &Workspace::runStarted);
        QSignalSpy finished(&ws, &Workspace::runFinished);
        QCOMPARE(ws.startRun(targets), int(targets.size()));
        QVERIFY(ws.isRunning());
        QCOMPARE(ws.startRun(targets), 0); // in flight: never twice
        QVERIFY(finished.wait(60000));
        QCOMPARE(started.size(), 1);
        const QList<TriggerResult> results = ws.lastRunResults();
        QCOMPARE(results.size(), targets.size());
        const QHash<QString, int> jobs = jobsPerTriggerId(m_db);
        for (const TriggerResult &r : results) {
            QCOMPARE(toString(r.outcome), toString(Outcome::Triggered));
            QCOMPARE(jobs.value(r.target.triggerId), 1);
        }
        QCOMPARE(jobCount(jobs), jobsBefore + int(targets.size()));
        QCOMPARE(ws.results()->rowCount(), int(targets.size()));
        for (const QString &id : active)
            QCOMPARE(ws.sources()->source(id)->status, QStringLiteral("syncing"));

        // Written ahead: an intent and an outcome per request, nothing left open.
        {
            AuditLog audit(auditPath);
            QCOMPARE(audit.count(), qint64(2 * targets.size()));
            AuditQuery open;
            open.unresolvedOnly = true;
            QCOMPARE(audit.query(open).size(), 0);
            QCOMPARE(audit.query(0).at(0).profile, QStringLiteral("local"));
        }

        // Poll: the jobs finish in the database; the live refresh brings it to the rows.
        {
            QString why;
            DirectStore worker(*parseDbUrl(QStringLiteral("sqlite://") + m_db, &why),
                               QStringLiteral("workspace-worker"));
            QVERIFY(worker.advanceJobs(QDateTime::currentDateTimeUtc().addSecs(3600), 0, 0).ok());
        }
        const auto anyStillSyncing = [&] {
            for (const QString &id : active) {
                if (ws.sources()->source(id)->status == QLatin1String("syncing"))
                    return true;
            }
            return false;
        };
        QTRY_VERIFY_WITH_TIMEOUT(!anyStillSyncing(), 30000);
        for (const QString &id : active)
            QCOMPARE(ws.sources()->source(id)->lastSyncStatus, QStringLiteral("completed"));
        QCOMPARE(problems.size(), 0);
    }

    void unwritableAuditLog_refusesTheRun_noJobCreated()
    {
        freshDatabase(QStringLiteral("refused.db"));
        QFile blocker(m_dir.filePath(QStringLiteral("not-a-folder")));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        Workspace ws;
        ws.setAuditLogPath(blocker.fileName() + QStringLiteral("/audit.sqlite"));
        QVERIFY(openAndLoad(ws, m_profile)); // browsing needs no audit log
        const QList<TriggerTarget> targets =
            ws.targetsFor(sourceIdsWithStatus(*ws.sources(), QStringLiteral("active")));
        QVERIFY(!targets.isEmpty());
        const int jobsBefore = jobCount(jobsPerTriggerId(m_db));
        QSignalSpy problems(&ws, &Workspace::problem);
        QSignalSpy started(&ws, &Workspace::runStarted);
        QString why;
        // The log's first check runs on its writer thread: refusing (not stopping) the run needs
        // its answer.
        QVERIFY(QTest::qWaitFor(
            [&] { return ws.auditSink()->state() != AuditWorkerSink::State::Checking; }, 10000));
        QCOMPARE(ws.startRun(targets, &why), 0);
        QVERIFY2(why.startsWith(QLatin1String("run refused: ")), qPrintable(why));
        QVERIFY(!why.contains(u'\n'));
        QCOMPARE(problems.size(), 1);
        QCOMPARE(problems.at(0).at(0).toString(), why);
        QCOMPARE(started.size(), 0);
        QVERIFY(!ws.isRunning());
        QTest::qWait(300);
        QCOMPARE(jobCount(jobsPerTriggerId(m_db)), jobsBefore);
        for (const TriggerTarget &t : targets)
            QVERIFY(!ws.sources()->isInFlight(t.sourceId)); // nothing left marked in flight
    }

    void auditWriteFailingMidRun_stopsTheRun_everyJobHasItsIntent()
    {
        freshDatabase(QStringLiteral("stopped.db"));
        m_profile.concurrency = 1;
        const QString auditPath = m_dir.filePath(QStringLiteral("stopped-audit.sqlite"));
        Workspace ws;
        ws.setAuditLogPath(auditPath);
        QVERIFY(openAndLoad(ws, m_profile));
        const QList<TriggerTarget> targets =
            ws.targetsFor(sourceIdsWithStatus(*ws.sources(), QStringLiteral("active")));
        QVERIFY(targets.size() >= 5);
        const int jobsBefore = jobCount(jobsPerTriggerId(m_db));

        // After the first answer, another process takes the audit log's write lock and keeps it.
        QSqlDatabase hog =
            QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("hog"));
        hog.setDatabaseName(auditPath);
        QSignalSpy stoppedSpy(&ws, &Workspace::runStopped);
        QSignalSpy problems(&ws, &Workspace::problem);
        QSignalSpy finished(&ws, &Workspace::runFinished);
        bool locked = false;
        connect(ws.results(), &QAbstractItemModel::rowsInserted, this, [&] {
            if (!locked && hog.open())
                locked = QSqlQuery(hog).exec(QStringLiteral("BEGIN IMMEDIATE"));
        });
        QCOMPARE(ws.startRun(targets), int(targets.size()));
        QVERIFY(finished.wait(60000));
        QVERIFY(locked);
        QSqlQuery(hog).exec(QStringLiteral("ROLLBACK"));
        hog.close();
        hog = QSqlDatabase();
        QSqlDatabase::removeDatabase(QStringLiteral("hog"));

        QCOMPARE(stoppedSpy.size(), 1);
        const QString reason = stoppedSpy.at(0).at(0).toString();
        QVERIFY2(reason.startsWith(QLatin1String("run stopped: cannot write the audit log")),
                 qPrintable(reason));
        QVERIFY(!problems.isEmpty());
        QCOMPARE(problems.last().at(0).toString(), reason);
        const QList<TriggerResult> results = ws.lastRunResults();
        QCOMPARE(results.size(), targets.size());
        int cancelled = 0;
        for (const TriggerResult &r : results)
            cancelled += r.outcome == Outcome::Cancelled;
        QVERIFY2(cancelled >= int(targets.size()) - 3, qPrintable(QString::number(cancelled)));

        // Every job the run created has its intent in the audit log: nothing was sent unseen.
        const QHash<QString, int> jobs = jobsPerTriggerId(m_db);
        QVERIFY(jobCount(jobs) > jobsBefore);
        AuditLog audit(auditPath);
        AuditQuery every;
        every.limit = 0;
        every.latestPerAttempt = false;
        QSet<QString> intents;
        for (const AuditEntry &e : audit.query(every)) {
            if (e.kind == AuditKind::Intent)
                intents.insert(e.triggerId);
        }
        for (const TriggerTarget &t : targets) {
            const QString triggerId = [&] {
                for (const TriggerResult &r : results)
                    if (r.target.sourceId == t.sourceId)
                        return r.target.triggerId;
                return QString();
            }();
            if (jobs.value(triggerId) > 0)
                QVERIFY2(intents.contains(triggerId), qPrintable(triggerId));
        }
        AuditQuery open;
        open.unresolvedOnly = true;
        QCOMPARE(audit.query(open).size(), 1); // the request in flight when writes began to fail
    }
};

QTEST_MAIN(TestWorkspaceDirect)
#include "tst_workspace_direct.moc"
