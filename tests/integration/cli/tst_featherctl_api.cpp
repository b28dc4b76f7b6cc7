// featherctl end to end in API mode against a real feather-devserver process.
#include "integration/devserver/devserverharness.h"
#include "support/testsupport.h"
#include "triagecheck.h"

#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace feather::test;

namespace {

int requestLines(const QByteArray &serverLog)
{
    int n = 0;
    for (const QByteArray &line : serverLog.split('\n'))
        n += line.contains(" /v1/") ? 1 : 0;
    return n;
}

} // namespace

class TestFeatherctlApi final : public QObject {
    Q_OBJECT
private:
    DevServerProcess m_server;
    QTemporaryDir m_home;
    QProcessEnvironment m_env;
    QString m_url;

    ProcessResult ctl(const QStringList &args, const QProcessEnvironment &env)
    {
        return runProcess(binaryPath(QStringLiteral("featherctl")), args, env);
    }
    ProcessResult ctl(const QStringList &args) { return ctl(args, m_env); }

private Q_SLOTS:
    void initTestCase()
    {
        QString why;
        QVERIFY2(m_server.start({QStringLiteral("--sync-seconds"), QStringLiteral("60")}, &why, 60),
                 qPrintable(why));
        QVERIFY(m_home.isValid());
        m_url = QStringLiteral("http://127.0.0.1:%1").arg(m_server.port());
        m_env = QProcessEnvironment::systemEnvironment();
        m_env.insert(QStringLiteral("HOME"), m_home.path());
        m_env.insert(QStringLiteral("XDG_DATA_HOME"), m_home.filePath(QStringLiteral("data")));
        m_env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home.filePath(QStringLiteral("config")));
        m_env.insert(QStringLiteral("FEATHER_API_KEY"), QString::fromUtf8(m_server.apiKey()));
    }

    void listings_walkEveryPage()
    {
        ProcessResult r = ctl(
            {QStringLiteral("--api-url"), m_url, QStringLiteral("--json"), QStringLiteral("kbs")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QList<QJsonObject> kbs = jsonLines(r.out);
        QVERIFY(kbs.size() >= 3);
        r = ctl({QStringLiteral("--api-url"), m_url, QStringLiteral("--json"),
                 QStringLiteral("sources")});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(jsonLines(r.out).size(), 60);
    }

    void mixedBatch_reportsOutcomesWithHttpStatus()
    {
        ApiClient client(m_server);
        const auto active = findSource(client, QStringLiteral("active"));
        // No seeded syncing source is needed (with --sync-seconds 60 the job simulator may
        // already have finished the demo's running jobs, which started minutes ago).
        QVERIFY(active);
        // Both must be in the same KB for one --kb; use the active one's KB and make a second
        // active source of that KB busy through featherctl itself.
        const QString kb = active->first;
        ProcessResult r = ctl({QStringLiteral("--api-url"), m_url, QStringLiteral("--json"),
                               QStringLiteral("sources"), QStringLiteral("--kb"), kb,
                               QStringLiteral("--status"), QStringLiteral("active")});
        const QList<QJsonObject> candidates = jsonLines(r.out);
        QVERIFY(candidates.size() >= 2);
        const QString first = candidates[0].value(QStringLiteral("id")).toString();
        const QString second = candidates[1].value(QStringLiteral("id")).toString();
        r = ctl({QStringLiteral("--api-url"), m_url, QStringLiteral("resync"),
                 QStringLiteral("--kb"), kb, QStringLiteral("--source"), second});
        QVERIFY2(r.exitCode == 0, r.out.constData());

        const QString unknown = QStringLiteral("00000000-0000-4000-8000-0000000000aa");
        r = ctl({QStringLiteral("--api-url"), m_url, QStringLiteral("--json"),
                 QStringLiteral("resync"), QStringLiteral("--kb"), kb, QStringLiteral("--source"),
                 first, QStringLiteral("--source"), second, QStringLiteral("--source"), unknown});
        QCOMPARE(r.exitCode, 1);
        QMap<QString, QJsonObject> rows;
        for (const QJsonObject &row : jsonLines(r.out))
            rows.insert(row.value(QStringLiteral("source_id")).toString(), row);
        QCOMPARE(rows.size(), 3);
        QCOMPARE(rows[first].value(QStringLiteral("outcome")).toString(),
                 QStringLiteral("triggered"));
        QCOMPARE(rows[first].value(QStringLiteral("http_status")).toInt(), 200);
        QVERIFY(!rows[first].value(QStringLiteral("job_id")).toString().isEmpty());
        QCOMPARE(rows[second].value(QStringLiteral("outcome")).toString(),
                 QStringLiteral("already_syncing"));
        QCOMPARE(rows[second].value(QStringLiteral("http_status")).toInt(), 409);
        QVERIFY(!rows[second].value(QStringLiteral("message")).toString().isEmpty());
        QCOMPARE(rows[unknown].value(QStringLiteral("outcome")).toString(),
                 QStringLiteral("not_found"));
        QCOMPARE(rows[unknown].value(QStringLiteral("http_status")).toInt(), 404);
    }

    // Against the strict devserver: messages come from each source's sync/status.
    void triage_groupsDemoErrorsByAction_fixableResyncsOnlyThose()
    {
        checkTriageContract(
            [&](const QStringList &args) {
                return ctl(QStringList{QStringLiteral("--api-url"), m_url} + args);
            },
            false);
    }

    void invalidUuid_exitsTwoAndSendsNothing()
    {
        const int before = requestLines(m_server.stderrLog());
        const ProcessResult r = ctl(
            {QStringLiteral("--api-url"), m_url, QStringLiteral("resync"), QStringLiteral("--kb"),
             QStringLiteral("7c9e6679-7425-40de-944b-e07fc1f90ae7"), QStringLiteral("--source"),
             QStringLiteral("0f8fad5b-d9cb-469f-a165-70867728950\"")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains("not a UUID"));
        QTest::qWait(200); // the server logs asynchronously; give a stray request time to show
        QCOMPARE(requestLines(m_server.stderrLog()), before);
    }

    void wrongKey_isUnauthorizedAndNeverEchoed()
    {
        QProcessEnvironment env = m_env;
        const QString wrong = QStringLiteral("fth_live_wrong_key_4242");
        env.insert(QStringLiteral("FEATHER_API_KEY"), wrong);
        ProcessResult r = ctl({QStringLiteral("--api-url"), m_url, QStringLiteral("kbs")}, env);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("unauthorized"), r.err.constData());
        ApiClient client(m_server);
        const auto active = findSource(client, QStringLiteral("active"));
        QVERIFY(active);
        r = ctl({QStringLiteral("--api-url"), m_url, QStringLiteral("--json"),
                 QStringLiteral("resync"), QStringLiteral("--kb"), active->first,
                 QStringLiteral("--source"), active->second},
                env);
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(jsonLines(r.out).value(0).value(QStringLiteral("outcome")).toString(),
                 QStringLiteral("unauthorized"));
        QVERIFY(!r.out.contains(wrong.toUtf8()) && !r.err.contains(wrong.toUtf8()));
        QVERIFY(!m_server.stderrLog().contains(wrong.toUtf8()));
        QVERIFY(!m_server.stderrLog().contains(m_server.apiKey()));
    }

    void keyFile_isReadAndAuditHoldsNoKey()
    {
        QProcessEnvironment env = m_env;
        env.remove(QStringLiteral("FEATHER_API_KEY"));
        ProcessResult r = ctl({QStringLiteral("--api-url"), m_url, QStringLiteral("kbs")}, env);
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains("FEATHER_API_KEY"));
        r = ctl({QStringLiteral("--api-url"), m_url, QStringLiteral("--api-key-file"),
                 m_server.keyFile(), QStringLiteral("kbs")},
                env);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        // Every resync so far wrote audit rows; none may hold the key.
        QFile audit(
            m_home.filePath(QStringLiteral("data/Feather/feather-ops-console/audit.sqlite")));
        QVERIFY2(audit.open(QIODevice::ReadOnly), qPrintable(audit.fileName()));
        QByteArray bytes = audit.readAll();
        QFile wal(audit.fileName() + QStringLiteral("-wal"));
        if (wal.open(QIODevice::ReadOnly))
            bytes += wal.readAll();
        QVERIFY(bytes.size() > 0);
        QVERIFY(!bytes.contains(m_server.apiKey()));
    }

    void plainHttpToRemoteHost_isRefused()
    {
        const ProcessResult r =
            ctl({QStringLiteral("--api-url"), QStringLiteral("http://api.example.com"),
                 QStringLiteral("kbs")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("http"), r.err.constData());
    }

    void unknownProfile_exitsTwoWithReason()
    {
        const ProcessResult r =
            ctl({QStringLiteral("--profile"), QStringLiteral("nope"), QStringLiteral("kbs")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("no profile named"), r.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestFeatherctlApi)
#include "tst_featherctl_api.moc"
