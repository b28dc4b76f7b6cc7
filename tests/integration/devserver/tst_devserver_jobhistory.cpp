// The source details pane's reads and the retry of failed items, with the console's ApiBackend
// against a real feather-devserver (documented endpoints only, no --extensions): a source's
// job history from its knowledge base's ingestion-jobs list, a job's documents and logs, and
// POST …/ingestion-jobs/{job_id}/retry.
#include "api/apibackend.h"
#include "core/ids.h"
#include "devserverharness.h"
#include "support/testsupport.h"

#include <QDeadlineTimer>
#include <QTest>

using namespace feather;
using namespace feather::test;

class TestDevServerJobHistory final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void failedJob_isFirstInHistoryTiedByLastSyncJobId();
    void failedJob_documentsAndLogsAddUpToTheServersList();
    void retryFailedJob_acceptedThenRefusedWhileItRuns();
    void otherSourcesLastJob_isNeverTiedExactly();
    void badIds_areInvalidAndSendNothing();

private:
    SyncJob waitUntilFinished(const QString &jobId);

    DevServerProcess m_server;
    std::unique_ptr<ApiBackend> m_backend;
    QString m_kbId;
    QString m_sourceId;
    QString m_jobId;
};

void TestDevServerJobHistory::initTestCase()
{
    QString why;
    // Every simulated job fails after a second: a failed job to look at and to retry.
    QVERIFY2(m_server.start({QStringLiteral("--sync-seconds"), QStringLiteral("1"),
                             QStringLiteral("--job-fail-every"), QStringLiteral("1")},
                            &why, 120),
             qPrintable(why));
    ApiConfig c;
    c.baseUrl = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_server.port()));
    c.apiKey = QString::fromLatin1(m_server.apiKey());
    c.deadlineMs = 10000;
    m_backend = std::make_unique<ApiBackend>(c);
    QVERIFY2(m_backend->configError().isEmpty(), qPrintable(m_backend->configError()));

    ApiClient raw(m_server);
    const auto target = findSource(raw, QStringLiteral("active"));
    QVERIFY(target);
    m_kbId = target->first;
    m_sourceId = target->second;
    const TriggerResult t = await(m_backend->trigger({m_kbId, m_sourceId, newUuid()}));
    QCOMPARE(toString(t.outcome), QStringLiteral("triggered"));
    m_jobId = t.jobId;
    const SyncJob done = waitUntilFinished(m_jobId);
    QCOMPARE(done.status, QStringLiteral("failed"));
}

SyncJob TestDevServerJobHistory::waitUntilFinished(const QString &jobId)
{
    QDeadlineTimer deadline(20000);
    while (true) {
        const JobResult r = await(m_backend->job(jobId));
        if (r.ok() && r.value.status != QLatin1String("queued")
            && r.value.status != QLatin1String("processing"))
            return r.value;
        if (deadline.hasExpired())
            return r.value; // the caller's comparison names the status it was stuck in
        QTest::qWait(200);
    }
}

void TestDevServerJobHistory::failedJob_isFirstInHistoryTiedByLastSyncJobId()
{
    const JobHistoryResult r = await(m_backend->sourceJobs({m_kbId, m_sourceId, 20, {}}));
    QVERIFY2(r.ok(), r.error ? qPrintable(r.error->message) : "");
    QVERIFY(!r.value.jobs.isEmpty());
    const JobHistoryEntry &first = r.value.jobs.first();
    QCOMPARE(first.job.id, m_jobId);
    QCOMPARE(first.job.status, QStringLiteral("failed"));
    QCOMPARE(first.match, JobMatch::Exact);
    QCOMPARE(first.matchReason, QStringLiteral("the source's last_sync_job_id"));
    QVERIFY(first.job.startedAt.isValid());
    QVERIFY(first.job.completedAt.isValid());
    QVERIFY(first.job.totalDocuments.has_value());
    QCOMPARE(first.processedCount.value_or(-1), *first.job.totalDocuments);
    QVERIFY(r.value.scannedJobs >= r.value.jobs.size());
    // Newest first.
    for (qsizetype i = 1; i < r.value.jobs.size(); ++i)
        QVERIFY(r.value.jobs.at(i - 1).job.createdAt >= r.value.jobs.at(i).job.createdAt);
    // Every other entry says how it was tied.
    for (const JobHistoryEntry &e : r.value.jobs)
        QVERIFY2(e.match == JobMatch::Exact || e.matchReason.startsWith(QLatin1String("inferred:")),
                 qPrintable(e.matchReason));
}

void TestDevServerJobHistory::failedJob_documentsAndLogsAddUpToTheServersList()
{
    const JobResult job = await(m_backend->job(m_jobId));
    QVERIFY(job.ok());
    const JobDocumentsResult docs = await(m_backend->jobDocuments(m_jobId));
    QVERIFY2(docs.ok(), docs.error ? qPrintable(docs.error->message) : "");
    QCOMPARE(docs.value.size(), job.value.totalDocuments.value_or(-1));
    int failed = 0;
    for (const JobDocument &d : docs.value) {
        QVERIFY(isCanonicalUuid(d.documentId));
        if (d.status == QLatin1String("failed")) {
            ++failed;
            QVERIFY(!d.errorMessage.isEmpty());
        }
    }
    QCOMPARE(failed, job.value.failed);
    QVERIFY(failed > 0);

    const JobLogsResult logs = await(m_backend->jobLogs(m_jobId));
    QVERIFY2(logs.ok(), logs.error ? qPrintable(logs.error->message) : "");
    QCOMPARE(logs.value.size(), docs.value.size()); // every document of a finished job started
    for (qsizetype i = 0; i < logs.value.size(); ++i) {
        QCOMPARE(logs.value.at(i).documentId, docs.value.at(i).documentId);
        QVERIFY(!logs.value.at(i).logs.isEmpty());
        for (const JobLogEntry &e : logs.value.at(i).logs) {
            QVERIFY(!e.taskName.isEmpty());
            QVERIFY(e.startedAt.isValid());
        }
    }
}

void TestDevServerJobHistory::retryFailedJob_acceptedThenRefusedWhileItRuns()
{
    const TriggerResult retried = await(m_backend->retryJob({m_jobId, m_kbId, m_sourceId}));
    QVERIFY2(retried.outcome == Outcome::Triggered, qPrintable(retried.message));
    QCOMPARE(retried.httpStatus, 202);
    QCOMPARE(retried.jobId, m_jobId);
    QCOMPARE(retried.target.sourceId, m_sourceId);
    const JobResult requeued = await(m_backend->job(m_jobId));
    QVERIFY(requeued.ok());
    QVERIFY2(requeued.value.status == QLatin1String("queued")
                 || requeued.value.status == QLatin1String("processing"),
             qPrintable(requeued.value.status));

    // While it runs again there is nothing failed to retry: refused, never accepted twice.
    const TriggerResult again = await(m_backend->retryJob({m_jobId, m_kbId, m_sourceId}));
    QVERIFY2(again.outcome != Outcome::Triggered, qPrintable(again.message));
    QVERIFY(again.httpStatus >= 400);
    QVERIFY(!again.message.isEmpty());

    // It fails again (every job does here) and can be retried once more.
    QCOMPARE(waitUntilFinished(m_jobId).status, QStringLiteral("failed"));
}

void TestDevServerJobHistory::otherSourcesLastJob_isNeverTiedExactly()
{
    SourceQuery q;
    q.kbIds = {m_kbId};
    auto listing = m_backend->listSources(q);
    QVERIFY(waitFor(listing));
    const SourcePage sources = collectSources(listing);
    QVERIFY(sources.ok());
    QVERIFY2(sources.value.size() > 1, "the demo KB should have several sources");
    QSet<QString> othersLastJobs;
    for (const Source &s : sources.value) {
        if (s.id != m_sourceId && !s.lastSyncJobId.isEmpty())
            othersLastJobs.insert(s.lastSyncJobId);
    }
    QVERIFY(!othersLastJobs.isEmpty());
    const JobHistoryResult r = await(m_backend->sourceJobs({m_kbId, m_sourceId, 200, {}}));
    QVERIFY(r.ok());
    QVERIFY2(r.value.note.contains(QLatin1String("sources")), qPrintable(r.value.note));
    for (const JobHistoryEntry &e : r.value.jobs) {
        if (othersLastJobs.contains(e.job.id))
            QVERIFY2(e.match == JobMatch::Inferred, qPrintable(e.job.id));
    }

    // A job named by the caller (this console's audit log) is tied exactly, with its reason.
    const QString other = *othersLastJobs.cbegin();
    JobHistoryQuery known{m_kbId, m_sourceId, 500, {{other, QStringLiteral("audit log")}}};
    const JobHistoryResult withKnown = await(m_backend->sourceJobs(known));
    QVERIFY(withKnown.ok());
    bool found = false;
    for (const JobHistoryEntry &e : withKnown.value.jobs) {
        if (e.job.id == other) {
            found = true;
            QCOMPARE(e.match, JobMatch::Exact);
            QCOMPARE(e.matchReason, QStringLiteral("audit log"));
        }
    }
    QVERIFY(found);
}

void TestDevServerJobHistory::badIds_areInvalidAndSendNothing()
{
    const JobHistoryResult h =
        await(m_backend->sourceJobs({QStringLiteral("../x"), m_sourceId, 10, {}}));
    QVERIFY(!h.ok());
    QCOMPARE(toString(h.error->outcome), QStringLiteral("invalid"));
    const JobDocumentsResult d = await(m_backend->jobDocuments(QStringLiteral("nope")));
    QCOMPARE(toString(d.error->outcome), QStringLiteral("invalid"));
    const JobLogsResult l = await(m_backend->jobLogs(QStringLiteral("nope")));
    QCOMPARE(toString(l.error->outcome), QStringLiteral("invalid"));
    const TriggerResult r = await(m_backend->retryJob({QStringLiteral("nope"), {}, {}}));
    QCOMPARE(toString(r.outcome), QStringLiteral("invalid"));
    QCOMPARE(r.httpStatus, 0);
    // An unknown job: the server's 404.
    const TriggerResult missing = await(m_backend->retryJob({newUuid(), {}, {}}));
    QCOMPARE(toString(missing.outcome), QStringLiteral("not_found"));
    QCOMPARE(missing.httpStatus, 404);
}

QTEST_GUILESS_MAIN(TestDevServerJobHistory)
#include "tst_devserver_jobhistory.moc"
