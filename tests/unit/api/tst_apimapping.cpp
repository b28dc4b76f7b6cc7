// The pure rules of the API client: base URL validation, error bodies, Retry-After, the
// status → outcome table. No sockets here; tests/integration/api runs the same rules over
// real connections.
#include "api/apiconfig.h"
#include "api/apimapping.h"

#include <QtTest>

using namespace Qt::StringLiterals;
using namespace feather;
using namespace feather::api;

// QCOMPARE cannot print feather::Outcome (ADL finds feather::toString, which returns QString).
#define QCOMPARE_OUTCOME(actual, expected)                                                         \
    QCOMPARE(feather::toString(actual), feather::toString(expected))

namespace {
const QString Key = u"fth_unit_SECRET_777"_s;
const QDateTime Now = QDateTime(QDate(2026, 11, 29), QTime(12, 0, 0), Qt::UTC);

HttpAnswer answer(int status, const QByteArray &body, const QByteArray &retryAfter = {})
{
    HttpAnswer a;
    a.status = status;
    a.body = body;
    a.retryAfter = retryAfter;
    return a;
}
} // namespace

class TestApiMapping final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void validateBaseUrl_acceptsAndNormalises_data();
    void validateBaseUrl_acceptsAndNormalises();
    void validateBaseUrl_refusesWithOneLineReason_data();
    void validateBaseUrl_refusesWithOneLineReason();
    void originOf_dropsPathAndUserInfo();

    void errorBody_rendersEveryKnownShape_data();
    void errorBody_rendersEveryKnownShape();
    void errorBody_unknownShapes_areNotParsed_data();
    void errorBody_unknownShapes_areNotParsed();
    void alreadyRunning_detectedInCodeOrMessage_data();
    void alreadyRunning_detectedInCodeOrMessage();

    void retryAfter_secondsAndHttpDates_data();
    void retryAfter_secondsAndHttpDates();

    void statusTable_mapsToOutcome_data();
    void statusTable_mapsToOutcome();

    void trigger2xx_withJobId_isTriggeredVerbatim();
    void trigger2xx_withoutUsableBody_isMalformedServerError_data();
    void trigger2xx_withoutUsableBody_isMalformedServerError();
    void trigger409_carriesServerMessageAndJob();
    void trigger429_exposesRetryAfterFromHeaderOrBody();
    void bodyRetryAfter_beyondAnyHeader_isClampedNotUndefined();
    void trigger4xx_namingAnIneligibleStatus_isNotEligible_data();
    void trigger4xx_namingAnIneligibleStatus_isNotEligible();
    void serverEchoingTheKey_isRedacted();
    void unparseableErrorBody_showsStatusAndOneLineSnippet();
};

void TestApiMapping::validateBaseUrl_acceptsAndNormalises_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");
    QTest::newRow("https") << u"https://api-sandbox.featherhq.com"_s
                           << u"https://api-sandbox.featherhq.com"_s;
    QTest::newRow("trailing slash")
        << u"https://api.example.com/"_s << u"https://api.example.com"_s;
    QTest::newRow("path prefix, slashes")
        << u"https://h.example.com/feather//"_s << u"https://h.example.com/feather"_s;
    QTest::newRow("upper-case scheme and host")
        << u"HTTPS://API.Example.COM:8443"_s << u"https://api.example.com:8443"_s;
    QTest::newRow("surrounding spaces")
        << u"  https://api.example.com  "_s << u"https://api.example.com"_s;
    QTest::newRow("http localhost") << u"http://localhost:8000"_s << u"http://localhost:8000"_s;
    QTest::newRow("http LOCALHOST") << u"http://LOCALHOST:8000/"_s << u"http://localhost:8000"_s;
    QTest::newRow("http 127.0.0.1") << u"http://127.0.0.1:8000"_s << u"http://127.0.0.1:8000"_s;
    QTest::newRow("http 127.1.2.3") << u"http://127.1.2.3"_s << u"http://127.1.2.3"_s;
    QTest::newRow("http ::1") << u"http://[::1]:8000"_s << u"http://[::1]:8000"_s;
}

void TestApiMapping::validateBaseUrl_acceptsAndNormalises()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    QString why;
    const std::optional<QUrl> url = validateBaseUrl(input, &why);
    QVERIFY2(url.has_value(), qPrintable(why));
    QCOMPARE(url->toString(), expected);
}

void TestApiMapping::validateBaseUrl_refusesWithOneLineReason_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("reasonPart");
    QTest::newRow("empty") << u""_s << u"empty"_s;
    QTest::newRow("no scheme") << u"api.example.com"_s << u"scheme and a host"_s;
    QTest::newRow("ftp") << u"ftp://api.example.com"_s << u"https://"_s;
    QTest::newRow("http public host")
        << u"http://api.example.com"_s << u"only allowed for loopback"_s;
    QTest::newRow("http private ip") << u"http://10.0.0.5:8000"_s << u"only allowed for loopback"_s;
    QTest::newRow("http 128.0.0.1") << u"http://128.0.0.1"_s << u"only allowed for loopback"_s;
    QTest::newRow("http localhost lookalike")
        << u"http://localhost.evil.com"_s << u"only allowed for loopback"_s;
    QTest::newRow("user info") << u"https://user:pw@api.example.com"_s
                               << u"user name or password"_s;
    QTest::newRow("query") << u"https://api.example.com/?x=1"_s << u"query"_s;
    QTest::newRow("fragment") << u"https://api.example.com/#top"_s << u"fragment"_s;
    QTest::newRow("garbage") << u"https://exa mple.com"_s << u"not a valid URL"_s;
}

void TestApiMapping::validateBaseUrl_refusesWithOneLineReason()
{
    QFETCH(QString, input);
    QFETCH(QString, reasonPart);
    QString why;
    QVERIFY(!validateBaseUrl(input, &why).has_value());
    QVERIFY2(why.contains(reasonPart), qPrintable(why));
    QVERIFY(!why.contains(u'\n'));
    QVERIFY(!why.contains(u"pw"_s) || !input.contains(u"user:pw"_s)); // no password echoed
}

void TestApiMapping::originOf_dropsPathAndUserInfo()
{
    QCOMPARE(originOf(QUrl(u"https://u:p@api.example.com:8443/a/b?k=v#f"_s)),
             u"https://api.example.com:8443"_s);
    QCOMPARE(originOf(QUrl(u"http://[::1]:8000/x"_s)), u"http://[::1]:8000"_s);
    QCOMPARE(originOf(QUrl(u"https://api.example.com"_s)), u"https://api.example.com"_s);
}

void TestApiMapping::errorBody_rendersEveryKnownShape_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("message");
    QTest::addColumn<QString>("code");
    QTest::newRow("fastapi one error with input and ctx")
        << QByteArray(
               R"({"detail":[{"type":"greater_than_equal","loc":["body","sync_interval_seconds"],"msg":"Input should be greater than or equal to 1","input":0,"ctx":{"ge":1}}]})")
        << u"body.sync_interval_seconds: Input should be greater than or equal to 1"_s << QString();
    QTest::newRow("fastapi without input/ctx, int in loc") << QByteArray(
        R"({"detail":[{"loc":["body","items",2,"id"],"msg":"field required","type":"missing"}]})")
                                                           << u"body.items.2.id: field required"_s
                                                           << QString();
    QTest::newRow("fastapi several")
        << QByteArray(
               R"({"detail":[{"loc":["path","kb_id"],"msg":"Input should be a valid UUID","type":"uuid_parsing"},{"loc":["query","limit"],"msg":"Input should be less than or equal to 200","type":"less_than_equal"}]})")
        << u"path.kb_id: Input should be a valid UUID; query.limit: Input should be less than or equal to 200"_s
        << QString();
    QTest::newRow("fastapi empty loc")
        << QByteArray(R"({"detail":[{"loc":[],"msg":"bad body","type":"x"}]})") << u"bad body"_s
        << QString();
    QTest::newRow("plain string detail")
        << QByteArray(R"({"detail":"Source not found"})") << u"Source not found"_s << QString();
    QTest::newRow("error + message") << QByteArray(
        R"({"error":"authentication_required","message":"No valid API key was provided. Pass your key in the x-api-key header."})")
                                     << u"No valid API key was provided. Pass your key in the x-api-key header."_s
                                     << u"authentication_required"_s;
    QTest::newRow("error only") << QByteArray(R"({"error":"bad_request"})") << u"bad_request"_s
                                << u"bad_request"_s;
    QTest::newRow("message only, unknown fields")
        << QByteArray(R"({"message":"nope","trace":[1,2]})") << u"nope"_s << QString();
    QTest::newRow("detail object")
        << QByteArray(R"({"detail":{"error":"conflict","message":"Sync already in progress"}})")
        << u"Sync already in progress"_s << u"conflict"_s;
}

void TestApiMapping::errorBody_rendersEveryKnownShape()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, message);
    QFETCH(QString, code);
    const std::optional<ErrorBody> parsed = parseErrorBody(body);
    QVERIFY(parsed.has_value());
    QCOMPARE(parsed->message, message);
    QCOMPARE(parsed->code, code);
}

void TestApiMapping::errorBody_unknownShapes_areNotParsed_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("html") << QByteArray("<html><body>502 Bad Gateway</body></html>");
    QTest::newRow("array") << QByteArray(R"([{"msg":"x"}])");
    QTest::newRow("object without known fields") << QByteArray(R"({"foo":"bar"})");
    QTest::newRow("truncated json") << QByteArray(R"({"error":"x","mess)");
}

void TestApiMapping::errorBody_unknownShapes_areNotParsed()
{
    QFETCH(QByteArray, body);
    QVERIFY(!parseErrorBody(body).has_value());
}

void TestApiMapping::alreadyRunning_detectedInCodeOrMessage_data()
{
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("message");
    QTest::addColumn<bool>("running");
    QTest::newRow("already running")
        << QString() << u"A sync is already running for this source"_s << true;
    QTest::newRow("in progress") << QString() << u"Sync in progress"_s << true;
    QTest::newRow("already syncing")
        << QString() << u"Source is ALREADY SYNCING since 10:00"_s << true;
    QTest::newRow("code") << u"already_syncing"_s << u"Conflict"_s << true;
    QTest::newRow("code in_progress") << u"sync_in_progress"_s << QString() << true;
    QTest::newRow("plain bad request") << u"bad_request"_s << u"limit must be <= 200"_s << false;
    QTest::newRow("not found") << u"not_found"_s << u"Source not found"_s << false;
}

void TestApiMapping::alreadyRunning_detectedInCodeOrMessage()
{
    QFETCH(QString, code);
    QFETCH(QString, message);
    QFETCH(bool, running);
    ErrorBody body;
    body.code = code;
    body.message = message;
    QCOMPARE(saysAlreadyRunning(body), running);
}

void TestApiMapping::retryAfter_secondsAndHttpDates_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<qint64>("expectedMs"); // -1: nullopt
    QTest::newRow("2 s") << QByteArray("2") << qint64(2000);
    QTest::newRow("0 s") << QByteArray("0") << qint64(0);
    QTest::newRow("one day") << QByteArray("86400") << qint64(86400000);
    QTest::newRow("spaces") << QByteArray(" 7 ") << qint64(7000);
    QTest::newRow("imf-fixdate +90 s")
        << QByteArray("Sun, 29 Nov 2026 12:01:30 GMT") << qint64(90000);
    QTest::newRow("rfc850 +10 s") << QByteArray("Sunday, 29-Nov-26 12:00:10 GMT") << qint64(10000);
    QTest::newRow("asctime +5 s") << QByteArray("Sun Nov 29 12:00:05 2026") << qint64(5000);
    QTest::newRow("date in the past") << QByteArray("Sun, 29 Nov 2026 11:00:00 GMT") << qint64(0);
    QTest::newRow("negative") << QByteArray("-5") << qint64(-1);
    QTest::newRow("garbage") << QByteArray("garbage") << qint64(-1);
    QTest::newRow("fraction") << QByteArray("1.5") << qint64(-1);
    QTest::newRow("empty") << QByteArray() << qint64(-1);
}

void TestApiMapping::retryAfter_secondsAndHttpDates()
{
    QFETCH(QByteArray, value);
    QFETCH(qint64, expectedMs);
    const std::optional<qint64> ms = parseRetryAfter(value, Now);
    if (expectedMs < 0) {
        QVERIFY(!ms.has_value());
    } else {
        QVERIFY(ms.has_value());
        QCOMPARE(*ms, expectedMs);
    }
}

void TestApiMapping::statusTable_mapsToOutcome_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<bool>("running");
    QTest::addColumn<Outcome>("outcome");
    QTest::newRow("400") << 400 << false << Outcome::Invalid;
    QTest::newRow("400 running") << 400 << true << Outcome::AlreadySyncing;
    QTest::newRow("401") << 401 << false << Outcome::Unauthorized;
    QTest::newRow("403") << 403 << false << Outcome::Forbidden;
    QTest::newRow("404") << 404 << false << Outcome::NotFound;
    QTest::newRow("409") << 409 << false << Outcome::AlreadySyncing;
    QTest::newRow("422") << 422 << false << Outcome::Invalid;
    QTest::newRow("422 running") << 422 << true << Outcome::AlreadySyncing;
    QTest::newRow("429") << 429 << false << Outcome::RateLimited;
    QTest::newRow("500") << 500 << false << Outcome::ServerError;
    QTest::newRow("502") << 502 << false << Outcome::ServerError;
    QTest::newRow("503") << 503 << false << Outcome::ServerError;
    QTest::newRow("101 odd") << 101 << false << Outcome::ServerError;
}

void TestApiMapping::statusTable_mapsToOutcome()
{
    QFETCH(int, status);
    QFETCH(bool, running);
    QFETCH(Outcome, outcome);
    QCOMPARE_OUTCOME(outcomeForStatus(status, running), outcome);
}

void TestApiMapping::trigger2xx_withJobId_isTriggeredVerbatim()
{
    const TriggerTarget t{u"k"_s, u"s"_s, u"t"_s};
    const TriggerResult r = triggerResultFromAnswer(
        t,
        answer(
            200,
            R"({"job_id":"job_01hx8sync0000001234abcd","status":"queued","message":"Sync has been queued","extra":1})"),
        Key, Now);
    QCOMPARE_OUTCOME(r.outcome, Outcome::Triggered);
    QCOMPARE(r.jobId, u"job_01hx8sync0000001234abcd"_s);
    QCOMPARE(r.status, u"queued"_s);
    QCOMPARE(r.message, u"Sync has been queued"_s);
    QCOMPARE(r.httpStatus, 200);
    QVERIFY(r.target == t);
}

void TestApiMapping::trigger2xx_withoutUsableBody_isMalformedServerError_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("tooLarge");
    QTest::addColumn<QString>("why");
    QTest::newRow("no job_id") << QByteArray(R"({"status":"queued","message":"ok"})") << false
                               << u"no job_id"_s;
    QTest::newRow("job_id null") << QByteArray(R"({"job_id":null})") << false << u"no job_id"_s;
    QTest::newRow("garbage") << QByteArray("\x01\x02 not json") << false << u"not JSON"_s;
    QTest::newRow("array") << QByteArray("[]") << false << u"not a JSON object"_s;
    QTest::newRow("empty") << QByteArray() << false << u"not JSON"_s;
    QTest::newRow("too large") << QByteArray() << true << u"larger than 1 MiB"_s;
}

void TestApiMapping::trigger2xx_withoutUsableBody_isMalformedServerError()
{
    QFETCH(QByteArray, body);
    QFETCH(bool, tooLarge);
    QFETCH(QString, why);
    HttpAnswer a = answer(200, body);
    a.bodyTooLarge = tooLarge;
    const TriggerResult r = triggerResultFromAnswer({}, a, Key, Now);
    QCOMPARE_OUTCOME(r.outcome, Outcome::ServerError);
    QCOMPARE(r.httpStatus, 200);
    QVERIFY2(r.message.startsWith(u"malformed reply: "_s), qPrintable(r.message));
    QVERIFY2(r.message.contains(why), qPrintable(r.message));
    QVERIFY(r.jobId.isEmpty());
}

void TestApiMapping::trigger409_carriesServerMessageAndJob()
{
    const TriggerResult r = triggerResultFromAnswer(
        {},
        answer(
            409,
            R"({"error":"already_syncing","message":"already syncing since 2026-11-29T11:59:00Z","job_id":"33333333-3333-4333-8333-333333333333","source_status":"syncing"})"),
        Key, Now);
    QCOMPARE_OUTCOME(r.outcome, Outcome::AlreadySyncing);
    QCOMPARE(r.message, u"already syncing since 2026-11-29T11:59:00Z"_s);
    QCOMPARE(r.jobId, u"33333333-3333-4333-8333-333333333333"_s);
    QCOMPARE(r.status, u"syncing"_s);
    QCOMPARE(r.httpStatus, 409);
    QVERIFY(!r.retryAfterMs.has_value());
}

void TestApiMapping::trigger4xx_namingAnIneligibleStatus_isNotEligible_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("outcome");
    QTest::addColumn<QString>("sourceStatus");
    QTest::newRow("devserver wording")
        << 409
        << QByteArray(
               R"({"error":"source_not_eligible","message":"Source is not eligible for sync: status is paused"})")
        << u"not_eligible"_s << u"paused"_s;
    QTest::newRow("source_status field")
        << 409
        << QByteArray(R"({"error":"conflict","message":"refused","source_status":"disabled"})")
        << u"not_eligible"_s << u"disabled"_s;
    QTest::newRow("400 naming the status")
        << 400 << QByteArray(R"({"error":"bad_request","message":"source status is \"Paused\""})")
        << u"not_eligible"_s << u"Paused"_s;
    QTest::newRow("code alone") << 409
                                << QByteArray(R"({"error":"source_not_eligible","message":"no"})")
                                << u"not_eligible"_s << QString();
    QTest::newRow("syncing is already_syncing")
        << 409 << QByteArray(R"({"error":"conflict","message":"refused: status is syncing"})")
        << u"already_syncing"_s << QString();
    QTest::newRow("finished meanwhile (active)")
        << 409 << QByteArray(R"({"error":"conflict","message":"x","source_status":"active"})")
        << u"already_syncing"_s << QString();
    QTest::newRow("no status named")
        << 400 << QByteArray(R"({"error":"bad_request","message":"source is paused"})")
        << u"invalid"_s << QString();
    QTest::newRow("404 stays not_found")
        << 404 << QByteArray(R"({"error":"not_found","message":"status is paused"})")
        << u"not_found"_s << QString();
}

void TestApiMapping::trigger4xx_namingAnIneligibleStatus_isNotEligible()
{
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(QString, outcome);
    QFETCH(QString, sourceStatus);
    const TriggerResult r = triggerResultFromAnswer({}, answer(status, body), Key, Now);
    QCOMPARE(toString(r.outcome), outcome);
    if (r.outcome == Outcome::NotEligible) {
        QCOMPARE(r.status, sourceStatus);
        QCOMPARE(r.message, parseErrorBody(body)->message); // verbatim
        QVERIFY(!isRetryCandidate(r.outcome));
    }
}

void TestApiMapping::trigger429_exposesRetryAfterFromHeaderOrBody()
{
    const QByteArray body =
        R"({"error":"rate_limited","message":"Organization rate limit exceeded. Retry after a short delay.","retry_after":9})";
    TriggerResult r = triggerResultFromAnswer({}, answer(429, body, "3"), Key, Now);
    QCOMPARE_OUTCOME(r.outcome, Outcome::RateLimited);
    QCOMPARE(r.message, u"Organization rate limit exceeded. Retry after a short delay."_s);
    QCOMPARE(r.retryAfterMs, std::optional<qint64>(3000));
    r = triggerResultFromAnswer({}, answer(429, body), Key,
                                Now); // no header: the body's retry_after
    QCOMPARE(r.retryAfterMs, std::optional<qint64>(9000));
    r = triggerResultFromAnswer({}, answer(429, "{}", "garbage"), Key, Now);
    QVERIFY(!r.retryAfterMs.has_value());
    r = triggerResultFromAnswer({}, answer(503, "", "Sun, 29 Nov 2026 12:00:30 GMT"), Key, Now);
    QCOMPARE_OUTCOME(r.outcome, Outcome::ServerError);
    QCOMPARE(r.retryAfterMs, std::optional<qint64>(30000));
    r = triggerResultFromAnswer({}, answer(500, "", "5"), Key, Now); // only 429/503 carry it
    QVERIFY(!r.retryAfterMs.has_value());
}

void TestApiMapping::bodyRetryAfter_beyondAnyHeader_isClampedNotUndefined()
{
    // Found by fuzz_apijson: a retry_after of 1e300 was converted to an integer unchecked
    // (UBSan: outside the range of 'long long'), and a large one overflowed "* 1000".
    for (const QByteArray number : {"1e300", "9.3e18", "9223372036854775807"}) {
        QByteArray body(R"({"error":"rate_limited","retry_after":)");
        body += number;
        body += '}';
        const auto parsed = parseErrorBody(body);
        QVERIFY(parsed);
        QCOMPARE(parsed->retryAfterSeconds, std::optional<qint64>(kMaxRetryAfterSeconds));
        const TriggerResult r = triggerResultFromAnswer({}, answer(429, body), Key, Now);
        QCOMPARE(r.retryAfterMs, std::optional<qint64>(kMaxRetryAfterSeconds * 1000));
    }
    QCOMPARE(parseErrorBody(R"({"error":"x","retry_after":12.7})")->retryAfterSeconds,
             std::optional<qint64>(12));
}

void TestApiMapping::serverEchoingTheKey_isRedacted()
{
    const QByteArray body =
        "{\"error\":\"bad_key\",\"message\":\"key " + Key.toUtf8() + " is revoked\"}";
    const TriggerResult r = triggerResultFromAnswer({}, answer(401, body), Key, Now);
    QCOMPARE_OUTCOME(r.outcome, Outcome::Unauthorized);
    QVERIFY(!r.message.contains(Key));
    QCOMPARE(r.message, u"key *** is revoked"_s);
    const Error e = errorFromAnswer(answer(500, "trace: x-api-key=" + Key.toUtf8()), Key);
    QVERIFY(!e.message.contains(Key));
    QVERIFY(e.message.contains(u"***"_s));
}

void TestApiMapping::unparseableErrorBody_showsStatusAndOneLineSnippet()
{
    HttpAnswer a = answer(502, "<html>\n<body>Bad gateway\n</body></html>");
    a.reason = "Bad Gateway";
    const Error e = errorFromAnswer(a, Key);
    QCOMPARE_OUTCOME(e.outcome, Outcome::ServerError);
    QCOMPARE(e.httpStatus, 502);
    QCOMPARE(e.message, u"HTTP 502 Bad Gateway: <html> <body>Bad gateway </body></html>"_s);
    a = answer(500, QByteArray(5000, 'x'));
    QVERIFY(errorFromAnswer(a, Key).message.size() < 260);
    a = answer(500, QByteArray("\xff\xfe\x00\x01", 4));
    QCOMPARE(errorFromAnswer(a, Key).message, u"HTTP 500"_s);
}

QTEST_GUILESS_MAIN(TestApiMapping)
#include "tst_apimapping.moc"
