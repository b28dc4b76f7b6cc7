// Listings against hostile or struggling servers: 429/503 retries (with the client-wide hold),
// the row/byte/page/time budget, cursor loops, and ids that must never reach a request path.
#include "apitestutil.h"
#include "listingfixtures.h"
#include "support/testsupport.h"

#include <QElapsedTimer>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace feather;
using namespace feather::test;

namespace {

// A server that never stops paging: every page is 200 new sources of KB 1 and a new cursor.
ScriptedReply endlessPage(const RecordedRequest &req)
{
    const QString cursor = req.queryValue(u"cursor"_s);
    const int page = cursor.isEmpty() ? 0 : cursor.mid(1).toInt() + 1;
    QJsonArray items;
    for (int i = 0; i < 200; ++i)
        items << sourceJson(1, page * 200 + i, u"active"_s);
    const QJsonObject body{
        {u"items"_s, items}, {u"has_more"_s, true}, {u"next_cursor"_s, u"p%1"_s.arg(page)}};
    return ScriptedReply::json(200, QJsonDocument(body).toJson(QJsonDocument::Compact));
}

int rowsIn(const QFuture<SourcePage> &f)
{
    int rows = 0;
    for (int i = 0; i < f.resultCount(); ++i)
        rows += int(f.resultAt(i).value.size());
    return rows;
}

ApiConfig quickRetries(const QUrl &url)
{
    ApiConfig config = configFor(url);
    config.readRetry.backoffBaseMs = 20;
    config.readRetry.backoffCapMs = 50;
    return config;
}

} // namespace

class TestApiListingBounds final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();

    void listSources_429WithRetryAfterOnPage3_completesWithEveryRow();
    void rateLimit_holdsEveryOtherRequestOfTheClient();
    void listing_persistentlyUnavailable_errorPageAfterNAttempts_data();
    void listing_persistentlyUnavailable_errorPageAfterNAttempts();

    void list_neverEndingServer_stopsAtTheBudget_data();
    void list_neverEndingServer_stopsAtTheBudget();
    void listKnowledgeBases_neverEndingServer_failsAtTheBudget();
    void list_cursorLoopOfThree_detectedAtFirstRepeat();

    void listSources_kbIdNotAUuid_isAnErrorPage_neverARequest();
    void listKnowledgeBases_kbIdNotAUuid_isAnError_neverACountingRequest();
    void listSources_sourceIdsNotUuids_areAnErrorPage();
    void jobByTrigger_lastJobIdNotAUuid_neverRequestsIt();

    void apiKey_neverAppearsInAnyMessageOrLogLine(); // keep last
};

void TestApiListingBounds::initTestCase()
{
    TextCollector::instance().captureLogs();
}

void TestApiListingBounds::listSources_429WithRetryAfterOnPage3_completesWithEveryRow()
{
    Workspace ws; // KB 3: 7 sources, 4 pages
    ScriptedHttpServer server;
    QVERIFY(server.listen());
    int limited = 0;
    server.setHandler([&](const RecordedRequest &r) {
        if (r.queryValue(u"cursor"_s) == cursorFor(1) && limited++ == 0) // page 3, once
            return ScriptedReply::json(
                429,
                R"({"error":"rate_limited","message":"Organization rate limit exceeded. Retry after a short delay."})",
                {{"Retry-After", "1"}});
        return ws.serve(r);
    });
    ApiBackend backend(configFor(server.baseUrl()));

    const QFuture<SourcePage> f = backend.listSources(SourceQuery{{idFor(3)}, {}});
    QVERIFY(waitFor(f));

    const SourcePage all = noted(collectSources(f));
    QVERIFY2(all.ok(), qPrintable(all.error ? all.error->message : QString()));
    QCOMPARE(all.value.size(), 7);
    for (int s = 0; s < 7; ++s)
        QCOMPARE(all.value[s].id, idFor(3, s));
    QCOMPARE(f.resultCount(), 4); // one per page that arrived, no error page
    const QList<RecordedRequest> requests = server.requests();
    QCOMPARE(requests.size(), 5); // 4 pages + the one retry
    QCOMPARE(requests[2].queryValue(u"cursor"_s), cursorFor(1));
    QCOMPARE(requests[3].queryValue(u"cursor"_s), cursorFor(1)); // the same page again
}

void TestApiListingBounds::rateLimit_holdsEveryOtherRequestOfTheClient()
{
    Workspace ws;
    ScriptedHttpServer server;
    QVERIFY(server.listen());
    QElapsedTimer sinceLimit;
    int arrivedDuringHold = 0;
    int afterLimit = 0;
    ApiConfig config = configFor(server.baseUrl());
    // One request in flight: the status read below waits in the client's queue until the 429
    // arrives, so it is the hold, not a race, that decides when it goes.
    config.maxConnections = 1;
    ApiBackend backend(config);
    QFuture<SyncStatusResult> status;
    server.setHandler([&](const RecordedRequest &r) {
        if (sinceLimit.isValid()) {
            ++afterLimit;
            if (sinceLimit.elapsed() < 1800) // Retry-After: 2, minus scheduling slack
                ++arrivedDuringHold;
        }
        if (r.path.endsWith("/sync/status"))
            return ScriptedReply::json(
                200,
                R"({"source_id":"22222222-2222-4222-8222-222222222222","source_status":"active"})");
        if (r.queryValue(u"cursor"_s) == cursorFor(0) && !sinceLimit.isValid()) {
            sinceLimit.start();
            // Another caller of the same backend, while the hold is on.
            QTimer::singleShot(0, &backend, [&] { status = backend.syncStatus(Kb1, Src1); });
            return ScriptedReply::json(429, R"({"error":"rate_limited","message":"slow down"})",
                                       {{"Retry-After", "2"}});
        }
        return ws.serve(r);
    });

    const QFuture<KnowledgeBasesResult> kbs = backend.listKnowledgeBases();
    QVERIFY(waitFor(kbs));
    QVERIFY(noted(kbs.result()).ok());
    QVERIFY(waitFor(status));
    QVERIFY(noted(status.result()).ok());
    QCOMPARE(afterLimit, 2); // the retried KB page and the status read
    QCOMPARE(arrivedDuringHold, 0);
}

void TestApiListingBounds::listing_persistentlyUnavailable_errorPageAfterNAttempts_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("retryAfter");
    QTest::addColumn<Outcome>("outcome");
    QTest::newRow("503, no Retry-After") << 503 << QByteArray() << Outcome::ServerError;
    QTest::newRow("503, Retry-After 0") << 503 << QByteArray("0") << Outcome::ServerError;
    QTest::newRow("429, Retry-After 0") << 429 << QByteArray("0") << Outcome::RateLimited;
    QTest::newRow("502 from a proxy") << 502 << QByteArray() << Outcome::ServerError;
    QTest::newRow("504 from a proxy") << 504 << QByteArray() << Outcome::ServerError;
}

void TestApiListingBounds::listing_persistentlyUnavailable_errorPageAfterNAttempts()
{
    QFETCH(int, status);
    QFETCH(QByteArray, retryAfter);
    QFETCH(Outcome, outcome);
    Workspace ws;
    ScriptedHttpServer server;
    QVERIFY(server.listen());
    server.setHandler([&](const RecordedRequest &r) {
        if (r.queryValue(u"cursor"_s).isEmpty())
            return ws.serve(r);
        QList<std::pair<QByteArray, QByteArray>> headers;
        if (!retryAfter.isEmpty())
            headers.append({"Retry-After", retryAfter});
        return ScriptedReply::json(status, R"({"error":"unavailable","message":"maintenance"})",
                                   headers);
    });
    ApiConfig config = quickRetries(server.baseUrl());
    config.readRetry.maxAttempts = 4;
    ApiBackend backend(config);

    const QFuture<SourcePage> f = backend.listSources(SourceQuery{{idFor(3)}, {}});
    QVERIFY(waitFor(f));

    QCOMPARE(f.resultCount(), 2); // the page that arrived, then the error
    QCOMPARE(f.resultAt(0).value.size(), 2);
    const SourcePage last = noted(f.resultAt(1));
    QVERIFY(!last.ok());
    QCOMPARE_OUTCOME(last.error->outcome, outcome);
    QCOMPARE(last.error->httpStatus, status);
    QCOMPARE(last.error->message, u"maintenance (after 4 attempts)"_s);
    QCOMPARE(server.requests().size(), 1 + 4);
    QVERIFY(!collectSources(f).ok());
}

void TestApiListingBounds::list_neverEndingServer_stopsAtTheBudget_data()
{
    QTest::addColumn<QString>("bound");
    QTest::addColumn<int>("pagesDelivered");
    QTest::addColumn<QString>("message");
    QTest::newRow("rows") << u"rows"_s << 5
                          << u"listing stopped at the limit of 1000 rows; the list is incomplete"_s;
    QTest::newRow("pages") << u"pages"_s << 7
                           << u"listing stopped at the limit of 7 pages; the list is incomplete"_s;
    QTest::newRow("bytes") << u"bytes"_s << 3
                           << u"listing stopped at the limit of 0.5 MiB of replies; the list is "
                              "incomplete"_s;
    QTest::newRow("time")
        << u"time"_s << -1
        << u"listing stopped at its time limit of 1.5 s; the list is incomplete"_s;
}

void TestApiListingBounds::list_neverEndingServer_stopsAtTheBudget()
{
    QFETCH(QString, bound);
    QFETCH(int, pagesDelivered);
    QFETCH(QString, message);
    ScriptedHttpServer server;
    QVERIFY(server.listen());
    server.setHandler([](const RecordedRequest &r) { return endlessPage(r); });
    ApiConfig config = configFor(server.baseUrl());
    if (bound == u"rows"_s)
        config.listing.maxRows = 1000;
    else if (bound == u"pages"_s)
        config.listing.maxPages = 7;
    else if (bound == u"bytes"_s)
        config.listing.maxBytes = 512 * 1024; // a page of 200 sources is about 60 KB
    else
        config.listing.deadlineMs = 1500;
    ApiBackend backend(config);

    const QFuture<SourcePage> f = backend.listSources(SourceQuery{{idFor(1)}, {}});
    QVERIFY(waitFor(f, 60000));

    const SourcePage last = noted(f.resultAt(f.resultCount() - 1));
    QVERIFY(!last.ok());
    QCOMPARE_OUTCOME(last.error->outcome, Outcome::ServerError);
    QCOMPARE(last.error->message, message);
    const int pages = f.resultCount() - 1;
    if (bound == u"bytes"_s) {
        // Whatever a page weighs, the pages kept stay under the byte budget.
        qint64 pageBytes = endlessPage(server.requests()[0]).body.size();
        QCOMPARE(pages, int(config.listing.maxBytes / pageBytes));
    } else if (pagesDelivered >= 0) {
        QCOMPARE(pages, pagesDelivered);
    } else {
        QVERIFY(pages >= 1);
    }
    QCOMPARE(rowsIn(f), pages * 200); // nothing past the bound is kept: memory stays bounded
    if (bound != u"time"_s)
        QCOMPARE(server.requests().size(), pages + 1);
    QVERIFY(!collectSources(f).ok());
}

void TestApiListingBounds::listKnowledgeBases_neverEndingServer_failsAtTheBudget()
{
    ScriptedHttpServer server;
    QVERIFY(server.listen());
    int page = 0;
    server.setHandler([&](const RecordedRequest &) {
        QJsonArray items;
        for (int i = 0; i < 100; ++i)
            items << kbJson(page * 100 + i + 1, true);
        ++page;
        const QJsonObject body{
            {u"items"_s, items}, {u"has_more"_s, true}, {u"next_cursor"_s, u"k%1"_s.arg(page)}};
        return ScriptedReply::json(200, QJsonDocument(body).toJson(QJsonDocument::Compact));
    });
    ApiConfig config = configFor(server.baseUrl());
    config.listing.maxRows = 450;
    ApiBackend backend(config);
    const KnowledgeBasesResult r = noted(await(backend.listKnowledgeBases()));
    QVERIFY(!r.ok());
    QCOMPARE(r.error->message,
             u"listing stopped at the limit of 450 rows; the list is incomplete"_s);
    QCOMPARE(server.requests().size(), 5);
}

void TestApiListingBounds::list_cursorLoopOfThree_detectedAtFirstRepeat()
{
    ScriptedHttpServer server;
    QVERIFY(server.listen());
    const QHash<QString, QString> next{
        {QString(), u"a"_s}, {u"a"_s, u"b"_s}, {u"b"_s, u"c"_s}, {u"c"_s, u"a"_s}};
    server.setHandler([&](const RecordedRequest &r) {
        const QJsonObject body{{u"items"_s, QJsonArray{sourceJson(1, 0, u"active"_s)}},
                               {u"has_more"_s, true},
                               {u"next_cursor"_s, next.value(r.queryValue(u"cursor"_s))}};
        return ScriptedReply::json(200, QJsonDocument(body).toJson(QJsonDocument::Compact));
    });
    ApiBackend backend(configFor(server.baseUrl()));
    const QFuture<SourcePage> f = backend.listSources(SourceQuery{{idFor(1)}, {}});
    QVERIFY(waitFor(f));
    const SourcePage all = noted(collectSources(f));
    QVERIFY(!all.ok());
    QVERIFY2(all.error->message.startsWith(
                 u"malformed reply: the list does not end (cursor \"a\" repeats)"_s),
             qPrintable(all.error->message));
    QCOMPARE(server.requests().size(), 4); // first, a, b, c: c's answer names a again
    QCOMPARE(f.resultCount(), 5);
}

void TestApiListingBounds::listSources_kbIdNotAUuid_isAnErrorPage_neverARequest()
{
    ScriptedHttpServer server;
    QVERIFY(server.listen());
    server.setHandler([](const RecordedRequest &r) {
        if (QString::fromLatin1(r.path) != KbPath)
            return ScriptedReply::json(200, R"({"items":[],"has_more":false})");
        QJsonObject evil = kbJson(2, false);
        evil.insert(u"id"_s, u"../../../etc?x=1#"_s);
        const QJsonObject body{{u"items"_s, QJsonArray{kbJson(1, false), evil}},
                               {u"has_more"_s, false}};
        return ScriptedReply::json(200, QJsonDocument(body).toJson(QJsonDocument::Compact));
    });
    ApiBackend backend(configFor(server.baseUrl()));

    const QFuture<SourcePage> f = backend.listSources(SourceQuery{});
    QVERIFY(waitFor(f));

    QCOMPARE(f.resultCount(), 1);
    const SourcePage page = noted(f.result());
    QCOMPARE_OUTCOME(page.error->outcome, Outcome::ServerError);
    QCOMPARE(
        page.error->message,
        u"malformed reply: knowledge base: id is not a UUID: \"../../../etc?x=1#\" (HTTP 200)"_s);
    QCOMPARE(server.requests().size(), 1); // the KB list; no source listing at all
    QCOMPARE(QString::fromLatin1(server.requests()[0].path), KbPath);
}

void TestApiListingBounds::listKnowledgeBases_kbIdNotAUuid_isAnError_neverACountingRequest()
{
    ScriptedHttpServer server;
    QVERIFY(server.listen());
    server.setHandler([](const RecordedRequest &r) {
        if (QString::fromLatin1(r.path) != KbPath)
            return ScriptedReply::json(200, R"({"items":[],"has_more":false})");
        QJsonObject evil = kbJson(2, false);
        evil.insert(u"id"_s, u"11111111-1111-4111-8111-111111111111/../../x"_s);
        const QJsonObject body{{u"items"_s, QJsonArray{evil}}, {u"has_more"_s, false}};
        return ScriptedReply::json(200, QJsonDocument(body).toJson(QJsonDocument::Compact));
    });
    ApiBackend backend(configFor(server.baseUrl()));
    const KnowledgeBasesResult r = noted(await(backend.listKnowledgeBases()));
    QVERIFY(!r.ok());
    QVERIFY2(r.error->message.contains(u"id is not a UUID"_s), qPrintable(r.error->message));
    QCOMPARE(server.requests().size(), 1);
}

void TestApiListingBounds::listSources_sourceIdsNotUuids_areAnErrorPage()
{
    ScriptedHttpServer server;
    QVERIFY(server.listen());
    server.setHandler([](const RecordedRequest &) {
        QJsonObject s = sourceJson(1, 1, u"error"_s);
        s.insert(u"last_sync_job_id"_s, u"../../ingestion-jobs/x"_s);
        const QJsonObject body{{u"items"_s, QJsonArray{s}}, {u"has_more"_s, false}};
        return ScriptedReply::json(200, QJsonDocument(body).toJson(QJsonDocument::Compact));
    });
    ApiBackend backend(configFor(server.baseUrl()));
    const QFuture<SourcePage> f = backend.listSources(SourceQuery{{idFor(1)}, {}});
    QVERIFY(waitFor(f));
    const SourcePage page = noted(collectSources(f));
    QVERIFY(!page.ok());
    QVERIFY2(page.error->message.contains(u"source: last_sync_job_id is not a UUID"_s),
             qPrintable(page.error->message));
}

void TestApiListingBounds::jobByTrigger_lastJobIdNotAUuid_neverRequestsIt()
{
    ScriptedHttpServer server;
    QVERIFY(server.listen());
    server.setHandler([](const RecordedRequest &) {
        return ScriptedReply::json(
            200,
            R"({"source_id":"22222222-2222-4222-8222-222222222222","source_status":"syncing","last_sync_job_id":"../../../etc?x=1#"})");
    });
    ApiBackend backend(configFor(server.baseUrl()));
    const JobResult r = noted(await(backend.jobByTrigger(target1())));
    QVERIFY(!r.ok());
    QCOMPARE_OUTCOME(r.error->outcome, Outcome::ServerError);
    QVERIFY2(r.error->message.contains(u"last_sync_job_id is not a UUID"_s),
             qPrintable(r.error->message));
    QCOMPARE(server.requests().size(), 1); // the status read; the "job" is never fetched
    const SyncStatusResult status = noted(await(backend.syncStatus(Kb1, Src1)));
    QVERIFY(!status.ok());
}

void TestApiListingBounds::apiKey_neverAppearsInAnyMessageOrLogLine()
{
    const QStringList texts = TextCollector::instance().texts();
    if (texts.size() < 20)
        QSKIP("run the whole file: this test checks what the other tests produced");
    for (const QString &text : texts)
        QVERIFY2(!text.contains(TestApiKey), qPrintable(u"key leaked in: "_s + text.left(200)));
}

QTEST_GUILESS_MAIN(TestApiListingBounds)
#include "tst_apilistingbounds.moc"
