// ApiBackend::trigger and ::preflight against a scripted server: the DESIGN.md outcome table
// over real HTTP, FastAPI 422 shapes, Retry-After, malformed and oversized bodies, ids
// refused before any request.
#include "apitestutil.h"
#include "support/testsupport.h"

#include <QtTest>

using namespace Qt::StringLiterals;
using namespace feather;
using namespace feather::test;
using Headers = QList<std::pair<QByteArray, QByteArray>>;

Q_DECLARE_METATYPE(Headers)

class TestApiTrigger final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();

    void trigger_sendsOnePostWithKeyAndIdempotencyKey();
    void trigger_retryWithSameTarget_reusesTheTriggerId();

    void answer_mapsToOutcome_data();
    void answer_mapsToOutcome();
    void conflictWithoutJob_oneStatusReadNamesTheRunningJob_data();
    void conflictWithoutJob_oneStatusReadNamesTheRunningJob();
    void validation422_rendersLocAndMsg_data();
    void validation422_rendersLocAndMsg();
    void rateLimited_exposesRetryAfter_data();
    void rateLimited_exposesRetryAfter();

    void oversizedBody_abortedAndReportedWithStatus_data();
    void oversizedBody_abortedAndReportedWithStatus();
    void oversizedErrorBody_keepsStatusOutcome();

    void invalidIds_refusedBeforeAnyRequest_data();
    void invalidIds_refusedBeforeAnyRequest();
    void upperCaseIds_areNormalisedInThePath();

    void preflight_readsStatusOnly_data();
    void preflight_readsStatusOnly();

    void info_showsOriginOnly();
    void apiKey_neverAppearsInAnyMessageOrLogLine(); // keep last
};

void TestApiTrigger::initTestCase()
{
    TextCollector::instance().captureLogs();
}

void TestApiTrigger::trigger_sendsOnePostWithKeyAndIdempotencyKey()
{
    ScriptedHttpServer server;
    QVERIFY(server.listen());
    server.setHandler(
        [](const RecordedRequest &) { return ScriptedReply::json(200, triggerOk()); });
    ApiBackend backend(configFor(server.baseUrl()));

    const TriggerResult r = noted(await(backend.trigger(target1())));

    QCOMPARE_OUTCOME(r.outcome, Outcome::Triggered);
    QCOMPARE(r.jobId, Job1);
    QCOMPARE(r.status, u"queued"_s);
    QCOMPARE(r.message, u"Sync has been queued"_s);
    QCOMPARE(r.httpStatus, 200);
    QVERIFY(r.finishedAt.isValid());
    QCOMPARE(r.finishedAt.timeSpec(), Qt::UTC);
    QVERIFY(r.target == target1());
    QCOMPARE(server.requests().size(), 1);
    const RecordedRequest &req = server.requests()[0];
    QCOMPARE(req.method, QByteArray("POST"));
    QCOMPARE(req.path, triggerPath());
    QVERIFY(req.rawQuery.isEmpty());
    QCOMPARE(req.header("x-api-key"), TestApiKey.toLatin1());
    QCOMPARE(req.header("idempotency-key"), Trigger1.toLatin1());
    QCOMPARE(req.header("content-length"), QByteArray("0"));
    QVERIFY(req.body.isEmpty());
    QVERIFY(!req.path.contains(TestApiKey.toLatin1()));
}

void TestApiTrigger::trigger_retryWithSameTarget_reusesTheTriggerId()
{
    ScriptedHttpServer server;
    QVERIFY(server.listen());
    int calls = 0;
    server.setHandler([&](const RecordedRequest &) {
        return ++calls == 1
                   ? ScriptedReply::json(503, R"({"error":"unavailable","message":"try later"})")
                   : ScriptedReply::json(200, triggerOk());
    });
    ApiBackend backend(configFor(server.baseUrl()));
    QCOMPARE_OUTCOME(noted(await(backend.trigger(target1()))).outcome, Outcome::ServerError);
    QCOMPARE_OUTCOME(noted(await(backend.trigger(target1()))).outcome, Outcome::Triggered);
    QCOMPARE(server.requests().size(), 2);
    QCOMPARE(server.requests()[0].header("idempotency-key"),
             server.requests()[1].header("idempotency-key"));
}

void TestApiTrigger::answer_mapsToOutcome_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<Outcome>("outcome");
    QTest::addColumn<QString>("message");
    QTest::addColumn<QString>("jobId");

    const QString job = Job1;
    QTest::newRow("200 SyncTriggerResponse")
        << 200 << triggerOk() << Outcome::Triggered << u"Sync has been queued"_s << job;
    QTest::newRow("202 with unknown fields")
        << 202
        << QByteArray(
               R"({"job_id":"33333333-3333-4333-8333-333333333333","status":"accepted","message":"ok","eta":3})")
        << Outcome::Triggered << u"ok"_s << job;
    QTest::newRow("200 without job_id")
        << 200 << QByteArray(R"({"status":"queued","message":"Sync has been queued"})")
        << Outcome::ServerError << u"malformed reply: no job_id in the body (HTTP 200 OK)"_s
        << QString();
    QTest::newRow("200 garbage") << 200 << QByteArray("<<<garbage>>>") << Outcome::ServerError
                                 << u"malformed reply: not JSON"_s << QString();
    QTest::newRow("200 empty body") << 200 << QByteArray() << Outcome::ServerError
                                    << u"malformed reply: not JSON"_s << QString();
    QTest::newRow("409 error+message+job")
        << 409
        << QByteArray(
               R"J({"error":"already_syncing","message":"Source is already syncing (job 33333333-3333-4333-8333-333333333333)","job_id":"33333333-3333-4333-8333-333333333333"})J")
        << Outcome::AlreadySyncing
        << u"Source is already syncing (job 33333333-3333-4333-8333-333333333333)"_s << job;
    QTest::newRow("409 plain detail") << 409 << QByteArray(R"({"detail":"Conflict"})")
                                      << Outcome::AlreadySyncing << u"Conflict"_s << QString();
    QTest::newRow("400 already running")
        << 400
        << QByteArray(
               R"({"error":"bad_request","message":"A sync is already running for this source"})")
        << Outcome::AlreadySyncing << u"A sync is already running for this source"_s << QString();
    QTest::newRow("400 in progress, detail string")
        << 400 << QByteArray(R"({"detail":"Sync in progress"})") << Outcome::AlreadySyncing
        << u"Sync in progress"_s << QString();
    QTest::newRow("400 other") << 400
                               << QByteArray(
                                      R"({"error":"bad_request","message":"source is paused"})")
                               << Outcome::Invalid << u"source is paused"_s << QString();
    QTest::newRow("401")
        << 401
        << QByteArray(
               R"({"error":"authentication_required","message":"No valid API key was provided. Pass your key in the x-api-key header."})")
        << Outcome::Unauthorized
        << u"No valid API key was provided. Pass your key in the x-api-key header."_s << QString();
    QTest::newRow("401 echoing the key")
        << 401
        << QByteArray("{\"error\":\"invalid_key\",\"message\":\"API key " + TestApiKey.toLatin1()
                      + " is revoked\"}")
        << Outcome::Unauthorized << u"API key *** is revoked"_s << QString();
    QTest::newRow("500 echoing the key in html")
        << 500 << QByteArray("<pre>x-api-key: " + TestApiKey.toLatin1() + "</pre>")
        << Outcome::ServerError << u"HTTP 500 Internal Server Error: <pre>x-api-key: ***</pre>"_s
        << QString();
    QTest::newRow("403") << 403
                         << QByteArray(R"({"error":"forbidden","message":"Key lacks scope"})")
                         << Outcome::Forbidden << u"Key lacks scope"_s << QString();
    QTest::newRow("404") << 404
                         << QByteArray(R"({"error":"not_found","message":"Source not found"})")
                         << Outcome::NotFound << u"Source not found"_s << QString();
    QTest::newRow("404 empty body")
        << 404 << QByteArray() << Outcome::NotFound << u"HTTP 404 Not Found"_s << QString();
    QTest::newRow("500") << 500 << QByteArray(R"({"error":"internal","message":"boom"})")
                         << Outcome::ServerError << u"boom"_s << QString();
    QTest::newRow("502 html from a proxy")
        << 502 << QByteArray("<html><body>\nBad gateway\n</body></html>") << Outcome::ServerError
        << u"HTTP 502 Bad Gateway: <html><body> Bad gateway </body></html>"_s << QString();
    QTest::newRow("503") << 503 << QByteArray(R"({"error":"unavailable","message":"maintenance"})")
                         << Outcome::ServerError << u"maintenance"_s << QString();
}

void TestApiTrigger::answer_mapsToOutcome()
{
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(Outcome, outcome);
    QFETCH(QString, message);
    QFETCH(QString, jobId);
    ScriptedHttpServer server;
    QVERIFY(server.listen());
    server.setHandler([&](const RecordedRequest &) { return ScriptedReply::json(status, body); });
    ApiBackend backend(configFor(server.baseUrl()));

    const TriggerResult r = noted(await(backend.trigger(target1())));

    QCOMPARE_OUTCOME(r.outcome, outcome);
    QCOMPARE(r.httpStatus, status);
    QVERIFY2(r.message.startsWith(message), qPrintable(r.message));
    QCOMPARE(r.jobId, jobId);
    // already_syncing without a job in the body: one status read looks for the running job
    // (this server answers it like the POST, so none is found).
    const bool readsStatus = outcome == Outcome::AlreadySyncing && jobId.isEmpty();
    QCOMPARE(server.requests().size(), readsStatus ? 2 : 1);
    QCOMPARE(server.requests()[0].method, QByteArray("POST"));
    if (readsStatus) {
        QCOMPARE(server.requests()[1].method, QByteArray("GET"));
        QCOMPARE(server.requests()[1].path, sourcePath() + "/sync/status");
        QVERIFY2(r.message.contains(u"; the running job could not be read: "_s),
                 qPrintable(r.message));
    }
}

void TestApiTrigger::conflictWithoutJob_oneStatusReadNamesTheRunningJob_data()
{
    QTest::addColumn<QByteArray>("conflictBody");
    QTest::addColumn<int>("statusCode");
    QTest::addColumn<QByteArray>("statusBody");
    QTest::addColumn<QString>("jobId");
    QTest::addColumn<QString>("status");
    QTest::addColumn<QString>("message");
    const QByteArray conflict =
        R"({"error":"conflict","message":"Source is already being synced"})";
    const QByteArray prefix = R"({"source_id":"22222222-2222-4222-8222-222222222222",)";
    QTest::newRow("syncing, job named")
        << conflict << 200
        << prefix
               + R"("source_status":"syncing","last_sync_job_id":"33333333-3333-4333-8333-333333333333"})"
        << Job1 << u"syncing"_s
        << u"Source is already being synced; running job %1 (read from …/sync/status)"_s.arg(Job1);
    QTest::newRow("finished meanwhile")
        << conflict << 200
        << prefix
               + R"("source_status":"active","last_sync_job_id":"33333333-3333-4333-8333-333333333333"})"
        << Job1 << u"active"_s
        << u"Source is already being synced; last job %1, source now active (read from …/sync/status)"_s
               .arg(Job1);
    QTest::newRow("no job at all")
        << conflict << 200 << prefix + R"("source_status":"syncing","last_sync_job_id":null})"
        << QString() << u"syncing"_s
        << u"Source is already being synced; …/sync/status names no job (source is syncing)"_s;
    QTest::newRow("job id in the body is not a UUID")
        << QByteArray(R"({"error":"conflict","message":"busy","job_id":"../x"})") << 200
        << prefix
               + R"("source_status":"syncing","last_sync_job_id":"33333333-3333-4333-8333-333333333333"})"
        << Job1 << u"syncing"_s << u"busy; running job %1 (read from …/sync/status)"_s.arg(Job1);
    QTest::newRow("status read fails")
        << conflict << 500 << QByteArray(R"({"error":"internal","message":"db down"})") << QString()
        << QString()
        << u"Source is already being synced; the running job could not be read: db down"_s;
}

void TestApiTrigger::conflictWithoutJob_oneStatusReadNamesTheRunningJob()
{
    QFETCH(QByteArray, conflictBody);
    QFETCH(int, statusCode);
    QFETCH(QByteArray, statusBody);
    QFETCH(QString, jobId);
    QFETCH(QString, status);
    QFETCH(QString, message);
    ScriptedHttpServer server;
    QVERIFY(server.listen());
    server.setHandler([&](const RecordedRequest &r) {
        if (r.method == "POST")
            return ScriptedReply::json(409, conflictBody);
        return ScriptedReply::json(statusCode, statusBody);
    });
    ApiBackend backend(configFor(server.baseUrl()));

    const TriggerResult r = noted(await(backend.trigger(target1())));

    QCOMPARE_OUTCOME(r.outcome, Outcome::AlreadySyncing);
    QCOMPARE(r.httpStatus, 409);
    QCOMPARE(r.jobId, jobId);
    QCOMPARE(r.status, status);
    QCOMPARE(r.message, message);
    QCOMPARE(server.requests().size(), 2); // one POST, one status read; never a second POST
    QCOMPARE(server.requests()[0].method, QByteArray("POST"));
    QCOMPARE(server.requests()[1].method, QByteArray("GET"));
    QCOMPARE(server.requests()[1].path, sourcePath() + "/sync/status");
}

void TestApiTrigger::validation422_rendersLocAndMsg_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("message");
    QTest::newRow("pydantic v2 with input and ctx")
        << QByteArray(
               R"({"detail":[{"type":"uuid_parsing","loc":["path","source_id"],"msg":"Input should be a valid UUID, invalid character: expected an optional prefix of `urn:uuid:` followed by [0-9a-fA-F-], found `x` at 1","input":"x","ctx":{"error":"invalid character"},"url":"https://errors.pydantic.dev/2.5/v/uuid_parsing"}]})")
        << u"path.source_id: Input should be a valid UUID, invalid character: expected an optional prefix of `urn:uuid:` followed by [0-9a-fA-F-], found `x` at 1"_s;
    QTest::newRow("pydantic v1 without input/ctx") << QByteArray(
        R"({"detail":[{"loc":["path","kb_id"],"msg":"value is not a valid uuid","type":"type_error.uuid"}]})")
                                                   << u"path.kb_id: value is not a valid uuid"_s;
    QTest::newRow("two errors, integer index in loc")
        << QByteArray(
               R"({"detail":[{"loc":["body","roots",0,"provider_item_id"],"msg":"Field required","type":"missing"},{"loc":["query","limit"],"msg":"Input should be less than or equal to 200","type":"less_than_equal","input":"500","ctx":{"le":200}}]})")
        << u"body.roots.0.provider_item_id: Field required; query.limit: Input should be less than or equal to 200"_s;
    QTest::newRow("plain string detail")
        << QByteArray(R"({"detail":"Invalid source state"})") << u"Invalid source state"_s;
    QTest::newRow("error/message body")
        << QByteArray(R"({"error":"validation_error","message":"kb_id must be a UUID"})")
        << u"kb_id must be a UUID"_s;
    QTest::newRow("empty detail list")
        << QByteArray(R"({"detail":[]})") << u"HTTP 422 Unprocessable Entity"_s;
    QTest::newRow("not json") << QByteArray("Unprocessable")
                              << u"HTTP 422 Unprocessable Entity: Unprocessable"_s;
}

void TestApiTrigger::validation422_rendersLocAndMsg()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, message);
    ScriptedHttpServer server;
    QVERIFY(server.listen());
    server.setHandler([&](const RecordedRequest &) { return ScriptedReply::json(422, body); });
    ApiBackend backend(configFor(server.baseUrl()));

    const TriggerResult r = noted(await(backend.trigger(target1())));

    QCOMPARE_OUTCOME(r.outcome, Outcome::Invalid);
    QCOMPARE(r.httpStatus, 422);
    QCOMPARE(r.message, message);
}

void TestApiTrigger::rateLimited_exposesRetryAfter_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("retryAfter");
    QTest::addColumn<qint64>("minMs");
    QTest::addColumn<qint64>("maxMs"); // -1: no value expected
    const QByteArray inOneMinute = QLocale::c()
                                       .toString(QDateTime::currentDateTimeUtc().addSecs(60),
                                                 u"ddd, dd MMM yyyy HH:mm:ss 'GMT'"_s)
                                       .toLatin1();
    QTest::newRow("429 seconds") << 429 << QByteArray("2") << qint64(2000) << qint64(2000);
    QTest::newRow("429 http-date") << 429 << inOneMinute << qint64(55000) << qint64(61000);
    QTest::newRow("429 one day") << 429 << QByteArray("86400") << qint64(86400000)
                                 << qint64(86400000);
    QTest::newRow("429 negative") << 429 << QByteArray("-5") << qint64(0) << qint64(-1);
    QTest::newRow("429 garbage") << 429 << QByteArray("garbage") << qint64(0) << qint64(-1);
    QTest::newRow("503 seconds") << 503 << QByteArray("7") << qint64(7000) << qint64(7000);
}

void TestApiTrigger::rateLimited_exposesRetryAfter()
{
    QFETCH(int, status);
    QFETCH(QByteArray, retryAfter);
    QFETCH(qint64, minMs);
    QFETCH(qint64, maxMs);
    ScriptedHttpServer server;
    QVERIFY(server.listen());
    server.setHandler([&](const RecordedRequest &) {
        return ScriptedReply::json(
            status,
            R"({"error":"rate_limited","message":"Organization rate limit exceeded. Retry after a short delay."})",
            {{"Retry-After", retryAfter}});
    });
    ApiBackend backend(configFor(server.baseUrl()));

    const TriggerResult r = noted(await(backend.trigger(target1())));

    QCOMPARE_OUTCOME(r.outcome, status == 429 ? Outcome::RateLimited : Outcome::ServerError);
    QCOMPARE(r.httpStatus, status);
    QCOMPARE(r.message, u"Organization rate limit exceeded. Retry after a short delay."_s);
    if (maxMs < 0) {
        QVERIFY(!r.retryAfterMs.has_value());
    } else {
        QVERIFY(r.retryAfterMs.has_value());
        QVERIFY2(*r.retryAfterMs >= minMs && *r.retryAfterMs <= maxMs,
                 qPrintable(QString::number(*r.retryAfterMs)));
    }
}

void TestApiTrigger::oversizedBody_abortedAndReportedWithStatus_data()
{
    QTest::addColumn<bool>("declaredLength");
    QTest::newRow("Content-Length 2 MiB") << true;
    QTest::newRow("no Content-Length, body until close") << false;
}

void TestApiTrigger::oversizedBody_abortedAndReportedWithStatus()
{
    QFETCH(bool, declaredLength);
    // A valid JSON object of 2 MiB: its size alone makes it unusable.
    QByteArray big = "{\"job_id\":\"" + Job1.toLatin1() + "\",\"status\":\"queued\",\"message\":\"";
    big += QByteArray(2 * 1024 * 1024, 'x') + "\"}";
    ScriptedHttpServer server;
    QVERIFY(server.listen());
    server.setHandler([&](const RecordedRequest &) {
        ScriptedReply r = ScriptedReply::json(200, big);
        r.noContentLength = !declaredLength;
        return r;
    });
    ApiBackend backend(configFor(server.baseUrl()));
    const TriggerResult r = noted(await(backend.trigger(target1())));
    QCOMPARE_OUTCOME(r.outcome, Outcome::ServerError);
    QCOMPARE(r.httpStatus, 200);
    QCOMPARE(r.message, u"malformed reply: body larger than 1 MiB (HTTP 200 OK)"_s);
    QVERIFY(r.jobId.isEmpty());

    // The same limit on a list call: an error, not a crash and not a half-parsed page.
    const KnowledgeBasesResult kbs = noted(await(backend.listKnowledgeBases()));
    QVERIFY(!kbs.ok());
    QCOMPARE(kbs.error->httpStatus, 200);
    QVERIFY2(kbs.error->message.contains(u"larger than 1 MiB"_s), qPrintable(kbs.error->message));
}

void TestApiTrigger::oversizedErrorBody_keepsStatusOutcome()
{
    ScriptedHttpServer server;
    QVERIFY(server.listen());
    server.setHandler([](const RecordedRequest &) {
        return ScriptedReply::json(404, QByteArray(2 * 1024 * 1024, ' ') + "{}");
    });
    ApiBackend backend(configFor(server.baseUrl()));
    const TriggerResult r = noted(await(backend.trigger(target1())));
    QCOMPARE_OUTCOME(r.outcome, Outcome::NotFound);
    QCOMPARE(r.httpStatus, 404);
    QVERIFY2(r.message.contains(u"larger than 1 MiB"_s), qPrintable(r.message));
}

void TestApiTrigger::invalidIds_refusedBeforeAnyRequest_data()
{
    QTest::addColumn<QString>("kb");
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("trigger");
    QTest::addColumn<QString>("reason");
    QTest::newRow("kb") << u"not-a-uuid"_s << Src1 << Trigger1 << u"kb_id is not a UUID"_s;
    QTest::newRow("source with path")
        << Kb1 << u"../../admin"_s << Trigger1 << u"source_id is not a UUID"_s;
    QTest::newRow("braces") << Kb1 << u"{22222222-2222-4222-8222-222222222222}"_s << Trigger1
                            << u"source_id is not a UUID"_s;
    QTest::newRow("empty trigger id") << Kb1 << Src1 << QString() << u"trigger_id is not a UUID"_s;
    QTest::newRow("newline") << Kb1 << Src1 << u"4444\n4444"_s << u"trigger_id is not a UUID"_s;
}

void TestApiTrigger::invalidIds_refusedBeforeAnyRequest()
{
    QFETCH(QString, kb);
    QFETCH(QString, source);
    QFETCH(QString, trigger);
    QFETCH(QString, reason);
    ScriptedHttpServer server;
    QVERIFY(server.listen());
    server.setHandler(
        [](const RecordedRequest &) { return ScriptedReply::json(200, triggerOk()); });
    ApiBackend backend(configFor(server.baseUrl()));
    const TriggerTarget target{kb, source, trigger};

    const TriggerResult r = noted(await(backend.trigger(target)));
    QCOMPARE_OUTCOME(r.outcome, Outcome::Invalid);
    QVERIFY2(r.message.startsWith(reason), qPrintable(r.message));
    QVERIFY(!r.message.contains(u'\n'));
    QVERIFY(r.target == target);
    QCOMPARE_OUTCOME(noted(await(backend.jobByTrigger(target))).error->outcome, Outcome::Invalid);
    if (kb != Kb1 || source != Src1) {
        QCOMPARE_OUTCOME(noted(await(backend.preflight(target))).outcome, Outcome::Invalid);
        QCOMPARE_OUTCOME(noted(await(backend.syncStatus(kb, source))).error->outcome,
                         Outcome::Invalid);
        QCOMPARE_OUTCOME(noted(await(backend.updateSchedule(kb, source, {}))).error->outcome,
                         Outcome::Invalid);
    }
    const JobResult job = noted(await(backend.job(u"job_01hx8sync0000001234abcd"_s)));
    QCOMPARE_OUTCOME(job.error->outcome, Outcome::Invalid);
    QVERIFY(job.error->message.startsWith(u"job_id is not a UUID"_s));
    QCOMPARE(server.connectionCount(), 0);
}

void TestApiTrigger::upperCaseIds_areNormalisedInThePath()
{
    ScriptedHttpServer server;
    QVERIFY(server.listen());
    server.setHandler(
        [](const RecordedRequest &) { return ScriptedReply::json(200, triggerOk()); });
    ApiBackend backend(configFor(server.baseUrl()));
    const TriggerTarget upper{Kb1.toUpper(), Src1.toUpper(), Trigger1.toUpper()};
    const TriggerResult r = noted(await(backend.trigger(upper)));
    QCOMPARE_OUTCOME(r.outcome, Outcome::Triggered);
    QCOMPARE(r.target.kbId, Kb1.toUpper()); // the caller's target comes back as given
    QCOMPARE(server.requests()[0].path, triggerPath());
    QCOMPARE(server.requests()[0].header("idempotency-key"), Trigger1.toLatin1());
}

void TestApiTrigger::preflight_readsStatusOnly_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<Outcome>("outcome");
    QTest::addColumn<QString>("message");
    QTest::addColumn<QString>("jobId");
    const QByteArray prefix = R"({"source_id":"22222222-2222-4222-8222-222222222222",)";
    QTest::newRow("active") << 200 << prefix + R"("source_status":"active"})" << Outcome::Triggered
                            << u"would start"_s << QString();
    QTest::newRow("error") << 200
                           << prefix + R"("source_status":"error","error_message":"token expired"})"
                           << Outcome::Triggered << u"would start"_s << QString();
    QTest::newRow("syncing")
        << 200
        << prefix
               + R"("source_status":"syncing","last_sync_job_id":"33333333-3333-4333-8333-333333333333","last_sync_started_at":"2026-11-29T10:00:00Z"})"
        << Outcome::AlreadySyncing
        << u"already syncing since 2026-11-29T10:00:00.000Z, job 33333333-3333-4333-8333-333333333333"_s
        << Job1;
    QTest::newRow("unknown status")
        << 200 << prefix + R"("source_status":"paused"})" << Outcome::NotEligible
        << u"not eligible: status is paused"_s << QString();
    QTest::newRow("404") << 404
                         << QByteArray(R"({"error":"not_found","message":"Source not found"})")
                         << Outcome::NotFound << u"Source not found"_s << QString();
    QTest::newRow("401") << 401
                         << QByteArray(R"({"error":"authentication_required","message":"bad key"})")
                         << Outcome::Unauthorized << u"bad key"_s << QString();
    QTest::newRow("malformed") << 200 << QByteArray(R"({"source_status":"active"})")
                               << Outcome::ServerError
                               << u"malformed reply: missing or non-string field \"source_id\""_s
                               << QString();
}

void TestApiTrigger::preflight_readsStatusOnly()
{
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(Outcome, outcome);
    QFETCH(QString, message);
    QFETCH(QString, jobId);
    ScriptedHttpServer server;
    QVERIFY(server.listen());
    server.setHandler([&](const RecordedRequest &) { return ScriptedReply::json(status, body); });
    ApiBackend backend(configFor(server.baseUrl()));

    const TriggerResult r = noted(await(backend.preflight(target1())));

    QCOMPARE_OUTCOME(r.outcome, outcome);
    QVERIFY2(r.message.startsWith(message), qPrintable(r.message));
    QCOMPARE(r.jobId, jobId);
    QCOMPARE(r.httpStatus, status);
    QCOMPARE(server.requests().size(), 1);
    QCOMPARE(server.requests()[0].method, QByteArray("GET")); // never POST
    QCOMPARE(server.requests()[0].path, sourcePath() + "/sync/status");
}

void TestApiTrigger::info_showsOriginOnly()
{
    ApiConfig config = configFor(QUrl(u"https://api.example.com:8443/feather/"_s));
    ApiBackend backend(config);
    QVERIFY(backend.configError().isEmpty());
    const BackendInfo info = backend.info();
    QCOMPARE(info.mode, BackendMode::Api);
    QCOMPARE(info.target, u"https://api.example.com:8443"_s);
    QVERIFY(!info.target.contains(TestApiKey));
}

void TestApiTrigger::apiKey_neverAppearsInAnyMessageOrLogLine()
{
    const QStringList texts = TextCollector::instance().texts();
    if (texts.size() < 20)
        QSKIP("run the whole file: this test checks what the other tests produced");
    for (const QString &text : texts)
        QVERIFY2(!text.contains(TestApiKey), qPrintable(u"key leaked in: "_s + text.left(200)));
}

QTEST_GUILESS_MAIN(TestApiTrigger)
#include "tst_apitrigger.moc"
