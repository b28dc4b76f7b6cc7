// feather-devserver against hostile or careless clients: the key is checked from the headers
// before a body is read, bodies and heads are capped, slow clients time out, Connection:
// close is honoured, idle sockets cannot lock others out, framing tricks are refused, a 422
// never echoes a large body, and SIGTERM stops it promptly. Times printed here are
// measurements; the only time bounds asserted are generous liveness bounds.
#include "devserverharness.h"
#include "rawhttp.h"

#include <QElapsedTimer>
#include <QFile>
#include <QTcpSocket>
#include <QTest>
#include <csignal>
#include <sys/resource.h>

using namespace feather::test;

namespace {

// A field of /proc/PID/status in kB (VmRSS, VmHWM), -1 when unreadable.
qint64 procStatusKb(qint64 pid, const QByteArray &field)
{
    QFile f(QStringLiteral("/proc/%1/status").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n')) {
        if (line.startsWith(QByteArray(field + ':')))
            return line.mid(field.size() + 1).trimmed().split(' ').first().toLongLong();
    }
    return -1;
}

void raiseOwnFileLimit()
{
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        ::setrlimit(RLIMIT_NOFILE, &limit);
    }
}

const QByteArray kKbs = "/v1/knowledge-base/knowledge-bases";
const QByteArray kZero = "00000000-0000-0000-0000-000000000000";

} // namespace

class TestDevServerHardening final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void unauthenticatedHugeBody_refusedFromTheHeaders_memoryStaysFlat();
    void bodyOverTheLimit_is413_unread();
    void slowClients_closedWithinTheTimeouts();
    void connectionClose_isHonoured_keepAliveOtherwise();
    void idleSockets_pastTheConnectionCap_cannotLockOthersOut();
    void framingTricks_refused_chunkedBodiesAccepted();
    void validationError_echoesOnlyAnExcerptOfAHugeBody();
    void sigterm_stopsPromptly();
};

void TestDevServerHardening::unauthenticatedHugeBody_refusedFromTheHeaders_memoryStaysFlat()
{
    DevServerProcess server;
    QString why;
    QVERIFY2(server.start({}, &why, 50), qPrintable(why));
    const qint64 pid = server.process().processId();
    const qint64 peakBefore = procStatusKb(pid, "VmHWM");
    QVERIFY(peakBefore > 0);
    qint64 sentTotal = 0;
    for (int round = 0; round < 4; ++round) {
        // 250 MB announced, no key: the answer must come from the headers alone.
        QTcpSocket socket;
        socket.connectToHost(QStringLiteral("127.0.0.1"), server.port());
        QVERIFY(socket.waitForConnected(5000));
        socket.write("POST " + kKbs + "/" + QByteArray(36, '0') + "/sources/" + QByteArray(36, '0')
                     + "/sync HTTP/1.1\r\nHost: x\r\n"
                     + "Content-Type: application/json\r\nContent-Length: 262144000\r\n\r\n");
        const QByteArray chunk(1024 * 1024, 'x');
        QByteArray answer;
        QElapsedTimer timer;
        timer.start();
        qint64 sent = 0;
        while (sent < 262144000 && socket.state() == QAbstractSocket::ConnectedState
               && timer.elapsed() < 30000) {
            if (socket.bytesToWrite() < 4 * chunk.size()) {
                socket.write(chunk);
                sent += chunk.size();
            }
            socket.waitForBytesWritten(50);
            answer += socket.readAll();
        }
        while (socket.waitForReadyRead(2000))
            answer += socket.readAll();
        answer += socket.readAll();
        sentTotal += sent - socket.bytesToWrite();
        QVERIFY2(answer.startsWith("HTTP/1.1 401 "), answer.left(200).constData());
        QVERIFY(answer.contains("authentication_required"));
    }
    const qint64 peakAfter = procStatusKb(pid, "VmHWM");
    qInfo("4 × 250 MB announced without a key: %lld MB actually sent before the server closed; "
          "server peak RSS %lld → %lld kB",
          sentTotal / (1024 * 1024), peakBefore, peakAfter);
    QVERIFY2(peakAfter - peakBefore < 64 * 1024,
             qPrintable(QStringLiteral("peak RSS grew by %1 kB").arg(peakAfter - peakBefore)));
    QCOMPARE(rawExchange(server.port(), rawRequest("GET", kKbs, server.apiKey())).status, 200);
}

void TestDevServerHardening::bodyOverTheLimit_is413_unread()
{
    DevServerProcess server;
    QString why;
    QVERIFY2(server.start({QStringLiteral("--max-body-bytes"), QStringLiteral("1000")}, &why, 20),
             qPrintable(why));
    const QByteArray path = kKbs + "/" + kZero + "/sources/" + kZero + "/schedule";
    const RawReply big = rawExchange(
        server.port(), rawRequest("PATCH", path, server.apiKey(), QByteArray(1001, ' ')));
    QCOMPARE(big.status, 413);
    QVERIFY(big.closedByServer);
    QCOMPARE(big.json().object().value(QLatin1String("error")).toString(),
             QStringLiteral("payload_too_large"));
    // At the limit it is read (and answered on its merits: not JSON → 422).
    const RawReply fits = rawExchange(
        server.port(), rawRequest("PATCH", path, server.apiKey(), QByteArray(1000, ' ')));
    QCOMPARE(fits.status, 422);
}

void TestDevServerHardening::slowClients_closedWithinTheTimeouts()
{
    DevServerProcess server;
    QString why;
    QVERIFY2(server.start({QStringLiteral("--idle-timeout"), QStringLiteral("1"),
                           QStringLiteral("--header-timeout"), QStringLiteral("1"),
                           QStringLiteral("--request-timeout"), QStringLiteral("1")},
                          &why, 20),
             qPrintable(why));
    // 10 silent sockets, 10 that trickle a head one byte every 200 ms (slowloris), 10 that
    // send a head announcing a body they never send.
    std::vector<std::unique_ptr<QTcpSocket>> sockets;
    for (int i = 0; i < 30; ++i) {
        sockets.push_back(std::make_unique<QTcpSocket>());
        sockets.back()->connectToHost(QStringLiteral("127.0.0.1"), server.port());
        QVERIFY(sockets.back()->waitForConnected(5000));
        if (i >= 20)
            sockets.back()->write("PATCH " + kKbs + " HTTP/1.1\r\nHost: x\r\nx-api-key: "
                                  + server.apiKey() + "\r\nContent-Length: 100\r\n\r\n{");
    }
    const QByteArray head = "GET " + kKbs + " HTTP/1.1\r\nHost: x\r\nX-Slow: ";
    QElapsedTimer timer;
    timer.start();
    std::vector<qint64> closedAt(sockets.size(), -1);
    QByteArray answers;
    int step = 0;
    while (timer.elapsed() < 8000) {
        bool open = false;
        for (size_t i = 0; i < sockets.size(); ++i) {
            QTcpSocket &s = *sockets[i];
            if (closedAt[i] >= 0)
                continue;
            if (i >= 10 && i < 20 && s.state() == QAbstractSocket::ConnectedState)
                s.write(head.mid(step % head.size(), 1));
            s.waitForReadyRead(1);
            if (s.bytesAvailable() > 0)
                answers += s.readAll() + '|';
            if (s.state() != QAbstractSocket::ConnectedState || !s.isValid())
                closedAt[i] = timer.elapsed();
            else
                open = true;
        }
        if (!open)
            break;
        ++step;
        QTest::qWait(200 / int(sockets.size()) + 1);
    }
    const qint64 worst = *std::max_element(closedAt.begin(), closedAt.end());
    qInfo("silent, slowloris and stalled-body sockets closed by the server after at most %lld ms "
          "(timeouts 1 s)",
          worst);
    for (size_t i = 0; i < closedAt.size(); ++i)
        QVERIFY2(closedAt[i] >= 0, qPrintable(QStringLiteral("socket %1 still open").arg(i)));
    QVERIFY2(worst < 4000, qPrintable(QStringLiteral("%1 ms").arg(worst))); // liveness bound
    QVERIFY(answers.contains("HTTP/1.1 408 ")); // the slow heads and bodies were told why
    QCOMPARE(rawExchange(server.port(), rawRequest("GET", kKbs, server.apiKey())).status, 200);
}

void TestDevServerHardening::connectionClose_isHonoured_keepAliveOtherwise()
{
    DevServerProcess server;
    QString why;
    QVERIFY2(server.start({}, &why, 20), qPrintable(why));
    const RawReply closing = rawExchange(server.port(), rawRequest("GET", kKbs, server.apiKey()));
    QCOMPARE(closing.status, 200);
    QCOMPARE(closing.header("connection"), QByteArray("close"));
    QVERIFY(closing.closedByServer);

    // Without it: two pipelined requests, two answers in order, and the connection stays.
    QTcpSocket socket;
    socket.connectToHost(QStringLiteral("127.0.0.1"), server.port());
    QVERIFY(socket.waitForConnected(5000));
    const QByteArray one = "GET " + kKbs + "?limit=1 HTTP/1.1\r\nHost: x\r\nx-api-key: "
                           + server.apiKey() + "\r\n\r\n";
    socket.write(one + "GET /nope HTTP/1.1\r\nHost: x\r\n\r\n");
    QByteArray in;
    QElapsedTimer timer;
    timer.start();
    while (in.count("HTTP/1.1 ") < 2 && timer.elapsed() < 10000 && socket.waitForReadyRead(5000))
        in += socket.readAll();
    QCOMPARE(in.count("HTTP/1.1 "), 2);
    QVERIFY(in.indexOf("HTTP/1.1 200 ") < in.indexOf("HTTP/1.1 404 "));
    QVERIFY(!in.contains("connection: close"));
    QVERIFY(!socket.waitForDisconnected(500));
    // HTTP/1.0 closes unless asked to keep alive.
    const RawReply old = rawExchange(server.port(), "GET /nope HTTP/1.0\r\n\r\n");
    QCOMPARE(old.status, 404);
    QVERIFY(old.closedByServer);
}

void TestDevServerHardening::idleSockets_pastTheConnectionCap_cannotLockOthersOut()
{
    raiseOwnFileLimit();
    DevServerProcess server;
    QString why;
    QVERIFY2(server.start({QStringLiteral("--max-connections"), QStringLiteral("1000"),
                           QStringLiteral("--idle-timeout"), QStringLiteral("60")},
                          &why, 20),
             qPrintable(why));
    std::vector<std::unique_ptr<QTcpSocket>> idle;
    for (int i = 0; i < 1100; ++i) {
        idle.push_back(std::make_unique<QTcpSocket>());
        idle.back()->connectToHost(QStringLiteral("127.0.0.1"), server.port());
    }
    int connected = 0;
    for (auto &s : idle)
        connected += s->waitForConnected(5000) ? 1 : 0;
    QCOMPARE(connected, 1100);
    QTest::qWait(500);
    QElapsedTimer timer;
    timer.start();
    for (int i = 0; i < 5; ++i)
        QCOMPARE(rawExchange(server.port(), rawRequest("GET", kKbs, server.apiKey()), 10000).status,
                 200);
    qInfo("5 requests answered next to 1,100 idle sockets (cap 1,000) in %lld ms", timer.elapsed());
    // The longest-idle sockets were closed to make room; the rest are still open.
    QTest::qWait(200);
    int open = 0;
    for (auto &s : idle) {
        s->waitForReadyRead(0);
        open += s->state() == QAbstractSocket::ConnectedState ? 1 : 0;
    }
    qInfo("%d of 1,100 idle sockets still open", open);
    QVERIFY(open < 1100);
    QVERIFY(open >= 900);
}

void TestDevServerHardening::framingTricks_refused_chunkedBodiesAccepted()
{
    DevServerProcess server;
    QString why;
    QVERIFY2(server.start({}, &why, 20), qPrintable(why));
    const QByteArray key = "x-api-key: " + server.apiKey();
    const QByteArray head = "PATCH " + kKbs + " HTTP/1.1\r\nHost: x\r\n" + key + "\r\n";
    for (const QByteArray &framing : QList<QByteArray>{
             QByteArray("Content-Length: -5\r\n"), QByteArray("Content-Length: +5\r\n"),
             QByteArray("Content-Length: 5, 6\r\n"),
             QByteArray("Content-Length: 5\r\nContent-Length: 6\r\n"),
             QByteArray("Content-Length: 5\r\nTransfer-Encoding: chunked\r\n"),
             QByteArray("Transfer-Encoding: gzip\r\n"), QByteArray("Content-Length : 5\r\n")}) {
        const RawReply r = rawExchange(server.port(), head + framing + "\r\n12345");
        QVERIFY2(r.status == 400 || r.status == 501, framing.constData());
        QVERIFY2(r.closedByServer, framing.constData());
    }
    // A chunked body is read and answered (here: 405, PATCH is not a method of that path).
    const QByteArray sources = kKbs + "/" + kZero + "/sources/" + kZero + "/schedule";
    const RawReply chunked = rawExchange(
        server.port(), "PATCH " + sources + " HTTP/1.1\r\nHost: x\r\n" + key
                           + "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                             "5\r\n{\"aut\r\n17\r\no_sync_enabled\": false}\r\n0\r\n\r\n");
    QCOMPARE(chunked.status, 404); // parsed fine; that source does not exist
    QCOMPARE(chunked.json().object().value(QLatin1String("error")).toString(),
             QStringLiteral("not_found"));
}

void TestDevServerHardening::validationError_echoesOnlyAnExcerptOfAHugeBody()
{
    DevServerProcess server;
    QString why;
    QVERIFY2(
        server.start({QStringLiteral("--max-body-bytes"), QStringLiteral("20000000")}, &why, 20),
        qPrintable(why));
    const RawReply kbs =
        rawExchange(server.port(), rawRequest("GET", kKbs + "?limit=1", server.apiKey()));
    const QString kb = kbs.json()
                           .object()
                           .value(QLatin1String("items"))
                           .toArray()
                           .first()
                           .toObject()
                           .value(QLatin1String("id"))
                           .toString();
    const RawReply sources = rawExchange(
        server.port(),
        rawRequest("GET", kKbs + '/' + kb.toLatin1() + "/sources?limit=1", server.apiKey()));
    const QString source = sources.json()
                               .object()
                               .value(QLatin1String("items"))
                               .toArray()
                               .first()
                               .toObject()
                               .value(QLatin1String("id"))
                               .toString();
    const QByteArray path =
        kKbs + '/' + kb.toLatin1() + "/sources/" + source.toLatin1() + "/schedule";
    QByteArray array = "[";
    while (array.size() < 10 * 1024 * 1024)
        array += "\"0123456789abcdef0123456789abcdef\",";
    array += "1]";
    for (const QByteArray &body : QList<QByteArray>{
             array, "{\"auto_sync_enabled\": \"" + QByteArray(10 * 1024 * 1024, 'y') + "\"}"}) {
        const RawReply r =
            rawExchange(server.port(), rawRequest("PATCH", path, server.apiKey(), body), 60000);
        QCOMPARE(r.status, 422);
        QVERIFY2(r.body.size() < 2048, qPrintable(QString::number(r.body.size())));
        const QJsonObject entry =
            r.json().object().value(QLatin1String("detail")).toArray().first().toObject();
        QVERIFY(entry.value(QLatin1String("input")).toString().contains(QLatin1String("in all")));
    }
}

void TestDevServerHardening::sigterm_stopsPromptly()
{
    DevServerProcess server;
    QString why;
    QVERIFY2(server.start({}, &why, 2000), qPrintable(why));
    QCOMPARE(rawExchange(server.port(), rawRequest("GET", kKbs, server.apiKey())).status, 200);
    QTest::qWait(600); // idle: a few job-simulation ticks have run
    QElapsedTimer timer;
    timer.start();
    int exitCode = -1;
    QVERIFY(server.terminate(&exitCode));
    const qint64 ms = timer.elapsed();
    qInfo("idle server (2,000 sources) stopped %lld ms after SIGTERM", ms);
    QCOMPARE(exitCode, 0);
    QVERIFY2(ms < 5000, qPrintable(QStringLiteral("%1 ms").arg(ms))); // liveness bound
}

QTEST_GUILESS_MAIN(TestDevServerHardening)
#include "tst_devserver_hardening.moc"
