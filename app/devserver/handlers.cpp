#include "devserver/handlers.h"

#include "devserver/jobsim.h"
#include "devserver/params.h"
#include "devserver/schedule.h"
#include "devserver/trigger.h"
#include "devserver/wire.h"
#include "direct/directstore.h"

namespace feather::devserver {

QHash<QString, QString> pathIds(const Route &route, QJsonArray *detail)
{
    QHash<QString, QString> ids;
    for (const auto &[name, value] : route.params) {
        if (const auto id = parseUuid(value))
            ids.insert(name, *id);
        else
            detail->append(uuidError(QStringLiteral("path"), name, value));
    }
    return ids;
}

namespace {

QString kbNotFoundMessage(const QString &kbId)
{
    return QStringLiteral("Knowledge base %1 not found").arg(kbId);
}

ApiResponse invalidCursor()
{
    return badRequestReply(
        QStringLiteral("Invalid cursor: pass back the next_cursor of the previous page"));
}

// The CursorPage envelope. `items` holds up to limit + 1 rows: the extra one only says that
// another page exists.
template <typename T, typename ToJson>
ApiResponse idPage(QList<T> items, int limit, ToJson toJson)
{
    const bool hasMore = items.size() > limit;
    if (hasMore)
        items.resize(limit);
    QJsonArray array;
    for (const T &item : std::as_const(items))
        array.append(toJson(item));
    return jsonReply(QJsonObject{
        {QStringLiteral("items"), array},
        {QStringLiteral("has_more"), hasMore},
        {QStringLiteral("next_cursor"),
         hasMore ? QJsonValue(encodeIdCursor(items.constLast().id)) : QJsonValue(QJsonValue::Null)},
    });
}

ApiResponse listKnowledgeBases(const ApiRequest &request, DirectStore &store,
                               const ApiContext &context)
{
    QJsonArray detail;
    const PageParams page = pageParams(request.query, &detail);
    if (!detail.isEmpty())
        return validationReply(detail);
    QString after;
    if (!page.cursor.isEmpty()) {
        const auto id = decodeIdCursor(page.cursor);
        if (!id)
            return invalidCursor();
        after = *id;
    }
    const KnowledgeBasesResult kbs = store.listKnowledgeBases(page.limit + 1, after);
    if (!kbs.ok())
        return storeErrorReply(*kbs.error);
    return idPage(kbs.value, page.limit, [&](const KnowledgeBase &kb) {
        return knowledgeBaseJson(kb, context.extensions);
    });
}

ApiResponse listSources(const ApiRequest &request, DirectStore &store, const ApiContext &context)
{
    QJsonArray detail;
    const QHash<QString, QString> ids = pathIds(request.route, &detail);
    const PageParams page = pageParams(request.query, &detail);
    if (!detail.isEmpty())
        return validationReply(detail);
    QString after;
    if (!page.cursor.isEmpty()) {
        const auto id = decodeIdCursor(page.cursor);
        if (!id)
            return invalidCursor();
        after = *id;
    }
    const QString kbId = ids.value(QStringLiteral("kb_id"));
    // An empty page for a KB that does not exist would hide a typo: say 404 instead.
    const Result<KnowledgeBase> kb = store.knowledgeBase(kbId);
    if (!kb.ok())
        return notFoundOr(*kb.error, kbNotFoundMessage(kbId));

    SourceQuery query;
    query.kbIds = QStringList{kbId};
    // status= is not a documented parameter: FastAPI ignores unknown query parameters, and so
    // does this server unless --extensions is on.
    if (context.extensions) {
        for (const QString &value :
             request.query.allQueryItemValues(QStringLiteral("status"), QUrl::FullyDecoded)) {
            for (const QString &status : value.split(u',')) {
                if (!status.trimmed().isEmpty())
                    query.statuses.append(status.trimmed());
            }
        }
    }
    const SourcePage sources = store.listSources(query, page.limit + 1, after);
    if (!sources.ok())
        return storeErrorReply(*sources.error);
    return idPage(sources.value, page.limit,
                  [&](const Source &s) { return sourceJson(s, context.extensions); });
}

ApiResponse syncStatus(DirectStore &store, const QString &kbId, const QString &sourceId,
                       const ApiContext &context)
{
    const SyncStatusResult status = store.syncStatus(kbId, sourceId);
    if (!status.ok())
        return notFoundOr(*status.error, sourceNotFoundMessage(kbId, sourceId));
    SyncStatus st = status.value;
    if (st.lastSyncStatus == QLatin1String("processing") && !st.lastSyncJobId.isEmpty()) {
        // A running job's progress is derived from its start (see jobsim.h).
        const JobResult job = store.job(st.lastSyncJobId);
        if (job.ok()) {
            const JobCounts c =
                jobCounts(job.value, QDateTime::currentDateTimeUtc(), context.syncSeconds);
            st.totalItems = c.total;
            st.processedCount = c.completed + c.failed;
        }
    }
    return jsonReply(syncStatusJson(st));
}

ApiResponse getById(const ApiRequest &request, DirectStore &store, const ApiContext &context)
{
    QJsonArray detail;
    const QHash<QString, QString> ids = pathIds(request.route, &detail);
    if (!detail.isEmpty())
        return validationReply(detail);
    const QString kbId = ids.value(QStringLiteral("kb_id"));
    const QString sourceId = ids.value(QStringLiteral("source_id"));

    switch (request.route.endpoint) {
    case Endpoint::GetKnowledgeBase: {
        const Result<KnowledgeBase> kb = store.knowledgeBase(kbId);
        return kb.ok() ? jsonReply(knowledgeBaseJson(kb.value, context.extensions))
                       : notFoundOr(*kb.error, kbNotFoundMessage(kbId));
    }
    case Endpoint::GetSource: {
        const SourceResult source = store.source(kbId, sourceId);
        return source.ok() ? jsonReply(sourceJson(source.value, context.extensions))
                           : notFoundOr(*source.error, sourceNotFoundMessage(kbId, sourceId));
    }
    case Endpoint::SyncStatus:
        return syncStatus(store, kbId, sourceId, context);
    case Endpoint::TriggerSync:
        return triggerSync(store, kbId, sourceId, request.idempotencyKey, context);
    case Endpoint::UpdateSchedule:
        return updateSchedule(store, kbId, sourceId, request.body, context);
    case Endpoint::ListKnowledgeBases:
    case Endpoint::ListSources:
    case Endpoint::ListJobs:
    case Endpoint::GetJob:
    case Endpoint::JobDocuments:
    case Endpoint::JobLogs:
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

} // namespace

ApiResponse handle(const ApiRequest &request, DirectStore &store, const ApiContext &context)
{
    switch (request.route.endpoint) {
    case Endpoint::ListKnowledgeBases:
        return listKnowledgeBases(request, store, context);
    case Endpoint::ListSources:
        return listSources(request, store, context);
    case Endpoint::GetKnowledgeBase:
    case Endpoint::GetSource:
    case Endpoint::SyncStatus:
    case Endpoint::TriggerSync:
    case Endpoint::UpdateSchedule:
        return getById(request, store, context);
    case Endpoint::ListJobs:
        return listJobs(request, store, context);
    case Endpoint::GetJob:
    case Endpoint::JobDocuments:
    case Endpoint::JobLogs:
    case Endpoint::RetryJob:
        return jobEndpoint(request, store, context);
    case Endpoint::Freshness:
        return freshness(request, store, context);
    case Endpoint::OpenApi:
    case Endpoint::NotFound:
    case Endpoint::MethodNotAllowed:
    case Endpoint::Redirect:
        break;
    }
    return detailReply(404, QStringLiteral("Not Found"));
}

} // namespace feather::devserver
