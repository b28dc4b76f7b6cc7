// The audit log on real SQLite files: one committed row per append, visible to another
// connection at once, append-only, no credentials, two processes appending at once.
#include "config/auditlog.h"

#include <QDir>
#include <QElapsedTimer>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using namespace feather;

namespace {

const QString kKey = QStringLiteral("fth_live_AuditTestKey_0123456789abcdef");

TriggerResult attempt(int n, Outcome outcome = Outcome::Triggered)
{
    TriggerResult r;
    r.target.kbId =
        QStringLiteral("11111111-1111-4111-8111-%1").arg(n % 7, 12, 10, QLatin1Char('0'));
    r.target.sourceId =
        QStringLiteral("00000000-0000-4000-8000-%1").arg(n, 12, 10, QLatin1Char('0'));
    r.target.triggerId =
        QStringLiteral("aaaaaaaa-0000-4000-8000-%1").arg(n, 12, 10, QLatin1Char('0'));
    r.outcome = outcome;
    r.jobId = outcome == Outcome::Triggered
                  ? QStringLiteral("bbbbbbbb-0000-4000-8000-%1").arg(n, 12, 10, QLatin1Char('0'))
                  : QString();
    r.status = QStringLiteral("queued");
    r.message = QStringLiteral("Sync has been queued");
    r.httpStatus = 202;
    r.attempts = 1 + n % 3;
    r.elapsedMs = 40 + n;
    r.finishedAt = QDateTime(QDate(2026, 3, 1), QTime(12, 0), Qt::UTC).addSecs(n);
    return r;
}

AuditContext context()
{
    AuditContext c;
    c.profile = QStringLiteral("staging");
    c.mode = BackendMode::Api;
    c.target = QStringLiteral("https://api-sandbox.featherhq.com");
    c.operatorName = QStringLiteral("tester@host");
    return c;
}

QByteArray allBytes(const QString &dbPath)
{
    QByteArray out;
    const QFileInfo info(dbPath);
    for (const QFileInfo &f : info.dir().entryInfoList({info.fileName() + u'*'}, QDir::Files)) {
        QFile file(f.absoluteFilePath());
        if (file.open(QIODevice::ReadOnly))
            out += file.readAll();
    }
    return out;
}

// Child-process mode for the two-writer test: append N rows as fast as possible.
int childWriter()
{
    AuditLog log(qEnvironmentVariable("FEATHER_AUDIT_CHILD_PATH"));
    const int n = qEnvironmentVariableIntValue("FEATHER_AUDIT_CHILD_ROWS");
    const int base = qEnvironmentVariableIntValue("FEATHER_AUDIT_CHILD_BASE");
    const bool crash = qEnvironmentVariableIsSet("FEATHER_AUDIT_CHILD_CRASH");
    for (int i = 0; i < n; ++i) {
        if (!log.append(attempt(base + i), context())) {
            fprintf(stderr, "%s\n", qPrintable(log.lastError()));
            return 1;
        }
        if (crash) {
            // "Reported": the caller has been told about this row.
            printf("%d\n", base + i);
            fflush(stdout);
        }
    }
    if (crash)
        abort(); // no destructor, no close, no checkpoint
    return 0;
}

} // namespace

class TestAuditLog final : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString path(const QString &name) const { return m_dir.filePath(name); }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
    }

    void append_writesOneRowWithEveryField()
    {
        AuditLog log(path(QStringLiteral("fields.sqlite")));
        QVERIFY2(log.append(attempt(5), context()), qPrintable(log.lastError()));
        QCOMPARE(log.count(), 1);
        const QList<AuditEntry> rows = log.query();
        QCOMPARE(rows.size(), 1);
        const AuditEntry e = rows.at(0);
        const TriggerResult a = attempt(5);
        QCOMPARE(e.at, a.finishedAt);
        QCOMPARE(e.at.timeSpec(), Qt::UTC);
        QCOMPARE(e.operatorName, QStringLiteral("tester@host"));
        QCOMPARE(e.profile, QStringLiteral("staging"));
        QCOMPARE(e.mode, BackendMode::Api);
        QCOMPARE(e.target, QStringLiteral("https://api-sandbox.featherhq.com"));
        QCOMPARE(e.kbId, a.target.kbId);
        QCOMPARE(e.sourceId, a.target.sourceId);
        QCOMPARE(e.triggerId, a.target.triggerId);
        QCOMPARE(e.outcomeName, QStringLiteral("triggered"));
        QVERIFY(e.outcome == Outcome::Triggered);
        QCOMPARE(e.jobId, a.jobId);
        QCOMPARE(e.status, QStringLiteral("queued"));
        QCOMPARE(e.message, QStringLiteral("Sync has been queued"));
        QCOMPARE(e.httpStatus, 202);
        QCOMPARE(e.attempt, a.attempts);
        QCOMPARE(e.elapsedMs, a.elapsedMs);
    }

    void append_isCommittedAndVisibleToAnotherConnectionAtOnce()
    {
        const QString file = path(QStringLiteral("commit.sqlite"));
        AuditLog log(file);
        QVERIFY(log.open());
        QSqlDatabase other =
            QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("observer"));
        other.setDatabaseName(file);
        QVERIFY(other.open());
        for (int i = 1; i <= 5; ++i) {
            QVERIFY(log.append(attempt(i), context()));
            QSqlQuery q(other);
            QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*), MAX(source_id) FROM audit_log")));
            QVERIFY(q.next());
            QCOMPARE(q.value(0).toInt(), i);
            QCOMPARE(q.value(1).toString(), attempt(i).target.sourceId);
        }
        QSqlQuery mode(other);
        QVERIFY(mode.exec(QStringLiteral("PRAGMA journal_mode")) && mode.next());
        QCOMPARE(mode.value(0).toString(), QStringLiteral("wal"));
        other.close();
        other = QSqlDatabase();
        QSqlDatabase::removeDatabase(QStringLiteral("observer"));
    }

    void query_filtersByOutcomeSinceAndLimit_newestFirst()
    {
        AuditLog log(path(QStringLiteral("query.sqlite")));
        for (int i = 0; i < 30; ++i)
            QVERIFY(log.append(attempt(i, i % 3 == 0 ? Outcome::ServerError : Outcome::Triggered),
                               context()));
        const QList<AuditEntry> latest = log.query(5);
        QCOMPARE(latest.size(), 5);
        QCOMPARE(latest.at(0).sourceId, attempt(29).target.sourceId);
        QVERIFY(latest.at(0).id > latest.at(1).id);
        const QList<AuditEntry> errors = log.query(100, {}, {Outcome::ServerError});
        QCOMPARE(errors.size(), 10);
        for (const AuditEntry &e : errors)
            QVERIFY(e.outcome == Outcome::ServerError);
        const QList<AuditEntry> recent = log.query(100, attempt(20).finishedAt);
        QCOMPARE(recent.size(), 10);
        AuditQuery bySource;
        bySource.sourceId = attempt(7).target.sourceId;
        QCOMPARE(log.query(bySource).size(), 1);
        QCOMPARE(log.query(0).size(), 30); // 0 = no limit
    }

    void updateAndDelete_areRefusedByTheFileItself()
    {
        const QString file = path(QStringLiteral("appendonly.sqlite"));
        AuditLog log(file);
        QVERIFY(log.append(attempt(1), context()));
        QSqlDatabase raw =
            QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("vandal"));
        raw.setDatabaseName(file);
        QVERIFY(raw.open());
        {
            QSqlQuery q(raw);
            QVERIFY(!q.exec(QStringLiteral("UPDATE audit_log SET outcome = 'triggered'")));
            QVERIFY(q.lastError().text().contains(QLatin1String("append-only")));
            QVERIFY(!q.exec(QStringLiteral("DELETE FROM audit_log")));
        }
        raw.close();
        raw = QSqlDatabase();
        QSqlDatabase::removeDatabase(QStringLiteral("vandal"));
        QCOMPARE(log.count(), 1);
    }

    void credentials_neverReachTheFile()
    {
        const QString file = path(QStringLiteral("secrets.sqlite"));
        {
            AuditLog log(file);
            AuditContext c = context();
            c.target = QStringLiteral("https://ops:") + kKey
                       + QStringLiteral("@api.example.test/v1?api_key=") + kKey;
            TriggerResult a = attempt(1, Outcome::Unauthorized);
            a.message = QStringLiteral("API key ") + kKey + QStringLiteral(" was revoked");
            QVERIFY(log.append(a, c));
            QVERIFY(!allBytes(file).contains(kKey.toUtf8())); // WAL file included
            const AuditEntry e = log.query().at(0);
            QCOMPARE(e.target, QStringLiteral("https://api.example.test/v1"));
            QVERIFY(e.message.contains(QLatin1String("[redacted]")));
        }
        const QByteArray bytes = allBytes(file);
        QVERIFY(bytes.size() > 0);
        QVERIFY(!bytes.contains(kKey.toUtf8()));
        QVERIFY(!bytes.contains(QByteArrayLiteral("AuditTestKey")));
        QVERIFY(bytes.contains(QByteArrayLiteral("api.example.test"))); // the grep can see text
    }

    void twoProcessesAppendingAtOnce_loseNothing()
    {
        const QString file = path(QStringLiteral("shared.sqlite"));
        QList<QProcess *> children;
        for (int c = 0; c < 2; ++c) {
            auto *p = new QProcess(this);
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.insert(QStringLiteral("FEATHER_AUDIT_CHILD_PATH"), file);
            env.insert(QStringLiteral("FEATHER_AUDIT_CHILD_ROWS"), QStringLiteral("300"));
            env.insert(QStringLiteral("FEATHER_AUDIT_CHILD_BASE"),
                       QString::number(10000 * (c + 1)));
            p->setProcessEnvironment(env);
            p->start(QCoreApplication::applicationFilePath(), {});
            children.append(p);
        }
        AuditLog log(file);
        for (int i = 0; i < 300; ++i)
            QVERIFY2(log.append(attempt(i), context()), qPrintable(log.lastError()));
        for (QProcess *p : children) {
            QVERIFY(p->waitForFinished(50000));
            QCOMPARE(p->exitStatus(), QProcess::NormalExit);
            QVERIFY2(p->exitCode() == 0, p->readAllStandardError().constData());
        }
        QCOMPARE(log.count(), 900);
        QCOMPARE(log.query(0).size(), 900);
        QSet<QString> distinct;
        for (const AuditEntry &e : log.query(0))
            distinct.insert(e.sourceId);
        QCOMPARE(distinct.size(), 900);
    }

    void reportedRows_surviveACrashOfTheWriter()
    {
        const QString file = path(QStringLiteral("crash.sqlite"));
        QProcess child;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("FEATHER_AUDIT_CHILD_PATH"), file);
        env.insert(QStringLiteral("FEATHER_AUDIT_CHILD_ROWS"), QStringLiteral("50"));
        env.insert(QStringLiteral("FEATHER_AUDIT_CHILD_BASE"), QStringLiteral("0"));
        env.insert(QStringLiteral("FEATHER_AUDIT_CHILD_CRASH"), QStringLiteral("1"));
        child.setProcessEnvironment(env);
        child.start(QCoreApplication::applicationFilePath(), {});
        QVERIFY(child.waitForFinished(30000));
        QCOMPARE(child.exitStatus(), QProcess::CrashExit);
        const QList<QByteArray> reported = child.readAllStandardOutput().trimmed().split('\n');
        QCOMPARE(reported.size(), 50);
        AuditLog log(file);
        QCOMPARE(log.count(), 50);
        QCOMPARE(log.query(1).at(0).sourceId, attempt(49).target.sourceId);
    }

    void rows_surviveReopening()
    {
        const QString file = path(QStringLiteral("reopen.sqlite"));
        {
            AuditLog log(file);
            QVERIFY(log.append(attempt(1), context()));
            QVERIFY(log.append(attempt(2), context()));
        }
        AuditLog again(file);
        QCOMPARE(again.count(), 2);
        QVERIFY(again.append(attempt(3), context()));
        QCOMPARE(again.count(), 3);
    }

    void defaultPath_isTheAppDataAuditFile()
    {
        QCOMPARE(AuditLog::defaultPath(),
                 QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
                     + QStringLiteral("/audit.sqlite"));
    }

    void unwritableLocation_failsWithAOneLineReason()
    {
        QFile blocker(path(QStringLiteral("not-a-dir")));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        AuditLog log(path(QStringLiteral("not-a-dir/audit.sqlite")));
        QVERIFY(!log.append(attempt(1), context()));
        QVERIFY(!log.lastError().isEmpty());
        QVERIFY(!log.lastError().contains(u'\n'));
    }

    void append_costsLittleEnoughForTheGuiThread()
    {
        AuditLog log(path(QStringLiteral("cost.sqlite")));
        QVERIFY(log.open());
        constexpr int n = 200;
        QElapsedTimer timer;
        timer.start();
        for (int i = 0; i < n; ++i)
            QVERIFY(log.append(attempt(i), context()));
        const double perRowMs = double(timer.nsecsElapsed()) / 1e6 / n;
        qInfo("audit append: %.3f ms per committed row (WAL, synchronous=NORMAL)", perRowMs);
        QVERIFY2(perRowMs < 25.0, qPrintable(QString::number(perRowMs)));
    }

    void intentThenOutcome_historyShowsEachAttemptOnceByItsLatestRow()
    {
        AuditLog log(path(QStringLiteral("pairs.sqlite")));
        const QString attemptId = QStringLiteral("dddddddd-0000-4000-8000-000000000001");
        QVERIFY(log.append(attempt(1), context(), AuditKind::Intent, attemptId));
        AuditQuery history;
        QList<AuditEntry> rows = log.query(history);
        QCOMPARE(rows.size(), 1);
        QVERIFY(rows.at(0).isOpenIntent());
        QCOMPARE(rows.at(0).outcomeName, QStringLiteral("unknown_outcome"));
        QCOMPARE(rows.at(0).message, QStringLiteral("sent, outcome unknown"));
        QCOMPARE(rows.at(0).jobId, QString());
        QCOMPARE(rows.at(0).attemptId, attemptId);

        QVERIFY(log.append(attempt(1), context(), AuditKind::Outcome, attemptId));
        rows = log.query(history);
        QCOMPARE(rows.size(), 1);
        QVERIFY(rows.at(0).kind == AuditKind::Outcome);
        QCOMPARE(rows.at(0).outcomeName, QStringLiteral("triggered"));
        QCOMPARE(log.count(), 2);
        AuditQuery raw;
        raw.latestPerAttempt = false;
        QCOMPARE(log.query(raw).size(), 2);
    }

    void unresolved_isTheLatestRowOfATriggerSayingUnknown()
    {
        AuditLog log(path(QStringLiteral("unresolved.sqlite")));
        AuditQuery open;
        open.limit = 0;
        open.unresolvedOnly = true;
        // Attempt 1: sent, then answered unknown; attempt 2 of the same trigger: triggered.
        TriggerResult first = attempt(1, Outcome::UnknownOutcome);
        first.attempts = 1;
        QVERIFY(log.append(first, context(), AuditKind::Intent, QStringLiteral("a1")));
        QCOMPARE(log.query(open).size(), 1);
        QVERIFY(log.append(first, context(), AuditKind::Outcome, QStringLiteral("a1")));
        QCOMPARE(log.query(open).size(), 1); // answered, but unknown
        TriggerResult second = attempt(1);
        second.attempts = 2;
        QVERIFY(log.append(second, context(), AuditKind::Intent, QStringLiteral("a2")));
        QCOMPARE(log.query(open).size(), 1); // the new intent is open
        QVERIFY(log.append(second, context(), AuditKind::Outcome, QStringLiteral("a2")));
        QCOMPARE(log.query(open).size(), 0); // the trigger is settled
        // Another trigger's open intent, then a reconciled row for it.
        QVERIFY(log.append(attempt(2), context(), AuditKind::Intent, QStringLiteral("b1")));
        QCOMPARE(log.query(open).size(), 1);
        TriggerResult found = attempt(2);
        found.message = QStringLiteral("reconciled");
        QVERIFY(log.append(found, context(), AuditKind::Reconciled, QStringLiteral("b1")));
        QCOMPARE(log.query(open).size(), 0);
        AuditQuery history;
        history.limit = 0;
        const QList<AuditEntry> rows = log.query(history);
        QCOMPARE(rows.size(), 3); // a1 (unknown), a2 (triggered), b1 (reconciled)
        QVERIFY(rows.at(0).kind == AuditKind::Reconciled);
    }

    void versionOneFile_isMigrated_keepingEveryRow_andStaysAppendOnly()
    {
        const QString file = path(QStringLiteral("v1.sqlite"));
        {
            QSqlDatabase db =
                QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("v1writer"));
            db.setDatabaseName(file);
            QVERIFY(db.open());
            QSqlQuery q(db);
            // The version-1 schema as shipped, with two rows.
            for (const char *sql :
                 {"CREATE TABLE audit_log (id INTEGER PRIMARY KEY AUTOINCREMENT, at_utc TEXT NOT "
                  "NULL, operator TEXT NOT NULL, profile TEXT NOT NULL DEFAULT '', mode TEXT NOT "
                  "NULL, target TEXT NOT NULL DEFAULT '', kb_id TEXT NOT NULL, source_id TEXT NOT "
                  "NULL, trigger_id TEXT NOT NULL DEFAULT '', outcome TEXT NOT NULL, job_id TEXT "
                  "NOT NULL DEFAULT '', status TEXT NOT NULL DEFAULT '', message TEXT NOT NULL "
                  "DEFAULT '', http_status INTEGER NOT NULL DEFAULT 0, attempt INTEGER NOT NULL "
                  "DEFAULT 0, elapsed_ms INTEGER NOT NULL DEFAULT 0)",
                  "CREATE INDEX audit_log_at ON audit_log(at_utc)",
                  "CREATE INDEX audit_log_trigger ON audit_log(trigger_id)",
                  "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT "
                  "RAISE(ABORT, 'the audit log is append-only'); END",
                  "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT "
                  "RAISE(ABORT, 'the audit log is append-only'); END",
                  "INSERT INTO audit_log (at_utc, operator, mode, kb_id, source_id, trigger_id, "
                  "outcome, message, attempt) VALUES ('2025-01-01T00:00:00.000Z', 'old@host', "
                  "'api', 'k', 's1', 't1', 'triggered', 'queued', 1)",
                  "INSERT INTO audit_log (at_utc, operator, mode, kb_id, source_id, trigger_id, "
                  "outcome, message, attempt) VALUES ('2025-01-01T00:00:01.000Z', 'old@host', "
                  "'api', 'k', 's2', 't2', 'unknown_outcome', 'timed out', 1)",
                  "PRAGMA user_version = 1"})
                QVERIFY2(q.exec(QString::fromLatin1(sql)), qPrintable(q.lastError().text()));
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("v1writer"));

        AuditLog log(file);
        QVERIFY2(log.open(), qPrintable(log.lastError()));
        QCOMPARE(log.count(), 2);
        const QList<AuditEntry> old = log.query(0);
        QCOMPARE(old.size(), 2);
        QVERIFY(old.at(1).kind == AuditKind::Outcome);
        QCOMPARE(old.at(1).sourceId, QStringLiteral("s1"));
        QCOMPARE(old.at(1).attemptId, QStringLiteral("row:%1").arg(old.at(1).id));
        // Rows from before version 4 name their machine through "user@host".
        QCOMPARE(old.at(1).machine, QStringLiteral("host"));
        QVERIFY(old.at(1).rowId.isEmpty());
        // The old unknown row is unresolved, and a reconciled row for it settles it.
        AuditQuery open;
        open.unresolvedOnly = true;
        QCOMPARE(log.query(open).size(), 1);
        TriggerResult settled;
        settled.target =
            TriggerTarget{QStringLiteral("k"), QStringLiteral("s2"), QStringLiteral("t2")};
        settled.outcome = Outcome::Triggered;
        QVERIFY(log.append(settled, context(), AuditKind::Reconciled, old.at(0).attemptId));
        QCOMPARE(log.query(open).size(), 0);
        QCOMPARE(log.query(0).size(), 2); // the reconciled row stands for the old one

        QSqlDatabase raw =
            QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("v1check"));
        raw.setDatabaseName(file);
        QVERIFY(raw.open());
        {
            QSqlQuery q(raw);
            QVERIFY(q.exec(QStringLiteral("PRAGMA user_version")) && q.next());
            QCOMPARE(q.value(0).toInt(), 4);
            QVERIFY(!q.exec(QStringLiteral("UPDATE audit_log SET outcome = 'triggered'")));
            QVERIFY(!q.exec(QStringLiteral("UPDATE audit_log SET machine = 'x'")));
            QVERIFY(!q.exec(QStringLiteral("DELETE FROM audit_log")));
        }
        raw.close();
        raw = QSqlDatabase();
        QSqlDatabase::removeDatabase(QStringLiteral("v1check"));
        QCOMPARE(log.count(), 3);
    }

    void rows_carryOperatorAndMachine_andHistoryFiltersByOperator()
    {
        AuditLog log(path(QStringLiteral("operators.sqlite")));
        AuditContext alice = context();
        alice.operatorName = QStringLiteral("alice@desk-1");
        alice.machine = QStringLiteral("desk-1");
        AuditContext alice2 = alice;
        alice2.operatorName = QStringLiteral("alice@laptop");
        alice2.machine = QStringLiteral("laptop");
        AuditContext al = context();
        al.operatorName = QStringLiteral("al@desk-1");
        al.machine = QStringLiteral("desk-1");
        QVERIFY(log.append(attempt(1), alice));
        QVERIFY(log.append(attempt(2), alice2));
        QVERIFY(log.append(attempt(3), al));
        const QList<AuditEntry> all = log.query(0);
        QCOMPARE(all.size(), 3);
        QCOMPARE(all.at(1).machine, QStringLiteral("laptop"));
        QCOMPARE(all.at(1).operatorName, QStringLiteral("alice@laptop"));
        QVERIFY(!all.at(0).rowId.isEmpty());
        QVERIFY(all.at(0).rowId != all.at(1).rowId);
        AuditQuery filter;
        filter.operatorName = QStringLiteral("alice");
        QCOMPARE(log.query(filter).size(), 2);
        filter.operatorName = QStringLiteral("alice@laptop");
        QCOMPARE(log.query(filter).size(), 1);
        filter.operatorName = QStringLiteral("al"); // not a prefix match
        QCOMPARE(log.query(filter).size(), 1);
        QCOMPARE(log.query(filter).at(0).operatorName, QStringLiteral("al@desk-1"));
        filter.operatorName = QStringLiteral("al%");
        QCOMPARE(log.query(filter).size(), 0);
        // A local-only log has nothing pending and says nothing.
        QCOMPARE(log.pendingCount(), qint64(0));
        QVERIFY(log.warning().isEmpty());
    }

    void checkWritable_findsABrokenFile_withAOneLineReason()
    {
        QFile garbage(path(QStringLiteral("garbage.sqlite")));
        QVERIFY(garbage.open(QIODevice::WriteOnly));
        garbage.write(QByteArray(8192, 'x'));
        garbage.close();
        AuditLog log(garbage.fileName());
        QVERIFY(!log.checkWritable());
        QVERIFY(log.lastError().contains(garbage.fileName()));
        QVERIFY(!log.lastError().contains(u'\n'));
        AuditLog good(path(QStringLiteral("good.sqlite")));
        QVERIFY2(good.checkWritable(), qPrintable(good.lastError()));
        QCOMPARE(good.count(), 0); // the probe writes no row
    }

    void newLog_isOwnerOnly_inAnOwnerOnlyFolder()
    {
        const QString folder = path(QStringLiteral("fresh/nested"));
        const QString file = folder + QStringLiteral("/audit.sqlite");
        AuditLog log(file);
        QVERIFY(log.append(attempt(1), context()));
        const QFile::Permissions groupOrOther = QFile::ReadGroup | QFile::WriteGroup
                                                | QFile::ExeGroup | QFile::ReadOther
                                                | QFile::WriteOther | QFile::ExeOther;
        const QStringList files{file, file + QStringLiteral("-wal"), file + QStringLiteral("-shm")};
        for (const QString &f : files) {
            QVERIFY2(QFile::exists(f), qPrintable(f));
            QVERIFY2(!(QFile::permissions(f) & groupOrOther), qPrintable(f));
            QVERIFY(QFile::permissions(f) & QFile::WriteOwner);
        }
        const QStringList folders{folder, path(QStringLiteral("fresh"))};
        for (const QString &d : folders) {
            QVERIFY2(!(QFile::permissions(d) & groupOrOther), qPrintable(d));
            QVERIFY(QFile::permissions(d) & QFile::ExeOwner);
        }
    }

    void writeAhead_costsTwoCommittedRowsPerRequest()
    {
        AuditLog log(path(QStringLiteral("pair-cost.sqlite")));
        QVERIFY(log.open());
        constexpr int n = 200;
        QElapsedTimer timer;
        timer.start();
        for (int i = 0; i < n; ++i) {
            const QString id = QStringLiteral("pair-%1").arg(i);
            QVERIFY(log.append(attempt(i), context(), AuditKind::Intent, id));
            QVERIFY(log.append(attempt(i), context(), AuditKind::Outcome, id));
        }
        const double perRequestMs = double(timer.nsecsElapsed()) / 1e6 / n;
        qInfo("write-ahead audit: %.3f ms per request (intent + outcome, two commits)",
              perRequestMs);
        QCOMPARE(log.count(), 2 * n);
    }
};

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (qEnvironmentVariableIsSet("FEATHER_AUDIT_CHILD_PATH"))
        return childWriter();
    TestAuditLog test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_auditlog.moc"
