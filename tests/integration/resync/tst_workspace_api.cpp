// The console's session object without a widget against a real feather-devserver process
// (ApiBackend on its own thread, from makeBackend): open → load → run → poll until the jobs
// finish; an unwritable audit log refuses the run with nothing sent; a rejected key stops it.
#include "config/auditlog.h"
#include "models/knowledgebasemodel.h"
#include "models/resultmodel.h"
#include "models/sourcemodel.h"
#include "models/workspace.h"
#include "resync/auditworkersink.h"
#include "resync/statuspoller.h"
#include "resyncintegration.h"

#include <QSignalSpy>
#include <QtTest>

using namespace feather;
using namespace feather::test;

namespace {

constexpr int kSources = 40;

QStringList sourceIdsWithStatus(const SourceModel &model, const QString &status)
{
    QStringList out;
    for (int r = 0; r < model.rowCount(); ++r) {
        if (model.sourceAt(r).status == status)
            out << model.sourceAt(r).id;
    }
    return out;
}

int jobCount(const QString &db)
{
    int n = 0;
    for (int c : jobsPerTriggerId(db))
        n += c;
    return n;
}

} // namespace

class TestWorkspaceApi final : public QObject {
    Q_OBJECT

    DevServer m_server;
    QTemporaryDir m_dir;

    Profile profile() const
    {
        Profile p;
        p.name = QStringLiteral("dev");
        p.mode = BackendMode::Api;
        p.baseUrl = m_server.baseUrl();
        p.concurrency = 4;
        return p;
    }

    static bool openAndLoad(Workspace &ws, const Profile &profile, const QString &key)
    {
        QSignalSpy loaded(&ws, &Workspace::loaded);
        QString why;
        if (!ws.open(profile, key, &why)) {
            qWarning("open: %s", qPrintable(why));
            return false;
        }
        return loaded.wait(30000);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString why;
        QVERIFY2(
            m_server.start(kSources, {QStringLiteral("--sync-seconds"), QStringLiteral("1")}, &why),
            qPrintable(why));
    }

    void openLoadRunPoll_againstARealDevserver()
    {
        const QString auditPath = m_dir.filePath(QStringLiteral("api-audit.sqlite"));
        Workspace ws;
        ws.setAuditLogPath(auditPath);
        QSignalSpy problems(&ws, &Workspace::problem);
        QVERIFY(openAndLoad(ws, profile(), m_server.apiKey()));
        QCOMPARE(ws.sources()->rowCount(), kSources);
        QVERIFY(ws.knowledgeBases()->rowCount() >= 2);
        QCOMPARE(ws.backend()->info().mode, BackendMode::Api);

        const QStringList active = sourceIdsWithStatus(*ws.sources(), QStringLiteral("active"));
        QVERIFY(active.size() >= 3);
        ws.poller()->setInterval(200);
        const int jobsBefore = int(jobSources(m_server.dbPath()).size());
        QSignalSpy finished(&ws, &Workspace::runFinished);
        QCOMPARE(ws.startRun(ws.targetsFor(active)), int(active.size()));
        QVERIFY(finished.wait(60000));
        // Each row names the job the server created for its source, and only that one.
        const QHash<QString, QString> jobs = jobSources(m_server.dbPath());
        for (const TriggerResult &r : ws.lastRunResults()) {
            QCOMPARE(toString(r.outcome), toString(Outcome::Triggered));
            QCOMPARE(r.httpStatus, 200);
            QCOMPARE(jobs.value(r.jobId.toLower()), r.target.sourceId.toLower());
        }
        QCOMPARE(jobs.size(), jobsBefore + int(active.size()));
        QCOMPARE(ws.results()->rowCount(), int(active.size()));
        {
            AuditLog audit(auditPath);
            QCOMPARE(audit.count(), qint64(2 * active.size()));
            QCOMPARE(audit.query(1).at(0).target, m_server.baseUrl());
        }

        // The devserver finishes each job after about a second; polling shows it.
        const auto anyStillSyncing = [&] {
            for (const QString &id : active) {
                if (ws.sources()->source(id)->status == QLatin1String("syncing"))
                    return true;
            }
            return false;
        };
        QTRY_VERIFY_WITH_TIMEOUT(!anyStillSyncing(), 45000);
        for (const QString &id : active)
            QVERIFY(!ws.sources()->source(id)->lastSyncStatus.isEmpty());
        QCOMPARE(problems.size(), 0);
    }

    void unwritableAuditLog_refusesTheRun_theServerSeesNoTrigger()
    {
        QFile garbage(m_dir.filePath(QStringLiteral("garbage.sqlite")));
        QVERIFY(garbage.open(QIODevice::WriteOnly));
        garbage.write(QByteArray(8192, '\x7f'));
        garbage.close();
        Workspace ws;
        ws.setAuditLogPath(garbage.fileName());
        QVERIFY(openAndLoad(ws, profile(), m_server.apiKey()));
        const QStringList ids = sourceIdsWithStatus(*ws.sources(), QStringLiteral("error"));
        QVERIFY(!ids.isEmpty());
        const int before = jobCount(m_server.dbPath());
        QSignalSpy problems(&ws, &Workspace::problem);
        QString why;
        // The log's first check runs on its writer thread: refusing (not stopping) the run needs
        // its answer.
        QVERIFY(QTest::qWaitFor(
            [&] { return ws.auditSink()->state() != AuditWorkerSink::State::Checking; }, 10000));
        QCOMPARE(ws.startRun(ws.targetsFor(ids), &why), 0);
        QVERIFY2(why.startsWith(QLatin1String("run refused: ")), qPrintable(why));
        QVERIFY2(why.contains(garbage.fileName()), qPrintable(why));
        QCOMPARE(problems.size(), 1);
        QTest::qWait(500);
        QCOMPARE(jobCount(m_server.dbPath()), before);
    }

    void rejectedKey_stopsTheRun_withAVisibleReason()
    {
        Workspace ws;
        ws.setAuditLogPath(m_dir.filePath(QStringLiteral("401-audit.sqlite")));
        QSignalSpy problems(&ws, &Workspace::problem);
        QSignalSpy loaded(&ws, &Workspace::loaded);
        QString why;
        QVERIFY(ws.open(profile(), QStringLiteral("fth_wrong_key_0000000000"), &why));
        QVERIFY(loaded.wait(30000)); // loaded, with problems: nothing could be listed
        QVERIFY(!problems.isEmpty());
        QList<TriggerTarget> targets;
        for (const TriggerTarget &t : allSources(m_server.dbPath()).mid(0, 12))
            targets.append(t);
        QSignalSpy stopped(&ws, &Workspace::runStopped);
        QSignalSpy finished(&ws, &Workspace::runFinished);
        QVERIFY(ws.startRun(targets) > 0);
        QVERIFY(finished.wait(30000));
        QCOMPARE(stopped.size(), 1);
        QVERIFY(stopped.at(0).at(0).toString().contains(QLatin1String("401")));
        int cancelled = 0;
        for (const TriggerResult &r : ws.lastRunResults())
            cancelled += r.outcome == Outcome::Cancelled;
        QVERIFY(cancelled > 0);
    }
};

QTEST_MAIN(TestWorkspaceApi)
#include "tst_workspace_api.moc"
