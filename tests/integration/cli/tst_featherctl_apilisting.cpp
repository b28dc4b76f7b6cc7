// `featherctl sources` over the API against a real feather-devserver whose rows do not change
// during the test (no job ends, none fails): the output is the same bytes whatever the
// concurrency (KBs walked at once, pages asked for ahead), and holds every source once — the
// same ids the direct listing of the server's own database gives.
#include "integration/devserver/devserverharness.h"
#include "support/testsupport.h"

#include <QJsonObject>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using namespace feather::test;
using namespace Qt::StringLiterals;

class TestFeatherctlApiListing final : public QObject {
    Q_OBJECT
private:
    static constexpr int kSources = 3000;
    DevServerProcess m_server;
    QTemporaryDir m_home;
    QProcessEnvironment m_env;
    QString m_url;

    ProcessResult sources(const QStringList &extra)
    {
        return runProcess(binaryPath(u"featherctl"_s),
                          QStringList{u"--api-url"_s, m_url} + extra + QStringList{u"sources"_s},
                          m_env);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString why;
        QVERIFY2(m_server.start({u"--sync-seconds"_s, u"86400"_s, u"--job-fail-every"_s, u"0"_s},
                                &why, kSources),
                 qPrintable(why));
        QVERIFY(m_home.isValid());
        m_url = u"http://127.0.0.1:%1"_s.arg(m_server.port());
        m_env = QProcessEnvironment::systemEnvironment();
        m_env.insert(u"HOME"_s, m_home.path());
        m_env.insert(u"XDG_DATA_HOME"_s, m_home.filePath(u"data"_s));
        m_env.insert(u"XDG_CONFIG_HOME"_s, m_home.filePath(u"config"_s));
        m_env.insert(u"FEATHER_API_KEY"_s, QString::fromUtf8(m_server.apiKey()));
    }

    void sources_sameBytesAtAnyConcurrency_data()
    {
        QTest::addColumn<bool>("json");
        QTest::newRow("table") << false;
        QTest::newRow("json") << true;
    }

    void sources_sameBytesAtAnyConcurrency()
    {
        QFETCH(bool, json);
        const QStringList form = json ? QStringList{u"--json"_s} : QStringList{};
        // One KB after the other, one page at a time: the order every other run must keep.
        const ProcessResult sequential = sources(form + QStringList{u"--concurrency"_s, u"1"_s});
        QVERIFY2(sequential.exitCode == 0, sequential.err.constData());
        const int lines = int(sequential.out.count('\n'));
        QCOMPARE(lines, kSources + (json ? 0 : 1)); // the table has a header line
        for (const QString &conc : {u"4"_s, u"8"_s, u"16"_s}) {
            const ProcessResult r = sources(form + QStringList{u"--concurrency"_s, conc});
            QVERIFY2(r.exitCode == 0, r.err.constData());
            QVERIFY2(r.out == sequential.out, qPrintable(u"concurrency "_s + conc));
        }
    }

    void sources_everySourceOnce_sameAsTheServersDatabase()
    {
        const ProcessResult api = sources({u"--json"_s, u"--concurrency"_s, u"8"_s});
        QVERIFY2(api.exitCode == 0, api.err.constData());
        const ProcessResult direct =
            runProcess(binaryPath(u"featherctl"_s),
                       {u"--db"_s, m_server.dbUrl(), u"--json"_s, u"sources"_s}, m_env);
        QVERIFY2(direct.exitCode == 0, direct.err.constData());
        auto ids = [](const QByteArray &out) {
            QStringList list;
            for (const QJsonObject &row : jsonLines(out))
                list << row.value(u"id"_s).toString();
            return list;
        };
        const QStringList apiIds = ids(api.out);
        QCOMPARE(apiIds.size(), kSources);
        QCOMPARE(QSet<QString>(apiIds.cbegin(), apiIds.cend()).size(), kSources); // none twice
        QStringList a = apiIds, d = ids(direct.out);
        a.sort();
        d.sort();
        QCOMPARE(a, d);
    }
};

QTEST_GUILESS_MAIN(TestFeatherctlApiListing)
#include "tst_featherctl_apilisting.moc"
