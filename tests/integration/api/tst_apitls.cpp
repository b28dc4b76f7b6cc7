// TLS (reliability.md §7 scenario 15): certificate errors abort before any HTTP byte is sent
// and are shown; a private CA from the configuration makes the same server work; redirects
// from https to http are not followed. Certificates are made at test time with openssl.
#include "apitestutil.h"
#include "support/testsupport.h"

#include <QDirIterator>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace feather;
using namespace feather::test;

class TestApiTls final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();

    void selfSignedCertificate_refused_beforeAnyRequestLine();
    void selfSignedCertificate_trustedAsExtraCa_succeeds();
    void trustedCaButWrongHostName_refused();
    void handshakeNeverCompletes_deadline_networkErrorNothingSent();
    void httpsRedirectToHttp_notFollowed();
    void productCode_neverCallsIgnoreSslErrors();

    void apiKey_neverAppearsInAnyMessageOrLogLine(); // keep last

private:
    QTemporaryDir m_dir;
    TestCertificate m_cert;      // for 127.0.0.1 / localhost
    TestCertificate m_otherHost; // for other.example only
};

void TestApiTls::initTestCase()
{
    if (!QSslSocket::supportsSsl())
        QSKIP("no TLS backend");
    TextCollector::instance().captureLogs();
    QVERIFY(m_dir.isValid());
    QString why;
    m_cert = makeSelfSignedCertificate(m_dir.path(), &why);
    QVERIFY2(m_cert.valid, qPrintable(why));
    QVERIFY(QDir().mkpath(m_dir.filePath(u"other"_s)));
    m_otherHost = makeSelfSignedCertificate(m_dir.filePath(u"other"_s), &why, u"other.example"_s);
    QVERIFY2(m_otherHost.valid, qPrintable(why));
}

void TestApiTls::selfSignedCertificate_refused_beforeAnyRequestLine()
{
    ScriptedHttpServer server;
    QVERIFY(server.listenTls(m_cert.certificate, m_cert.key));
    server.setHandler(
        [](const RecordedRequest &) { return ScriptedReply::json(200, triggerOk()); });
    ApiBackend backend(configFor(server.baseUrl()));

    const TriggerResult r = noted(await(backend.trigger(target1())));

    QCOMPARE_OUTCOME(r.outcome, Outcome::NetworkError);
    QVERIFY2(r.message.startsWith(u"TLS error with https://127.0.0.1:"_s), qPrintable(r.message));
    QVERIFY2(r.message.contains(u"self signed"_s, Qt::CaseInsensitive)
                 || r.message.contains(u"self-signed"_s, Qt::CaseInsensitive),
             qPrintable(r.message));
    QVERIFY(r.message.endsWith(u"nothing was sent"_s));
    QVERIFY(server.tlsHandshakesStarted() >= 1); // the client did connect…
    QCOMPARE(server.requests().size(), 0);       // …but no request line arrived
    QCOMPARE(server.bytesReceived(), 0);

    const KnowledgeBasesResult list = noted(await(backend.listKnowledgeBases())); // reads too
    QCOMPARE_OUTCOME(list.error->outcome, Outcome::NetworkError);
    QCOMPARE(server.requests().size(), 0);
}

void TestApiTls::selfSignedCertificate_trustedAsExtraCa_succeeds()
{
    ScriptedHttpServer server;
    QVERIFY(server.listenTls(m_cert.certificate, m_cert.key));
    server.setHandler(
        [](const RecordedRequest &) { return ScriptedReply::json(200, triggerOk()); });
    for (const QString &host : {u"127.0.0.1"_s, u"localhost"_s}) {
        ApiConfig config = configFor(QUrl(u"https://%1:%2"_s.arg(host).arg(server.port())));
        config.extraCaCertificates = {m_cert.certificate};
        ApiBackend backend(config);
        const TriggerResult r = noted(await(backend.trigger(target1())));
        QCOMPARE_OUTCOME(r.outcome, Outcome::Triggered);
        QCOMPARE(r.jobId, Job1);
    }
    QCOMPARE(server.requests().size(), 2);
    QCOMPARE(server.requests()[0].header("x-api-key"), TestApiKey.toLatin1());
}

void TestApiTls::trustedCaButWrongHostName_refused()
{
    ScriptedHttpServer server;
    QVERIFY(server.listenTls(m_otherHost.certificate, m_otherHost.key));
    ApiConfig config = configFor(server.baseUrl());
    config.extraCaCertificates = {m_otherHost.certificate};
    ApiBackend backend(config);

    const TriggerResult r = noted(await(backend.trigger(target1())));

    QCOMPARE_OUTCOME(r.outcome, Outcome::NetworkError);
    QVERIFY2(r.message.contains(u"host name did not match"_s, Qt::CaseInsensitive),
             qPrintable(r.message));
    QCOMPARE(server.requests().size(), 0);
    QCOMPARE(server.bytesReceived(), 0);
}

void TestApiTls::handshakeNeverCompletes_deadline_networkErrorNothingSent()
{
    QTcpServer silent; // accepts TCP, never says ServerHello
    QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
    QList<QTcpSocket *> accepted;
    connect(&silent, &QTcpServer::newConnection, this,
            [&] { accepted << silent.nextPendingConnection(); });
    ApiBackend backend(configFor(QUrl(u"https://127.0.0.1:%1"_s.arg(silent.serverPort())), 500));

    const TriggerResult r = noted(await(backend.trigger(target1())));

    QCOMPARE_OUTCOME(r.outcome, Outcome::NetworkError);
    QVERIFY2(r.message.contains(u"nothing was sent"_s), qPrintable(r.message));
    QVERIFY(!accepted.isEmpty());
}

void TestApiTls::httpsRedirectToHttp_notFollowed()
{
    ScriptedHttpServer plain;
    QVERIFY(plain.listen());
    plain.setHandler([](const RecordedRequest &) { return ScriptedReply::json(200, triggerOk()); });
    ScriptedHttpServer tls;
    QVERIFY(tls.listenTls(m_cert.certificate, m_cert.key));
    tls.setHandler([&](const RecordedRequest &) {
        ScriptedReply r;
        r.status = 308;
        r.headers = {{"Location", plain.baseUrl().toEncoded() + triggerPath()}};
        return r;
    });
    ApiConfig config = configFor(tls.baseUrl());
    config.extraCaCertificates = {m_cert.certificate};
    ApiBackend backend(config);

    const TriggerResult r = noted(await(backend.trigger(target1())));

    QCOMPARE_OUTCOME(r.outcome, Outcome::ServerError);
    QCOMPARE(r.httpStatus, 308);
    QVERIFY2(r.message.startsWith(u"unexpected redirect to "_s + originOf(plain.baseUrl())),
             qPrintable(r.message));
    QCOMPARE(plain.requests().size(), 0);
    QCOMPARE(tls.requests().size(), 1);
}

void TestApiTls::productCode_neverCallsIgnoreSslErrors()
{
    const QString appDir = qEnvironmentVariable("FEATHER_SOURCE_DIR") + u"/app"_s;
    QVERIFY2(QFileInfo(appDir).isDir(), qPrintable(appDir));
    int files = 0;
    QDirIterator it(appDir, {u"*.cpp"_s, u"*.h"_s}, QDir::Files,
                    QDirIterator::Subdirectories | QDirIterator::FollowSymlinks);
    while (it.hasNext()) {
        QFile f(it.next());
        QVERIFY(f.open(QIODevice::ReadOnly));
        ++files;
        QVERIFY2(!f.readAll().contains("ignoreSslErrors("), qPrintable(f.fileName()));
    }
    QVERIFY(files > 5);
}

void TestApiTls::apiKey_neverAppearsInAnyMessageOrLogLine()
{
    const QStringList texts = TextCollector::instance().texts();
    if (texts.size() < 10)
        QSKIP("run the whole file: this test checks what the other tests produced");
    for (const QString &text : texts)
        QVERIFY2(!text.contains(TestApiKey), qPrintable(u"key leaked in: "_s + text.left(200)));
}

QTEST_GUILESS_MAIN(TestApiTls)
#include "tst_apitls.moc"
