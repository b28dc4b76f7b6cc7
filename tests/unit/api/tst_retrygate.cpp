// The transport's answer to 429 and temporary 5xx (api/retrygate.h): which requests go again,
// after how long, and when the whole client holds. Pure logic: no sockets, no clock.
#include "api/retrygate.h"

#include <QtTest>

using namespace Qt::StringLiterals;
using namespace feather;
using namespace feather::api;

namespace {
const QDateTime Now = QDateTime(QDate(2026, 11, 29), QTime(12, 0, 0), Qt::UTC);

HttpAnswer answer(int status, const QByteArray &retryAfter = {}, const QByteArray &date = {},
                  const QByteArray &body = {})
{
    HttpAnswer a;
    a.status = status;
    a.retryAfter = retryAfter;
    a.date = date;
    a.body = body;
    return a;
}

RetryLimits limits()
{
    RetryLimits
        l; // the engine's defaults: 3 attempts, 500 ms base, 30 s cap, 120 s Retry-After cap
    return l;
}
} // namespace

class TestRetryGate final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void rateLimitedRead_holdsClient_andRetriesWhenHoldLifts_data();
    void rateLimitedRead_holdsClient_andRetriesWhenHoldLifts();
    void rateLimitedWrite_holdsClient_butIsNeverResent();
    void unavailableRead_retriesAlone_withServerDelayOrJitter();
    void otherStatuses_areNeverRetried_data();
    void otherStatuses_areNeverRetried();
    void attempts_areBounded();
    void retryAfterDate_isMeasuredFromServerDateHeader();
    void jitter_spreadsRetriesOverTheWindow();
};

void TestRetryGate::rateLimitedRead_holdsClient_andRetriesWhenHoldLifts_data()
{
    QTest::addColumn<QByteArray>("retryAfter");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<qint64>("expectedMs");
    QTest::newRow("seconds") << QByteArray("2") << QByteArray() << qint64(2000);
    QTest::newRow("clamped to 120 s") << QByteArray("86400") << QByteArray() << qint64(120000);
    QTest::newRow("body retry_after (API v1.90)")
        << QByteArray() << QByteArray(R"({"error":"rate_limited","message":"m","retry_after":4})")
        << qint64(4000);
    QTest::newRow("none: the backoff ceiling") << QByteArray() << QByteArray() << qint64(500);
    QTest::newRow("garbage: the backoff ceiling")
        << QByteArray("soon") << QByteArray() << qint64(500);
}

void TestRetryGate::rateLimitedRead_holdsClient_andRetriesWhenHoldLifts()
{
    QFETCH(QByteArray, retryAfter);
    QFETCH(QByteArray, body);
    QFETCH(qint64, expectedMs);
    RetryGate gate(limits(), 1);
    const RetryGate::Decision d = gate.onAnswer(true, 1, answer(429, retryAfter, {}, body), Now);
    QCOMPARE(d.holdMs, expectedMs);
    QCOMPARE(d.retryInMs, expectedMs);
}

void TestRetryGate::rateLimitedWrite_holdsClient_butIsNeverResent()
{
    RetryGate gate(limits(), 1);
    const RetryGate::Decision d = gate.onAnswer(false, 1, answer(429, "3"), Now);
    QCOMPARE(d.holdMs, qint64(3000));
    QCOMPARE(d.retryInMs, qint64(-1));
    const RetryGate::Decision unavailable = gate.onAnswer(false, 1, answer(503, "3"), Now);
    QCOMPARE(unavailable.holdMs, qint64(-1));
    QCOMPARE(unavailable.retryInMs, qint64(-1));
}

void TestRetryGate::unavailableRead_retriesAlone_withServerDelayOrJitter()
{
    RetryGate gate(limits(), 7);
    const RetryGate::Decision withDelay = gate.onAnswer(true, 1, answer(503, "7"), Now);
    QCOMPARE(withDelay.holdMs, qint64(-1)); // only a 429 holds everyone
    QCOMPARE(withDelay.retryInMs, qint64(7000));
    for (const int status : {502, 503, 504}) {
        const RetryGate::Decision d = gate.onAnswer(true, 2, answer(status), Now);
        QCOMPARE(d.holdMs, qint64(-1));
        QVERIFY(d.retryInMs >= 0 && d.retryInMs <= 1000); // full jitter under 500·2^1
    }
}

void TestRetryGate::otherStatuses_areNeverRetried_data()
{
    QTest::addColumn<int>("status");
    for (const int status : {200, 400, 401, 403, 404, 409, 422, 500, 501})
        QTest::newRow(qPrintable(QString::number(status))) << status;
}

void TestRetryGate::otherStatuses_areNeverRetried()
{
    QFETCH(int, status);
    RetryGate gate(limits(), 1);
    const RetryGate::Decision d = gate.onAnswer(true, 1, answer(status, "1"), Now);
    QCOMPARE(d.holdMs, qint64(-1));
    QCOMPARE(d.retryInMs, qint64(-1));
}

void TestRetryGate::attempts_areBounded()
{
    RetryLimits l = limits();
    l.maxAttempts = 4;
    RetryGate gate(l, 1);
    int sent = 1;
    while (gate.onAnswer(true, sent, answer(503, "1"), Now).retryInMs >= 0)
        ++sent;
    QCOMPARE(sent, 4);
    // The last 429 still holds the client even though the read is not sent again.
    QCOMPARE(gate.onAnswer(true, 4, answer(429, "1"), Now).holdMs, qint64(1000));
}

void TestRetryGate::retryAfterDate_isMeasuredFromServerDateHeader()
{
    RetryGate gate(limits(), 1);
    // The server's clock is an hour behind ours: its date means "in 30 s", not "an hour ago".
    const RetryGate::Decision d = gate.onAnswer(
        true, 1, answer(429, "Sun, 29 Nov 2026 11:00:30 GMT", "Sun, 29 Nov 2026 11:00:00 GMT"),
        Now);
    QCOMPARE(d.holdMs, qint64(30000));
    // Without a Date header our clock is all there is.
    QCOMPARE(gate.onAnswer(true, 1, answer(429, "Sun, 29 Nov 2026 12:00:20 GMT"), Now).holdMs,
             qint64(20000));
}

void TestRetryGate::jitter_spreadsRetriesOverTheWindow()
{
    RetryGate gate(limits(), 42);
    QSet<qint64> delays;
    for (int i = 0; i < 50; ++i) {
        const qint64 ms = gate.onAnswer(true, 1, answer(503), Now).retryInMs;
        QVERIFY(ms >= 0 && ms <= 500);
        delays.insert(ms);
    }
    QVERIFY2(delays.size() > 25, qPrintable(QString::number(delays.size())));
}

QTEST_GUILESS_MAIN(TestRetryGate)
#include "tst_retrygate.moc"
