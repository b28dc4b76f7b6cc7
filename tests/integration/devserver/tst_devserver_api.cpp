// feather-devserver's endpoints against a real server process over a real socket, without
// --extensions: listing with cursors, lookups, the FastAPI-shaped 422s, 400 for a bad cursor,
// 401/404/405, trigger/409 (no idempotency in the documented API), schedule, the request log.
#include "devserverharness.h"

#include <QTest>
#include <QUuid>

using namespace feather::test;

class TestDevServerApi final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void listKnowledgeBases_cursorWalkReturnsEveryIdExactlyOnce();
    void listSources_cursorWalkReturnsEveryIdExactlyOnce();
    void listSources_undocumentedStatusParameterIsIgnored();
    void getKnowledgeBaseAndSource_returnTheirResponses();
    void unknownIds_return404AndCreateNoJob();
    void malformedUuid_returns422NamingTheParameter();
    void limitOutOfRangeOrNotInteger_returns422();
    void garbageCursor_returns400();
    void missingOrWrongKey_returns401AndKeyNeverLogged();
    void unknownRoute_returns404AndWrongMethod405();
    void trigger_thenAgain_returns409NamingTheRunningJob();
    void idempotencyKey_isIgnored_secondPostIs409();
    void updateSchedule_enablesDisablesAndRejectsBadBodies();
    void everyRequest_logsOneLineWithoutHeaders();

private:
    DevServerProcess m_server;
    std::unique_ptr<ApiClient> m_client;
    QSet<QString> m_used; // sources already triggered by a test
};

void TestDevServerApi::initTestCase()
{
    QString why;
    QVERIFY2(m_server.start({QStringLiteral("--sync-seconds"), QStringLiteral("600")}, &why, 300),
             qPrintable(why));
    m_client = std::make_unique<ApiClient>(m_server);
    QVERIFY(m_server.stdoutLog().contains(
        QStringLiteral("listening on http://127.0.0.1:%1\n").arg(m_server.port()).toUtf8()));
}

void TestDevServerApi::cleanupTestCase()
{
    m_client.reset();
}

void TestDevServerApi::listKnowledgeBases_cursorWalkReturnsEveryIdExactlyOnce()
{
    const HttpReply all = m_client->get(QStringLiteral("/knowledge-bases?limit=200"));
    QCOMPARE(all.status, 200);
    const QJsonArray items = all.json.value(QLatin1String("items")).toArray();
    QVERIFY2(items.size() >= 5, "the demo seed should create at least 5 knowledge bases");
    QCOMPARE(all.json.value(QLatin1String("has_more")).toBool(true), false);

    const int limit = qMax(1, int(items.size() - 1) / 4);
    int pages = 0;
    QString why;
    const auto walked = m_client->walk(QStringLiteral("/knowledge-bases"), limit, &pages, &why);
    QVERIFY2(walked, qPrintable(why));
    QVERIFY2(pages > 3, qPrintable(QStringLiteral("only %1 pages").arg(pages)));
    QStringList ids;
    for (const QJsonValue &kb : *walked)
        ids.append(kb.toObject().value(QLatin1String("id")).toString());
    QCOMPARE(ids.size(), items.size());
    QCOMPARE(QSet<QString>(ids.begin(), ids.end()).size(), ids.size());
    QStringList expected;
    for (const QJsonValue &kb : items)
        expected.append(kb.toObject().value(QLatin1String("id")).toString());
    QCOMPARE(ids, expected);
    // KnowledgeBaseResponse: the documented fields, no devserver-only ones.
    const QJsonObject first = walked->first().toObject();
    QVERIFY(!first.value(QLatin1String("name")).toString().isEmpty());
    for (const char *field : {"embedding_model", "pdf_extraction_effort"})
        QVERIFY2(first.value(QLatin1String(field)).isString(), field);
    for (const char *field : {"embedding_dimensions", "chunk_size", "chunk_overlap",
                              "retrieval_top_k", "default_sensitivity_level", "document_count"})
        QVERIFY2(first.value(QLatin1String(field)).isDouble(), field);
    QVERIFY(first.value(QLatin1String("metadata")).isObject());
    QVERIFY(first.value(QLatin1String("processing_config")).isObject());
    QVERIFY(!first.contains(QLatin1String("source_status_counts")));
}

void TestDevServerApi::listSources_cursorWalkReturnsEveryIdExactlyOnce()
{
    // The KB with the most sources, and how many it has (one page of 200 holds them all).
    const HttpReply kbs = m_client->get(QStringLiteral("/knowledge-bases?limit=200"));
    QString kbId;
    int expected = 0;
    for (const QJsonValue &value : kbs.json.value(QLatin1String("items")).toArray()) {
        const QString id = value.toObject().value(QLatin1String("id")).toString();
        const int n =
            int(m_client->get(QStringLiteral("/knowledge-bases/%1/sources?limit=200").arg(id))
                    .json.value(QLatin1String("items"))
                    .toArray()
                    .size());
        if (n > expected) {
            expected = n;
            kbId = id;
        }
    }
    QVERIFY2(expected >= 8, qPrintable(QStringLiteral("largest KB has %1 sources").arg(expected)));

    const int limit = qMax(1, (expected - 1) / 4);
    int pages = 0;
    QString why;
    const auto walked = m_client->walk(QStringLiteral("/knowledge-bases/%1/sources").arg(kbId),
                                       limit, &pages, &why);
    QVERIFY2(walked, qPrintable(why));
    QVERIFY(pages > 3);
    QSet<QString> ids;
    for (const QJsonValue &source : *walked) {
        const QJsonObject o = source.toObject();
        QCOMPARE(o.value(QLatin1String("knowledge_base_id")).toString(), kbId);
        QVERIFY2(!ids.contains(o.value(QLatin1String("id")).toString()), "an id came back twice");
        ids.insert(o.value(QLatin1String("id")).toString());
    }
    QCOMPARE(ids.size(), expected);
    QCOMPARE(walked->size(), expected);
}

void TestDevServerApi::listSources_undocumentedStatusParameterIsIgnored()
{
    // FastAPI ignores query parameters an operation does not declare; so does the devserver
    // without --extensions (tst_devserver_extensions covers the filter).
    const auto target = findSource(*m_client, QStringLiteral("error"));
    QVERIFY(target);
    const QString path = QStringLiteral("/knowledge-bases/%1/sources?limit=200").arg(target->first);
    const HttpReply all = m_client->get(path);
    const HttpReply filtered = m_client->get(path + QStringLiteral("&status=error"));
    QCOMPARE(filtered.status, 200);
    QCOMPARE(filtered.json.value(QLatin1String("items")).toArray(),
             all.json.value(QLatin1String("items")).toArray());
    QStringList statuses;
    for (const QJsonValue &s : all.json.value(QLatin1String("items")).toArray())
        statuses << s.toObject().value(QLatin1String("status")).toString();
    QVERIFY(statuses.contains(QStringLiteral("active")));
    // Nor do sources carry the devserver-only fields.
    const QJsonObject first = all.json.value(QLatin1String("items")).toArray().first().toObject();
    QVERIFY(!first.contains(QLatin1String("last_error_message")));
    QVERIFY(!first.contains(QLatin1String("last_sync_status")));
    QVERIFY(first.value(QLatin1String("connection_metadata")).isObject());
    for (const char *field : {"integration_connection_id", "config", "integration_key"})
        QVERIFY2(first.contains(QLatin1String(field)), field);
}

void TestDevServerApi::getKnowledgeBaseAndSource_returnTheirResponses()
{
    const auto target = findSource(*m_client, QStringLiteral("error"));
    QVERIFY(target);
    const HttpReply kb = m_client->get(QStringLiteral("/knowledge-bases/") + target->first);
    QCOMPARE(kb.status, 200);
    QCOMPARE(kb.json.value(QLatin1String("id")).toString(), target->first);
    QVERIFY(kb.json.contains(QLatin1String("organization_id")));

    const HttpReply source = m_client->get(sourcePath(target->first, target->second));
    QCOMPARE(source.status, 200);
    QCOMPARE(source.json.value(QLatin1String("id")).toString(), target->second);
    QCOMPARE(source.json.value(QLatin1String("status")).toString(), QStringLiteral("error"));
    QVERIFY(!source.json.value(QLatin1String("provider")).toString().isEmpty());
    QVERIFY(source.header("content-type").startsWith("application/json"));

    const HttpReply status =
        m_client->get(sourcePath(target->first, target->second, QStringLiteral("/sync/status")));
    QCOMPARE(status.status, 200);
    QCOMPARE(status.json.value(QLatin1String("source_id")).toString(), target->second);
    QCOMPARE(status.json.value(QLatin1String("source_status")).toString(), QStringLiteral("error"));

    // Upper-case hex names the same source (ids are normalised before the lookup).
    const HttpReply upper =
        m_client->get(sourcePath(target->first.toUpper(), target->second.toUpper()));
    QCOMPARE(upper.status, 200);
    QCOMPARE(upper.json.value(QLatin1String("id")).toString(), target->second);
}

void TestDevServerApi::unknownIds_return404AndCreateNoJob()
{
    const auto target = findSource(*m_client, QStringLiteral("active"), m_used);
    QVERIFY(target);
    QString why;
    const int jobsBefore = jobRowCount(m_server.dbUrl(), target->second, &why);
    QVERIFY2(jobsBefore >= 0, qPrintable(why));
    const QString nobody = QUuid::createUuid().toString(QUuid::WithoutBraces);
    const struct {
        QByteArray method;
        QString path;
    } cases[] = {
        {"GET", QStringLiteral("/knowledge-bases/") + nobody},
        {"GET", QStringLiteral("/knowledge-bases/%1/sources").arg(nobody)},
        {"GET", sourcePath(target->first, nobody)},
        {"GET", sourcePath(nobody, target->second)}, // right source, wrong KB
        {"POST", sourcePath(nobody, target->second, QStringLiteral("/sync"))},
        {"POST", sourcePath(target->first, nobody, QStringLiteral("/sync"))},
        {"GET", sourcePath(target->first, nobody, QStringLiteral("/sync/status"))},
        {"GET", QStringLiteral("/ingestion-jobs/") + nobody},
    };
    for (const auto &c : cases) {
        const HttpReply reply = m_client->collect({m_client->send(c.method, c.path)}).constFirst();
        QVERIFY2(reply.status == 404, qPrintable(c.path + u' ' + QString::number(reply.status)));
        QCOMPARE(reply.json.value(QLatin1String("error")).toString(), QStringLiteral("not_found"));
        QVERIFY(!reply.json.value(QLatin1String("message")).toString().isEmpty());
    }
    QCOMPARE(jobRowCount(m_server.dbUrl(), target->second, &why), jobsBefore);
    QCOMPARE(m_client->get(sourcePath(target->first, target->second))
                 .json.value(QLatin1String("status"))
                 .toString(),
             QStringLiteral("active"));
}

void TestDevServerApi::malformedUuid_returns422NamingTheParameter()
{
    const HttpReply kb = m_client->get(QStringLiteral("/knowledge-bases/not-a-uuid"));
    QCOMPARE(kb.status, 422);
    const QJsonArray detail = kb.json.value(QLatin1String("detail")).toArray();
    QCOMPARE(detail.size(), 1);
    const QJsonObject entry = detail.first().toObject();
    QCOMPARE(entry.value(QLatin1String("loc")).toArray(),
             (QJsonArray{QStringLiteral("path"), QStringLiteral("kb_id")}));
    QCOMPARE(entry.value(QLatin1String("type")).toString(), QStringLiteral("uuid_parsing"));
    QCOMPARE(entry.value(QLatin1String("input")).toString(), QStringLiteral("not-a-uuid"));
    QVERIFY(entry.value(QLatin1String("msg"))
                .toString()
                .startsWith(QLatin1String("Input should be a valid UUID, ")));

    // Both parameters bad: both reported, in path order; the trigger never reaches the store.
    const HttpReply both = m_client->post(QStringLiteral(
        "/knowledge-bases/1234/sources/%7B00000000-0000-0000-0000-00000000000%7D/sync"));
    QCOMPARE(both.status, 422);
    const QJsonArray two = both.json.value(QLatin1String("detail")).toArray();
    QCOMPARE(two.size(), 2);
    QCOMPARE(two.at(0).toObject().value(QLatin1String("loc")).toArray().at(1).toString(),
             QStringLiteral("kb_id"));
    QCOMPARE(two.at(1).toObject().value(QLatin1String("loc")).toArray().at(1).toString(),
             QStringLiteral("source_id"));
    QCOMPARE(two.at(1).toObject().value(QLatin1String("input")).toString(),
             QStringLiteral("{00000000-0000-0000-0000-00000000000}"));

    const HttpReply job =
        m_client->get(QStringLiteral("/ingestion-jobs/zzzzzzzz-0000-0000-0000-000000000000"));
    QCOMPARE(job.status, 422);
    QCOMPARE(job.json.value(QLatin1String("detail"))
                 .toArray()
                 .first()
                 .toObject()
                 .value(QLatin1String("loc"))
                 .toArray(),
             (QJsonArray{QStringLiteral("path"), QStringLiteral("job_id")}));
}

void TestDevServerApi::limitOutOfRangeOrNotInteger_returns422()
{
    const struct {
        const char *limit;
        const char *type;
    } cases[] = {{"0", "greater_than_equal"},  {"201", "less_than_equal"}, {"abc", "int_parsing"},
                 {"-5", "greater_than_equal"}, {"1.5", "int_parsing"},     {"", "int_parsing"}};
    const auto target = findSource(*m_client, QStringLiteral("error"));
    QVERIFY(target);
    for (const auto &c : cases) {
        for (const QString &path :
             QStringList{QStringLiteral("/knowledge-bases"),
                         QStringLiteral("/knowledge-bases/%1/sources").arg(target->first)}) {
            const HttpReply reply =
                m_client->get(path + QStringLiteral("?limit=") + QLatin1String(c.limit));
            QVERIFY2(reply.status == 422,
                     qPrintable(path + QStringLiteral(" limit=") + QLatin1String(c.limit)));
            const QJsonObject entry =
                reply.json.value(QLatin1String("detail")).toArray().first().toObject();
            QCOMPARE(entry.value(QLatin1String("loc")).toArray(),
                     (QJsonArray{QStringLiteral("query"), QStringLiteral("limit")}));
            QCOMPARE(entry.value(QLatin1String("type")).toString(), QLatin1String(c.type));
        }
    }
    // The bounds themselves are fine.
    QCOMPARE(m_client->get(QStringLiteral("/knowledge-bases?limit=1"))
                 .json.value(QLatin1String("items"))
                 .toArray()
                 .size(),
             1);
    QCOMPARE(m_client->get(QStringLiteral("/knowledge-bases?limit=200")).status, 200);
}

void TestDevServerApi::garbageCursor_returns400()
{
    // feather-api.md §3.6: list errors are 400 (ErrorResponse), not 422.
    const QByteArray notAnId =
        QByteArray("hello world")
            .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    for (const QString &cursor : QStringList{QStringLiteral("%%%garbage"),
                                             QString::fromLatin1(notAnId), QStringLiteral("a*b")}) {
        const HttpReply reply =
            m_client->get(QStringLiteral("/knowledge-bases?cursor=")
                          + QString::fromLatin1(QUrl::toPercentEncoding(cursor)));
        QVERIFY2(reply.status == 400, qPrintable(cursor));
        QCOMPARE(reply.json.value(QLatin1String("error")).toString(),
                 QStringLiteral("bad_request"));
        QVERIFY(!reply.json.value(QLatin1String("message")).toString().isEmpty());
    }
}

void TestDevServerApi::missingOrWrongKey_returns401AndKeyNeverLogged()
{
    const QJsonObject expected{
        {QStringLiteral("error"), QStringLiteral("authentication_required")},
        {QStringLiteral("message"),
         QStringLiteral("No valid API key was provided. Pass your key in the x-api-key header.")}};
    const HttpReply missing = m_client->get(QStringLiteral("/knowledge-bases"), {}, false);
    QCOMPARE(missing.status, 401);
    QCOMPARE(missing.json, expected);

    QByteArray wrong = m_server.apiKey();
    wrong[wrong.size() - 1] = wrong.back() == 'x' ? 'y' : 'x'; // same length, last byte differs
    for (const QByteArray &key :
         QList<QByteArray>{wrong, m_server.apiKey().left(8), m_server.apiKey() + "0",
                           "Bearer " + m_server.apiKey()}) {
        const HttpReply reply = m_client->get(QStringLiteral("/knowledge-bases"),
                                              {{QByteArrayLiteral("x-api-key"), key}}, false);
        QCOMPARE(reply.status, 401);
        QCOMPARE(reply.json, expected);
    }
    // The key in another header does not count.
    const HttpReply bearer =
        m_client->get(QStringLiteral("/knowledge-bases"),
                      {{QByteArrayLiteral("Authorization"), "Bearer " + m_server.apiKey()}}, false);
    QCOMPARE(bearer.status, 401);
    // Header names are case-insensitive.
    const HttpReply upper =
        m_client->get(QStringLiteral("/knowledge-bases?limit=1"),
                      {{QByteArrayLiteral("X-API-KEY"), m_server.apiKey()}}, false);
    QCOMPARE(upper.status, 200);
    // A 401 never reaches the store, even for a trigger.
    const HttpReply trigger =
        m_client
            ->collect({m_client->send("POST",
                                      sourcePath(QUuid::createUuid().toString(QUuid::WithoutBraces),
                                                 QUuid::createUuid().toString(QUuid::WithoutBraces),
                                                 QStringLiteral("/sync")),
                                      {}, {}, false)})
            .constFirst();
    QCOMPARE(trigger.status, 401);

    const QByteArray log = m_server.stderrLog();
    QVERIFY(log.contains(" 401 "));
    QVERIFY2(!log.contains(m_server.apiKey()), "the API key appeared in the server log");
    QVERIFY(!log.contains(m_server.apiKey().left(16)));
}

void TestDevServerApi::unknownRoute_returns404AndWrongMethod405()
{
    for (const QString &path :
         QStringList{QStringLiteral("/nope"), QStringLiteral("/knowledge-bases/x/y/z/w/v/u"),
                     QStringLiteral("")}) {
        const HttpReply reply = m_client->get(path);
        QVERIFY2(reply.status == 404, qPrintable(path));
        QCOMPARE(reply.json,
                 (QJsonObject{{QStringLiteral("detail"), QStringLiteral("Not Found")}}));
    }
    const auto target = findSource(*m_client, QStringLiteral("error"));
    QVERIFY(target);
    const HttpReply del =
        m_client->collect({m_client->send("DELETE", sourcePath(target->first, target->second))})
            .constFirst();
    QCOMPARE(del.status, 405);
    QCOMPARE(del.json,
             (QJsonObject{{QStringLiteral("detail"), QStringLiteral("Method Not Allowed")}}));
    QCOMPARE(del.header("allow"), QByteArray("GET"));
    const HttpReply getSync =
        m_client->get(sourcePath(target->first, target->second, QStringLiteral("/sync")));
    QCOMPARE(getSync.status, 405);
    QCOMPARE(getSync.header("allow"), QByteArray("POST"));
    QCOMPARE(m_client->get(sourcePath(target->first, target->second)).status,
             200); // nothing was deleted
}

void TestDevServerApi::trigger_thenAgain_returns409NamingTheRunningJob()
{
    const auto target = findSource(*m_client, QStringLiteral("active"), m_used);
    QVERIFY(target);
    m_used.insert(target->second);
    const QString path = sourcePath(target->first, target->second, QStringLiteral("/sync"));
    QString why;
    const int jobsBefore = jobRowCount(m_server.dbUrl(), target->second, &why);
    QVERIFY2(jobsBefore >= 0, qPrintable(why));

    const HttpReply first = m_client->post(path);
    QCOMPARE(first.status, 200);
    const QString jobId = first.json.value(QLatin1String("job_id")).toString();
    QVERIFY(!QUuid::fromString(jobId).isNull());
    QCOMPARE(first.json.value(QLatin1String("status")).toString(), QStringLiteral("queued"));
    QCOMPARE(first.json.value(QLatin1String("message")).toString(),
             QStringLiteral("Sync has been queued"));

    const HttpReply second = m_client->post(path);
    QCOMPARE(second.status, 409);
    QCOMPARE(second.json.value(QLatin1String("error")).toString(),
             QStringLiteral("sync_in_progress"));
    QVERIFY(!second.json.contains(QLatin1String("job_id"))); // ErrorResponse only
    const QString message = second.json.value(QLatin1String("message")).toString();
    QVERIFY2(message.startsWith(
                 QStringLiteral("Source is already syncing (job %1, since 20").arg(jobId)),
             qPrintable(message));

    const HttpReply status =
        m_client->get(sourcePath(target->first, target->second, QStringLiteral("/sync/status")));
    QCOMPARE(status.json.value(QLatin1String("source_status")).toString(),
             QStringLiteral("syncing"));
    QCOMPARE(status.json.value(QLatin1String("last_sync_job_id")).toString(), jobId);
    const HttpReply job = m_client->get(QStringLiteral("/ingestion-jobs/") + jobId);
    QCOMPARE(job.status, 200);
    QCOMPARE(job.json.value(QLatin1String("id")).toString(), jobId);
    QVERIFY(!job.json.contains(QLatin1String("knowledge_base_source_id")));
    const QString jobStatus = job.json.value(QLatin1String("status")).toString();
    QVERIFY2(jobStatus == QLatin1String("queued") || jobStatus == QLatin1String("processing"),
             qPrintable(jobStatus)); // --sync-seconds 600
    QCOMPARE(jobRowCount(m_server.dbUrl(), target->second, &why), jobsBefore + 1);
}

void TestDevServerApi::idempotencyKey_isIgnored_secondPostIs409()
{
    // The documented API has no Idempotency-Key: a client's re-sent POST meets the guard like
    // anyone else's. Whatever the key says (even garbage), it changes nothing.
    const auto target = findSource(*m_client, QStringLiteral("active"), m_used);
    QVERIFY(target);
    m_used.insert(target->second);
    const QString path = sourcePath(target->first, target->second, QStringLiteral("/sync"));
    QString why;
    const int jobsBefore = jobRowCount(m_server.dbUrl(), target->second, &why);
    QVERIFY2(jobsBefore >= 0, qPrintable(why));
    const QByteArray key = QUuid::createUuid().toByteArray(QUuid::WithoutBraces);
    const HttpReply first = m_client->post(path, {{QByteArrayLiteral("Idempotency-Key"), key}});
    QCOMPARE(first.status, 200);
    QVERIFY(first.header("idempotent-replayed").isEmpty());
    const HttpReply resent = m_client->post(path, {{QByteArrayLiteral("Idempotency-Key"), key}});
    QCOMPARE(resent.status, 409);
    QCOMPARE(m_client->post(path, {{QByteArrayLiteral("Idempotency-Key"), "not-a-uuid"}}).status,
             409);
    QCOMPARE(jobRowCount(m_server.dbUrl(), target->second, &why), jobsBefore + 1);
}

void TestDevServerApi::updateSchedule_enablesDisablesAndRejectsBadBodies()
{
    const auto target = findSource(*m_client, QStringLiteral("error"));
    QVERIFY(target);
    const QString path = sourcePath(target->first, target->second, QStringLiteral("/schedule"));

    const HttpReply on =
        m_client->patch(path, R"({"auto_sync_enabled": true, "sync_interval_seconds": 3600})");
    QCOMPARE(on.status, 200);
    QCOMPARE(on.json.value(QLatin1String("id")).toString(), target->second);
    QCOMPARE(on.json.value(QLatin1String("auto_sync_enabled")).toBool(), true);
    QCOMPARE(on.json.value(QLatin1String("sync_interval_seconds")).toInt(), 3600);
    QCOMPARE(m_client->get(sourcePath(target->first, target->second))
                 .json.value(QLatin1String("sync_interval_seconds"))
                 .toInt(),
             3600);

    const struct {
        QByteArray body;
        const char *type;
        const char *field;
    } bad[] = {
        {R"({"sync_interval_seconds": 60})", "missing", "auto_sync_enabled"},
        {R"({"auto_sync_enabled": "yes"})", "bool_type", "auto_sync_enabled"},
        {R"({"auto_sync_enabled": true, "sync_interval_seconds": 0})", "greater_than_equal",
         "sync_interval_seconds"},
        {R"({"auto_sync_enabled": true, "sync_interval_seconds": 1.5})", "int_type",
         "sync_interval_seconds"},
        {R"({"auto_sync_enabled": true})", "value_error", "sync_interval_seconds"},
        {R"({"auto_sync_enabled": tru)", "json_invalid", nullptr},
        {R"([true])", "model_attributes_type", nullptr},
    };
    for (const auto &b : bad) {
        const HttpReply reply = m_client->patch(path, b.body);
        QVERIFY2(reply.status == 422, b.body.constData());
        const QJsonObject entry =
            reply.json.value(QLatin1String("detail")).toArray().first().toObject();
        QCOMPARE(entry.value(QLatin1String("type")).toString(), QLatin1String(b.type));
        QCOMPARE(entry.value(QLatin1String("loc")).toArray().first().toString(),
                 QStringLiteral("body"));
        if (b.field)
            QCOMPARE(entry.value(QLatin1String("loc")).toArray().at(1).toString(),
                     QLatin1String(b.field));
    }
    // None of the bad bodies changed anything.
    QCOMPARE(m_client->get(sourcePath(target->first, target->second))
                 .json.value(QLatin1String("sync_interval_seconds"))
                 .toInt(),
             3600);

    const HttpReply off =
        m_client->patch(path, R"({"auto_sync_enabled": false, "sync_interval_seconds": 60})");
    QCOMPARE(off.status, 200);
    QCOMPARE(off.json.value(QLatin1String("auto_sync_enabled")).toBool(), false);
    QVERIFY(off.json.value(QLatin1String("sync_interval_seconds")).isNull()); // disabling clears it

    const HttpReply missing = m_client->patch(
        sourcePath(target->first, QUuid::createUuid().toString(QUuid::WithoutBraces),
                   QStringLiteral("/schedule")),
        R"({"auto_sync_enabled": false})");
    QCOMPARE(missing.status, 404);
}

void TestDevServerApi::everyRequest_logsOneLineWithoutHeaders()
{
    const QString marker = QUuid::createUuid().toString(QUuid::WithoutBraces);
    QCOMPARE(m_client
                 ->get(QStringLiteral("/ingestion-jobs/") + marker,
                       {{QByteArrayLiteral("User-Agent"), "secret-agent-" + marker.toLatin1()}})
                 .status,
             404);
    QByteArray line;
    for (const QByteArray &l : m_server.stderrLog().split('\n')) {
        if (l.contains(marker.toLatin1()))
            line = l;
    }
    // "<ISO time> GET /v1/knowledge-base/ingestion-jobs/<id> 404 <n>ms"
    const QList<QByteArray> fields = line.split(' ');
    QCOMPARE(fields.size(), 5);
    QVERIFY(QDateTime::fromString(QString::fromLatin1(fields.at(0)), Qt::ISODateWithMs).isValid());
    QCOMPARE(fields.at(1), QByteArray("GET"));
    QCOMPARE(fields.at(2), "/v1/knowledge-base/ingestion-jobs/" + marker.toLatin1());
    QCOMPARE(fields.at(3), QByteArray("404"));
    QVERIFY(fields.at(4).endsWith("ms"));
    QVERIFY(!m_server.stderrLog().contains("secret-agent"));
}

QTEST_GUILESS_MAIN(TestDevServerApi)
#include "tst_devserver_api.moc"
