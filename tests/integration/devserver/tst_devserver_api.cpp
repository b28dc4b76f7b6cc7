// feather-devserver's endpoints against a real server process over a real socket: listing with
// cursors, lookups, the FastAPI-shaped 422s, 401/404/405, trigger/409, idempotency, schedule.
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
    void listSources_statusFilterReturnsOnlyThoseStatuses();
    void getKnowledgeBaseAndSource_returnTheirResponses();
    void unknownIds_return404AndCreateNoJob();
    void malformedUuid_returns422NamingTheParameter();
    void limitOutOfRangeOrNotInteger_returns422();
    void garbageCursor_returns422();
    void missingOrWrongKey_returns401AndKeyNeverLogged();
    void unknownRoute_returns404AndWrongMethod405();
    void trigger_thenAgain_returns409NamingTheRunningJob();
    void idempotencyKeyReuse_returnsTheSameJob();
    void idempotencyKeyNotUuid_returns422AndCreatesNoJob();
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
    // KnowledgeBaseResponse with the per-status counts the console shows.
    const QJsonObject first = walked->first().toObject();
    QVERIFY(!first.value(QLatin1String("name")).toString().isEmpty());
    QVERIFY(first.value(QLatin1String("source_status_counts")).isObject());
}

void TestDevServerApi::listSources_cursorWalkReturnsEveryIdExactlyOnce()
{
    // The KB with the most sources, and how many it has according to its status counts.
    const HttpReply kbs = m_client->get(QStringLiteral("/knowledge-bases?limit=200"));
    QString kbId;
    int expected = 0;
    for (const QJsonValue &value : kbs.json.value(QLatin1String("items")).toArray()) {
        int n = 0;
        const QJsonObject counts =
            value.toObject().value(QLatin1String("source_status_counts")).toObject();
        for (const QJsonValue &c : counts)
            n += c.toInt();
        if (n > expected) {
            expected = n;
            kbId = value.toObject().value(QLatin1String("id")).toString();
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

void TestDevServerApi::listSources_statusFilterReturnsOnlyThoseStatuses()
{
    const HttpReply kbs = m_client->get(QStringLiteral("/knowledge-bases?limit=200"));
    int checked = 0;
    for (const QJsonValue &value : kbs.json.value(QLatin1String("items")).toArray()) {
        const QString kbId = value.toObject().value(QLatin1String("id")).toString();
        const QJsonObject counts =
            value.toObject().value(QLatin1String("source_status_counts")).toObject();
        if (counts.value(QLatin1String("error")).toInt() == 0)
            continue;
        const HttpReply errors = m_client->get(
            QStringLiteral("/knowledge-bases/%1/sources?limit=200&status=error").arg(kbId));
        QCOMPARE(errors.status, 200);
        const QJsonArray items = errors.json.value(QLatin1String("items")).toArray();
        QCOMPARE(items.size(), counts.value(QLatin1String("error")).toInt());
        for (const QJsonValue &s : items)
            QCOMPARE(s.toObject().value(QLatin1String("status")).toString(),
                     QStringLiteral("error"));
        const HttpReply both = m_client->get(
            QStringLiteral("/knowledge-bases/%1/sources?limit=200&status=active,error").arg(kbId));
        QCOMPARE(both.json.value(QLatin1String("items")).toArray().size(),
                 counts.value(QLatin1String("active")).toInt()
                     + counts.value(QLatin1String("error")).toInt());
        ++checked;
    }
    QVERIFY2(checked > 0, "the demo seed should have sources in error");
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
        "/knowledge-bases/1234/sources/%7B00000000-0000-0000-0000-000000000000%7D/sync"));
    QCOMPARE(both.status, 422);
    const QJsonArray two = both.json.value(QLatin1String("detail")).toArray();
    QCOMPARE(two.size(), 2);
    QCOMPARE(two.at(0).toObject().value(QLatin1String("loc")).toArray().at(1).toString(),
             QStringLiteral("kb_id"));
    QCOMPARE(two.at(1).toObject().value(QLatin1String("loc")).toArray().at(1).toString(),
             QStringLiteral("source_id"));
    QCOMPARE(two.at(1).toObject().value(QLatin1String("input")).toString(),
             QStringLiteral("{00000000-0000-0000-0000-000000000000}"));

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
             {QStringLiteral("/knowledge-bases"),
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

void TestDevServerApi::garbageCursor_returns422()
{
    const QByteArray notAnId =
        QByteArray("hello world")
            .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    for (const QString &cursor :
         {QStringLiteral("%%%garbage"), QString::fromLatin1(notAnId), QStringLiteral("a*b")}) {
        const HttpReply reply =
            m_client->get(QStringLiteral("/knowledge-bases?cursor=")
                          + QString::fromLatin1(QUrl::toPercentEncoding(cursor)));
        QVERIFY2(reply.status == 422, qPrintable(cursor));
        const QJsonObject entry =
            reply.json.value(QLatin1String("detail")).toArray().first().toObject();
        QCOMPARE(entry.value(QLatin1String("loc")).toArray(),
                 (QJsonArray{QStringLiteral("query"), QStringLiteral("cursor")}));
        QCOMPARE(entry.value(QLatin1String("input")).toString(), cursor);
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
         {QStringLiteral("/nope"), QStringLiteral("/knowledge-bases/x/y/z/w/v/u"),
          QStringLiteral("")}) {
        const HttpReply reply = m_client->get(path);
        QVERIFY2(reply.status == 404, qPrintable(path));
        QCOMPARE(reply.json.value(QLatin1String("error")).toString(), QStringLiteral("not_found"));
    }
    const auto target = findSource(*m_client, QStringLiteral("error"));
    QVERIFY(target);
    const HttpReply del =
        m_client->collect({m_client->send("DELETE", sourcePath(target->first, target->second))})
            .constFirst();
    QCOMPARE(del.status, 405);
    QCOMPARE(del.json.value(QLatin1String("error")).toString(),
             QStringLiteral("method_not_allowed"));
    const HttpReply getSync =
        m_client->get(sourcePath(target->first, target->second, QStringLiteral("/sync")));
    QCOMPARE(getSync.status, 405);
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
    QCOMPARE(second.json.value(QLatin1String("job_id")).toString(), jobId);
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
    QCOMPARE(job.json.value(QLatin1String("knowledge_base_source_id")).toString(), target->second);
    const QString jobStatus = job.json.value(QLatin1String("status")).toString();
    QVERIFY2(jobStatus == QLatin1String("queued") || jobStatus == QLatin1String("processing"),
             qPrintable(jobStatus)); // --sync-seconds 600
    QCOMPARE(jobRowCount(m_server.dbUrl(), target->second, &why), jobsBefore + 1);
}

void TestDevServerApi::idempotencyKeyReuse_returnsTheSameJob()
{
    const auto target = findSource(*m_client, QStringLiteral("active"), m_used);
    const auto other = findSource(*m_client, QStringLiteral("active"),
                                  m_used + QSet<QString>{target ? target->second : QString()});
    QVERIFY(target && other);
    m_used << target->second << other->second;
    const QByteArray key = QUuid::createUuid().toByteArray(QUuid::WithoutBraces);
    const QString path = sourcePath(target->first, target->second, QStringLiteral("/sync"));
    QString why;
    const int targetJobs = jobRowCount(m_server.dbUrl(), target->second, &why);
    const int otherJobs = jobRowCount(m_server.dbUrl(), other->second, &why);
    QVERIFY2(targetJobs >= 0 && otherJobs >= 0, qPrintable(why));

    const HttpReply first = m_client->post(path, {{QByteArrayLiteral("Idempotency-Key"), key}});
    QCOMPARE(first.status, 200);
    const QString jobId = first.json.value(QLatin1String("job_id")).toString();
    const HttpReply retry =
        m_client->post(path, {{QByteArrayLiteral("Idempotency-Key"), key.toUpper()}});
    QCOMPARE(retry.status, 200);
    QCOMPARE(retry.json.value(QLatin1String("job_id")).toString(), jobId);
    QCOMPARE(retry.header("idempotent-replayed"), QByteArray("true"));
    QCOMPARE(m_client->get(QStringLiteral("/ingestion-jobs/") + jobId)
                 .json.value(QLatin1String("trigger_id"))
                 .toString(),
             QString::fromLatin1(key));
    // A new key (or none) is a new trigger, refused by the guard.
    QCOMPARE(m_client
                 ->post(path, {{QByteArrayLiteral("Idempotency-Key"),
                                QUuid::createUuid().toByteArray(QUuid::WithoutBraces)}})
                 .status,
             409);
    QCOMPARE(m_client->post(path).status, 409);
    // The same key for another source is refused, not answered with a foreign job.
    const HttpReply foreign =
        m_client->post(sourcePath(other->first, other->second, QStringLiteral("/sync")),
                       {{QByteArrayLiteral("Idempotency-Key"), key}});
    QCOMPARE(foreign.status, 422);
    QCOMPARE(foreign.json.value(QLatin1String("detail"))
                 .toArray()
                 .first()
                 .toObject()
                 .value(QLatin1String("loc"))
                 .toArray(),
             (QJsonArray{QStringLiteral("header"), QStringLiteral("idempotency-key")}));
    QCOMPARE(jobRowCount(m_server.dbUrl(), target->second, &why), targetJobs + 1);
    QCOMPARE(jobRowCount(m_server.dbUrl(), other->second, &why), otherJobs);
}

void TestDevServerApi::idempotencyKeyNotUuid_returns422AndCreatesNoJob()
{
    const auto target = findSource(*m_client, QStringLiteral("active"), m_used);
    QVERIFY(target);
    QString why;
    const int jobsBefore = jobRowCount(m_server.dbUrl(), target->second, &why);
    QVERIFY2(jobsBefore >= 0, qPrintable(why));
    for (const QByteArray &key : {QByteArray("abc"), QByteArray("retry-1"),
                                  QByteArray("00000000-0000-0000-0000-00000000000g")}) {
        const HttpReply reply =
            m_client->post(sourcePath(target->first, target->second, QStringLiteral("/sync")),
                           {{QByteArrayLiteral("Idempotency-Key"), key}});
        QVERIFY2(reply.status == 422, key.constData());
        QCOMPARE(reply.json.value(QLatin1String("detail"))
                     .toArray()
                     .first()
                     .toObject()
                     .value(QLatin1String("type"))
                     .toString(),
                 QStringLiteral("uuid_parsing"));
    }
    QCOMPARE(jobRowCount(m_server.dbUrl(), target->second, &why), jobsBefore);
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
