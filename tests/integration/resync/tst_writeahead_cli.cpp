// featherctl's write-ahead audit end to end, counted at a real feather-devserver: an audit log
// that cannot be written sends nothing (exit 2, one line); one that fills up mid-run (a file
// size limit, as a full disk) stops the run with every started sync already in the log; after
// kill -9 every job the server created has its intent row, `history` shows the rest as
// "sent, outcome unknown" and `reconcile` settles them by appending rows.
#include "config/auditlog.h"
#include "resyncintegration.h"
#include "support/testsupport.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QtTest>

using namespace feather;
using namespace feather::test;

namespace {

// The ids of every job on the server, and the source each runs for: the strict devserver
// keeps no client trigger id, so a job is matched to its intent row by source (each source is
// a target once per run).
QHash<QString, QString> jobsNow(const QString &db)
{
    return jobSources(db);
}

QSet<QString> sourcesOfNewJobs(const QHash<QString, QString> &now,
                               const QHash<QString, QString> &before)
{
    QSet<QString> out;
    for (auto it = now.cbegin(); it != now.cend(); ++it) {
        if (!before.contains(it.key()))
            out.insert(it.value());
    }
    return out;
}

// Sources a trigger can start (active or error), read straight from the server's database.
QList<TriggerTarget> eligibleSources(const QString &db)
{
    QList<TriggerTarget> out;
    {
        QSqlDatabase conn =
            QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("eligible"));
        conn.setDatabaseName(db);
        conn.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
        if (conn.open()) {
            QSqlQuery q(conn);
            q.exec(QStringLiteral("SELECT knowledge_base_id, id FROM knowledge_base_sources"
                                  " WHERE status IN ('active', 'error') ORDER BY id"));
            while (q.next())
                out.append(TriggerTarget{q.value(0).toString(), q.value(1).toString(), {}});
        }
        conn.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("eligible"));
    return out;
}

} // namespace

class TestWriteAheadCli final : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    int m_case = 0;

    // A private data folder per case: the audit log featherctl uses is in it.
    QProcessEnvironment envFor(const DevServer &server, QString *auditPath)
    {
        const QString data = m_dir.filePath(QStringLiteral("data-%1").arg(++m_case));
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("XDG_DATA_HOME"), data);
        env.insert(QStringLiteral("FEATHER_API_KEY"), server.apiKey());
        *auditPath = data + QStringLiteral("/Feather/feather-ops-console/audit.sqlite");
        return env;
    }

    QString targetFile(const QList<TriggerTarget> &targets)
    {
        const QString path = m_dir.filePath(QStringLiteral("targets-%1.txt").arg(m_case));
        QFile f(path);
        if (f.open(QIODevice::WriteOnly)) {
            for (const TriggerTarget &t : targets)
                f.write((t.kbId + u',' + t.sourceId + u'\n').toUtf8());
        }
        return path;
    }

    static QSet<QString> intentSourceIds(const QString &auditPath)
    {
        AuditLog log(auditPath);
        AuditQuery every;
        every.limit = 0;
        every.latestPerAttempt = false;
        QSet<QString> out;
        for (const AuditEntry &e : log.query(every)) {
            if (e.kind == AuditKind::Intent)
                out.insert(e.sourceId.toLower());
        }
        return out;
    }

private Q_SLOTS:
    void unwritableAuditLog_exitsTwo_oneLine_nothingSent()
    {
        DevServer server;
        QString why;
        QVERIFY2(server.start(30, {}, &why), qPrintable(why));
        QString auditPath;
        const QProcessEnvironment env = envFor(server, &auditPath);
        QVERIFY(QDir().mkpath(QFileInfo(auditPath).path()));
        QFile garbage(auditPath);
        QVERIFY(garbage.open(QIODevice::WriteOnly));
        garbage.write(QByteArray(16384, 'z')); // a damaged file: SQLite cannot use it
        garbage.close();
        const QList<TriggerTarget> targets = allSources(server.dbPath()).mid(0, 10);
        const QHash<QString, QString> before = jobsNow(server.dbPath());
        const ProcessResult r =
            runProcess(binaryPath(QStringLiteral("featherctl")),
                       {QStringLiteral("--api-url"), server.baseUrl(), QStringLiteral("resync"),
                        QStringLiteral("--file"), targetFile(targets)},
                       env);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.startsWith("featherctl: run refused: "), r.err.constData());
        QVERIFY2(r.err.trimmed().endsWith("nothing was sent"), r.err.constData());
        QCOMPARE(r.err.count('\n'), 1);
        QVERIFY(r.err.contains(auditPath.toUtf8()));
        QVERIFY(r.out.isEmpty());
        QCOMPARE(jobsNow(server.dbPath()), before); // 0 requests reached the server
    }

    void auditLogFillingUpMidRun_stopsTheRun_noSyncWithoutItsIntent()
    {
        DevServer server;
        QString why;
        QVERIFY2(server.start(200, {QStringLiteral("--latency-ms"), QStringLiteral("20")}, &why),
                 qPrintable(why));
        QString auditPath;
        const QProcessEnvironment env = envFor(server, &auditPath);
        QList<TriggerTarget> targets = allSources(server.dbPath());
        QCOMPARE(targets.size(), 200);
        const QHash<QString, QString> before = jobsNow(server.dbPath());
        // A file-size limit stands in for a full disk (EFBIG instead of ENOSPC: the same
        // failed write for SQLite); SIGXFSZ is ignored so the write fails instead of killing.
        const ProcessResult r =
            runProcess(QStringLiteral("bash"),
                       {QStringLiteral("-c"),
                        QStringLiteral("trap '' XFSZ; ulimit -f 400; exec \"$0\" \"$@\""),
                        binaryPath(QStringLiteral("featherctl")), QStringLiteral("--api-url"),
                        server.baseUrl(), QStringLiteral("--json"), QStringLiteral("--concurrency"),
                        QStringLiteral("4"), QStringLiteral("resync"), QStringLiteral("--file"),
                        targetFile(targets)},
                       env);
        QVERIFY2(!r.crashed, r.err.constData());
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("featherctl: run stopped: cannot write the audit log"),
                 r.err.constData());
        const QList<QJsonObject> rows = jsonLines(r.out, JsonLines::Lenient);
        QCOMPARE(rows.size(), 200);
        int triggered = 0;
        int cancelled = 0;
        for (const QJsonObject &row : rows) {
            const QString outcome = row.value(QStringLiteral("outcome")).toString();
            triggered += outcome == QLatin1String("triggered");
            cancelled += outcome == QLatin1String("cancelled");
        }
        qInfo("audit log full after %d triggered rows; %d cancelled", triggered, cancelled);
        QVERIFY(triggered > 0);
        QVERIFY(cancelled > 100); // stopped early, not at the end

        // Every sync the server started has its intent row in the (size-limited) audit log.
        const QSet<QString> created = sourcesOfNewJobs(jobsNow(server.dbPath()), before);
        QVERIFY(!created.isEmpty());
        const QSet<QString> intents = intentSourceIds(auditPath);
        for (const QString &id : created)
            QVERIFY2(intents.contains(id), qPrintable(id));
        QVERIFY(created.size() <= triggered + 4); // at most the ones in flight beyond
    }

    void killNine_midRun_everyJobHasItsIntent_reconcileSettlesTheRest()
    {
        DevServer server;
        QString why;
        QVERIFY2(server.start(120, {QStringLiteral("--latency-ms"), QStringLiteral("300")}, &why),
                 qPrintable(why));
        QString auditPath;
        const QProcessEnvironment env = envFor(server, &auditPath);
        // Sources a trigger can start: each one's lookup then has a clear answer (a source
        // already syncing on a seeded job without a trigger id could not be told apart).
        const QList<TriggerTarget> targets = eligibleSources(server.dbPath());
        QVERIFY(targets.size() > 100);
        const QHash<QString, QString> before = jobsNow(server.dbPath());
        QProcess ctl;
        ctl.setProcessEnvironment(env);
        ctl.start(binaryPath(QStringLiteral("featherctl")),
                  {QStringLiteral("--api-url"), server.baseUrl(), QStringLiteral("--concurrency"),
                   QStringLiteral("8"), QStringLiteral("resync"), QStringLiteral("--file"),
                   targetFile(targets)});
        QVERIFY(ctl.waitForStarted(10000));
        // Kill it once a few syncs have started, while eight requests are in flight.
        QTRY_VERIFY_WITH_TIMEOUT(sourcesOfNewJobs(jobsNow(server.dbPath()), before).size() >= 10,
                                 60000);
        ctl.kill(); // SIGKILL: no destructor, no flush, no last write
        QVERIFY(ctl.waitForFinished(10000));
        QCOMPARE(ctl.exitStatus(), QProcess::CrashExit);
        QTest::qWait(1500); // requests the server had already read finish there

        const QSet<QString> created = sourcesOfNewJobs(jobsNow(server.dbPath()), before);
        const QSet<QString> intents = intentSourceIds(auditPath);
        for (const QString &id : created)
            QVERIFY2(intents.contains(id), qPrintable(id));
        qInfo("kill -9 after %lld jobs; %lld intents in the audit log", qint64(created.size()),
              qint64(intents.size()));

        // history shows the requests whose answer was never recorded.
        const QString ctlPath = binaryPath(QStringLiteral("featherctl"));
        ProcessResult h = runProcess(ctlPath,
                                     {QStringLiteral("--json"), QStringLiteral("history"),
                                      QStringLiteral("--unresolved"), QStringLiteral("--limit"),
                                      QStringLiteral("1000")},
                                     env);
        QCOMPARE(h.exitCode, 0);
        const QList<QJsonObject> open = jsonLines(h.out, JsonLines::Lenient);
        QVERIFY2(!open.isEmpty(), "kill -9 with requests in flight left nothing open");
        for (const QJsonObject &row : open) {
            QCOMPARE(row.value(QStringLiteral("kind")).toString(), QStringLiteral("intent"));
            QCOMPARE(row.value(QStringLiteral("outcome")).toString(),
                     QStringLiteral("unknown_outcome"));
        }
        h = runProcess(ctlPath, {QStringLiteral("history"), QStringLiteral("--unresolved")}, env);
        QVERIFY2(h.out.contains("sent, outcome unknown"), h.out.constData());
        const qint64 rowsBefore = AuditLog(auditPath).count();

        // reconcile looks each one up and appends what it found.
        const ProcessResult rec =
            runProcess(ctlPath,
                       {QStringLiteral("--api-url"), server.baseUrl(), QStringLiteral("--json"),
                        QStringLiteral("reconcile")},
                       env);
        QVERIFY2(rec.exitCode == 0, rec.err.constData());
        const QList<QJsonObject> settled = jsonLines(rec.out, JsonLines::Lenient);
        QCOMPARE(settled.size(), open.size());
        for (const QJsonObject &row : settled) {
            QVERIFY(row.value(QStringLiteral("resolved")).toBool());
            const QString source = row.value(QStringLiteral("source_id")).toString().toLower();
            const QString outcome = row.value(QStringLiteral("outcome")).toString();
            // Found exactly when the server holds a job the run started for that source.
            QCOMPARE(outcome, created.contains(source) ? QStringLiteral("triggered")
                                                       : QStringLiteral("cancelled"));
        }
        AuditLog log(auditPath);
        QCOMPARE(log.count(), rowsBefore + settled.size()); // appended, nothing rewritten
        h = runProcess(
            ctlPath,
            {QStringLiteral("--json"), QStringLiteral("history"), QStringLiteral("--unresolved")},
            env);
        QCOMPARE(h.exitCode, 0);
        QVERIFY2(h.out.trimmed().isEmpty(), h.out.constData());
        // Nothing left to do: a second reconcile settles nothing and exits 0.
        const ProcessResult again = runProcess(
            ctlPath, {QStringLiteral("--api-url"), server.baseUrl(), QStringLiteral("reconcile")},
            env);
        QCOMPARE(again.exitCode, 0);
        QVERIFY2(again.out.contains("0 unresolved attempts"), again.out.constData());
    }
};

QTEST_GUILESS_MAIN(TestWriteAheadCli)
#include "tst_writeahead_cli.moc"
