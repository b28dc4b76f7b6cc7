#include "triage/triagerules.h"

#include <QFile>
#include <QSet>
#include <QTest>

using namespace feather;
using namespace Qt::StringLiterals;

namespace {

// A small valid table; tests break one thing in it at a time.
QByteArray table(const QString &causes, const QString &rules)
{
    return (u"{\"format\": 1, \"causes\": ["_s + causes + u"], \"rules\": ["_s + rules + u"]}"_s)
        .toUtf8();
}
const QString kUnknown =
    u"{\"id\": \"unknown\", \"title\": \"Unrecognised\", \"action\": \"unknown\", "
    "\"customer\": \"c\", \"engineering\": \"e\"}"_s;
const QString kSlow = u"{\"id\": \"slow\", \"title\": \"Slow\", \"action\": \"wait_and_resync\", "
                      "\"customer\": \"c\", \"engineering\": \"e\"}"_s;
const QString kAuth = u"{\"id\": \"auth\", \"title\": \"Auth\", \"action\": \"reauthorise\", "
                      "\"customer\": \"c\", \"engineering\": \"e\"}"_s;
const QString kSlowRule =
    u"{\"id\": \"r\", \"provider\": \"any\", \"patterns\": [\"slow\"], \"cause\": \"slow\"}"_s;

} // namespace

class TestTriageRules final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void builtInTable_isCompiledInAndValid()
    {
        QVERIFY(QFile::exists(TriageRules::kBuiltInPath));
        QString why;
        const std::optional<TriageRules> rules = TriageRules::load(TriageRules::kBuiltInPath, &why);
        QVERIFY2(rules, qPrintable(why));
        QVERIFY(why.isEmpty());
        QCOMPARE(rules->rules().size(), TriageRules::builtIn().rules().size());
        // Every action class has at least one cause, and the fallback exists.
        QSet<TriageAction> actions;
        for (const TriageCause &c : rules->causes())
            actions.insert(c.action);
        QCOMPARE(actions.size(), TriageActionCount);
        QVERIFY(rules->cause(u"unknown"_s)->action == TriageAction::Unknown);
    }

    void builtInTable_classifiesTheCorpus_data()
    {
        QTest::addColumn<QString>("provider");
        QTest::addColumn<QString>("message");
        QTest::addColumn<QString>("cause");
        QTest::addColumn<QString>("action");
        QTest::addColumn<QString>("signature");
        const auto row = [](const char *name, const QString &provider, const QString &message,
                            const QString &cause, const QString &action, const QString &signature) {
            QTest::newRow(name) << provider << message << cause << action << signature;
        };
        const QString notion = u"notion"_s, drive = u"google_drive"_s, s3 = u"s3"_s, url = u"url"_s;
        const QString reauth = u"reauthorise"_s, fix = u"fix_configuration"_s,
                      wait = u"wait_and_resync"_s, resync = u"resync"_s, unknown = u"unknown"_s;

        row("notion 401 revoked", notion,
            u"Notion API returned 401 Unauthorized: the integration token was revoked by a "
            "workspace admin"_s,
            u"token_revoked"_s, reauth,
            u"Notion API returned 401 Unauthorized: the integration token was revoked by a "
            "workspace admin"_s);
        row("notion invalid token", notion,
            u"API token is invalid. (code: unauthorized, request id "
            "6b3f9d2e-1c4a-4f8e-9a7b-2d5c8e1f0a3b)"_s,
            u"token_revoked"_s, reauth,
            u"API token is invalid. (code: unauthorized, request id <id>)"_s);
        row("notion 429", notion,
            u"Notion API rate limit exceeded (429) after 5 retries; try again later"_s,
            u"rate_limited"_s, wait,
            u"Notion API rate limit exceeded (429) after <n> retries; try again later"_s);
        row("notion rate_limited code", notion,
            u"rate_limited: You have been rate limited. Please try again in a few minutes."_s,
            u"rate_limited"_s, wait,
            u"rate_limited: You have been rate limited. Please try again in a few minutes."_s);
        row("notion no longer shared", notion,
            u"Page \"Q3 Roadmap\" is no longer shared with the Feather integration"_s,
            u"not_shared"_s, fix,
            u"Page <name> is no longer shared with the Feather integration"_s);
        row("notion could not find page", notion,
            u"Could not find page with ID: 1a2b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d. Make sure the "
            "relevant pages and databases are shared with your integration."_s,
            u"not_shared"_s, fix,
            u"Could not find page with ID: <id>. Make sure the relevant pages and databases are "
            "shared with your integration."_s);
        row("notion object_not_found", notion,
            u"object_not_found: Could not find database with ID: 8f14e45fceea167a5a36dedd4bea2543"_s,
            u"not_shared"_s, fix, u"object_not_found: Could not find database with ID: <id>"_s);
        row("notion restricted_resource", notion,
            u"restricted_resource: the integration does not have access to block "
            "3c9a1b7e-2d4f-4e6a-8b1c-5d7e9f0a2b4c"_s,
            u"permission_denied"_s, reauth,
            u"restricted_resource: the integration does not have access to block <id>"_s);
        row("notion 502", notion,
            u"Notion API returned 502 Bad Gateway (request id 4c1e9b8e-2f4a-4c1e-9b8e-1a2b3c4d5e6f)"_s,
            u"provider_error"_s, resync,
            u"Notion API returned 502 Bad Gateway (request id <id>)"_s);
        row("notion service_unavailable", notion,
            u"service_unavailable: Notion is unavailable, try again later"_s, u"provider_error"_s,
            resync, u"service_unavailable: Notion is unavailable, try again later"_s);
        row("notion timeout", notion, u"Request to api.notion.com timed out after 60000 ms"_s,
            u"timeout"_s, resync, u"Request to <host> timed out after <n> ms"_s);
        row("notion validation_error", notion,
            u"validation_error: body.filter.property should be defined"_s,
            u"invalid_configuration"_s, fix,
            u"validation_error: body.filter.property should be defined"_s);
        row("notion python error", notion,
            u"Unexpected error: 'NoneType' object has no attribute 'get'"_s, u"unknown"_s, unknown,
            u"Unexpected error: 'NoneType' object has no attribute <name>"_s);
        row("notion 409 conflict", notion,
            u"conflict_error: Transaction could not be completed, please retry (409)"_s,
            u"unknown"_s, unknown,
            u"conflict_error: Transaction could not be completed, please retry (409)"_s);

        row("drive insufficient permissions", drive,
            u"Google Drive API: insufficient permissions for shared drive \"Legal\" (403 "
            "insufficientFilePermissions)"_s,
            u"permission_denied"_s, reauth,
            u"Google Drive API: insufficient permissions for shared drive <name> (403 "
            "insufficientFilePermissions)"_s);
        row("drive userRateLimitExceeded", drive,
            u"Google Drive API quota exceeded (userRateLimitExceeded)"_s, u"rate_limited"_s, wait,
            u"Google Drive API quota exceeded (userRateLimitExceeded)"_s);
        row("drive refresh token", drive,
            u"OAuth refresh token expired or revoked; reconnect the Google account"_s,
            u"token_revoked"_s, reauth,
            u"OAuth refresh token expired or revoked; reconnect the Google account"_s);
        row("drive invalid_grant", drive, u"invalid_grant: Token has been expired or revoked."_s,
            u"token_revoked"_s, reauth, u"invalid_grant: Token has been expired or revoked."_s);
        row("drive not granted", drive,
            u"403 Forbidden: The user has not granted the app 1234567890 read access to the file "
            "1A2b3C4d5E6f7G8h9I0jKlMnOpQrStUv"_s,
            u"permission_denied"_s, reauth,
            u"403 Forbidden: The user has not granted the app <n> read access to the file <id>"_s);
        row("drive file not found", drive,
            u"File not found: 1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms (404 notFound)"_s,
            u"resource_missing"_s, fix, u"File not found: <id> (404 notFound)"_s);
        row("drive 403 rate limit", drive,
            u"User rate limit exceeded (403 rateLimitExceeded) for user maria@acme.com"_s,
            u"rate_limited"_s, wait,
            u"User rate limit exceeded (403 rateLimitExceeded) for user <email>"_s);
        row("drive daily limit", drive,
            u"Daily limit for export requests exceeded (dailyLimitExceeded)"_s, u"quota_exceeded"_s,
            wait, u"Daily limit for export requests exceeded (dailyLimitExceeded)"_s);
        row("drive backendError", drive,
            u"backendError: Internal error encountered while listing folder 0B7x9kQp2nR4sT6vW8yZ"_s,
            u"provider_error"_s, resync,
            u"backendError: Internal error encountered while listing folder <id>"_s);
        row("drive export too large", drive,
            u"exportSizeLimitExceeded: \"Board deck 2024.pptx\" is too large to be exported"_s,
            u"limit_reached"_s, fix,
            u"exportSizeLimitExceeded: <name> is too large to be exported"_s);
        row("drive empty export", drive,
            u"Unexpected error while exporting \"Board deck.pptx\": conversion returned an empty "
            "document"_s,
            u"unknown"_s, unknown,
            u"Unexpected error while exporting <name>: conversion returned an empty document"_s);
        row("drive connection reset", drive,
            u"Connection reset by peer while downloading "
            "https://www.googleapis.com/drive/v3/files/1A2b3C?alt=media"_s,
            u"network"_s, resync, u"Connection reset by peer while downloading <url>"_s);
        row("drive throttled", drive,
            u"The request was throttled; retry after Tue, 14 May 2024 08:12:31 GMT"_s,
            u"rate_limited"_s, wait, u"The request was throttled; retry after <time>"_s);

        row("s3 AccessDenied", s3, u"S3 AccessDenied: s3:ListBucket on arn:aws:s3:::acme-kb-docs"_s,
            u"permission_denied"_s, reauth, u"S3 AccessDenied: s3:ListBucket on <id>"_s);
        row("s3 NoSuchBucket", s3,
            u"S3 NoSuchBucket: the bucket \"acme-support-archive\" does not exist"_s,
            u"resource_missing"_s, fix, u"S3 NoSuchBucket: the bucket <name> does not exist"_s);
        row("s3 SlowDown 503", s3, u"S3 SlowDown: please reduce your request rate (503)"_s,
            u"rate_limited"_s, wait, u"S3 SlowDown: please reduce your request rate (503)"_s);
        row("s3 InvalidAccessKeyId", s3,
            u"InvalidAccessKeyId: The AWS Access Key Id you provided does not exist in our "
            "records."_s,
            u"token_revoked"_s, reauth,
            u"InvalidAccessKeyId: The AWS Access Key Id you provided does not exist in our "
            "records."_s);
        row("s3 SignatureDoesNotMatch", s3,
            u"SignatureDoesNotMatch: The request signature we calculated does not match the "
            "signature you provided. Check your key and signing method."_s,
            u"token_revoked"_s, reauth,
            u"SignatureDoesNotMatch: The request signature we calculated does not match the "
            "signature you provided. Check your key and signing method."_s);
        row("s3 ExpiredToken", s3,
            u"ExpiredToken: The provided token has expired. (Service: Amazon S3; Status Code: "
            "400; Request ID: 4442587FB7D0A2F9)"_s,
            u"token_revoked"_s, reauth,
            u"ExpiredToken: The provided token has expired. (Service: Amazon S3; Status Code: "
            "400; Request ID: <id>)"_s);
        row("s3 NoSuchKey", s3,
            u"NoSuchKey: The specified key does not exist. Key: handbook/2024/onboarding.pdf"_s,
            u"resource_missing"_s, fix,
            u"NoSuchKey: The specified key does not exist. Key: <path>"_s);
        row("s3 PermanentRedirect", s3,
            u"PermanentRedirect: The bucket you are attempting to access must be addressed using "
            "the specified endpoint: acme-kb-docs.s3.eu-west-1.amazonaws.com"_s,
            u"invalid_configuration"_s, fix,
            u"PermanentRedirect: The bucket you are attempting to access must be addressed using "
            "the specified endpoint: <host>"_s);
        row("s3 InternalError", s3,
            u"We encountered an internal error. Please try again. (InternalError, 500)"_s,
            u"provider_error"_s, resync,
            u"We encountered an internal error. Please try again. (InternalError, <n>)"_s);
        row("s3 connection reset", s3,
            u"Connection reset by peer while reading reports/2024/q3-board.pdf from acme-kb-docs"_s,
            u"network"_s, resync,
            u"Connection reset by peer while reading <path> from acme-kb-docs"_s);
        row("s3 read timeout", s3,
            u"Read timeout on endpoint URL: "
            "\"https://acme-legal.s3.amazonaws.com/?list-type=2&prefix=contracts%2F\""_s,
            u"timeout"_s, resync, u"Read timeout on endpoint URL: <name>"_s);
        row("s3 AllAccessDisabled", s3,
            u"AllAccessDisabled: All access to this object has been disabled"_s,
            u"permission_denied"_s, reauth,
            u"AllAccessDisabled: All access to this object has been disabled"_s);
        row("s3 could not connect", s3,
            u"Could not connect to the endpoint URL: "
            "https://s3.eu-central-1.amazonaws.com/acme-kb-docs"_s,
            u"network"_s, resync, u"Could not connect to the endpoint URL: <url>"_s);
        row("s3 region header", s3,
            u"AuthorizationHeaderMalformed: the region 'us-east-1' is wrong; expecting "
            "'eu-west-1'"_s,
            u"invalid_configuration"_s, fix,
            u"AuthorizationHeaderMalformed: the region <name> is wrong; expecting <name>"_s);

        row("url 503", url,
            u"GET https://docs.acme.com/sitemap.xml returned 503 Service Unavailable"_s,
            u"provider_error"_s, resync, u"GET <url> returned 503 Service Unavailable"_s);
        row("url certificate expired", url,
            u"TLS handshake with help.acme.com failed: certificate has expired"_s,
            u"certificate_invalid"_s, fix,
            u"TLS handshake with <host> failed: certificate has expired"_s);
        row("url page limit", url,
            u"Crawl stopped at the 10,000 page limit for https://wiki.acme.com"_s,
            u"limit_reached"_s, fix, u"Crawl stopped at the <n> page limit for <url>"_s);
        row("url 403", url, u"GET https://intranet.acme.com/handbook returned 403 Forbidden"_s,
            u"site_refuses_crawler"_s, fix, u"GET <url> returned 403 Forbidden"_s);
        row("url 401", url, u"GET https://help.acme.com/login returned 401 Unauthorized"_s,
            u"site_refuses_crawler"_s, fix, u"GET <url> returned 401 Unauthorized"_s);
        row("url robots", url, u"Fetching https://status.acme.com/ is disallowed by robots.txt"_s,
            u"site_refuses_crawler"_s, fix, u"Fetching <url> is disallowed by <path>"_s);
        row("url 404", url, u"GET https://blog.acme.com/feed returned 404 Not Found"_s,
            u"resource_missing"_s, fix, u"GET <url> returned 404 Not Found"_s);
        row("url dns", url, u"Could not resolve host: wiki.acme.com (Name or service not known)"_s,
            u"network"_s, resync, u"Could not resolve host: <host> (Name or service not known)"_s);
        row("url refused", url, u"Connection refused: 10.20.30.40:8443"_s, u"network"_s, resync,
            u"Connection refused: <host>"_s);
        row("url self-signed", url,
            u"SSL: CERTIFICATE_VERIFY_FAILED certificate verify failed: self-signed certificate "
            "in certificate chain (_ssl.c:1006)"_s,
            u"certificate_invalid"_s, fix,
            u"SSL: CERTIFICATE_VERIFY_FAILED certificate verify failed: self-signed certificate "
            "in certificate chain (_ssl.c:<n>)"_s);
        row("url read timed out", url,
            u"Read timed out after 30s fetching https://docs.acme.com/api/reference"_s,
            u"timeout"_s, resync, u"Read timed out after <n>s fetching <url>"_s);
        row("url handshake interrupted", url,
            u"TLS handshake with docs.acme.com interrupted: connection closed by peer"_s,
            u"network"_s, resync,
            u"TLS handshake with <host> interrupted: connection closed by peer"_s);
        row("url unknown content type", url,
            u"Unexpected content type application/x-msdownload at "
            "https://blog.acme.com/downloads/setup.exe"_s,
            u"unknown"_s, unknown, u"Unexpected content type application/x-msdownload at <url>"_s);
        row("url depth limit", url,
            u"Page https://wiki.acme.com/public/archive exceeds the maximum depth of 5"_s,
            u"limit_reached"_s, fix, u"Page <url> exceeds the maximum depth of <n>"_s);
        row("url HTTP 500", url,
            u"HTTP 500 from https://docs.acme.com/search?q=refunds at 2024-05-14T08:12:31Z"_s,
            u"provider_error"_s, resync, u"HTTP 500 from <url> at <time>"_s);
    }
    void builtInTable_classifiesTheCorpus()
    {
        QFETCH(QString, provider);
        QFETCH(QString, message);
        QFETCH(QString, cause);
        QFETCH(QString, action);
        QFETCH(QString, signature);
        const TriageMatch match = TriageRules::builtIn().classify(provider, message);
        QCOMPARE(match.cause.id, cause);
        QCOMPARE(toString(match.cause.action), action);
        QCOMPARE(match.signature, signature);
        QCOMPARE(match.ruleId.isEmpty(), cause == u"unknown"_s);
    }

    void classify_usesTheGivenStatusBeforeTheMessage()
    {
        const TriageRules &rules = TriageRules::builtIn();
        // No words to go by: the status decides.
        QCOMPARE(rules.classify(u"notion"_s, u"request failed"_s, 401).cause.id,
                 u"token_revoked"_s);
        QCOMPARE(rules.classify(u"notion"_s, u"request failed"_s, 502).cause.id,
                 u"provider_error"_s);
        QCOMPARE(rules.classify(u"notion"_s, u"request failed"_s).cause.id, u"unknown"_s);
        // A given status wins over the one in the message.
        const TriageMatch m = rules.classify(u"s3"_s, u"upstream returned 404"_s, 503);
        QCOMPARE(m.httpStatus, std::optional<int>(503));
        QCOMPARE(m.cause.id, u"provider_error"_s);
        QCOMPARE(rules.classify(u"s3"_s, u"upstream returned 404"_s).cause.id,
                 u"resource_missing"_s);
    }

    void classify_firstMatchingRuleWins()
    {
        QString why;
        const auto rules = TriageRules::parse(
            table(kUnknown + u","_s + kSlow + u","_s + kAuth,
                  u"{\"id\": \"slow-403\", \"provider\": \"any\", \"http_status\": 403, "
                  "\"patterns\": [\"slow\"], \"cause\": \"slow\"},"
                  "{\"id\": \"drive-403\", \"provider\": \"google_drive\", \"http_status\": [401, "
                  "403], \"cause\": \"auth\"},"
                  "{\"id\": \"slow\", \"provider\": \"any\", \"patterns\": [\"x\", \"slow\"], "
                  "\"cause\": \"slow\"}"_s),
            &why);
        QVERIFY2(rules, qPrintable(why));
        QCOMPARE(rules->classify(u"google_drive"_s, u"slow down (403)"_s).ruleId, u"slow-403"_s);
        QCOMPARE(rules->classify(u"google_drive"_s, u"nope (403)"_s).ruleId, u"drive-403"_s);
        QCOMPARE(rules->classify(u"Google_Drive"_s, u"nope (401)"_s).ruleId, u"drive-403"_s);
        QCOMPARE(rules->classify(u"notion"_s, u"nope (403)"_s).cause.id, u"unknown"_s);
        QCOMPARE(rules->classify(u"notion"_s, u"SLOW"_s).ruleId, u"slow"_s);
        QCOMPARE(rules->classify(u"notion"_s, u"SLOW"_s).cause.title, u"Slow"_s);
    }

    void parse_rejectsMalformedTables_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("error");
        const QString two = kUnknown + u","_s + kSlow;
        QTest::newRow("not json") << QByteArray("{\"format\": 1,") << u"not valid JSON"_s;
        QTest::newRow("array") << QByteArray("[]") << u"must be a JSON object"_s;
        QTest::newRow("no format")
            << QByteArray("{\"causes\": [], \"rules\": []}") << u"\"format\" must be 1"_s;
        QTest::newRow("format 2") << table(two, kSlowRule).replace("\"format\": 1", "\"format\": 2")
                                  << u"\"format\" must be 1"_s;
        QTest::newRow("unknown top-level key")
            << table(two, kSlowRule).replace("\"rules\"", "\"rulez\"")
            << u"table: unknown key \"rulez\""_s;
        QTest::newRow("no causes")
            << table({}, kSlowRule) << u"\"causes\" must be a non-empty list"_s;
        QTest::newRow("no rules") << table(two, {}) << u"\"rules\" must be a non-empty list"_s;
        QTest::newRow("cause not an object")
            << table(u"3"_s, kSlowRule) << u"cause 1: must be an object"_s;
        QTest::newRow("cause without title")
            << table(kUnknown
                         + u",{\"id\": \"slow\", \"action\": \"resync\", \"customer\": "
                           "\"c\", \"engineering\": \"e\"}"_s,
                     kSlowRule)
            << u"cause 2: \"title\" must be a non-empty string"_s;
        QTest::newRow("cause with empty customer text")
            << table(two, kSlowRule).replace("\"customer\": \"c\"", "\"customer\": \" \"")
            << u"cause 1: \"customer\" must be a non-empty string"_s;
        QTest::newRow("unknown action")
            << table(kUnknown + u","_s + QString(kSlow).replace(u"wait_and_resync"_s, u"retry"_s),
                     kSlowRule)
            << u"cause 2: unknown action \"retry\" (expected reauthorise, fix_configuration, "
               "wait_and_resync, resync, unknown)"_s;
        QTest::newRow("bad cause id")
            << table(kUnknown + u","_s + QString(kSlow).replace(u"\"slow\""_s, u"\"Slow Down\""_s),
                     kSlowRule)
            << u"cause 2: id \"Slow Down\" must be"_s;
        QTest::newRow("duplicate cause")
            << table(two + u","_s + kSlow, kSlowRule) << u"cause 3: duplicate cause id \"slow\""_s;
        QTest::newRow("no unknown cause")
            << table(kSlow, kSlowRule)
            << u"the cause \"unknown\" (what no rule matched) is missing"_s;
        QTest::newRow("unknown cause with another action") << table(
            QString(kUnknown).replace(u"\"action\": \"unknown\""_s, u"\"action\": \"resync\""_s)
                + u","_s + kSlow,
            kSlowRule) << u"cause 1: the cause \"unknown\" must have the action \"unknown\""_s;
        QTest::newRow("misspelt rule key")
            << table(two, QString(kSlowRule).replace(u"patterns"_s, u"pattern"_s))
            << u"rule 1 (\"r\"): unknown key \"pattern\""_s;
        QTest::newRow("rule without id") << table(two, u"{\"provider\": \"any\", \"patterns\": "
                                                       "[\"x\"], \"cause\": \"slow\"}"_s)
                                         << u"rule 1: \"id\" must be a non-empty string"_s;
        QTest::newRow("rule without provider")
            << table(two, u"{\"id\": \"r\", \"patterns\": [\"x\"], \"cause\": \"slow\"}"_s)
            << u"rule 1 (\"r\"): \"provider\" must be a non-empty string"_s;
        QTest::newRow("rule matching everything")
            << table(two, u"{\"id\": \"r\", \"provider\": \"any\", \"cause\": \"slow\"}"_s)
            << u"rule 1 (\"r\"): needs \"http_status\" or \"patterns\""_s;
        QTest::newRow("invalid regex")
            << table(two, QString(kSlowRule).replace(u"[\"slow\"]"_s, u"[\"ok\", \"(slow\"]"_s))
            << u"rule 1 (\"r\"): pattern 2 is not a valid regular expression: missing closing "
               "parenthesis at offset 5"_s;
        QTest::newRow("regex matching the empty string")
            << table(two, QString(kSlowRule).replace(u"[\"slow\"]"_s, u"[\"slow|\"]"_s))
            << u"rule 1 (\"r\"): pattern 1 matches the empty string"_s;
        QTest::newRow("empty pattern list")
            << table(two, QString(kSlowRule).replace(u"[\"slow\"]"_s, u"[]"_s))
            << u"rule 1 (\"r\"): \"patterns\" must be a non-empty list"_s;
        QTest::newRow("patterns not a list")
            << table(two, QString(kSlowRule).replace(u"[\"slow\"]"_s, u"\"slow\""_s))
            << u"rule 1 (\"r\"): \"patterns\" must be a non-empty list"_s;
        for (const char *status : {"700", "[503, 500]", "\"5xx\"", "[500]", "429.5"}) {
            QTest::addRow("http_status %s", status)
                << table(two, u"{\"id\": \"r\", \"provider\": \"any\", \"http_status\": "_s
                                  + QString::fromLatin1(status) + u", \"cause\": \"slow\"}"_s)
                << u"rule 1 (\"r\"): \"http_status\" must be a status (100-599) or a range"_s;
        }
        QTest::newRow("unknown cause in rule") << table(
            two, QString(kSlowRule).replace(u"\"cause\": \"slow\""_s, u"\"cause\": \"slowdown\""_s))
                                               << u"rule 1 (\"r\"): unknown cause \"slowdown\""_s;
        QTest::newRow("duplicate rule id")
            << table(two, kSlowRule + u","_s + kSlowRule) << u"rule 2 (\"r\"): duplicate rule id"_s;
        QTest::newRow("unused cause") << table(two + u","_s + kAuth, kSlowRule)
                                      << u"cause \"auth\" is not used by any rule"_s;
        QTest::newRow("note not a string")
            << table(two, QString(kSlowRule).replace(u"}"_s, u", \"note\": 1}"_s))
            << u"rule 1 (\"r\"): \"note\" must be a string"_s;
    }
    void parse_rejectsMalformedTables()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, error);
        QString why;
        const std::optional<TriageRules> rules = TriageRules::parse(json, &why, u"rules.json"_s);
        QVERIFY(!rules);
        QVERIFY2(why.startsWith(u"rules.json: "_s), qPrintable(why));
        QVERIFY2(why.contains(error), qPrintable(why));
        QVERIFY2(!why.contains(u'\n'), qPrintable(why));
    }

    void parse_acceptsTheSmallestTable()
    {
        QString why;
        const auto rules = TriageRules::parse(table(kUnknown + u","_s + kSlow, kSlowRule), &why);
        QVERIFY2(rules, qPrintable(why));
        QCOMPARE(rules->causes().size(), 2);
        QCOMPARE(rules->rules().size(), 1);
        QCOMPARE(rules->rules().first().patterns.first().patternOptions(),
                 QRegularExpression::CaseInsensitiveOption);
    }

    void load_missingFile_saysWhy()
    {
        QString why;
        QVERIFY(!TriageRules::load(u"/nonexistent/rules.json"_s, &why));
        QVERIFY2(why.startsWith(u"/nonexistent/rules.json: cannot read"_s), qPrintable(why));
    }

    void sameCause_comparesCausesAndUnknownSignatures()
    {
        const TriageRules &rules = TriageRules::builtIn();
        const auto m = [&](const QString &provider, const QString &message) {
            return rules.classify(provider, message);
        };
        QVERIFY(sameCause(m(u"notion"_s, u"Notion API returned 401 Unauthorized"_s),
                          m(u"notion"_s, u"API token is invalid."_s)));
        QVERIFY(!sameCause(m(u"notion"_s, u"Notion API returned 401 Unauthorized"_s),
                           m(u"notion"_s, u"rate limit exceeded (429)"_s)));
        QVERIFY(sameCause(m(u"notion"_s, u"Unexpected error in block 'a b'"_s),
                          m(u"notion"_s, u"Unexpected error in block 'c d'"_s)));
        QVERIFY(!sameCause(m(u"notion"_s, u"Unexpected error in block 'a b'"_s),
                           m(u"notion"_s, u"KeyError: properties"_s)));
        QVERIFY(!sameCause(m(u"notion"_s, QString()), m(u"notion"_s, QString())));
    }

    void actionClasses_wireNamesAndTraits()
    {
        QSet<QString> seen;
        for (int i = 0; i < TriageActionCount; ++i) {
            const auto a = TriageAction(i);
            QVERIFY(!seen.contains(toString(a)));
            seen.insert(toString(a));
            QCOMPARE(triageActionFromString(toString(a)), std::optional<TriageAction>(a));
            QVERIFY(!displayName(a).isEmpty());
            QVERIFY(!(isFixable(a) && resyncWillNotHelp(a)));
        }
        QVERIFY(!triageActionFromString(u"Resync"_s));
        QVERIFY(isFixable(TriageAction::Resync));
        QVERIFY(isFixable(TriageAction::WaitAndResync));
        QVERIFY(resyncWillNotHelp(TriageAction::Reauthorise));
        QVERIFY(resyncWillNotHelp(TriageAction::FixConfiguration));
        QVERIFY(!isFixable(TriageAction::Unknown) && !resyncWillNotHelp(TriageAction::Unknown));
        QCOMPARE(displayName(TriageAction::Reauthorise), u"Re-authorise"_s);
    }
};

QTEST_GUILESS_MAIN(TestTriageRules)
#include "tst_triagerules.moc"
