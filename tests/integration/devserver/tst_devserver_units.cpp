// The devserver's pure pieces in-process: the --rate-limit token bucket (driven by an explicit
// clock), route matching, the opaque cursors, UUID spellings, the HTTP head and chunked-body
// parsers, bounded 422 inputs and the job simulation's counters and documents.
#include "devserver/apierrors.h"
#include "devserver/httpparser.h"
#include "devserver/jobsim.h"
#include "devserver/params.h"
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
    void matchRoute_trailingSlashRedirectsOnlyToAnExistingPath();
    void cursor_roundTripsAndRejectsForeignText();
    void parseUuid_acceptsPydanticSpellings_namesTheRuleBroken();
    void parseRequestHead_strictFraming();
    void chunkedDecoder_decodesAcrossFeeds_andCapsTheBody();
    void boundedInput_keepsSmallValues_excerptsLargeOnes();
    void jobDocuments_addUpToTheCounters();
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
    const Route r = matchRoute(
        "POST", QByteArrayLiteral("/v1/knowledge-base/knowledge-bases/K/sources/S%20x/sync"));
    QCOMPARE(r.endpoint, Endpoint::TriggerSync);
    QCOMPARE(r.params.size(), 2);
    QCOMPARE(r.params.at(0).first, QStringLiteral("kb_id"));
    QCOMPARE(r.param(QStringLiteral("kb_id")), QStringLiteral("K"));
    QCOMPARE(r.param(QStringLiteral("source_id")), QStringLiteral("S x"));
    QCOMPARE(matchRoute("GET", QByteArrayLiteral(
                                   "/v1/knowledge-base/knowledge-bases/K/sources/S/sync/status"))
                 .endpoint,
             Endpoint::SyncStatus);
    QCOMPARE(matchRoute("PATCH", QByteArrayLiteral(
                                     "/v1/knowledge-base/knowledge-bases/K/sources/S/schedule"))
                 .endpoint,
             Endpoint::UpdateSchedule);
    const Route job = matchRoute("GET", QByteArrayLiteral("/v1/knowledge-base/ingestion-jobs/J"));
    QCOMPARE(job.endpoint, Endpoint::GetJob);
    QCOMPARE(job.param(QStringLiteral("job_id")), QStringLiteral("J"));
}

void TestDevServerUnits::matchRoute_tellsUnknownPathFromWrongMethod()
{
    QCOMPARE(matchRoute("GET", QByteArrayLiteral("/v1/knowledge-base/knowledge-bases//sources"))
                 .endpoint,
             Endpoint::NotFound);
    QCOMPARE(matchRoute("GET", QByteArrayLiteral("/v2/knowledge-base/knowledge-bases")).endpoint,
             Endpoint::NotFound);
    // An encoded slash is a slash once decoded (Starlette matches the decoded path).
    QCOMPARE(
        matchRoute("GET", QByteArrayLiteral("/v1/knowledge-base/knowledge-bases/a%2Fb")).endpoint,
        Endpoint::NotFound);
    const Route sync =
        matchRoute("GET", QByteArrayLiteral("/v1/knowledge-base/knowledge-bases/K/sources/S/sync"));
    QCOMPARE(sync.endpoint, Endpoint::MethodNotAllowed);
    QCOMPARE(sync.allow, QByteArray("POST"));
    QCOMPARE(matchRoute("DELETE", QByteArrayLiteral("/v1/knowledge-base/knowledge-bases")).allow,
             QByteArray("GET"));
    QCOMPARE(matchRoute("HEAD", QByteArrayLiteral("/openapi.json")).endpoint,
             Endpoint::MethodNotAllowed);
    QCOMPARE(matchRoute("GET", QByteArrayLiteral("/v1/analytics/knowledge/connectors/freshness"))
                 .endpoint,
             Endpoint::Freshness);
}

void TestDevServerUnits::matchRoute_trailingSlashRedirectsOnlyToAnExistingPath()
{
    const Route r = matchRoute("GET", QByteArrayLiteral("/v1/knowledge-base/knowledge-bases/"));
    QCOMPARE(r.endpoint, Endpoint::Redirect);
    QCOMPARE(r.location, QByteArray("/v1/knowledge-base/knowledge-bases"));
    // With another method too (the target then answers 405), and several slashes.
    QCOMPARE(
        matchRoute("POST", QByteArrayLiteral("/v1/knowledge-base/ingestion-jobs/J//")).location,
        QByteArray("/v1/knowledge-base/ingestion-jobs/J"));
    QCOMPARE(matchRoute("GET", QByteArrayLiteral("/v1/knowledge-base/nothing/")).endpoint,
             Endpoint::NotFound);
    QCOMPARE(matchRoute("GET", QByteArrayLiteral("/")).endpoint, Endpoint::NotFound);
}

void TestDevServerUnits::cursor_roundTripsAndRejectsForeignText()
{
    const QString id = QStringLiteral("0b6f4a34-6f1e-4c1b-9a4e-2f7d5d1c9e10");
    const QString cursor = encodeIdCursor(id);
    QVERIFY(!cursor.contains(u'='));
    QVERIFY(!cursor.contains(u'+') && !cursor.contains(u'/'));
    QCOMPARE(decodeIdCursor(cursor), std::optional<QString>(id));
    QVERIFY(!decodeIdCursor(QStringLiteral("garbage!")));
    QVERIFY(!decodeIdCursor(encodeIdCursor(QStringLiteral("not-a-uuid"))));
    QVERIFY(!decodeIdCursor(id)); // a bare id is not a cursor
    const QDateTime at = QDateTime::fromMSecsSinceEpoch(1765000000123, Qt::UTC);
    const auto job = decodeJobCursor(encodeJobCursor(at, id));
    QVERIFY(job);
    QCOMPARE(job->first, at);
    QCOMPARE(job->second, id);
    QVERIFY(!decodeJobCursor(cursor));
    QCOMPARE(decodeIndexCursor(encodeIndexCursor(42)), std::optional<int>(42));
    QVERIFY(!decodeIndexCursor(cursor));
}

void TestDevServerUnits::parseUuid_acceptsPydanticSpellings_namesTheRuleBroken()
{
    const QString canonical = QStringLiteral("0b6f4a34-6f1e-4c1b-9a4e-2f7d5d1c9e10");
    for (const QString &spelling :
         QStringList{canonical, canonical.toUpper(), QString(canonical).remove(u'-'),
                     u'{' + canonical + u'}', QStringLiteral("urn:uuid:") + canonical})
        QCOMPARE(parseUuid(spelling), std::optional<QString>(canonical));
    const struct {
        const char *input;
        const char *reason;
    } bad[] = {
        {"abc", "invalid length: expected length 32 for simple format, found 3"},
        {"0b6f4a34-6f1e-4c1b-9a4e", "invalid group count: expected 5, found 4"},
        {"0b6f4a34-6f1e-4c1b-9a4e2-f7d5d1c9e10",
         "invalid group length in group 3: expected 4, found 5"},
        {"0b6f4a34-6f1e-4c1b-9a4e-2f7d5d1c9e1x", "found `x` at 36"},
        {"urn:uuid:zz", "found `z` at 10"},
    };
    for (const auto &b : bad) {
        QString reason;
        QVERIFY(!parseUuid(QString::fromLatin1(b.input), &reason));
        QVERIFY2(reason.contains(QLatin1String(b.reason)), qPrintable(reason));
    }
}

void TestDevServerUnits::parseRequestHead_strictFraming()
{
    HttpRequest r;
    QVERIFY(!parseRequestHead("POST /a/b%2F?x=1&y HTTP/1.1\r\nHost: h\r\nContent-Length: 12\r\n"
                              "X-Api-Key:  k \r\nExpect: 100-continue",
                              &r));
    QCOMPARE(r.method, QByteArray("POST"));
    QCOMPARE(r.path, QByteArray("/a/b%2F"));
    QCOMPARE(r.query, QByteArray("x=1&y"));
    QCOMPARE(r.contentLength, 12);
    QCOMPARE(r.header("x-api-key"), QByteArray("k"));
    QVERIFY(r.expectContinue);
    QVERIFY(r.keepAlive);
    QVERIFY(!parseRequestHead("GET / HTTP/1.1\r\nHost: h\r\nConnection: keep-alive, Close", &r));
    QVERIFY(!r.keepAlive);
    QVERIFY(!parseRequestHead("GET / HTTP/1.0", &r));
    QVERIFY(!r.keepAlive);
    QVERIFY(!parseRequestHead("GET / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked", &r));
    QVERIFY(r.chunked);
    const struct {
        const char *head;
        int status;
    } bad[] = {
        {"GET / HTTP/1.1\r\nHost: h\r\nContent-Length: -1", 400},
        {"GET / HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\nContent-Length: 2", 400},
        {"GET / HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\nTransfer-Encoding: chunked", 400},
        {"GET / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip, chunked", 501},
        {"GET / HTTP/1.1\r\nHost: h\r\nName : v", 400},
        {"GET / HTTP/1.1\r\nHost: h\r\nA: b\r\n folded", 400},
        {"GET / HTTP/1.1", 400}, // no Host
        {"GET / HTTP/2.0\r\nHost: h", 505},
        {"GET /\x01 HTTP/1.1\r\nHost: h", 400},
        {"GET http://x/ HTTP/1.1\r\nHost: h", 400},
        {"G(T / HTTP/1.1\r\nHost: h", 400},
        {"GET / HTTP/1.1\r\nHost: h\r\nExpect: something", 417},
    };
    for (const auto &b : bad) {
        const auto error = parseRequestHead(QByteArrayView(b.head), &r);
        QVERIFY2(error, b.head);
        QCOMPARE(error->status, b.status);
    }
}

void TestDevServerUnits::chunkedDecoder_decodesAcrossFeeds_andCapsTheBody()
{
    const QByteArray wire = "4\r\nWiki\r\n6;ext=1\r\npedia \r\nE\r\nin \r\n\r\nchunks.\r\n0\r\n"
                            "Trailer: x\r\n\r\nNEXT";
    for (int step : {1, 3, 7, 1000}) {
        ChunkedDecoder decoder(1000);
        QByteArray body;
        qsizetype pos = 0;
        while (!decoder.done() && pos < wire.size())
            pos += decoder.feed(
                QByteArrayView(wire).sliced(pos, qMin<qsizetype>(step, wire.size() - pos)), &body);
        QVERIFY(decoder.done());
        QVERIFY(!decoder.error());
        QCOMPARE(body, QByteArray("Wikipedia in \r\n\r\nchunks."));
        QCOMPARE(wire.mid(pos), QByteArray("NEXT")); // stops at the end of the body
    }
    ChunkedDecoder small(10);
    QByteArray body;
    small.feed("8\r\n12345678\r\n8\r\n", &body);
    QVERIFY(small.error());
    QCOMPARE(small.error()->status, 413);
    ChunkedDecoder garbage(1000);
    garbage.feed("zz\r\n", &body);
    QCOMPARE(garbage.error()->status, 400);
}

void TestDevServerUnits::boundedInput_keepsSmallValues_excerptsLargeOnes()
{
    QCOMPARE(boundedInput(QJsonValue(QStringLiteral("short"))),
             QJsonValue(QStringLiteral("short")));
    QCOMPARE(boundedInput(QJsonValue(42)), QJsonValue(42));
    const QJsonValue big = boundedInput(QJsonValue(QString(100000, u'x')));
    QVERIFY(big.toString().size() < 300);
    QVERIFY(big.toString().endsWith(QLatin1String("(100000 characters in all)")));
    QJsonArray array;
    for (int i = 0; i < 10000; ++i)
        array.append(i);
    QVERIFY(boundedInput(array).isString());
    QVERIFY(boundedInput(array).toString().size() < 300);
}

void TestDevServerUnits::jobDocuments_addUpToTheCounters()
{
    feather::SyncJob job;
    job.id = QStringLiteral("0b6f4a34-6f1e-4c1b-9a4e-2f7d5d1c9e10");
    job.status = QStringLiteral("processing");
    job.totalDocuments = 200;
    job.completed = 20; // the base a retry keeps
    const QDateTime start = QDateTime::fromSecsSinceEpoch(1765000000, Qt::UTC);
    job.createdAt = job.startedAt = start;
    const JobCounts half = jobCounts(job, start.addSecs(5), 10);
    QCOMPARE(half.completed, 20 + 90);
    QCOMPARE(half.processing, 4);
    QCOMPARE(half.queued, 200 - 110 - 4);
    QCOMPARE(half.progressPct, 55.0);
    QCOMPARE(jobCounts(job, start.addSecs(50), 10).completed, 200); // capped
    job.status = QStringLiteral("failed");
    job.completed = 170;
    job.failed = 30;
    job.completedAt = start.addSecs(10);
    const JobCounts done = jobCounts(job, start.addSecs(60), 10);
    const QList<SimDocument> docs = jobDocuments(job, done, 0, 1000, start.addSecs(60));
    QCOMPARE(docs.size(), 200);
    int failed = 0;
    QSet<QString> ids;
    for (const SimDocument &d : docs) {
        failed += d.status == QLatin1String("failed");
        ids.insert(d.documentId);
    }
    QCOMPARE(failed, 30);
    QCOMPARE(ids.size(), 200);
    QCOMPARE(jobDocuments(job, done, 190, 50, start.addSecs(60)).size(), 10);
    QCOMPARE(jobDocuments(job, done, 0, 1000, start.addSecs(99)).first().documentId,
             docs.first().documentId); // deterministic
}

QTEST_GUILESS_MAIN(TestDevServerUnits)
#include "tst_devserver_units.moc"
