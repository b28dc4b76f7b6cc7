// featherctl sources --stuck [DURATION] end to end: a real feather-devserver (API mode, ages on
// the server's clock from its Date header) and real databases (direct mode: SQLite, PostgreSQL).
#include "integration/devserver/devserverharness.h"
#include "support/testsupport.h"

#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace feather::test;

namespace {

QJsonObject rowFor(const QList<QJsonObject> &rows, const QString &sourceId)
{
    for (const QJsonObject &r : rows) {
        if (r.value(u"source_id"_s).toString() == sourceId)
            return r;
    }
    return {};
}

} // namespace

class TestFeatherctlStuck final : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_home;
    QProcessEnvironment m_env;

    ProcessResult ctl(const QStringList &args)
    {
        return runProcess(binaryPath(u"featherctl"_s), args, m_env);
    }

    // Triggers one active source through featherctl, waits past 2 s, then asks for syncs of at
    // least 1 s (listed, aged) and of at least 1 h (not listed).
    void checkStuck(const QStringList &where, const QString &kb, const QString &source)
    {
        ProcessResult r =
            ctl(where + QStringList{u"resync"_s, u"--kb"_s, kb, u"--source"_s, source});
        QVERIFY2(r.exitCode == 0, r.out.constData());
        QTest::qWait(2200);
        r = ctl(where + QStringList{u"--json"_s, u"sources"_s, u"--stuck"_s, u"1s"_s});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject row = rowFor(jsonLines(r.out), source);
        QVERIFY2(!row.isEmpty(), r.out.constData());
        QCOMPARE(row.value(u"kb_id"_s).toString(), kb);
        QCOMPARE(row.value(u"status"_s).toString(), u"syncing"_s);
        const qint64 age = row.value(u"syncing_for_seconds"_s).toInteger();
        QVERIFY2(age >= 1 && age < 120, qPrintable(QString::number(age)));
        QCOMPARE(row.value(u"stuck_after_seconds"_s).toInteger(), qint64(1));
        QVERIFY(!row.value(u"sync_started_at"_s).toString().isEmpty());
        QVERIFY(!row.value(u"last_sync_job_id"_s).toString().isEmpty());
        // Every row listed is syncing and at least as old as asked.
        for (const QJsonObject &o : jsonLines(r.out))
            QVERIFY(o.value(u"syncing_for_seconds"_s).toInteger() >= 1);

        r = ctl(where + QStringList{u"--json"_s, u"sources"_s, u"--stuck"_s, u"1h"_s});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(rowFor(jsonLines(r.out), source).isEmpty());
        // The table form names the source and says how many are stuck.
        r = ctl(where + QStringList{u"sources"_s, u"--kb"_s, kb, u"--stuck"_s, u"1s"_s});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains(source.toUtf8()));
        QVERIFY(r.out.contains("SYNCING FOR"));
        QVERIFY2(r.err.contains("syncing sources stuck"), r.err.constData());
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_home.isValid());
        m_env = isolatedEnvironment(m_home.path());
    }

    void badDuration_isUsageErrorNamingIt()
    {
        const ProcessResult r = ctl(
            {u"--db"_s, u"sqlite:///nonexistent/x.db"_s, u"sources"_s, u"--stuck"_s, u"soon"_s});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("not a duration"), r.err.constData());
        QCOMPARE(r.err.count('\n'), 1);
    }

    void api_devserver_listsOnlySyncsPastTheDuration()
    {
        DevServerProcess server;
        QString why;
        QVERIFY2(server.start({u"--sync-seconds"_s, u"600"_s}, &why, 60), qPrintable(why));
        m_env.insert(u"FEATHER_API_KEY"_s, QString::fromUtf8(server.apiKey()));
        ApiClient client(server);
        const auto active = findSource(client, u"active"_s);
        QVERIFY(active);
        checkStuck({u"--api-url"_s, u"http://127.0.0.1:%1"_s.arg(server.port())}, active->first,
                   active->second);
        m_env.remove(u"FEATHER_API_KEY"_s);
    }

    void direct_listsOnlySyncsPastTheDuration_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::newRow("sqlite") << u"sqlite"_s;
        QTest::newRow("postgresql") << u"postgresql"_s;
    }
    void direct_listsOnlySyncsPastTheDuration()
    {
        QFETCH(QString, kind);
        QString why;
        const QString db = freshDatabaseUrl(kind, m_home.path(), u"stuck"_s, &why);
        QVERIFY2(!db.isEmpty(), qPrintable(why));
        ProcessResult r = ctl({u"init-db"_s, u"--db"_s, db, u"--demo"_s, u"30"_s});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        r = ctl({u"--db"_s, db, u"--json"_s, u"sources"_s, u"--status"_s, u"active"_s});
        const QList<QJsonObject> active = jsonLines(r.out);
        QVERIFY(!active.isEmpty());
        checkStuck({u"--db"_s, db}, active.first().value(u"knowledge_base_id"_s).toString(),
                   active.first().value(u"id"_s).toString());
    }
};

QTEST_GUILESS_MAIN(TestFeatherctlStuck)
#include "tst_featherctl_stuck.moc"
