// The job simulation: a triggered job moves queued → processing → completed/failed within
// --sync-seconds, and the source goes back to active (or to error with the job's message).
#include "devserverharness.h"

#include <QElapsedTimer>
#include <QTest>

using namespace feather::test;

class TestDevServerJobs final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void triggeredJob_completesWithinSyncSeconds_sourceBackToActive();
    void triggeredJob_failsOnJobFailEvery_sourceGoesToError();

private:
    // Triggers an active source and polls sync/status until it settles; returns the final
    // sync status and the job, and how long it took.
    void runOneJob(const QStringList &args, QJsonObject *status, QJsonObject *job,
                   qint64 *settledMs);
};

void TestDevServerJobs::runOneJob(const QStringList &args, QJsonObject *status, QJsonObject *job,
                                  qint64 *settledMs)
{
    DevServerProcess server;
    QString why;
    QVERIFY2(server.start(args, &why, 40), qPrintable(why));
    ApiClient client(server);
    const auto target = findSource(client, QStringLiteral("active"));
    QVERIFY(target);

    const HttpReply trigger =
        client.post(sourcePath(target->first, target->second, QStringLiteral("/sync")));
    QCOMPARE(trigger.status, 200);
    const QString jobId = trigger.json.value(QLatin1String("job_id")).toString();
    QElapsedTimer timer;
    timer.start();
    QSet<QString> seen;
    while (timer.elapsed() < 6000) {
        const HttpReply s =
            client.get(sourcePath(target->first, target->second, QStringLiteral("/sync/status")));
        QCOMPARE(s.status, 200);
        const HttpReply j = client.get(QStringLiteral("/ingestion-jobs/") + jobId);
        seen.insert(j.json.value(QLatin1String("status")).toString());
        if (s.json.value(QLatin1String("source_status")).toString() != QLatin1String("syncing")) {
            *status = s.json;
            *job = client.get(QStringLiteral("/ingestion-jobs/") + jobId).json;
            *settledMs = timer.elapsed();
            QCOMPARE(s.json.value(QLatin1String("last_sync_job_id")).toString(), jobId);
            QVERIFY2(seen.contains(QStringLiteral("queued"))
                         || seen.contains(QStringLiteral("processing")),
                     "the job was never seen in flight");
            return;
        }
        QTest::qWait(100);
    }
    QFAIL("the source was still syncing 6 s after a trigger with --sync-seconds 1");
}

void TestDevServerJobs::triggeredJob_completesWithinSyncSeconds_sourceBackToActive()
{
    QJsonObject status, job;
    qint64 ms = 0;
    runOneJob({QStringLiteral("--sync-seconds"), QStringLiteral("1"),
               QStringLiteral("--job-fail-every"), QStringLiteral("0")},
              &status, &job, &ms);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(status.value(QLatin1String("source_status")).toString(), QStringLiteral("active"));
    QCOMPARE(status.value(QLatin1String("last_sync_status")).toString(),
             QStringLiteral("completed"));
    QCOMPARE(job.value(QLatin1String("status")).toString(), QStringLiteral("completed"));
    QVERIFY(!job.value(QLatin1String("completed_at")).toString().isEmpty());
    QVERIFY(!job.value(QLatin1String("started_at")).toString().isEmpty());
    QVERIFY2(ms >= 700,
             qPrintable(QStringLiteral("settled after %1 ms, before --sync-seconds").arg(ms)));
    qInfo("job completed %lld ms after the trigger", ms);
}

void TestDevServerJobs::triggeredJob_failsOnJobFailEvery_sourceGoesToError()
{
    QJsonObject status, job;
    qint64 ms = 0;
    runOneJob({QStringLiteral("--sync-seconds"), QStringLiteral("1"),
               QStringLiteral("--job-fail-every"), QStringLiteral("1")},
              &status, &job, &ms);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(status.value(QLatin1String("source_status")).toString(), QStringLiteral("error"));
    QCOMPARE(job.value(QLatin1String("status")).toString(), QStringLiteral("failed"));
    // IngestionJobResponse has no error_message field; the sync status carries it.
    QVERIFY(!job.contains(QLatin1String("error_message")));
    QVERIFY(!status.value(QLatin1String("error_message")).toString().isEmpty());
    QCOMPARE(status.value(QLatin1String("last_sync_status")).toString(), QStringLiteral("failed"));
}

QTEST_GUILESS_MAIN(TestDevServerJobs)
#include "tst_devserver_jobs.moc"
