// The devserver's pure pieces in-process: the --rate-limit token bucket (driven by an explicit
// clock), route matching and the opaque cursors.
#include "devserver/handlers.h"
#include "devserver/router.h"
#include "devserver/tokenbucket.h"

#include <QTest>

using namespace feather::devserver;

class TestDevServerUnits final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void tokenBucket_allowsBurstThenRefillsAtRate();
    void tokenBucket_retryAfterIsWholeSecondsUntilNextToken();
    void matchRoute_capturesParametersInPathOrder();
    void matchRoute_tellsUnknownPathFromWrongMethod();
    void cursor_roundTripsAndRejectsForeignText();
};

void TestDevServerUnits::tokenBucket_allowsBurstThenRefillsAtRate()
{
    TokenBucket bucket(5, 5, 1000);
    for (int i = 0; i < 5; ++i)
        QCOMPARE(bucket.take(1000), 0);
    QVERIFY(bucket.take(1000) > 0);
    QVERIFY(bucket.take(1100) > 0); // 0.5 tokens after 100 ms
    QCOMPARE(bucket.take(1200), 0); // 1.0 token after 200 ms
    QVERIFY(bucket.take(1200) > 0);
    // Refill never exceeds the burst: after an hour of silence, 5 again and no more.
    for (int i = 0; i < 5; ++i)
        QCOMPARE(bucket.take(3'600'000), 0);
    QVERIFY(bucket.take(3'600'000) > 0);
    // A clock that goes backwards neither adds nor removes tokens.
    QVERIFY(bucket.take(10) > 0);
}

void TestDevServerUnits::tokenBucket_retryAfterIsWholeSecondsUntilNextToken()
{
    TokenBucket slow(0.25, 1, 0); // one request every 4 s
    QCOMPARE(slow.take(0), 0);
    QCOMPARE(slow.take(0), 4);
    QCOMPARE(slow.take(2000), 2);
    QCOMPARE(slow.take(3999), 1);
    QCOMPARE(slow.take(4000), 0);
    TokenBucket fast(100, 100, 0);
    for (int i = 0; i < 100; ++i)
        QCOMPARE(fast.take(0), 0);
    QCOMPARE(fast.take(0), 1); // never 0 when refusing
}

void TestDevServerUnits::matchRoute_capturesParametersInPathOrder()
{
    const Route r =
        matchRoute(QStringLiteral("POST"),
                   QStringLiteral("/v1/knowledge-base/knowledge-bases/K/sources/S%20x/sync"));
    QCOMPARE(r.endpoint, Endpoint::TriggerSync);
    QCOMPARE(r.params.size(), 2);
    QCOMPARE(r.params.at(0).first, QStringLiteral("kb_id"));
    QCOMPARE(r.param(QStringLiteral("kb_id")), QStringLiteral("K"));
    QCOMPARE(r.param(QStringLiteral("source_id")), QStringLiteral("S x"));
    QCOMPARE(
        matchRoute(QStringLiteral("GET"),
                   QStringLiteral("/v1/knowledge-base/knowledge-bases/K/sources/S/sync/status"))
            .endpoint,
        Endpoint::SyncStatus);
    QCOMPARE(matchRoute(QStringLiteral("PATCH"),
                        QStringLiteral("/v1/knowledge-base/knowledge-bases/K/sources/S/schedule"))
                 .endpoint,
             Endpoint::UpdateSchedule);
    const Route job =
        matchRoute(QStringLiteral("GET"), QStringLiteral("/v1/knowledge-base/ingestion-jobs/J"));
    QCOMPARE(job.endpoint, Endpoint::GetJob);
    QCOMPARE(job.param(QStringLiteral("job_id")), QStringLiteral("J"));
}

void TestDevServerUnits::matchRoute_tellsUnknownPathFromWrongMethod()
{
    QCOMPARE(
        matchRoute(QStringLiteral("GET"), QStringLiteral("/v1/knowledge-base/knowledge-bases/"))
            .endpoint,
        Endpoint::NotFound);
    QCOMPARE(matchRoute(QStringLiteral("GET"),
                        QStringLiteral("/v1/knowledge-base/knowledge-bases//sources"))
                 .endpoint,
             Endpoint::NotFound);
    QCOMPARE(matchRoute(QStringLiteral("GET"), QStringLiteral("/v2/knowledge-base/knowledge-bases"))
                 .endpoint,
             Endpoint::NotFound);
    QCOMPARE(matchRoute(QStringLiteral("GET"),
                        QStringLiteral("/v1/knowledge-base/knowledge-bases/K/sources/S/sync"))
                 .endpoint,
             Endpoint::MethodNotAllowed);
    QCOMPARE(
        matchRoute(QStringLiteral("DELETE"), QStringLiteral("/v1/knowledge-base/knowledge-bases"))
            .endpoint,
        Endpoint::MethodNotAllowed);
}

void TestDevServerUnits::cursor_roundTripsAndRejectsForeignText()
{
    const QString id = QStringLiteral("0b6f4a34-6f1e-4c1b-9a4e-2f7d5d1c9e10");
    const QString cursor = encodeCursor(id);
    QVERIFY(!cursor.contains(u'='));
    QVERIFY(!cursor.contains(u'+') && !cursor.contains(u'/'));
    QCOMPARE(decodeCursor(cursor), id);
    QVERIFY(decodeCursor(QStringLiteral("garbage!")).isNull());
    QVERIFY(decodeCursor(encodeCursor(QStringLiteral("not-a-uuid"))).isNull());
    QVERIFY(decodeCursor(id).isNull()); // a bare id is not a cursor
}

QTEST_GUILESS_MAIN(TestDevServerUnits)
#include "tst_devserver_units.moc"
