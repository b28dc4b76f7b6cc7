#include "direct/dbconfig.h"

#include <QTest>

using namespace feather;

class TestDbConfig final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void sqliteUrl_needsAbsolutePath()
    {
        QString why;
        const auto ok = parseDbUrl(QStringLiteral("sqlite:///tmp/x.db"), &why);
        QVERIFY(ok);
        QCOMPARE(ok->driver, DbConfig::Driver::Sqlite);
        QCOMPARE(ok->path, QStringLiteral("/tmp/x.db"));
        QVERIFY(!parseDbUrl(QStringLiteral("sqlite://relative.db"), &why));
        QVERIFY(why.contains(QStringLiteral("absolute")));
    }
    void postgresUrl_parsesEveryPart()
    {
        QString why;
        const auto c = parseDbUrl(QStringLiteral("postgresql://ops@db.internal:6543/"
                                                 "feather?sslmode=verify-full&connect_timeout=3&"
                                                 "schema=knowledge_base&lock_timeout_ms=250"),
                                  &why);
        QVERIFY2(c, qPrintable(why));
        QCOMPARE(c->driver, DbConfig::Driver::Postgres);
        QCOMPARE(c->user, QStringLiteral("ops"));
        QCOMPARE(c->host, QStringLiteral("db.internal"));
        QCOMPARE(c->port, 6543);
        QCOMPARE(c->database, QStringLiteral("feather"));
        QCOMPARE(c->sslmode, QStringLiteral("verify-full"));
        QCOMPARE(c->connectTimeoutSeconds, 3);
        QCOMPARE(c->schema, QStringLiteral("knowledge_base"));
        QCOMPARE(c->lockTimeoutMs, 250);
        QCOMPARE(c->displayTarget(), QStringLiteral("postgresql://ops@db.internal:6543/feather"));
    }
    void badUrls_areRefusedWithOneLineReason_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("password") << QStringLiteral("postgresql://ops:secret@h/db")
                                  << QStringLiteral("PGPASSWORD");
        QTest::newRow("no db") << QStringLiteral("postgresql://ops@h:5432/")
                               << QStringLiteral("database");
        QTest::newRow("sslmode") << QStringLiteral("postgresql://ops@h/db?sslmode=maybe")
                                 << QStringLiteral("sslmode");
        QTest::newRow("schema injection")
            << QStringLiteral("postgresql://ops@h/db?schema=a;drop") << QStringLiteral("schema");
        QTest::newRow("unknown param")
            << QStringLiteral("postgresql://ops@h/db?foo=1") << QStringLiteral("foo");
        QTest::newRow("mysql") << QStringLiteral("mysql://h/db") << QStringLiteral("unsupported");
    }
    void badUrls_areRefusedWithOneLineReason()
    {
        QFETCH(QString, url);
        QFETCH(QString, mentions);
        QString why;
        QVERIFY(!parseDbUrl(url, &why));
        QVERIFY2(why.contains(mentions), qPrintable(why));
        QVERIFY(!why.contains(u'\n'));
        QVERIFY(!why.contains(QStringLiteral("secret")));
    }
};

QTEST_GUILESS_MAIN(TestDbConfig)
#include "tst_dbconfig.moc"
