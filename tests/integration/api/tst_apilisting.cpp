// ApiBackend's list calls against a scripted server: cursor pagination (> 3 pages) for KBs
// and sources, per-status counts, streamed source pages, filters, malformed pages.
#include "apitestutil.h"
#include "listingfixtures.h"
#include "support/testsupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace feather;
using namespace feather::test;

class TestApiListing final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();

    void listKnowledgeBases_walksEveryPage_passingCursorBack();
    void listKnowledgeBases_withoutCounts_derivesThemFromSources();
    void listKnowledgeBases_countingFailure_failsTheList();
    void listKnowledgeBases_unauthorized();

    void listSources_streamsOneResultPerHttpPage();
    void listSources_everyKb_whenNoKbIdsGiven();
    void listSources_statusFilter_caseInsensitive_neverSentToServer();
    void listSources_severalStatuses_filteredHereOnly();
    void listSources_invalidKbId_refusedWithoutRequest();
    void listSources_errorOnALaterPage_isTheLastResult();
    void listSources_severalKbsAtOnce_pagesInSequentialOrder();
    void listSources_manyPages_reuseKeepAliveConnections();
    void listSources_behindTheHead_atMostTwoPagesPerKbAhead();
    void listSources_errorInOneKb_comesAfterEveryEarlierKbsRows();
    void list_hasMoreWithoutCursor_isMalformedNotALoop();
    void list_repeatingCursor_stops();
    void list_malformedItem_isAnErrorRow();

    void apiKey_neverAppearsInAnyMessageOrLogLine(); // keep last
};

void TestApiListing::initTestCase()
{
    TextCollector::instance().captureLogs();
}

void TestApiListing::listKnowledgeBases_walksEveryPage_passingCursorBack()
{
    Workspace ws;
    ws.kbCount = 7; // 4 pages of 2
    ScriptedHttpServer server;
    QVERIFY(server.listen());
    server.setHandler([&](const RecordedRequest &r) { return ws.serve(r); });
    ApiBackend backend(configFor(server.baseUrl()));

    const KnowledgeBasesResult r = noted(await(backend.listKnowledgeBases()));

    QVERIFY2(r.ok(), qPrintable(r.error ? r.error->message : QString()));
    QCOMPARE(r.value.size(), 7);
    for (int k = 1; k <= 7; ++k) {
        QCOMPARE(r.value[k - 1].id, idFor(k));
        QCOMPARE(r.value[k - 1].name, u"KB %1"_s.arg(k));
        QCOMPARE(r.value[k - 1].sourceStatusCounts.value(u"active"_s), k);
        QCOMPARE(r.value[k - 1].sourceCount(), k + 1);
    }
    const QList<RecordedRequest> pages = requestsTo(server, KbPath);
    QCOMPARE(pages.size(), 4);
    QCOMPARE(server.requests().size(), 4); // the counts came with the KBs: no source listing
    QVERIFY(pages[0].queryValue(u"cursor"_s).isEmpty());
    for (int i = 0; i < pages.size(); ++i) {
        QCOMPARE(pages[i].queryValue(u"limit"_s), u"200"_s);
        if (i > 0) {
            QCOMPARE(pages[i].queryValue(u"cursor"_s), cursorFor(i - 1));
            QVERIFY2(pages[i].rawQuery.contains("%2B"),
                     pages[i].rawQuery.constData()); // '+' escaped
        }
    }
}

void TestApiListing::listKnowledgeBases_withoutCounts_derivesThemFromSources()
{
    Workspace ws;
    ws.kbCount = 3;
    ws.counts = false;
    ScriptedHttpServer server;
    QVERIFY(server.listen());
    server.setHandler([&](const RecordedRequest &r) { return ws.serve(r); });
    ApiBackend backend(configFor(server.baseUrl()));

    const KnowledgeBasesResult r = noted(await(backend.listKnowledgeBases()));

    QVERIFY2(r.ok(), qPrintable(r.error ? r.error->message : QString()));
    QCOMPARE(r.value.size(), 3);
    // KB 3 has 7 sources: statuses rotate active, error, syncing, weird_new_state.
    const QMap<QString, int> expected{
        {u"active"_s, 2}, {u"error"_s, 2}, {u"syncing"_s, 2}, {u"weird_new_state"_s, 1}};
    QCOMPARE(r.value[2].sourceStatusCounts, expected);
    QCOMPARE(r.value[0].sourceCount(), 3);
    QCOMPARE(r.value[1].sourceCount(), 5);
    QCOMPARE(requestsTo(server, KbPath + u'/' + idFor(3) + u"/sources"_s).size(), 4); // every page
}

void TestApiListing::listKnowledgeBases_countingFailure_failsTheList()
{
    Workspace ws;
    ws.counts = false;
    ScriptedHttpServer server;
    QVERIFY(server.listen());
    server.setHandler([&](const RecordedRequest &r) {
        if (r.path.endsWith(QByteArray(idFor(2).toLatin1() + "/sources")))
            return ScriptedReply::json(500,
                                       R"({"error":"internal","message":"database unavailable"})");
        return ws.serve(r);
    });
    ApiBackend backend(configFor(server.baseUrl()));
    const KnowledgeBasesResult r = noted(await(backend.listKnowledgeBases()));
    QVERIFY(!r.ok());
    QCOMPARE_OUTCOME(r.error->outcome, Outcome::ServerError);
    QCOMPARE(r.error->httpStatus, 500);
    QCOMPARE(r.error->message, u"database unavailable"_s);
}

void TestApiListing::listKnowledgeBases_unauthorized()
{
    ScriptedHttpServer server;
    QVERIFY(server.listen());
    server.setHandler([](const RecordedRequest &) {
        return ScriptedReply::json(
            401,
            R"({"error":"authentication_required","message":"No valid API key was provided."})");
    });
    ApiBackend backend(configFor(server.baseUrl()));
    const KnowledgeBasesResult r = noted(await(backend.listKnowledgeBases()));
    QVERIFY(!r.ok());
    QCOMPARE_OUTCOME(r.error->outcome, Outcome::Unauthorized);
    QCOMPARE(r.error->httpStatus, 401);
    QCOMPARE(r.error->message, u"No valid API key was provided."_s);
}

void TestApiListing::listSources_streamsOneResultPerHttpPage()
{
    Workspace ws;
    ScriptedHttpServer server;
    QVERIFY(server.listen());
    server.setHandler([&](const RecordedRequest &r) { return ws.serve(r); });
    ApiBackend backend(configFor(server.baseUrl()));

    const QFuture<SourcePage> f = backend.listSources(SourceQuery{{idFor(3)}, {}});
    QVERIFY(waitFor(f));

    QCOMPARE(f.resultCount(), 4); // 7 sources, 2 per page
    for (int i = 0; i < 4; ++i)
        QVERIFY(f.resultAt(i).ok());
    const SourcePage all = collectSources(f);
    QVERIFY(all.ok());
    QCOMPARE(all.value.size(), 7);
    for (int s = 0; s < 7; ++s) {
        QCOMPARE(all.value[s].id, idFor(3, s));
        QCOMPARE(all.value[s].status, statusOf(s)); // unknown statuses verbatim
    }
    QCOMPARE(requestsTo(server, KbPath).size(), 0); // KB list not needed when ids are given
}

void TestApiListing::listSources_everyKb_whenNoKbIdsGiven()
{
    Workspace ws;
    ws.kbCount = 3; // KB list: 2 pages; sources 3 + 5 + 7
    ScriptedHttpServer server;
    QVERIFY(server.listen());
    server.setHandler([&](const RecordedRequest &r) { return ws.serve(r); });
    ApiBackend backend(configFor(server.baseUrl()));

    const QFuture<SourcePage> f = backend.listSources(SourceQuery{});
    QVERIFY(waitFor(f));

    const SourcePage all = noted(collectSources(f));
    QVERIFY(all.ok());
    QCOMPARE(all.value.size(), 15);
    QCOMPARE(f.resultCount(), 2 + 3 + 4);
    QCOMPARE(all.value.first().knowledgeBaseId, idFor(1)); // in KB order
    QCOMPARE(all.value.last().id, idFor(3, 6));
    QCOMPARE(requestsTo(server, KbPath).size(), 2);
}

void TestApiListing::listSources_statusFilter_caseInsensitive_neverSentToServer()
{
    Workspace ws;
    ScriptedHttpServer server;
    QVERIFY(server.listen());
    server.setHandler([&](const RecordedRequest &r) { return ws.serve(r); });
    ApiBackend backend(configFor(server.baseUrl()));

    // `--status ERROR` matches "error": servers differ in case, the filter must not.
    const QFuture<SourcePage> f = backend.listSources(SourceQuery{{idFor(3)}, {u"ERROR"_s}});
    QVERIFY(waitFor(f));
    const SourcePage all = collectSources(f);
    QVERIFY(all.ok());
    QCOMPARE(all.value.size(), 2);
    for (const Source &s : all.value)
        QCOMPARE(s.status, u"error"_s); // verbatim, as the server wrote it
    QCOMPARE(f.resultCount(), 4);       // still one result per HTTP page, some now empty
    // The request lines carry only the documented List Sources parameters.
    const QList<RecordedRequest> requests = server.requests();
    QCOMPARE(requests.size(), 4);
    QCOMPARE(requests[0].rawQuery, QByteArray("limit=200"));
    for (const RecordedRequest &req : requests) {
        QCOMPARE(req.method, QByteArray("GET"));
        for (const QByteArray &pair : req.rawQuery.split('&'))
            QVERIFY2(pair.startsWith("limit=") || pair.startsWith("cursor="),
                     req.rawQuery.constData());
    }
}

void TestApiListing::listSources_severalStatuses_filteredHereOnly()
{
    Workspace ws;
    ScriptedHttpServer server;
    QVERIFY(server.listen());
    server.setHandler([&](const RecordedRequest &r) { return ws.serve(r); });
    ApiBackend backend(configFor(server.baseUrl()));

    const QFuture<SourcePage> f =
        backend.listSources(SourceQuery{{idFor(3), idFor(1)}, {u"active"_s, u"weird_new_state"_s}});
    QVERIFY(waitFor(f));
    const SourcePage all = collectSources(f);
    QVERIFY(all.ok());
    QCOMPARE(all.value.size(), 3 + 1); // KB 3: active ×2 + weird ×1; KB 1: active ×1
    QCOMPARE(all.value.last().knowledgeBaseId, idFor(1)); // in the order asked
    for (const RecordedRequest &req : server.requests())
        QVERIFY(!req.rawQuery.contains("status="));
}

void TestApiListing::listSources_invalidKbId_refusedWithoutRequest()
{
    ScriptedHttpServer server;
    QVERIFY(server.listen());
    ApiBackend backend(configFor(server.baseUrl()));
    const QFuture<SourcePage> f = backend.listSources(SourceQuery{{Kb1, u"kb_01hx"_s}, {}});
    QVERIFY(waitFor(f));
    QCOMPARE(f.resultCount(), 1);
    const SourcePage page = noted(f.result());
    QCOMPARE_OUTCOME(page.error->outcome, Outcome::Invalid);
    QCOMPARE(page.error->message, u"kb_id is not a UUID: \"kb_01hx\""_s);
    QCOMPARE(server.connectionCount(), 0);
}

void TestApiListing::listSources_errorOnALaterPage_isTheLastResult()
{
    Workspace ws;
    ScriptedHttpServer server;
    QVERIFY(server.listen());
    server.setHandler([&](const RecordedRequest &r) {
        if (!r.queryValue(u"cursor"_s).isEmpty()) // a 500 is not retried (api/retrygate.h)
            return ScriptedReply::json(500, R"({"error":"internal","message":"database down"})");
        return ws.serve(r);
    });
    ApiBackend backend(configFor(server.baseUrl()));
    const QFuture<SourcePage> f = backend.listSources(SourceQuery{{idFor(3)}, {}});
    QVERIFY(waitFor(f));
    QCOMPARE(f.resultCount(), 2);
    QVERIFY(f.resultAt(0).ok());
    QCOMPARE(f.resultAt(0).value.size(), 2);
    const SourcePage last = noted(f.resultAt(1));
    QVERIFY(!last.ok());
    QCOMPARE_OUTCOME(last.error->outcome, Outcome::ServerError);
    QCOMPARE(last.error->httpStatus, 500);
    QCOMPARE(last.error->message, u"database down"_s);
    QVERIFY(!collectSources(f).ok()); // never a complete list
    QCOMPARE(server.requests().size(), 2);
}

// The source id of every row of `f`'s results, in order.
static QStringList idsOf(const QFuture<SourcePage> &f)
{
    QStringList ids;
    for (int i = 0; i < f.resultCount(); ++i)
        for (const Source &s : f.resultAt(i).value)
            ids << s.id;
    return ids;
}

// What a walk of one KB after the other yields: KB 1's sources, then KB 2's, ...
static QStringList sequentialIds(int fromKb, int toKb)
{
    QStringList ids;
    for (int k = fromKb; k <= toKb; ++k)
        for (int s = 0; s < k * 2 + 1; ++s)
            ids << idFor(k, s);
    return ids;
}

static int kbOfPath(const QByteArray &path)
{
    for (int k = 1; k <= 99; ++k)
        if (QString::fromLatin1(path) == KbPath + u'/' + idFor(k) + u"/sources"_s)
            return k;
    return 0;
}

void TestApiListing::listSources_severalKbsAtOnce_pagesInSequentialOrder()
{
    Workspace ws;
    ws.kbCount = 9; // KB list: 5 pages; KB k: 2k + 1 sources, two a page
    ScriptedHttpServer server;
    QVERIFY(server.listen());
    server.setHandler([&](const RecordedRequest &r) {
        ScriptedReply reply = ws.serve(r);
        // Earlier KBs answer slower: later ones finish first and must wait their turn.
        if (const int kb = kbOfPath(r.path))
            reply.delayMs = (10 - kb) * 15;
        return reply;
    });
    ApiBackend backend(configFor(server.baseUrl())); // maxConnections 4

    const QFuture<SourcePage> f = backend.listSources(SourceQuery{});
    QVERIFY(waitFor(f));

    const SourcePage all = noted(collectSources(f));
    QVERIFY(all.ok());
    QCOMPARE(idsOf(f), sequentialIds(1, 9));
    int pages = 0;
    for (int k = 1; k <= 9; ++k)
        pages += k + 1;
    QCOMPARE(f.resultCount(), pages); // one result per HTTP page, none empty
    for (int i = 0; i < f.resultCount(); ++i)
        QVERIFY(!f.resultAt(i).value.isEmpty());
    QVERIFY2(server.maxOpenConnections() > 1, "the KBs were walked one after the other");
    QVERIFY(server.maxOpenConnections() <= 4);
}

// Every page of a listing goes over the few keep-alive connections the pool opens: a new TCP
// connection per page (or per KB) would cost a handshake each, a TLS one on a real server.
void TestApiListing::listSources_manyPages_reuseKeepAliveConnections()
{
    Workspace ws;
    ws.kbCount = 30; // KB list: 15 pages; KB k: k + 1 pages; 510 GETs in all
    ScriptedHttpServer server;
    QVERIFY(server.listen());
    server.setHandler([&](const RecordedRequest &r) { return ws.serve(r); });
    ApiBackend backend(configFor(server.baseUrl())); // maxConnections 4: one manager

    const QFuture<SourcePage> f = backend.listSources(SourceQuery{});
    QVERIFY(waitFor(f));
    QVERIFY(noted(collectSources(f)).ok());
    QCOMPARE(idsOf(f), sequentialIds(1, 30));
    qInfo("%d requests over %d connections, at most %d open at once", int(server.requests().size()),
          server.connectionCount(), server.maxOpenConnections());
    // Qt opens at most 6 per host and manager; each reconnect beyond that is a dropped socket.
    QVERIFY2(server.connectionCount() <= 6, "connections were not kept alive");
}

void TestApiListing::listSources_behindTheHead_atMostTwoPagesPerKbAhead()
{
    Workspace ws;
    ws.kbCount = 8;
    ScriptedHttpServer server;
    QVERIFY(server.listen());
    QHash<int, int> requestsPerKb;
    QHash<int, int> seenWhenHeadResumed; // requests per KB when KB 1's second page was asked
    server.setHandler([&](const RecordedRequest &r) {
        ScriptedReply reply = ws.serve(r);
        const int kb = kbOfPath(r.path);
        if (kb == 1 && requestsPerKb.value(1) == 1)
            seenWhenHeadResumed = requestsPerKb;
        if (kb)
            ++requestsPerKb[kb];
        if (kb == 1)
            reply.delayMs = 800; // the head is slow; KBs 2-4 run ahead meanwhile
        return reply;
    });
    ApiBackend backend(configFor(server.baseUrl()));

    const QFuture<SourcePage> f = backend.listSources(
        SourceQuery{{idFor(1), idFor(2), idFor(3), idFor(4), idFor(5), idFor(6)}, {}});
    QVERIFY(waitFor(f));
    QVERIFY(noted(collectSources(f)).ok());
    QCOMPARE(idsOf(f), sequentialIds(1, 6));

    // While KB 1 (2 pages) was answering its first page, each of KBs 2-6 (3 to 7 pages)
    // fetched two pages and then waited; a KB that waits frees its connection for the next.
    QCOMPARE(seenWhenHeadResumed.value(1), 1);
    for (int k = 2; k <= 6; ++k)
        QCOMPARE(seenWhenHeadResumed.value(k), 2);
}

void TestApiListing::listSources_errorInOneKb_comesAfterEveryEarlierKbsRows()
{
    Workspace ws;
    ws.kbCount = 6;
    ScriptedHttpServer server;
    QVERIFY(server.listen());
    server.setHandler([&](const RecordedRequest &r) {
        const int kb = kbOfPath(r.path);
        if (kb == 3) // a 500 is not retried (api/retrygate.h)
            return ScriptedReply::json(500, R"({"error":"internal","message":"database down"})");
        ScriptedReply reply = ws.serve(r);
        if (kb == 1)
            reply.delayMs = 200; // KB 3 fails long before KB 1 is out
        return reply;
    });
    ApiBackend backend(configFor(server.baseUrl()));

    const QFuture<SourcePage> f = backend.listSources(SourceQuery{});
    QVERIFY(waitFor(f));
    const SourcePage last = noted(f.resultAt(f.resultCount() - 1));
    QVERIFY(!last.ok());
    QCOMPARE(last.error->httpStatus, 500);
    QCOMPARE(last.error->message, u"database down"_s);
    // Exactly what a walk of one KB after the other hands out before the error: KBs 1 and 2.
    QCOMPARE(idsOf(f), sequentialIds(1, 2));
    QCOMPARE(f.resultCount(), 2 + 3 + 1);
}

void TestApiListing::list_hasMoreWithoutCursor_isMalformedNotALoop()
{
    ScriptedHttpServer server;
    QVERIFY(server.listen());
    server.setHandler([](const RecordedRequest &) {
        return ScriptedReply::json(200, R"({"items":[],"has_more":true,"next_cursor":null})");
    });
    ApiBackend backend(configFor(server.baseUrl()));
    const KnowledgeBasesResult r = noted(await(backend.listKnowledgeBases()));
    QVERIFY(!r.ok());
    QCOMPARE_OUTCOME(r.error->outcome, Outcome::ServerError);
    QVERIFY2(r.error->message.startsWith(
                 u"malformed reply: has_more is true but next_cursor is empty"_s),
             qPrintable(r.error->message));
    QCOMPARE(server.requests().size(), 1);
}

void TestApiListing::list_repeatingCursor_stops()
{
    ScriptedHttpServer server;
    QVERIFY(server.listen());
    server.setHandler([](const RecordedRequest &) {
        return ScriptedReply::json(200, R"({"items":[],"has_more":true,"next_cursor":"same"})");
    });
    ApiBackend backend(configFor(server.baseUrl()));
    const QFuture<SourcePage> f = backend.listSources(SourceQuery{{Kb1}, {}});
    QVERIFY(waitFor(f));
    const SourcePage all = noted(collectSources(f));
    QVERIFY(!all.ok());
    QVERIFY2(all.error->message.contains(u"does not end"_s), qPrintable(all.error->message));
    QCOMPARE(server.requests().size(), 2);
}

void TestApiListing::list_malformedItem_isAnErrorRow()
{
    ScriptedHttpServer server;
    QVERIFY(server.listen());
    server.setHandler([](const RecordedRequest &) {
        return ScriptedReply::json(200,
                                   R"({"items":[{"id":"x","status":"active"}],"has_more":false})");
    });
    ApiBackend backend(configFor(server.baseUrl()));
    const QFuture<SourcePage> f = backend.listSources(SourceQuery{{Kb1}, {}});
    QVERIFY(waitFor(f));
    const SourcePage page = noted(collectSources(f));
    QVERIFY(!page.ok());
    QCOMPARE_OUTCOME(page.error->outcome, Outcome::ServerError);
    QCOMPARE(page.error->httpStatus, 200);
    QCOMPARE(
        page.error->message,
        u"malformed reply: source: missing or non-string field \"knowledge_base_id\" (HTTP 200)"_s);
    server.setHandler(
        [](const RecordedRequest &) { return ScriptedReply::json(200, R"({"has_more":false})"); });
    const KnowledgeBasesResult kbs = noted(await(backend.listKnowledgeBases()));
    QVERIFY(!kbs.ok());
    QVERIFY(kbs.error->message.contains(u"no \"items\" array"_s));
}

void TestApiListing::apiKey_neverAppearsInAnyMessageOrLogLine()
{
    const QStringList texts = TextCollector::instance().texts();
    if (texts.size() < 20)
        QSKIP("run the whole file: this test checks what the other tests produced");
    for (const QString &text : texts)
        QVERIFY2(!text.contains(TestApiKey), qPrintable(u"key leaked in: "_s + text.left(200)));
}

QTEST_GUILESS_MAIN(TestApiListing)
#include "tst_apilisting.moc"
