// The connectors freshness read (Backend::connectorFreshness, feather-api.md §3.9): one GET
// for every source, parsed from the documented ConnectorFreshnessRow fields alone. Against a
// scripted server (documented row, malformed replies) and against a real feather-devserver
// started WITHOUT --extensions, where API mode and direct mode on the same database agree.
#include "apitestutil.h"
#include "direct/dbconfig.h"
#include "direct/directbackend.h"
#include "resyncintegration.h"
#include "support/testsupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace feather;
using namespace feather::test;

namespace {

const QByteArray FreshnessPath = "/v1/analytics/knowledge/connectors/freshness";

QJsonObject freshnessRow(const QString &sourceId)
{
    return QJsonObject{{u"knowledge_base_source_id"_s, sourceId},
                       {u"knowledge_base_id"_s, Kb1.toUpper()},
                       {u"provider"_s, u"notion"_s},
                       {u"last_status"_s, u"failed"_s},
                       {u"last_event_type"_s, u"sync_failed"_s},
                       {u"last_items_processed"_s, 12},
                       {u"last_items_succeeded"_s, 10},
                       {u"last_items_failed"_s, 2},
                       {u"last_items_unchanged"_s, 0},
                       {u"last_event_at"_s, u"2026-11-29T10:05:00Z"_s},
                       {u"time_since_last_event_seconds"_s, 3600},
                       {u"last_sync_started_at"_s, u"2026-11-29T10:00:00Z"_s},
                       {u"last_sync_completed_at"_s, u"2026-11-29T10:05:00Z"_s},
                       {u"last_duration_ms"_s, 300000.0},
                       {u"last_error_message"_s, u"token expired"_s},
                       {u"brand_new_field"_s, QJsonObject{}}};
}

QByteArray compact(const QJsonArray &a)
{
    return QJsonDocument(a).toJson(QJsonDocument::Compact);
}

FreshnessResult readFrom(const QByteArray &body, ScriptedHttpServer *server, int status = 200)
{
    server->setHandler(
        [body, status](const RecordedRequest &) { return ScriptedReply::json(status, body); });
    ApiBackend backend(configFor(server->baseUrl()));
    return noted(await(backend.connectorFreshness()));
}

QHash<QString, ConnectorFreshness> bySource(const QList<ConnectorFreshness> &rows)
{
    QHash<QString, ConnectorFreshness> out;
    for (const ConnectorFreshness &f : rows)
        out.insert(f.sourceId, f);
    return out;
}

} // namespace

class TestApiFreshness final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { TextCollector::instance().captureLogs(); }

    void documentedRow_parsedFromOneGetWithoutQuery();
    void optionalFieldsNull_rowStillRead();
    void malformedReplies_areErrorsNamingWhy();
    void errorStatus_isErrorWithServerText();
    void strictDevserver_errorSourcesHaveLastErrorAndDirectModeAgrees();

    void apiKey_neverAppearsInAnyMessageOrLogLine(); // keep last
};

void TestApiFreshness::documentedRow_parsedFromOneGetWithoutQuery()
{
    ScriptedHttpServer server;
    QVERIFY(server.listen());
    const FreshnessResult r = readFrom(compact({freshnessRow(Src1.toUpper())}), &server);
    QVERIFY2(r.ok(), qPrintable(r.error ? r.error->message : QString()));
    QCOMPARE(r.value.size(), 1);
    const ConnectorFreshness &f = r.value.first();
    QCOMPARE(f.sourceId, Src1); // canonical lower case, so it matches the listed source
    QCOMPARE(f.knowledgeBaseId, Kb1);
    QCOMPARE(f.lastStatus, u"failed"_s);
    QCOMPARE(f.lastEventType, u"sync_failed"_s);
    QCOMPARE(f.itemsProcessed, qint64(12));
    QCOMPARE(f.itemsFailed, qint64(2));
    QCOMPARE(f.secondsSinceLastEvent, qint64(3600));
    QCOMPARE(f.lastEventAt, QDateTime(QDate(2026, 11, 29), QTime(10, 5), Qt::UTC));
    QCOMPARE(f.lastSyncCompletedAt, QDateTime(QDate(2026, 11, 29), QTime(10, 5), Qt::UTC));
    QCOMPARE(f.lastDurationMs, std::optional<double>(300000.0));
    QCOMPARE(f.lastErrorMessage, u"token expired"_s);

    QCOMPARE(server.requests().size(), 1);
    QCOMPARE(server.requests()[0].method, QByteArray("GET"));
    QCOMPARE(server.requests()[0].path, FreshnessPath);
    QVERIFY(server.requests()[0].rawQuery.isEmpty()); // every source, no filter
}

void TestApiFreshness::optionalFieldsNull_rowStillRead()
{
    ScriptedHttpServer server;
    QVERIFY(server.listen());
    QJsonObject row = freshnessRow(Src1);
    for (const char *key : {"last_sync_started_at", "last_sync_completed_at", "last_duration_ms",
                            "last_error_message"})
        row.insert(QLatin1String(key), QJsonValue::Null);
    const FreshnessResult r = readFrom(compact({row}), &server);
    QVERIFY(r.ok());
    QVERIFY(!r.value.first().lastSyncCompletedAt.isValid());
    QVERIFY(!r.value.first().lastDurationMs);
    QVERIFY(r.value.first().lastErrorMessage.isEmpty());
}

void TestApiFreshness::malformedReplies_areErrorsNamingWhy()
{
    ScriptedHttpServer server;
    QVERIFY(server.listen());
    struct Case {
        QByteArray body;
        QString says;
    };
    QJsonObject noStatus = freshnessRow(Src1);
    noStatus.remove(u"last_status"_s);
    QJsonObject textCount = freshnessRow(Src1);
    textCount.insert(u"last_items_failed"_s, u"2"_s);
    QJsonObject badTime = freshnessRow(Src1);
    badTime.insert(u"last_event_at"_s, u"yesterday"_s);
    const QList<Case> cases{
        {R"({"items":[],"has_more":false})", u"not a JSON array"_s},
        {"[{\"knowledge_base_source_id\":", u"not JSON"_s},
        {compact({freshnessRow(Src1), noStatus}), u"row 1: last_status"_s},
        {compact({textCount}), u"row 0: last_items_failed"_s},
        {compact({badTime}), u"row 0: last_event_at"_s},
        {compact({QJsonValue(42)}), u"row 0: not an object"_s},
    };
    for (const Case &c : cases) {
        const FreshnessResult r = readFrom(c.body, &server);
        QVERIFY2(!r.ok(), c.body.constData());
        QCOMPARE_OUTCOME(r.error->outcome, Outcome::ServerError);
        QVERIFY2(r.error->message.startsWith(u"malformed reply"_s), qPrintable(r.error->message));
        QVERIFY2(r.error->message.contains(c.says), qPrintable(r.error->message));
        QVERIFY(r.value.isEmpty()); // never a partial list
    }
}

void TestApiFreshness::errorStatus_isErrorWithServerText()
{
    ScriptedHttpServer server;
    QVERIFY(server.listen());
    const FreshnessResult r = readFrom(R"({"detail":"Invalid API key"})", &server, 401);
    QVERIFY(!r.ok());
    QCOMPARE_OUTCOME(r.error->outcome, Outcome::Unauthorized);
    QVERIFY2(r.error->message.contains(u"Invalid API key"_s), qPrintable(r.error->message));
}

void TestApiFreshness::strictDevserver_errorSourcesHaveLastErrorAndDirectModeAgrees()
{
    DevServer server; // no --extensions: the documented API only
    QString why;
    QVERIFY2(server.start(60, {u"--sync-seconds"_s, u"600"_s}, &why), qPrintable(why));
    ApiBackend api(apiConfig(server, 4));
    const FreshnessResult viaApi = noted(await(api.connectorFreshness()));
    QVERIFY2(viaApi.ok(), qPrintable(viaApi.error ? viaApi.error->message : QString()));

    const std::optional<DbConfig> db = parseDbUrl(u"sqlite://"_s + server.dbPath(), &why);
    QVERIFY2(db, qPrintable(why));
    DirectBackend direct(*db, 1, u"tester"_s);
    const FreshnessResult viaDirect = await(direct.connectorFreshness());
    QVERIFY2(viaDirect.ok(), qPrintable(viaDirect.error ? viaDirect.error->message : QString()));

    // Every demo source has synced: one row each; the errored ones carry their failed job.
    const QFuture<SourcePage> listing = api.listSources({});
    QVERIFY(waitFor(listing));
    const SourcePage listed = collectSources(listing);
    QVERIFY(listed.ok());
    QCOMPARE(viaApi.value.size(), listed.value.size());
    const QHash<QString, ConnectorFreshness> apiRows = bySource(viaApi.value);
    const QHash<QString, ConnectorFreshness> directRows = bySource(viaDirect.value);
    QCOMPARE(directRows.size(), apiRows.size());
    int errored = 0;
    for (const Source &s : listed.value) {
        QVERIFY2(apiRows.contains(s.id), qPrintable(s.id));
        const ConnectorFreshness &a = apiRows[s.id];
        const ConnectorFreshness &d = directRows.value(s.id);
        QCOMPARE(a.knowledgeBaseId, s.knowledgeBaseId);
        QCOMPARE(d.lastErrorMessage, a.lastErrorMessage);
        QCOMPARE(d.lastSyncCompletedAt.toSecsSinceEpoch(),
                 a.lastSyncCompletedAt.toSecsSinceEpoch());
        QVERIFY(a.lastEventAt.isValid());
        QVERIFY(a.secondsSinceLastEvent >= 0);
        if (s.status == u"error"_s) {
            ++errored;
            QCOMPARE(a.lastStatus, u"failed"_s);
            QVERIFY2(!a.lastErrorMessage.isEmpty(), qPrintable(s.id));
            QCOMPARE(d.lastStatus, a.lastStatus);
        }
    }
    QVERIFY(errored > 0);
}

void TestApiFreshness::apiKey_neverAppearsInAnyMessageOrLogLine()
{
    const QStringList texts = TextCollector::instance().texts();
    if (texts.size() < 5)
        QSKIP("run the whole file: this test checks what the other tests produced");
    for (const QString &text : texts)
        QVERIFY2(!text.contains(TestApiKey), qPrintable(u"key leaked in: "_s + text.left(200)));
}

QTEST_GUILESS_MAIN(TestApiFreshness)
#include "tst_apifreshness.moc"
