// The team audit trail on a real PostgreSQL (the ctest `postgres` fixture): the same schema as
// the local SQLite log, operator and machine per row, append-only for the console's role and
// for the owner, and the offline fallback whose upload never stores a row twice.
#include "config/auditlog.h"
#include "support/teamaudit.h"
#include "support/testsupport.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QUrl>
#include <QtTest>

using namespace feather;
using namespace Qt::StringLiterals;
using feather::test::teamAttempt;
using feather::test::teamOperator;

namespace {

QString withUser(const QString &url, const QString &user)
{
    QUrl u(url);
    u.setUserName(user);
    return u.toString();
}

// A raw connection as `user` for the checks the product never does (UPDATE, DELETE …).
struct Raw {
    QString name;
    QSqlDatabase db;
    Raw(const QString &url, const QString &user)
        : name(u"raw-"_s + user + QString::number(quintptr(this)))
    {
        const QUrl u(url);
        db = QSqlDatabase::addDatabase(u"QPSQL"_s, name);
        db.setHostName(u.host());
        db.setPort(u.port(5432));
        db.setDatabaseName(u.path().mid(1));
        db.setUserName(user);
        db.open();
    }
    ~Raw()
    {
        db.close();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(name);
    }
    bool exec(const QString &sql, QString *error = nullptr)
    {
        QSqlQuery q(db);
        const bool ok = q.exec(sql);
        if (error)
            *error = q.lastError().text();
        return ok;
    }
    qint64 scalar(const QString &sql)
    {
        QSqlQuery q(db);
        return q.exec(sql) && q.next() ? q.value(0).toLongLong() : -1;
    }
};

QStringList columns(QSqlQuery &q)
{
    QStringList out;
    while (q.next())
        out << q.value(0).toString();
    out.sort();
    return out;
}

} // namespace

class TestAuditLogTeam final : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString local(const QString &name) const { return m_dir.filePath(name); }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
    }

    void teamLog_hasTheLocalSchema_andRowsOfEveryOperatorWithMachine()
    {
        QString why;
        const QString url = test::createPgDatabase(u"auditteam"_s, &why);
        QVERIFY2(!url.isEmpty(), qPrintable(why));
        {
            AuditLog log(local(u"a.sqlite"_s));
            QVERIFY2(log.setTeamUrl(url, &why), qPrintable(why));
            QVERIFY2(log.checkWritable(), qPrintable(log.lastError()));
            QVERIFY(log.append(teamAttempt(1), teamOperator(u"alice"_s, u"desk-a"_s)));
            QVERIFY(log.append(teamAttempt(2), teamOperator(u"bob"_s, u"desk-b"_s)));
            QVERIFY(log.append(teamAttempt(3), teamOperator(u"alice"_s, u"laptop-a"_s)));
            QVERIFY2(log.warning().isEmpty(), qPrintable(log.warning()));
            QCOMPARE(log.count(), 3);
            AuditQuery all;
            const QList<AuditEntry> rows = log.query(all);
            QCOMPARE(rows.size(), 3);
            QCOMPARE(rows.at(0).operatorName, u"alice@laptop-a"_s);
            QCOMPARE(rows.at(0).machine, u"laptop-a"_s);
            QCOMPARE(rows.at(1).machine, u"desk-b"_s);
            QVERIFY(!rows.at(0).rowId.isEmpty());
            AuditQuery alice;
            alice.operatorName = u"alice"_s;
            QCOMPARE(log.query(alice).size(), 2);
            alice.operatorName = u"alice@desk-a"_s;
            QCOMPARE(log.query(alice).size(), 1);
            AuditQuery nobody;
            nobody.operatorName = u"ali"_s; // a prefix of a user is not that user
            QCOMPARE(log.query(nobody).size(), 0);
        }
        // Nothing went to the local file: the team database has every row.
        AuditLog alone(local(u"a.sqlite"_s));
        QCOMPARE(alone.count(), 0);

        // Same tables and columns as the local file.
        Raw pg(url, u"postgres"_s);
        QSqlDatabase sqlite = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"schemacheck"_s);
        sqlite.setDatabaseName(local(u"a.sqlite"_s));
        QVERIFY(sqlite.open());
        for (const QString &table : {u"audit_log"_s, u"job_results"_s, u"team_uploads"_s}) {
            QSqlQuery p(pg.db);
            QVERIFY(p.exec(u"SELECT column_name FROM information_schema.columns WHERE "
                           u"table_name = '%1'"_s.arg(table)));
            QSqlQuery s(sqlite);
            QVERIFY(s.exec(u"SELECT name FROM pragma_table_info('%1')"_s.arg(table)));
            const QStringList pgColumns = columns(p);
            QVERIFY(!pgColumns.isEmpty());
            QCOMPARE(pgColumns, columns(s));
        }
        QSqlQuery v(sqlite);
        QVERIFY(v.exec(u"PRAGMA user_version"_s) && v.next());
        QCOMPARE(pg.scalar(u"SELECT MAX(version) FROM audit_schema"_s), v.value(0).toLongLong());
        v = QSqlQuery();
        sqlite.close();
        sqlite = QSqlDatabase();
        QSqlDatabase::removeDatabase(u"schemacheck"_s);
    }

    void consoleRole_mayOnlyInsertAndSelect_andTheTriggerRefusesTheOwner()
    {
        QString why;
        const QString url = test::createPgDatabase(u"auditroles"_s, &why);
        QVERIFY2(!url.isEmpty(), qPrintable(why));
        const QString suffix = QUrl(url).path().mid(1).section(u'_', -1);
        const QString admin = u"audit_admin_"_s + suffix;
        const QString console = u"audit_console_"_s + suffix;
        {
            Raw su(url, u"postgres"_s);
            QVERIFY(su.exec(u"CREATE ROLE %1 LOGIN"_s.arg(admin), &why));
            QVERIFY(su.exec(u"CREATE ROLE %1 LOGIN"_s.arg(console), &why));
            QVERIFY2(su.exec(u"ALTER DATABASE %1 OWNER TO %2"_s.arg(QUrl(url).path().mid(1), admin),
                             &why),
                     qPrintable(why));
        }
        // The DBA: the schema as the owning role (what README's SQL does), then the grants.
        {
            AuditLog owner(withUser(url, admin));
            QVERIFY2(owner.open(), qPrintable(owner.lastError()));
        }
        {
            Raw dba(url, admin);
            for (const QString &sql :
                 {u"REVOKE ALL ON audit_log, job_results, team_uploads, audit_schema FROM PUBLIC"_s,
                  u"GRANT SELECT, INSERT ON audit_log, job_results, team_uploads TO %1"_s.arg(
                      console),
                  u"GRANT SELECT ON audit_schema TO %1"_s.arg(console),
                  u"GRANT USAGE ON SEQUENCE audit_log_id_seq, job_results_id_seq, "
                  u"team_uploads_id_seq TO %1"_s.arg(console)})
                QVERIFY2(dba.exec(sql, &why), qPrintable(why));
        }
        // The console's role writes and reads through the product…
        {
            AuditLog log(local(u"roles.sqlite"_s));
            QVERIFY2(log.setTeamUrl(withUser(url, console), &why), qPrintable(why));
            QVERIFY2(log.checkWritable(), qPrintable(log.lastError()));
            QVERIFY(log.append(teamAttempt(1), teamOperator(u"carol"_s, u"desk-c"_s)));
            QVERIFY(log.appendJobResult(teamAttempt(1).jobId, u"completed"_s, {},
                                        QDateTime::currentDateTimeUtc()));
            QVERIFY2(log.warning().isEmpty(), qPrintable(log.warning()));
            QCOMPARE(log.count(), 1);
            QCOMPARE(log.query(AuditQuery()).at(0).jobStatus, u"completed"_s);
        }
        // …and may not change or remove anything.
        {
            Raw as(url, console);
            QVERIFY(as.db.isOpen());
            QCOMPARE(as.scalar(u"SELECT COUNT(*) FROM audit_log"_s), qint64(1));
            QVERIFY(!as.exec(u"UPDATE audit_log SET outcome = 'failed'"_s, &why));
            QVERIFY2(why.contains(u"permission denied"_s), qPrintable(why));
            QVERIFY(!as.exec(u"DELETE FROM audit_log"_s, &why));
            QVERIFY2(why.contains(u"permission denied"_s), qPrintable(why));
            QVERIFY(!as.exec(u"TRUNCATE audit_log"_s, &why));
            QVERIFY(!as.exec(u"DELETE FROM job_results"_s, &why));
        }
        // The owner holds every privilege; the trigger still refuses.
        {
            Raw as(url, admin);
            QVERIFY(!as.exec(u"UPDATE audit_log SET outcome = 'failed'"_s, &why));
            QVERIFY2(why.contains(u"append-only"_s), qPrintable(why));
            QVERIFY(!as.exec(u"DELETE FROM audit_log"_s, &why));
            QVERIFY2(why.contains(u"append-only"_s), qPrintable(why));
            QVERIFY(!as.exec(u"TRUNCATE audit_log"_s, &why));
            QVERIFY2(why.contains(u"append-only"_s), qPrintable(why));
            QVERIFY(!as.exec(u"UPDATE job_results SET status = 'x'"_s, &why));
            QCOMPARE(as.scalar(u"SELECT COUNT(*) FROM audit_log"_s), qint64(1));
        }
    }

    void closedPort_rowsGoLocal_withOneWarning_andTheRunGoesOn()
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        const quint16 port = probe.serverPort();
        probe.close(); // nothing listens there now
        const QString url = u"postgresql://postgres@127.0.0.1:%1/none"_s.arg(port);
        QStringList told;
        AuditLog::setWarningHandler([&told](const QString &w) { told << w; });
        AuditLog log(local(u"closed.sqlite"_s));
        QString why;
        QVERIFY(log.setTeamUrl(url, &why));
        QVERIFY2(log.checkWritable(), qPrintable(log.lastError()));
        QVERIFY(log.append(teamAttempt(1), teamOperator(u"dave"_s, u"desk-d"_s), AuditKind::Intent,
                           u"x1"_s));
        QVERIFY(log.append(teamAttempt(1), teamOperator(u"dave"_s, u"desk-d"_s), AuditKind::Outcome,
                           u"x1"_s));
        AuditLog::setWarningHandler({});
        QCOMPARE(told.size(), 1); // once, not per row
        QVERIFY2(log.warning().contains(u"team audit log unavailable"_s),
                 qPrintable(log.warning()));
        QVERIFY(log.warning().contains(u"127.0.0.1:%1"_s.arg(port)));
        QVERIFY(!log.warning().contains(u'\n'));
        QCOMPARE(log.count(), 2);
        QCOMPARE(log.pendingCount(), qint64(2));
        QCOMPARE(log.query(AuditQuery()).size(), 1); // history falls back to the local rows
        const AuditLog::Upload upload = log.uploadPending();
        QVERIFY(!upload.error.isEmpty());
        QCOMPARE(upload.inserted, 0);
        QCOMPARE(log.pendingCount(), qint64(2));
    }

    void outage_rowsUploadLater_andUploadingTwiceNeverDuplicates()
    {
        QString why;
        const QString url = test::createPgDatabase(u"auditoutage"_s, &why);
        QVERIFY2(!url.isEmpty(), qPrintable(why));
        const QString dbName = QUrl(url).path().mid(1);
        const QString file = local(u"outage.sqlite"_s);
        {
            AuditLog log(file);
            QVERIFY(log.setTeamUrl(url, &why));
            QVERIFY(log.append(teamAttempt(1), teamOperator(u"erin"_s, u"desk-e"_s)));
            QVERIFY(log.warning().isEmpty());
        }
        Raw su(test::pgClusterUrl(), u"postgres"_s);
        QVERIFY(su.db.isOpen());
        QVERIFY2(su.exec(u"ALTER DATABASE %1 ALLOW_CONNECTIONS false"_s.arg(dbName), &why),
                 qPrintable(why));
        {
            AuditLog log(file);
            QVERIFY(log.setTeamUrl(url, &why));
            for (int n = 2; n <= 4; ++n)
                QVERIFY(log.append(teamAttempt(n), teamOperator(u"erin"_s, u"desk-e"_s)));
            QVERIFY(!log.warning().isEmpty());
            QCOMPARE(log.pendingCount(), qint64(3));
        }
        QVERIFY(QFile::copy(file, local(u"copy.sqlite"_s)));
        QVERIFY(su.exec(u"ALTER DATABASE %1 ALLOW_CONNECTIONS true"_s.arg(dbName), &why));
        {
            AuditLog log(file);
            QVERIFY(log.setTeamUrl(url, &why));
            const AuditLog::Upload first = log.uploadPending();
            QVERIFY2(first.error.isEmpty(), qPrintable(first.error));
            QCOMPARE(first.pending, 3);
            QCOMPARE(first.inserted, 3);
            const AuditLog::Upload second = log.uploadPending();
            QCOMPARE(second.pending, 0);
            QCOMPARE(second.inserted, 0);
            QCOMPARE(log.count(), 4); // the team's rows: one direct, three uploaded
            QCOMPARE(log.pendingCount(), qint64(0));
        }
        Raw pg(url, u"postgres"_s);
        QCOMPARE(pg.scalar(u"SELECT COUNT(*) FROM audit_log"_s), qint64(4));
        QCOMPARE(pg.scalar(u"SELECT COUNT(DISTINCT row_uuid) FROM audit_log"_s), qint64(4));
        // A lost upload mark (a crash between the two writes) sends rows again: the copy made
        // before the upload holds the same three rows, unmarked; the unique row id keeps them
        // single.
        {
            AuditLog again(local(u"copy.sqlite"_s));
            QVERIFY(again.setTeamUrl(url, &why));
            QCOMPARE(again.pendingCount(), qint64(3));
            const AuditLog::Upload third = again.uploadPending();
            QVERIFY2(third.error.isEmpty(), qPrintable(third.error));
            QCOMPARE(third.inserted, 0);
            QCOMPARE(third.present, 3);
        }
        QCOMPARE(pg.scalar(u"SELECT COUNT(*) FROM audit_log"_s), qint64(4));
    }

    // Group commit groups on the database the rows go to: one PostgreSQL transaction per batch
    // (not a local SQLite transaction around team rows committed one by one), all or nothing.
    void teamBatch_isOnePostgresTransaction_andFallsBackWhole()
    {
        QString why;
        const QString url = test::createPgDatabase(u"auditbatch"_s, &why);
        QVERIFY2(!url.isEmpty(), qPrintable(why));
        const QString file = local(u"batch.sqlite"_s);
        AuditLog log(file);
        QVERIFY(log.setTeamUrl(url, &why));
        QVERIFY2(log.checkWritable(), qPrintable(log.lastError()));
        const auto batch = [](int from, int to, const QString &poisonKb = {}) {
            QList<AuditLog::BatchRow> rows;
            for (int n = from; n <= to; ++n) {
                TriggerResult a = teamAttempt(n);
                if (n == (from + to) / 2 && !poisonKb.isEmpty())
                    a.target.kbId = poisonKb;
                rows.append(AuditLog::BatchRow{a, AuditKind::Outcome, u"batch-%1"_s.arg(n)});
            }
            return rows;
        };
        QVERIFY2(log.appendBatch(batch(1, 5), teamOperator(u"frank"_s, u"desk-f"_s)),
                 qPrintable(log.lastError()));
        QVERIFY2(log.warning().isEmpty(), qPrintable(log.warning()));
        Raw pg(url, u"postgres"_s);
        QCOMPARE(pg.scalar(u"SELECT COUNT(*) FROM audit_log"_s), qint64(5));
        // Rows inserted by one transaction carry its id.
        QCOMPARE(pg.scalar(u"SELECT COUNT(DISTINCT xmin::text) FROM audit_log"_s), qint64(1));
        QCOMPARE(AuditLog(file).count(), qint64(0)); // nothing went to the local file

        // The team database refuses the third row of the next batch: none of it stays there,
        // all of it is kept here, marked for upload, with the warning.
        QVERIFY2(pg.exec(u"ALTER TABLE audit_log ADD CONSTRAINT no_poison"
                         u" CHECK (kb_id <> 'poison')"_s,
                         &why),
                 qPrintable(why));
        QVERIFY2(log.appendBatch(batch(6, 10, u"poison"_s), teamOperator(u"frank"_s, u"desk-f"_s)),
                 qPrintable(log.lastError()));
        QVERIFY2(log.warning().contains(u"team audit log unavailable"_s),
                 qPrintable(log.warning()));
        QCOMPARE(pg.scalar(u"SELECT COUNT(*) FROM audit_log"_s), qint64(5));
        QCOMPARE(log.pendingCount(), qint64(5));
        AuditLog alone(file);
        QCOMPARE(alone.count(), qint64(5));
    }

    void passwordInTheUrl_isRefusedWithAOneLineReason()
    {
        AuditLog log(local(u"pw.sqlite"_s));
        QString why;
        QVERIFY(!log.setTeamUrl(u"postgresql://u:secret@127.0.0.1:5432/db"_s, &why));
        QVERIFY(why.contains(u"PGPASSFILE"_s));
        QVERIFY(!why.contains(u"secret"_s));
        QVERIFY(!log.setTeamUrl(u"https://example.test/db"_s, &why));
        QVERIFY(log.teamUrl().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestAuditLogTeam)
#include "tst_auditlog_team.moc"
