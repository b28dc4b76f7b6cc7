// feather-devserver's fault knobs and process behaviour: --rate-limit, --fail-every,
// --latency-ms, refusing to start without a key, --help/--version, SIGTERM and SIGKILL.
#include "devserverharness.h"
#include "support/testsupport.h"

#include <QElapsedTimer>
#include <QTest>

using namespace feather::test;

class TestDevServerFaults final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void rateLimit_answers429WithRetryAfter_thenRecovers();
    void failEvery_answers500OnEveryNthTrigger_withoutTouchingTheDatabase();
    void latency_delaysEveryAnswer();
    void clientHangsUpBeforeTheAnswer_serverKeepsServing();
    void startWithoutKey_exits2WithOneLineReason();
    void badArguments_exit2WithOneLineReason();
    void keyFromEnvironment_isAccepted();
    void helpAndVersion_describeTheProgram();
    void sigterm_exitsCleanly();
    void sigkillMidBatch_clientSeesConnectionClosedOrRefused();
};

void TestDevServerFaults::rateLimit_answers429WithRetryAfter_thenRecovers()
{
    DevServerProcess server;
    QString why;
    QVERIFY2(server.start({QStringLiteral("--rate-limit"), QStringLiteral("5")}, &why, 20),
             qPrintable(why));
    ApiClient client(server, 4);
    QList<QNetworkReply *> burst;
    for (int i = 0; i < 24; ++i)
        burst.append(
            client.send("GET", QStringLiteral("/knowledge-bases?limit=1"), {}, {}, true, i));
    QElapsedTimer timer;
    timer.start();
    const QList<HttpReply> replies = client.collect(burst);
    int ok = 0, limited = 0;
    for (const HttpReply &r : replies) {
        if (r.status == 200) {
            ++ok;
        } else {
            QCOMPARE(r.status, 429);
            ++limited;
            bool isNumber = false;
            const int retryAfter = r.header("retry-after").toInt(&isNumber);
            QVERIFY2(isNumber && retryAfter >= 1, r.header("retry-after").constData());
            QCOMPARE(r.json.value(QLatin1String("error")).toString(),
                     QStringLiteral("rate_limited"));
            QVERIFY(!r.json.value(QLatin1String("message")).toString().isEmpty());
        }
    }
    // A burst of 5 plus at most 5 per second refilled while the burst was served.
    const int allowed = 5 + int(5 * (timer.elapsed() + 999) / 1000);
    QVERIFY2(ok >= 5 && ok <= allowed, qPrintable(QStringLiteral("%1 of 24 got through").arg(ok)));
    QVERIFY(limited >= 24 - allowed);
    // After Retry-After (1 s at 5/s) the bucket has tokens again.
    QTest::qWait(1100);
    QCOMPARE(client.get(QStringLiteral("/knowledge-bases?limit=1")).status, 200);
}

void TestDevServerFaults::failEvery_answers500OnEveryNthTrigger_withoutTouchingTheDatabase()
{
    DevServerProcess server;
    QString why;
    QVERIFY2(server.start({QStringLiteral("--fail-every"), QStringLiteral("3"),
                           QStringLiteral("--sync-seconds"), QStringLiteral("600")},
                          &why, 60),
             qPrintable(why));
    ApiClient client(server);
    QSet<QString> used;
    QList<int> statuses;
    for (int i = 1; i <= 9; ++i) {
        const auto target = findSource(client, QStringLiteral("active"), used);
        QVERIFY(target);
        used.insert(target->second);
        const int jobsBefore = jobRowCount(server.dbUrl(), target->second, &why);
        QVERIFY2(jobsBefore >= 0, qPrintable(why));
        const HttpReply reply =
            client.post(sourcePath(target->first, target->second, QStringLiteral("/sync")));
        statuses.append(reply.status);
        if (i % 3 == 0) {
            QCOMPARE(reply.status, 500);
            QCOMPARE(reply.json.value(QLatin1String("error")).toString(),
                     QStringLiteral("internal_error"));
            QCOMPARE(jobRowCount(server.dbUrl(), target->second, &why), jobsBefore);
            QCOMPARE(client.get(sourcePath(target->first, target->second))
                         .json.value(QLatin1String("status"))
                         .toString(),
                     QStringLiteral("active"));
        } else {
            QCOMPARE(reply.status, 200);
            QCOMPARE(jobRowCount(server.dbUrl(), target->second, &why), jobsBefore + 1);
        }
    }
    QCOMPARE(statuses, (QList<int>{200, 200, 500, 200, 200, 500, 200, 200, 500}));
    // Other requests do not count towards the cadence and never fail.
    for (int i = 0; i < 5; ++i)
        QCOMPARE(client.get(QStringLiteral("/knowledge-bases?limit=1")).status, 200);
}

void TestDevServerFaults::latency_delaysEveryAnswer()
{
    DevServerProcess server;
    QString why;
    QVERIFY2(server.start({QStringLiteral("--latency-ms"), QStringLiteral("400")}, &why, 20),
             qPrintable(why));
    ApiClient client(server, 2);
    // Two at once: the delay is a timer, not a sleeping worker, so they overlap.
    QElapsedTimer timer;
    timer.start();
    const QList<HttpReply> replies = client.collect(
        {client.send("GET", QStringLiteral("/knowledge-bases?limit=1"), {}, {}, true, 0),
         client.send("GET", QStringLiteral("/knowledge-bases/x"), {}, {}, true, 1)});
    const qint64 elapsed = timer.elapsed();
    QCOMPARE(replies.at(0).status, 200);
    QCOMPARE(replies.at(1).status, 422);
    QVERIFY2(replies.at(0).elapsedMs >= 400 && replies.at(1).elapsedMs >= 400,
             "an answer came before --latency-ms");
    QVERIFY2(elapsed < 5000, qPrintable(QString::number(elapsed)));
}

void TestDevServerFaults::clientHangsUpBeforeTheAnswer_serverKeepsServing()
{
    DevServerProcess server;
    QString why;
    QVERIFY2(server.start({QStringLiteral("--latency-ms"), QStringLiteral("600")}, &why, 20),
             qPrintable(why));
    ApiClient client(server, 3);
    QList<QNetworkReply *> abandoned;
    for (int i = 0; i < 12; ++i)
        abandoned.append(client.send("GET", QStringLiteral("/knowledge-bases"), {}, {}, true, i));
    QTest::qWait(200);
    for (QNetworkReply *reply : abandoned)
        reply->abort(); // the server still holds these requests, their sockets now closed
    client.collect(abandoned);
    QTest::qWait(800); // past the latency: the server tries to answer the departed clients
    QCOMPARE(server.process().state(), QProcess::Running);
    QCOMPARE(client.get(QStringLiteral("/knowledge-bases?limit=1")).status, 200);
    QVERIFY2(server.stderrLog().contains("(client gone)"), server.stderrLog().constData());
}

void TestDevServerFaults::startWithoutKey_exits2WithOneLineReason()
{
    QTemporaryDir dir;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("FEATHER_API_KEY"));
    const QString db = QStringLiteral("--db=sqlite://") + dir.filePath(QStringLiteral("f.db"));
    const ProcessResult r =
        runProcess(binaryPath(QStringLiteral("feather-devserver")),
                   {db, QStringLiteral("--listen=127.0.0.1:0")}, env, {}, 20000);
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.out.isEmpty());
    QCOMPARE(r.err.count('\n'), 1);
    QVERIFY2(r.err.contains("API key"), r.err.constData());
    QVERIFY2(!QFile::exists(dir.filePath(QStringLiteral("f.db"))),
             "the database was touched before the key check");

    // An empty key variable or key file is no key either.
    env.insert(QStringLiteral("FEATHER_API_KEY"), QStringLiteral("   "));
    QCOMPARE(
        runProcess(binaryPath(QStringLiteral("feather-devserver")), {db}, env, {}, 20000).exitCode,
        2);
    QFile empty(dir.filePath(QStringLiteral("empty-key")));
    QVERIFY(empty.open(QIODevice::WriteOnly));
    empty.close();
    const ProcessResult e =
        runProcess(binaryPath(QStringLiteral("feather-devserver")),
                   {db, QStringLiteral("--api-key-file"), empty.fileName()}, env, {}, 20000);
    QCOMPARE(e.exitCode, 2);
    QVERIFY2(e.err.contains("empty"), e.err.constData());
}

void TestDevServerFaults::badArguments_exit2WithOneLineReason()
{
    QTemporaryDir dir;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("FEATHER_API_KEY"), QStringLiteral("fth_test_key_never_printed"));
    const QString db = QStringLiteral("sqlite://") + dir.filePath(QStringLiteral("f.db"));
    const QList<QStringList> cases = {
        {}, // no --db
        {QStringLiteral("--db"), QStringLiteral("mysql://x")},
        {QStringLiteral("--db"),
         QStringLiteral("postgresql://u:secret@localhost/db")}, // password in URL
        {QStringLiteral("--db"), db, QStringLiteral("--listen"), QStringLiteral("0.0.0.0:8000")},
        {QStringLiteral("--db"), db, QStringLiteral("--listen"), QStringLiteral("127.0.0.1:99999")},
        {QStringLiteral("--db"), db, QStringLiteral("--listen"), QStringLiteral("example.com:80")},
        {QStringLiteral("--db"), db, QStringLiteral("--fail-every"), QStringLiteral("-1")},
        {QStringLiteral("--db"), db, QStringLiteral("--rate-limit"), QStringLiteral("fast")},
        {QStringLiteral("--db"), db, QStringLiteral("--no-such-option")},
        {QStringLiteral("--db"), db, QStringLiteral("extra")},
    };
    for (const QStringList &args : cases) {
        const ProcessResult r =
            runProcess(binaryPath(QStringLiteral("feather-devserver")), args, env, {}, 20000);
        QVERIFY2(r.exitCode == 2, qPrintable(args.join(u' ')));
        QVERIFY2(r.err.count('\n') == 1 && r.err.startsWith("feather-devserver: "),
                 r.err.constData());
        QVERIFY(!r.err.contains("fth_test_key_never_printed"));
        QVERIFY(!r.err.contains("secret"));
    }
    QVERIFY2(!QFile::exists(dir.filePath(QStringLiteral("f.db"))),
             "a refused start touched the database");
}

void TestDevServerFaults::keyFromEnvironment_isAccepted()
{
    QTemporaryDir dir;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("FEATHER_API_KEY"), QStringLiteral("fth_env_key_123"));
    QProcess p;
    p.setProcessEnvironment(env);
    const QString ready = dir.filePath(QStringLiteral("ready"));
    p.start(binaryPath(QStringLiteral("feather-devserver")),
            {QStringLiteral("--db"),
             QStringLiteral("sqlite://") + dir.filePath(QStringLiteral("f.db")),
             QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
             QStringLiteral("--ready-file"), ready});
    QVERIFY(p.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(ready), 20000);
    QFile f(ready);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const int port = f.readAll().trimmed().toInt();
    QVERIFY(port > 0);
    QNetworkAccessManager nam;
    QNetworkRequest request(
        QUrl(QStringLiteral("http://127.0.0.1:%1/v1/knowledge-base/knowledge-bases").arg(port)));
    request.setRawHeader("x-api-key", "fth_env_key_123");
    QNetworkReply *reply = nam.get(request);
    QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 10000);
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    delete reply;
    p.terminate();
    QVERIFY(p.waitForFinished(10000));
    QCOMPARE(p.exitCode(), 0);
    QVERIFY(!p.readAllStandardError().contains("fth_env_key_123"));
}

void TestDevServerFaults::helpAndVersion_describeTheProgram()
{
    const ProcessResult version =
        runProcess(binaryPath(QStringLiteral("feather-devserver")), {QStringLiteral("--version")});
    QCOMPARE(version.exitCode, 0);
    QCOMPARE(version.out, QByteArray("feather-devserver " FEATHER_VERSION "\n"));
    const ProcessResult help =
        runProcess(binaryPath(QStringLiteral("feather-devserver")), {QStringLiteral("--help")});
    QCOMPARE(help.exitCode, 0);
    for (const char *option :
         {"--db", "--listen", "--allow-remote", "--api-key-file", "--sync-seconds",
          "--job-fail-every", "--fail-every", "--latency-ms", "--rate-limit", "--threads",
          "--seed-demo", "--ready-file", "FEATHER_API_KEY", "PGPASSWORD"})
        QVERIFY2(help.out.contains(option), option);
}

void TestDevServerFaults::sigterm_exitsCleanly()
{
    DevServerProcess server;
    QString why;
    QVERIFY2(server.start({}, &why, 10), qPrintable(why));
    ApiClient client(server);
    QCOMPARE(client.get(QStringLiteral("/knowledge-bases")).status, 200);
    int exitCode = -1;
    QVERIFY(server.terminate(&exitCode));
    QCOMPARE(exitCode, 0);
    QVERIFY(server.stderrLog().contains("shutting down"));
    QVERIFY2(!QFile::exists(server.tempPath(QStringLiteral("ready"))),
             "the ready file outlived the server");
}

void TestDevServerFaults::sigkillMidBatch_clientSeesConnectionClosedOrRefused()
{
    DevServerProcess server;
    QString why;
    QVERIFY2(server.start({QStringLiteral("--latency-ms"), QStringLiteral("3000")}, &why, 10),
             qPrintable(why));
    ApiClient client(server, 2);
    QList<QNetworkReply *> batch;
    for (int i = 0; i < 10; ++i)
        batch.append(client.send("GET", QStringLiteral("/knowledge-bases"), {}, {}, true, i));
    QTest::qWait(500); // the requests are sent; their answers wait on --latency-ms
    server.kill();
    const QList<HttpReply> replies = client.collect(batch, 10000);
    for (const HttpReply &r : replies) {
        QCOMPARE(r.status, 0);
        QVERIFY2(r.error == QNetworkReply::RemoteHostClosedError
                     || r.error == QNetworkReply::ConnectionRefusedError,
                 qPrintable(QString::number(int(r.error))));
    }
    const HttpReply after = client.get(QStringLiteral("/knowledge-bases"));
    QCOMPARE(after.status, 0);
    QCOMPARE(after.error, QNetworkReply::ConnectionRefusedError);
}

QTEST_GUILESS_MAIN(TestDevServerFaults)
#include "tst_devserver_faults.moc"
