// featherctl and the team audit trail end to end: resyncs against a real feather-devserver,
// audit rows in a real PostgreSQL (the ctest fixture), an outage of that database during a run
// (one warning line, the run goes on, rows kept locally), `audit upload` run twice, and
// `history --operator` over the rows of two operators.
#include "integration/devserver/devserverharness.h"
#include "support/testsupport.h"

#include <QJsonDocument>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

using namespace Qt::StringLiterals;
using namespace feather::test;

namespace {

// One statement as the cluster's superuser, on `database`.
qint64 sql(const QString &database, const QString &statement)
{
    const QUrl url(pgClusterUrl());
    const QString name = u"teamaudit-check"_s;
    qint64 value = -2;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QPSQL"_s, name);
        db.setHostName(url.host());
        db.setPort(url.port(5432));
        db.setUserName(url.userName());
        db.setDatabaseName(database);
        if (db.open()) {
            QSqlQuery q(db);
            value = q.exec(statement) ? (q.next() ? q.value(0).toLongLong() : 0) : -1;
            if (value == -1)
                qWarning() << q.lastError().text();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return value;
}

} // namespace

class TestFeatherctlTeamAudit final : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_home;
    QProcessEnvironment m_env;

    ProcessResult ctl(const QStringList &args, const QString &user)
    {
        QProcessEnvironment env = m_env;
        env.insert(u"USER"_s, user);
        return runProcess(binaryPath(u"featherctl"_s), args, env);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_home.isValid());
        m_env = isolatedEnvironment(m_home.path());
    }

    void badAuditUrl_isUsageErrorInOneLine()
    {
        const ProcessResult r =
            ctl({u"--audit-db"_s, u"postgresql://u:pw@127.0.0.1/db"_s, u"history"_s}, u"x"_s);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("PGPASSFILE"), r.err.constData());
        QVERIFY(!r.err.contains("pw@"));
        QCOMPARE(r.err.count('\n'), 1);
        const ProcessResult none = ctl({u"audit"_s, u"upload"_s}, u"x"_s);
        QCOMPARE(none.exitCode, 2);
    }

    void outageDuringRuns_warnsOnce_uploadsLaterExactlyOnce_historyByOperator()
    {
        DevServerProcess server;
        QString why;
        QVERIFY2(server.start({u"--sync-seconds"_s, u"1"_s}, &why, 60), qPrintable(why));
        m_env.insert(u"FEATHER_API_KEY"_s, QString::fromUtf8(server.apiKey()));
        ApiClient client(server);
        const auto active = findSource(client, u"active"_s);
        QVERIFY(active);
        const QStringList api{u"--api-url"_s, u"http://127.0.0.1:%1"_s.arg(server.port())};

        const QString team = createPgDatabase(u"ctlteam"_s, &why);
        QVERIFY2(!team.isEmpty(), qPrintable(why));
        const QString dbName = QUrl(team).path().mid(1);
        const QStringList audit{u"--audit-db"_s, team};

        // The team database goes away: alice's run still triggers, says so once, keeps its rows.
        QCOMPARE(sql(u"postgres"_s, u"ALTER DATABASE %1 ALLOW_CONNECTIONS false"_s.arg(dbName)),
                 qint64(0));
        ProcessResult r = ctl(
            api + audit
                + QStringList{u"resync"_s, u"--kb"_s, active->first, u"--source"_s, active->second},
            u"alice"_s);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(r.err.count("warning: team audit log unavailable"), qsizetype(1));
        QVERIFY(r.err.contains("featherctl audit upload"));
        QVERIFY2(r.out.contains("triggered"), r.out.constData());

        // It comes back: the upload stores alice's two rows (intent, outcome), a second none.
        QCOMPARE(sql(u"postgres"_s, u"ALTER DATABASE %1 ALLOW_CONNECTIONS true"_s.arg(dbName)),
                 qint64(0));
        r = ctl(audit + QStringList{u"--json"_s, u"audit"_s, u"upload"_s}, u"alice"_s);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QList<QJsonObject> rows = jsonLines(r.out);
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows.at(0).value(u"pending"_s).toInt(), 2);
        QCOMPARE(rows.at(0).value(u"uploaded"_s).toInt(), 2);
        r = ctl(audit + QStringList{u"--json"_s, u"audit"_s, u"upload"_s}, u"alice"_s);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        rows = jsonLines(r.out);
        QCOMPARE(rows.at(0).value(u"pending"_s).toInt(), 0);
        QCOMPARE(rows.at(0).value(u"uploaded"_s).toInt(), 0);
        QCOMPARE(sql(dbName, u"SELECT COUNT(*) FROM audit_log"_s), qint64(2));

        // Bob's run (another operator) writes to the team database directly, no warning.
        QTest::qWait(1500); // the devserver's sync ends, so the source is active again
        r = ctl(
            api + audit
                + QStringList{u"resync"_s, u"--kb"_s, active->first, u"--source"_s, active->second},
            u"bob"_s);
        QVERIFY2(r.exitCode == 0, r.out.constData());
        QVERIFY2(!r.err.contains("warning"), r.err.constData());
        QCOMPARE(sql(dbName, u"SELECT COUNT(*) FROM audit_log"_s), qint64(4));

        // The team's history: both operators, each with the machine; --operator picks one.
        r = ctl(audit + QStringList{u"--json"_s, u"history"_s}, u"carol"_s);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        rows = jsonLines(r.out);
        QCOMPARE(rows.size(), 2); // one per attempt (its latest row)
        QStringList operators;
        for (const QJsonObject &row : rows) {
            operators << row.value(u"operator"_s).toString().section(u'@', 0, 0);
            QVERIFY(!row.value(u"machine"_s).toString().isEmpty());
            QCOMPARE(row.value(u"operator"_s).toString().section(u'@', 1),
                     row.value(u"machine"_s).toString());
            QCOMPARE(row.value(u"outcome"_s).toString(), u"triggered"_s);
        }
        operators.sort();
        QCOMPARE(operators, (QStringList{u"alice"_s, u"bob"_s}));
        r = ctl(audit + QStringList{u"--json"_s, u"history"_s, u"--operator"_s, u"bob"_s},
                u"carol"_s);
        rows = jsonLines(r.out);
        QCOMPARE(rows.size(), 1);
        QVERIFY(rows.at(0).value(u"operator"_s).toString().startsWith(u"bob@"_s));
        // The table shows the MACHINE column.
        r = ctl(audit + QStringList{u"history"_s}, u"carol"_s);
        QVERIFY(r.out.contains("MACHINE"));
        // Without --audit-db, the local log holds only what was kept during the outage.
        r = ctl({u"--json"_s, u"history"_s, u"--limit"_s, u"100"_s}, u"carol"_s);
        rows = jsonLines(r.out);
        QCOMPARE(rows.size(), 1);
        QVERIFY(rows.at(0).value(u"operator"_s).toString().startsWith(u"alice@"_s));
        m_env.remove(u"FEATHER_API_KEY"_s);
    }
};

QTEST_GUILESS_MAIN(TestFeatherctlTeamAudit)
#include "tst_featherctl_teamaudit.moc"
