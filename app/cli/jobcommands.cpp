// featherctl's job commands for the source details pane's twins: `jobs` (a source's job
// history), `job JOB_ID --documents/--logs` and `retry-job JOB_ID…` (audited like resync).
#include "cli/commands.h"
#include "cli/output.h"
#include "cli/resyncrows.h"
#include "cli/table.h"
#include "config/auditlog.h"
#include "core/json.h"
#include "resync/auditlogsink.h"
#include "resync/jobretrier.h"

#include <QJsonArray>

namespace feather::cli {

namespace {

QJsonValue timeOrNull(const QDateTime &t)
{
    return t.isValid() ? QJsonValue(json::formatTime(t)) : QJsonValue(QJsonValue::Null);
}

QJsonValue intOrNull(const std::optional<int> &v)
{
    return v ? QJsonValue(*v) : QJsonValue(QJsonValue::Null);
}

QString orEmpty(const std::optional<int> &v)
{
    return v ? QString::number(*v) : QString();
}

QString matchName(JobMatch m)
{
    switch (m) {
    case JobMatch::Exact:
        return QStringLiteral("exact");
    case JobMatch::Inferred:
        return QStringLiteral("inferred");
    }
    return {};
}

QString duration(const SyncJob &j)
{
    if (!j.startedAt.isValid())
        return {};
    const QDateTime end = j.completedAt.isValid() ? j.completedAt : QDateTime::currentDateTimeUtc();
    return humanDuration(j.startedAt.msecsTo(end));
}

QJsonObject historyJson(const JobHistoryEntry &e)
{
    QJsonObject o = json::toJson(e.job);
    o.insert(QStringLiteral("item_title"),
             e.itemTitle.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(e.itemTitle));
    o.insert(QStringLiteral("processed_count"), intOrNull(e.processedCount));
    o.insert(QStringLiteral("failed_documents"), intOrNull(e.failedDocuments));
    o.insert(QStringLiteral("match"), matchName(e.match));
    o.insert(QStringLiteral("match_reason"), e.matchReason);
    return o;
}

QJsonObject documentJson(const QString &jobId, const JobDocument &d)
{
    return QJsonObject{
        {QStringLiteral("record"), QStringLiteral("document")},
        {QStringLiteral("job_id"), jobId},
        {QStringLiteral("document_id"),
         d.documentId.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(d.documentId)},
        {QStringLiteral("title"), d.title},
        {QStringLiteral("status"), d.status},
        {QStringLiteral("processing_stage"), d.processingStage},
        {QStringLiteral("error_message"), d.errorMessage},
        {QStringLiteral("segment_count"), intOrNull(d.segmentCount)},
        {QStringLiteral("processed_segments"), d.processedSegments},
        {QStringLiteral("started_at"), timeOrNull(d.startedAt)},
        {QStringLiteral("completed_at"), timeOrNull(d.completedAt)},
    };
}

QJsonObject logGroupJson(const QString &jobId, const JobLogGroup &g)
{
    QJsonArray logs;
    for (const JobLogEntry &e : g.logs)
        logs.append(QJsonObject{
            {QStringLiteral("id"), e.id},
            {QStringLiteral("task_name"), e.taskName},
            {QStringLiteral("status"), e.status},
            {QStringLiteral("error_message"), e.errorMessage},
            {QStringLiteral("duration_ms"), intOrNull(e.durationMs)},
            {QStringLiteral("started_at"), timeOrNull(e.startedAt)},
            {QStringLiteral("completed_at"), timeOrNull(e.completedAt)},
        });
    return QJsonObject{
        {QStringLiteral("record"), QStringLiteral("log_group")},
        {QStringLiteral("job_id"), jobId},
        {QStringLiteral("document_id"),
         g.documentId.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(g.documentId)},
        {QStringLiteral("title"), g.title},
        {QStringLiteral("status"), g.status},
        {QStringLiteral("logs"), logs},
    };
}

} // namespace

void CommandRunner::runJobs()
{
    JobHistoryQuery query;
    query.kbId = m_request.kbIds.first();
    query.sourceId = m_request.sourceIds.first();
    query.limit = m_request.limit;
    // Jobs this machine's audit log recorded for the source are tied to it for certain.
    AuditQuery audit;
    audit.kbId = query.kbId;
    audit.sourceId = query.sourceId;
    audit.limit = 500;
    for (const AuditEntry &e : AuditLog().query(audit)) {
        if (!e.jobId.isEmpty())
            query.knownJobIds.insert(e.jobId,
                                     QStringLiteral("started for this source (audit log)"));
    }
    m_backend->sourceJobs(query).then(this, [this](const JobHistoryResult &r) {
        if (!r.ok())
            return reportError(*r.error);
        if (m_request.json) {
            for (const JobHistoryEntry &e : r.value.jobs)
                printJsonLine(historyJson(e));
        } else {
            TextTable t({QStringLiteral("JOB"), QStringLiteral("STATUS"), QStringLiteral("STARTED"),
                         QStringLiteral("ENDED"), QStringLiteral("DURATION"),
                         QStringLiteral("TOTAL"), QStringLiteral("PROCESSED"),
                         QStringLiteral("FAILED"), QStringLiteral("PROGRESS"),
                         QStringLiteral("MATCH"), QStringLiteral("ERROR")});
            for (const JobHistoryEntry &e : r.value.jobs)
                t.addRow({e.job.id, e.job.status, humanTime(e.job.startedAt),
                          humanTime(e.job.completedAt), duration(e.job),
                          orEmpty(e.job.totalDocuments), orEmpty(e.processedCount),
                          orEmpty(e.failedDocuments),
                          QStringLiteral("%1%").arg(e.job.progressPct, 0, 'f', 0),
                          e.match == JobMatch::Exact ? QStringLiteral("exact") : e.matchReason,
                          e.job.errorMessage});
            printOut(t.render());
        }
        if (!r.value.note.isEmpty())
            printErr(QStringLiteral("featherctl: note: ") + r.value.note + u'\n');
        finish(ExitAllTriggered);
    });
}

void CommandRunner::runJobDetail()
{
    const QString jobId = m_request.jobId;
    auto logs = [this, jobId] {
        m_backend->jobLogs(jobId).then(this, [this, jobId](const JobLogsResult &r) {
            if (!r.ok())
                return reportError(*r.error);
            if (m_request.json) {
                for (const JobLogGroup &g : r.value)
                    printJsonLine(logGroupJson(jobId, g));
            } else {
                TextTable t({QStringLiteral("DOCUMENT"), QStringLiteral("TITLE"),
                             QStringLiteral("TASK"), QStringLiteral("STATUS"), QStringLiteral("MS"),
                             QStringLiteral("STARTED"), QStringLiteral("ERROR")});
                for (const JobLogGroup &g : r.value) {
                    for (const JobLogEntry &e : g.logs)
                        t.addRow({g.documentId, g.title, e.taskName, e.status,
                                  orEmpty(e.durationMs), humanTime(e.startedAt), e.errorMessage});
                }
                printOut(t.render());
            }
            finish(ExitAllTriggered);
        });
    };
    if (!m_request.documents)
        return logs();
    m_backend->jobDocuments(jobId).then(this, [this, jobId, logs](const JobDocumentsResult &r) {
        if (!r.ok())
            return reportError(*r.error);
        if (m_request.json) {
            for (const JobDocument &d : r.value)
                printJsonLine(documentJson(jobId, d));
        } else {
            TextTable t({QStringLiteral("DOCUMENT"), QStringLiteral("TITLE"),
                         QStringLiteral("STATUS"), QStringLiteral("STAGE"),
                         QStringLiteral("SEGMENTS"), QStringLiteral("ERROR")});
            for (const JobDocument &d : r.value)
                t.addRow(
                    {d.documentId, d.title, d.status, d.processingStage,
                     QStringLiteral("%1/%2").arg(d.processedSegments).arg(orEmpty(d.segmentCount)),
                     d.errorMessage});
            printOut(t.render());
        }
        if (m_request.logs)
            return logs();
        finish(ExitAllTriggered);
    });
}

void CommandRunner::runRetryJob()
{
    QList<JobRetryTarget> targets;
    for (const QString &id : std::as_const(m_request.jobIds))
        targets.append({id, m_request.kbIds.value(0), m_request.sourceIds.value(0)});
    m_auditSink = std::make_unique<AuditLogSink>(AuditLog::defaultPath(),
                                                 auditContextFor(m_request.profile, *m_backend));
    auto *retrier = new JobRetrier(m_backend.get(), m_auditSink.get(), this);
    auto stopReason = std::make_shared<QString>();
    connect(retrier, &JobRetrier::stopped, this,
            [stopReason](const QString &reason) { *stopReason = reason; });
    connect(retrier, &JobRetrier::rowFinished, this, [this](const TriggerResult &r) {
        if (m_request.json)
            printJsonLine(resyncJsonRow(r));
    });
    connect(retrier, &JobRetrier::finished, this, [this, retrier, stopReason] {
        const QList<TriggerResult> &results = retrier->results();
        if (!m_request.json) {
            TextTable table(resyncTableHeader());
            for (const TriggerResult &r : results)
                table.addRow(resyncTableRow(r, false));
            printOut(table.render());
        }
        if (!stopReason->isEmpty())
            printErr(QStringLiteral("featherctl: ") + *stopReason + u'\n');
        finish(stopReason->isEmpty() ? resyncExitCode(results)
                                     : std::max<int>(ExitSomeFailed, resyncExitCode(results)));
    });
    QString why;
    if (!retrier->start(targets, &why))
        fail(ExitUsage, QStringLiteral("the audit log cannot be written: ") + why);
}

} // namespace feather::cli
