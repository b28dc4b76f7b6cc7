// Ingestion jobs (a knowledge base's list, one job, its documents, logs and retry) and the
// connectors freshness analytics endpoint.
#include "devserver/handlers.h"
#include "devserver/jobsim.h"
#include "devserver/params.h"
#include "devserver/wire.h"
#include "direct/directstore.h"

namespace feather::devserver {

namespace {

ApiResponse invalidCursor()
{
    return badRequestReply(
        QStringLiteral("Invalid cursor: pass back the next_cursor of the previous page"));
}

QJsonObject envelope(const QJsonArray &items, bool hasMore, const QString &next)
{
    return QJsonObject{
        {QStringLiteral("items"), items},
        {QStringLiteral("has_more"), hasMore},
        {QStringLiteral("next_cursor"), hasMore ? QJsonValue(next) : QJsonValue(QJsonValue::Null)},
    };
}

// …/documents and …/logs: pages over the simulated documents (logs: those that started).
ApiResponse documentPage(const ApiRequest &request, const SyncJob &job, const JobCounts &counts,
                         bool logs)
{
    QJsonArray detail;
    const PageParams page = pageParams(request.query, &detail);
    if (!detail.isEmpty())
        return validationReply(detail);
    int from = 0;
    if (!page.cursor.isEmpty()) {
        const auto index = decodeIndexCursor(page.cursor);
        if (!index)
            return invalidCursor();
        from = *index;
    }
    const int end = logs ? documentsWithLogs(counts) : counts.total.value_or(0);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QList<SimDocument> docs =
        jobDocuments(job, counts, from, qMin(page.limit, qMax(0, end - from)), now);
    QJsonArray items;
    for (const SimDocument &d : docs)
        items.append(logs ? logGroupJson(job, d) : documentJson(d));
    const int next = from + int(docs.size());
    return jsonReply(envelope(items, next < end, encodeIndexCursor(next)));
}

ApiResponse retry(DirectStore &store, const QString &jobId)
{
    const JobResult retried = store.retryJob(jobId, QDateTime::currentDateTimeUtc());
    if (retried.ok()) {
        return jsonReply(
            QJsonObject{
                {QStringLiteral("job_id"), retried.value.id},
                {QStringLiteral("status"), retried.value.status},
                {QStringLiteral("message"),
                 QStringLiteral("Retry has been queued for the job's failed items")},
            },
            202);
    }
    const Error &error = *retried.error;
    switch (error.outcome) {
    case Outcome::NotFound:
        return notFoundReply(QStringLiteral("Ingestion job %1 not found").arg(jobId));
    case Outcome::Invalid:
        return badRequestReply(error.message);
    case Outcome::AlreadySyncing: {
        // Like the trigger: busy (409 sync_in_progress) or in a status the guard never admits.
        const JobResult job = store.job(jobId);
        QString sourceStatus;
        if (job.ok()) {
            const SourceResult source = store.source(job.value.knowledgeBaseId, job.value.sourceId);
            if (source.ok())
                sourceStatus = source.value.status;
        }
        if (!sourceStatus.isEmpty() && sourceStatus != QLatin1String("syncing"))
            return notEligibleReply(sourceStatus);
        return apiErrorReply(Outcome::AlreadySyncing,
                             QStringLiteral("The job's source is already syncing"));
    }
    case Outcome::NotEligible:
        return apiErrorReply(Outcome::NotEligible, error.message);
    case Outcome::Triggered:
    case Outcome::Unauthorized:
    case Outcome::Forbidden:
    case Outcome::RateLimited:
    case Outcome::ServerError:
    case Outcome::NetworkError:
    case Outcome::UnknownOutcome:
    case Outcome::Cancelled:
        break;
    }
    return storeErrorReply(error);
}

} // namespace

ApiResponse listJobs(const ApiRequest &request, DirectStore &store, const ApiContext &context)
{
    QJsonArray detail;
    const QHash<QString, QString> ids = pathIds(request.route, &detail);
    const PageParams page = pageParams(request.query, &detail);
    if (!detail.isEmpty())
        return validationReply(detail);
    std::optional<DirectStore::JobPageKey> after;
    if (!page.cursor.isEmpty()) {
        const auto key = decodeJobCursor(page.cursor);
        if (!key)
            return invalidCursor();
        after = DirectStore::JobPageKey{key->first, key->second};
    }
    const QString kbId = ids.value(QStringLiteral("kb_id"));
    const Result<KnowledgeBase> kb = store.knowledgeBase(kbId);
    if (!kb.ok())
        return notFoundOr(*kb.error, QStringLiteral("Knowledge base %1 not found").arg(kbId));
    QStringList statuses;
    if (const auto status = queryValue(request.query, QStringLiteral("status"));
        status && !status->isEmpty()) {
        // "active" is the documented sugar for queued + processing.
        statuses = *status == QLatin1String("active")
                       ? QStringList{QStringLiteral("queued"), QStringLiteral("processing")}
                       : QStringList{*status};
    }
    const auto rows = store.listJobs(kbId, statuses, page.limit + 1, after);
    if (!rows.ok())
        return storeErrorReply(*rows.error);
    QList<DirectStore::JobRow> list = rows.value;
    const bool hasMore = list.size() > page.limit;
    if (hasMore)
        list.resize(page.limit);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QJsonArray items;
    for (const DirectStore::JobRow &row : std::as_const(list))
        items.append(
            jobSummaryJson(row.job, jobCounts(row.job, now, context.syncSeconds), row.itemTitle));
    const QString next =
        hasMore ? encodeJobCursor(list.constLast().job.createdAt, list.constLast().job.id)
                : QString();
    return jsonReply(envelope(items, hasMore, next));
}

ApiResponse jobEndpoint(const ApiRequest &request, DirectStore &store, const ApiContext &context)
{
    QJsonArray detail;
    const QHash<QString, QString> ids = pathIds(request.route, &detail);
    if (!detail.isEmpty())
        return validationReply(detail);
    const QString jobId = ids.value(QStringLiteral("job_id"));
    if (request.route.endpoint == Endpoint::RetryJob)
        return retry(store, jobId);
    const JobResult job = store.job(jobId);
    if (!job.ok())
        return notFoundOr(*job.error, QStringLiteral("Ingestion job %1 not found").arg(jobId));
    const JobCounts counts =
        jobCounts(job.value, QDateTime::currentDateTimeUtc(), context.syncSeconds);
    switch (request.route.endpoint) {
    case Endpoint::GetJob:
        return jsonReply(jobJson(job.value, counts, context.extensions));
    case Endpoint::JobDocuments:
        return documentPage(request, job.value, counts, false);
    case Endpoint::JobLogs:
        return documentPage(request, job.value, counts, true);
    case Endpoint::ListKnowledgeBases:
    case Endpoint::GetKnowledgeBase:
    case Endpoint::ListSources:
    case Endpoint::GetSource:
    case Endpoint::TriggerSync:
    case Endpoint::SyncStatus:
    case Endpoint::UpdateSchedule:
    case Endpoint::ListJobs:
    case Endpoint::RetryJob:
    case Endpoint::Freshness:
    case Endpoint::OpenApi:
    case Endpoint::NotFound:
    case Endpoint::MethodNotAllowed:
    case Endpoint::Redirect:
        break;
    }
    return detailReply(404, QStringLiteral("Not Found"));
}

ApiResponse freshness(const ApiRequest &request, DirectStore &store, const ApiContext &context)
{
    // knowledge_base_id is a plain string filter: one that names no knowledge base (or is no
    // UUID at all) matches nothing, as a WHERE clause would.
    QString kbId;
    if (const auto value = queryValue(request.query, QStringLiteral("knowledge_base_id"));
        value && !value->isEmpty()) {
        const auto id = parseUuid(*value);
        if (!id)
            return jsonReply(QJsonArray{});
        kbId = *id;
    }
    const auto rows = store.freshness(kbId);
    if (!rows.ok())
        return storeErrorReply(*rows.error);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QJsonArray items;
    for (const DirectStore::FreshnessRow &row : rows.value)
        items.append(freshnessJson(row, jobCounts(row.job, now, context.syncSeconds), now));
    return jsonReply(items);
}

} // namespace feather::devserver
