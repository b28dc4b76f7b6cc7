// featherctl schedule end to end: a real feather-devserver (API mode, PATCH …/schedule) and
// real databases (direct mode: SQLite, PostgreSQL); every change leaves one audit row.
#include "integration/devserver/devserverharness.h"
#include "support/testsupport.h"

#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace feather::test;

class TestFeatherctlSchedule final : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_home;
    QProcessEnvironment m_env;

    ProcessResult ctl(const QStringList &args)
    {
        return runProcess(binaryPath(u"featherctl"_s), args, m_env);
    }

    int scheduleRows(const QString &source)
    {
        const ProcessResult r = ctl({u"--json"_s, u"history"_s, u"--limit"_s, u"1000"_s});
        int n = 0;
        for (const QJsonObject &o : jsonLines(r.out))
            n += o.value(u"kind"_s).toString() == u"schedule"_s
                 && o.value(u"source_id"_s).toString() == source;
        return n;
    }

    void checkSchedule(const QStringList &where, const QString &kb, const QString &source)
    {
        const int auditBefore = scheduleRows(source);
        ProcessResult r = ctl(where
                              + QStringList{u"--json"_s, u"schedule"_s, kb, source, u"--enable"_s,
                                            u"--interval"_s, u"90m"_s});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QJsonObject o = jsonLines(r.out).value(0);
        QCOMPARE(o.value(u"outcome"_s).toString(), u"changed"_s);
        QCOMPARE(o.value(u"auto_sync_enabled"_s).toBool(), true);
        QCOMPARE(o.value(u"sync_interval_seconds"_s).toInt(), 5400);
        QVERIFY(!o.value(u"attempt_id"_s).toString().isEmpty());
        // Read back through the listing: the server kept it.
        r = ctl(where + QStringList{u"--json"_s, u"schedule"_s, kb, source});
        QCOMPARE(r.exitCode, 0);
        o = jsonLines(r.out).value(0);
        QCOMPARE(o.value(u"auto_sync_enabled"_s).toBool(), true);
        QCOMPARE(o.value(u"sync_interval_seconds"_s).toInt(), 5400);

        r = ctl(where + QStringList{u"--json"_s, u"schedule"_s, kb, source, u"--disable"_s});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        r = ctl(where + QStringList{u"--json"_s, u"schedule"_s, kb, source});
        o = jsonLines(r.out).value(0);
        QCOMPARE(o.value(u"auto_sync_enabled"_s).toBool(), false);
        QCOMPARE(scheduleRows(source), auditBefore + 2);

        // A source that is not in the KB: exit 1, one line, and still an audit row saying so.
        const QString unknown = u"00000000-0000-4000-8000-0000000000ab"_s;
        const int unknownBefore = scheduleRows(unknown);
        r = ctl(where + QStringList{u"schedule"_s, kb, unknown, u"--disable"_s});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.startsWith("featherctl: not_found"), r.err.constData());
        QCOMPARE(scheduleRows(unknown), unknownBefore + 1);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_home.isValid());
        m_env = isolatedEnvironment(m_home.path());
    }

    void usage_badInputChangesNothing_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QByteArray>("reason");
        const QString kb = u"00000000-0000-4000-8000-000000000001"_s;
        const QString src = u"00000000-0000-4000-8000-000000000002"_s;
        QTest::newRow("enable without interval")
            << QStringList{u"schedule"_s, kb, src, u"--enable"_s} << QByteArray("--interval");
        QTest::newRow("both")
            << QStringList{u"schedule"_s,   kb,     src, u"--enable"_s, u"--disable"_s,
                           u"--interval"_s, u"1h"_s}
            << QByteArray("not both");
        QTest::newRow("bad interval")
            << QStringList{u"schedule"_s, kb, src, u"--enable"_s, u"--interval"_s, u"often"_s}
            << QByteArray("not a duration");
        QTest::newRow("bad id") << QStringList{u"schedule"_s, kb, u"nope"_s, u"--disable"_s}
                                << QByteArray("SOURCE_ID");
        QTest::newRow("one id") << QStringList{u"schedule"_s, kb} << QByteArray("KB_ID SOURCE_ID");
    }
    void usage_badInputChangesNothing()
    {
        QFETCH(QStringList, args);
        QFETCH(QByteArray, reason);
        const ProcessResult r =
            ctl(QStringList{u"--db"_s, u"sqlite://"_s + m_home.filePath(u"none.db"_s)} + args);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(reason), r.err.constData());
        QVERIFY(!QFile::exists(m_home.filePath(u"none.db"_s)));
    }

    void api_devserver_enableShowDisable_audited()
    {
        DevServerProcess server;
        QString why;
        QVERIFY2(server.start({}, &why, 60), qPrintable(why));
        m_env.insert(u"FEATHER_API_KEY"_s, QString::fromUtf8(server.apiKey()));
        ApiClient client(server);
        const auto active = findSource(client, u"active"_s);
        QVERIFY(active);
        checkSchedule({u"--api-url"_s, u"http://127.0.0.1:%1"_s.arg(server.port())}, active->first,
                      active->second);
        m_env.remove(u"FEATHER_API_KEY"_s);
    }

    void direct_enableShowDisable_audited_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::newRow("sqlite") << u"sqlite"_s;
        QTest::newRow("postgresql") << u"postgresql"_s;
    }
    void direct_enableShowDisable_audited()
    {
        QFETCH(QString, kind);
        QString why;
        const QString db = freshDatabaseUrl(kind, m_home.path(), u"schedule"_s, &why);
        QVERIFY2(!db.isEmpty(), qPrintable(why));
        ProcessResult r = ctl({u"init-db"_s, u"--db"_s, db, u"--demo"_s, u"20"_s});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        r = ctl({u"--db"_s, db, u"--json"_s, u"sources"_s});
        const QList<QJsonObject> all = jsonLines(r.out);
        QVERIFY(!all.isEmpty());
        checkSchedule({u"--db"_s, db}, all.first().value(u"knowledge_base_id"_s).toString(),
                      all.first().value(u"id"_s).toString());
    }
};

QTEST_GUILESS_MAIN(TestFeatherctlSchedule)
#include "tst_featherctl_schedule.moc"
