#include "cli/cliargs.h"

#include <QTest>

using namespace feather::cli;

namespace {
const QString kKb = QStringLiteral("7c9e6679-7425-40de-944b-e07fc1f90ae7");
const QString kSrc = QStringLiteral("0f8fad5b-d9cb-469f-a165-70867728950e");
ParseOutcome parse(QStringList args)
{
    args.prepend(QStringLiteral("featherctl"));
    return parseArguments(args);
}
} // namespace

class TestCliArgs final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void resyncWithRepeatedSources_parses()
    {
        const ParseOutcome p =
            parse({QStringLiteral("--db"), QStringLiteral("sqlite:///tmp/x.db"),
                   QStringLiteral("--json"), QStringLiteral("resync"), QStringLiteral("--kb"),
                   kKb.toUpper(), QStringLiteral("--source"), kSrc, QStringLiteral("--source"),
                   kSrc, QStringLiteral("--concurrency"), QStringLiteral("8")});
        QVERIFY2(p.request, qPrintable(p.error));
        QCOMPARE(p.request->command, QStringLiteral("resync"));
        QCOMPARE(p.request->kbIds, QStringList{kKb}); // normalised to lower case
        QCOMPARE(p.request->sourceIds.size(), 2);
        QCOMPARE(p.request->concurrency, 8);
        QVERIFY(p.request->json);
    }
    void usageErrors_exitTwoWithOneLineReason_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("mentions");
        const QString db = QStringLiteral("--db");
        const QString url = QStringLiteral("sqlite:///tmp/x.db");
        QTest::newRow("no command") << QStringList{db, url} << QStringLiteral("no command");
        QTest::newRow("unknown command")
            << QStringList{db, url, QStringLiteral("explode")} << QStringLiteral("unknown command");
        QTest::newRow("no connection")
            << QStringList{QStringLiteral("kbs")} << QStringLiteral("needs --profile");
        QTest::newRow("two connections")
            << QStringList{db, url, QStringLiteral("--api-url"), QStringLiteral("https://x"),
                           QStringLiteral("kbs")}
            << QStringLiteral("only one");
        QTest::newRow("bad kb uuid") << QStringList{db,
                                                    url,
                                                    QStringLiteral("resync"),
                                                    QStringLiteral("--kb"),
                                                    QStringLiteral("x';--"),
                                                    QStringLiteral("--source"),
                                                    kSrc}
                                     << QStringLiteral("--kb is not a UUID");
        QTest::newRow("bad source uuid") << QStringList{db,
                                                        url,
                                                        QStringLiteral("resync"),
                                                        QStringLiteral("--kb"),
                                                        kKb,
                                                        QStringLiteral("--source"),
                                                        QStringLiteral("ünïcode")}
                                         << QStringLiteral("--source is not a UUID");
        QTest::newRow("no targets")
            << QStringList{db, url, QStringLiteral("resync"), QStringLiteral("--kb"), kKb}
            << QStringLiteral("exactly one of");
        QTest::newRow("all and source") << QStringList{db,
                                                       url,
                                                       QStringLiteral("resync"),
                                                       QStringLiteral("--kb"),
                                                       kKb,
                                                       QStringLiteral("--all"),
                                                       QStringLiteral("--source"),
                                                       kSrc}
                                        << QStringLiteral("exactly one of");
        QTest::newRow("option for other command")
            << QStringList{db, url, QStringLiteral("kbs"), QStringLiteral("--limit"),
                           QStringLiteral("3")}
            << QStringLiteral("does not apply");
        QTest::newRow("concurrency range")
            << QStringList{db, url, QStringLiteral("--concurrency"), QStringLiteral("65"),
                           QStringLiteral("kbs")}
            << QStringLiteral("1 to 64");
        QTest::newRow("job id") << QStringList{db, url, QStringLiteral("job"),
                                               QStringLiteral("nope")}
                                << QStringLiteral("job_id is not a UUID");
        QTest::newRow("status needs both")
            << QStringList{db, url, QStringLiteral("status"), QStringLiteral("--kb"), kKb}
            << QStringLiteral("exactly one --kb");
        QTest::newRow("unknown option") << QStringList{db, url, QStringLiteral("--api-key"),
                                                       QStringLiteral("k"), QStringLiteral("kbs")}
                                        << QStringLiteral("api-key");
    }
    void usageErrors_exitTwoWithOneLineReason()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, mentions);
        const ParseOutcome p = parse(args);
        QVERIFY(!p.request);
        QCOMPARE(p.exitCode, int(ExitUsage));
        QVERIFY2(p.error.contains(mentions), qPrintable(p.error));
        QVERIFY(!p.error.contains(u'\n'));
    }
    void helpAndVersion_exitZero()
    {
        const ParseOutcome help = parse({QStringLiteral("--help")});
        QCOMPARE(help.exitCode, 0);
        QVERIFY(help.output.contains(QStringLiteral("init-db")));
        const ParseOutcome version = parse({QStringLiteral("--version")});
        QCOMPARE(version.exitCode, 0);
        QVERIFY(version.output.contains(QStringLiteral(FEATHER_VERSION)));
    }
};

QTEST_GUILESS_MAIN(TestCliArgs)
#include "tst_cliargs.moc"
