// ApiBackend's single-object calls against a scripted server: sync status, jobs,
// jobByTrigger's reconciliation rule (api/apibackend.h), and the schedule PATCH.
#include "apitestutil.h"
#include "support/testsupport.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace feather;
using namespace feather::test;

namespace {

QByteArray statusJson(const QString &status, const QString &lastJob = {},
                      const QString &startedAt = {})
{
    QJsonObject o{{u"source_id"_s, Src1}, {u"source_status"_s, status}};
    o.insert(u"last_sync_job_id"_s,
             lastJob.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(lastJob));
    if (!startedAt.isEmpty())
        o.insert(u"last_sync_started_at"_s, startedAt);
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QByteArray jobJson(const QString &createdAt, const QString &triggerId = {})
{
    QJsonObject o{{u"id"_s, Job1},
                  {u"job_type"_s, u"connector_sync"_s},
                  {u"status"_s, u"processing"_s},
                  {u"knowledge_base_id"_s, Kb1},
                  {u"completed"_s, 3},
                  {u"failed"_s, 1},
                  {u"progress_pct"_s, 40.0},
                  {u"total_documents"_s, 10},
                  {u"created_at"_s, createdAt}};
    if (!triggerId.isEmpty())
        o.insert(u"trigger_id"_s, triggerId);
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QJsonObject sourceJson(bool autoSync, const QJsonValue &interval)
{
    return QJsonObject{{u"id"_s, Src1},
                       {u"knowledge_base_id"_s, Kb1},
                       {u"provider"_s, u"notion"_s},
                       {u"status"_s, u"active"_s},
                       {u"auto_sync_enabled"_s, autoSync},
                       {u"sync_interval_seconds"_s, interval},
                       {u"created_at"_s, u"2026-11-01T10:00:00Z"_s},
                       {u"updated_at"_s, u"2026-11-02T10:00:00Z"_s}};
}

// A server whose sync/status and job answers the test sets.
struct ReconcileServer {
    ScriptedHttpServer server;
    QByteArray status;
    QByteArray job;
    bool start()
    {
        server.setHandler([this](const RecordedRequest &r) {
            if (r.method == "POST")
                return ScriptedReply::of(ScriptedReply::Kind::CloseAfterRead);
            // Like a real server, every answer carries its clock (our own here).
            const QList<std::pair<QByteArray, QByteArray>> date{
                {"Date", QLocale::c()
                             .toString(QDateTime::currentDateTimeUtc(),
                                       u"ddd, dd MMM yyyy HH:mm:ss 'GMT'"_s)
                             .toLatin1()}};
            if (r.path.endsWith("/sync/status"))
                return ScriptedReply::json(200, status, date);
            return ScriptedReply::json(200, job, date);
        });
        return server.listen();
    }
};
QString isoNowPlus(qint64 ms)
{
    return QDateTime::currentDateTimeUtc().addMSecs(ms).toString(Qt::ISODateWithMs);
}

} // namespace

class TestApiReads final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();

    void syncStatus_parsesResponse();
    void job_parsesResponse_andMapsNotFound();
    void jobByTrigger_matchingTriggerId_reportsJob();
    void jobByTrigger_otherTriggerId_notFound();
    void jobByTrigger_noTriggerId_sourceSyncingOnAnOlderJob_notOurs();
    void jobByTrigger_noTriggerId_jobAfterFirstSend_reportsJob();
    void jobByTrigger_noTriggerId_jobOlderThanFirstSend_notFound();
    void jobByTrigger_noTriggerId_neverSentHere_unknown();
    void jobByTrigger_noLastJob_notFound();
    void updateSchedule_patchesJson_andReturnsSource();
    void updateSchedule_enablingWithoutInterval_refusedWithoutRequest();
    void updateSchedule_validationError_rendered();

    void apiKey_neverAppearsInAnyMessageOrLogLine(); // keep last
};

void TestApiReads::initTestCase()
{
    TextCollector::instance().captureLogs();
}

void TestApiReads::syncStatus_parsesResponse()
{
    ScriptedHttpServer server;
    QVERIFY(server.listen());
    server.setHandler([](const RecordedRequest &) {
        return ScriptedReply::json(
            200,
            R"({"source_id":"22222222-2222-4222-8222-222222222222","source_status":"error","last_sync_job_id":"33333333-3333-4333-8333-333333333333","last_sync_status":"failed","last_sync_started_at":"2026-11-29T10:00:00Z","last_sync_completed_at":"2026-11-29T10:05:00.250Z","total_items":12,"processed_count":7,"error_message":"token expired","brand_new_field":{}})");
    });
    ApiBackend backend(configFor(server.baseUrl()));
    const SyncStatusResult r = noted(await(backend.syncStatus(Kb1.toUpper(), Src1)));
    QVERIFY(r.ok());
    QCOMPARE(r.value.sourceStatus, u"error"_s);
    QCOMPARE(r.value.lastSyncJobId, Job1);
    QCOMPARE(r.value.lastSyncStatus, u"failed"_s);
    QCOMPARE(r.value.lastSyncCompletedAt,
             QDateTime(QDate(2026, 11, 29), QTime(10, 5, 0, 250), Qt::UTC));
    QCOMPARE(r.value.totalItems, std::optional<int>(12));
    QCOMPARE(r.value.processedCount, std::optional<int>(7));
    QCOMPARE(r.value.errorMessage, u"token expired"_s);
    QCOMPARE(server.requests()[0].path, sourcePath() + "/sync/status");
}

void TestApiReads::job_parsesResponse_andMapsNotFound()
{
    ScriptedHttpServer server;
    QVERIFY(server.listen());
    server.setHandler([](const RecordedRequest &r) {
        if (r.path.endsWith(Job1.toLatin1()))
            return ScriptedReply::json(200, jobJson(u"2026-11-29T10:00:00Z"_s));
        return ScriptedReply::json(404,
                                   R"({"error":"not_found","message":"Ingestion job not found"})");
    });
    ApiBackend backend(configFor(server.baseUrl()));
    const JobResult r = noted(await(backend.job(Job1)));
    QVERIFY(r.ok());
    QCOMPARE(r.value.id, Job1);
    QCOMPARE(r.value.status, u"processing"_s);
    QCOMPARE(r.value.completed, 3);
    QCOMPARE(r.value.failed, 1);
    QCOMPARE(r.value.totalDocuments, std::optional<int>(10));
    QCOMPARE(r.value.progressPct, 40.0);
    QCOMPARE(server.requests()[0].path, "/v1/knowledge-base/ingestion-jobs/" + Job1.toLatin1());
    const JobResult missing = noted(await(backend.job(Trigger1)));
    QCOMPARE_OUTCOME(missing.error->outcome, Outcome::NotFound);
    QCOMPARE(missing.error->message, u"Ingestion job not found"_s);
}

void TestApiReads::jobByTrigger_matchingTriggerId_reportsJob()
{
    ReconcileServer s;
    QVERIFY(s.start());
    s.status = statusJson(u"active"_s, Job1);
    s.job =
        jobJson(u"2020-01-01T00:00:00Z"_s, Trigger1.toUpper()); // old, but the id says it is ours
    ApiBackend backend(configFor(s.server.baseUrl()));
    const JobResult r = noted(await(backend.jobByTrigger(target1())));
    QVERIFY2(r.ok(), qPrintable(r.error ? r.error->message : QString()));
    QCOMPARE(r.value.id, Job1);
    QCOMPARE(r.value.sourceId, Src1);
    for (const RecordedRequest &req : s.server.requests())
        QCOMPARE(req.method, QByteArray("GET"));
}

void TestApiReads::jobByTrigger_otherTriggerId_notFound()
{
    ReconcileServer s;
    QVERIFY(s.start());
    s.status = statusJson(u"syncing"_s, Job1);
    s.job = jobJson(isoNowPlus(0), Kb2); // any other trigger id
    ApiBackend backend(configFor(s.server.baseUrl()));
    const JobResult r = noted(await(backend.jobByTrigger(target1())));
    QCOMPARE_OUTCOME(r.error->outcome, Outcome::NotFound);
    QVERIFY(r.error->message.contains(u"another trigger"_s));
}

void TestApiReads::jobByTrigger_noTriggerId_sourceSyncingOnAnOlderJob_notOurs()
{
    ReconcileServer s;
    QVERIFY(s.start());
    ApiBackend backend(configFor(s.server.baseUrl()));
    QCOMPARE_OUTCOME(noted(await(backend.trigger(target1()))).outcome, Outcome::UnknownOutcome);
    // A syncing source does not make its job ours: this one ran long before we sent.
    s.status = statusJson(u"syncing"_s, Job1);
    s.job = jobJson(u"2020-01-01T00:00:00Z"_s);
    const JobResult r = noted(await(backend.jobByTrigger(target1())));
    QVERIFY(!r.ok());
    QCOMPARE_OUTCOME(r.error->outcome, Outcome::NotFound);
}

void TestApiReads::jobByTrigger_noTriggerId_jobAfterFirstSend_reportsJob()
{
    ReconcileServer s;
    QVERIFY(s.start());
    ApiBackend backend(configFor(s.server.baseUrl()));
    // The trigger goes out and its answer is lost; the job it made finished quickly.
    QCOMPARE_OUTCOME(noted(await(backend.trigger(target1()))).outcome, Outcome::UnknownOutcome);
    s.status = statusJson(u"active"_s, Job1);
    s.job = jobJson(isoNowPlus(0));
    const JobResult r = noted(await(backend.jobByTrigger(target1())));
    QVERIFY2(r.ok(), qPrintable(r.error ? r.error->message : QString()));
    QCOMPARE(r.value.id, Job1);
}

void TestApiReads::jobByTrigger_noTriggerId_jobOlderThanFirstSend_notFound()
{
    ReconcileServer s;
    QVERIFY(s.start());
    ApiBackend backend(configFor(s.server.baseUrl()));
    QCOMPARE_OUTCOME(noted(await(backend.trigger(target1()))).outcome, Outcome::UnknownOutcome);
    s.status = statusJson(u"active"_s, Job1);
    s.job = jobJson(isoNowPlus(-60000)); // a minute before the trigger: not ours
    const JobResult r = noted(await(backend.jobByTrigger(target1())));
    QCOMPARE_OUTCOME(r.error->outcome, Outcome::NotFound);
    QVERIFY(r.error->message.contains(u"older than the trigger"_s));
}

void TestApiReads::jobByTrigger_noTriggerId_neverSentHere_unknown()
{
    ReconcileServer s;
    QVERIFY(s.start());
    s.status = statusJson(u"active"_s, Job1);
    s.job = jobJson(isoNowPlus(0));
    ApiBackend backend(configFor(s.server.baseUrl()));
    const JobResult r = noted(await(backend.jobByTrigger(target1())));
    QCOMPARE_OUTCOME(r.error->outcome, Outcome::UnknownOutcome);
    QVERIFY(r.error->message.startsWith(u"cannot tell whether trigger"_s));
}

void TestApiReads::jobByTrigger_noLastJob_notFound()
{
    ReconcileServer s;
    QVERIFY(s.start());
    s.status = statusJson(u"active"_s);
    ApiBackend backend(configFor(s.server.baseUrl()));
    const JobResult r = noted(await(backend.jobByTrigger(target1())));
    QCOMPARE_OUTCOME(r.error->outcome, Outcome::NotFound);
    QCOMPARE(s.server.requests().size(), 1); // no job to fetch
}

void TestApiReads::updateSchedule_patchesJson_andReturnsSource()
{
    ScriptedHttpServer server;
    QVERIFY(server.listen());
    server.setHandler([](const RecordedRequest &) {
        return ScriptedReply::json(200, QJsonDocument(sourceJson(true, 3600)).toJson());
    });
    ApiBackend backend(configFor(server.baseUrl()));
    const SourceResult r =
        noted(await(backend.updateSchedule(Kb1, Src1, ScheduleChange{true, 3600})));
    QVERIFY2(r.ok(), qPrintable(r.error ? r.error->message : QString()));
    QVERIFY(r.value.autoSyncEnabled);
    QCOMPARE(r.value.syncIntervalSeconds, std::optional<int>(3600));
    const RecordedRequest &req = server.requests()[0];
    QCOMPARE(req.method, QByteArray("PATCH"));
    QCOMPARE(req.path, sourcePath() + "/schedule");
    QCOMPARE(req.header("content-type"), QByteArray("application/json"));
    const QJsonObject body = QJsonDocument::fromJson(req.body).object();
    QCOMPARE(body,
             (QJsonObject{{u"auto_sync_enabled"_s, true}, {u"sync_interval_seconds"_s, 3600}}));

    const SourceResult off =
        noted(await(backend.updateSchedule(Kb1, Src1, ScheduleChange{false, std::nullopt})));
    QVERIFY(off.ok());
    QCOMPARE(QJsonDocument::fromJson(server.requests()[1].body).object(),
             (QJsonObject{{u"auto_sync_enabled"_s, false},
                          {u"sync_interval_seconds"_s, QJsonValue::Null}}));
}

void TestApiReads::updateSchedule_enablingWithoutInterval_refusedWithoutRequest()
{
    ScriptedHttpServer server;
    QVERIFY(server.listen());
    ApiBackend backend(configFor(server.baseUrl()));
    const SourceResult r =
        noted(await(backend.updateSchedule(Kb1, Src1, ScheduleChange{true, std::nullopt})));
    QCOMPARE_OUTCOME(r.error->outcome, Outcome::Invalid);
    QVERIFY(r.error->message.contains(u"sync_interval_seconds"_s));
    QCOMPARE_OUTCOME(
        noted(await(backend.updateSchedule(Kb1, Src1, ScheduleChange{true, 0}))).error->outcome,
        Outcome::Invalid);
    QCOMPARE(server.connectionCount(), 0);
}

void TestApiReads::updateSchedule_validationError_rendered()
{
    ScriptedHttpServer server;
    QVERIFY(server.listen());
    server.setHandler([](const RecordedRequest &) {
        return ScriptedReply::json(
            422,
            R"({"detail":[{"type":"value_error","loc":["body","sync_interval_seconds"],"msg":"Value error, must be at least 300 seconds","input":60,"ctx":{"error":{}}}]})");
    });
    ApiBackend backend(configFor(server.baseUrl()));
    const SourceResult r =
        noted(await(backend.updateSchedule(Kb1, Src1, ScheduleChange{true, 60})));
    QCOMPARE_OUTCOME(r.error->outcome, Outcome::Invalid);
    QCOMPARE(r.error->httpStatus, 422);
    QCOMPARE(r.error->message,
             u"body.sync_interval_seconds: Value error, must be at least 300 seconds"_s);
}

void TestApiReads::apiKey_neverAppearsInAnyMessageOrLogLine()
{
    const QStringList texts = TextCollector::instance().texts();
    if (texts.size() < 20)
        QSKIP("run the whole file: this test checks what the other tests produced");
    for (const QString &text : texts)
        QVERIFY2(!text.contains(TestApiKey), qPrintable(u"key leaked in: "_s + text.left(200)));
}

QTEST_GUILESS_MAIN(TestApiReads)
#include "tst_apireads.moc"
