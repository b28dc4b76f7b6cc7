#include "devserver/handlers.h"

#include "core/ids.h"
#include "core/json.h"
#include "devserver/schedule.h"
#include "devserver/trigger.h"
#include "direct/directstore.h"

namespace feather::devserver {

QString encodeCursor(const QString &lastId)
{
    return QString::fromLatin1(
        lastId.toLatin1().toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

QString decodeCursor(const QString &cursor)
{
    const auto decoded = QByteArray::fromBase64Encoding(
        cursor.toLatin1(), QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return {};
    return normalizedUuid(QString::fromLatin1(*decoded));
}

namespace {

// Adds a uuid_parsing entry for every path parameter that is not a UUID (FastAPI reports all
// of them at once).
void checkPathIds(const Route &route, QJsonArray *detail)
{
    for (const auto &[name, value] : route.params) {
        if (!isCanonicalUuid(value))
            detail->append(uuidError(QStringLiteral("path"), name, value));
    }
}

QString lastValue(const QUrlQuery &query, const QString &key)
{
    const QStringList values = query.allQueryItemValues(key, QUrl::FullyDecoded);
    return values.isEmpty() ? QString() : values.constLast();
}

QString kbNotFoundMessage(const QString &kbId)
{
    return QStringLiteral("Knowledge base %1 not found").arg(kbId);
}

struct PageParams {
    int limit = 50;
    QString afterId;
};

// `limit` (1–200, default 50) and `cursor`, with FastAPI's error entries.
PageParams pageParams(const QUrlQuery &query, QJsonArray *detail)
{
    PageParams page;
    const QJsonArray limitLoc{QStringLiteral("query"), QStringLiteral("limit")};
    if (query.hasQueryItem(QStringLiteral("limit"))) {
        const QString text = lastValue(query, QStringLiteral("limit"));
        bool ok = false;
        const qlonglong value = text.trimmed().toLongLong(&ok);
        if (!ok) {
            detail->append(validationError(
                QStringLiteral("int_parsing"), limitLoc,
                QStringLiteral(
                    "Input should be a valid integer, unable to parse string as an integer"),
                text));
        } else if (value < 1) {
            detail->append(
                validationError(QStringLiteral("greater_than_equal"), limitLoc,
                                QStringLiteral("Input should be greater than or equal to 1"), text,
                                QJsonObject{{QStringLiteral("ge"), 1}}));
        } else if (value > 200) {
            detail->append(
                validationError(QStringLiteral("less_than_equal"), limitLoc,
                                QStringLiteral("Input should be less than or equal to 200"), text,
                                QJsonObject{{QStringLiteral("le"), 200}}));
        } else {
            page.limit = int(value);
        }
    }
    const QString cursor = lastValue(query, QStringLiteral("cursor"));
    if (!cursor.isEmpty()) {
        page.afterId = decodeCursor(cursor);
        if (page.afterId.isNull()) {
            detail->append(validationError(
                QStringLiteral("value_error"),
                QJsonArray{QStringLiteral("query"), QStringLiteral("cursor")},
                QStringLiteral(
                    "Value error, invalid cursor: pass back the next_cursor of the previous page"),
                cursor));
        }
    }
    return page;
}

// The CursorPage envelope. `items` holds up to limit + 1 rows: the extra one only says that
// another page exists.
template <typename T>
ApiResponse pageReply(QList<T> items, int limit)
{
    const bool hasMore = items.size() > limit;
    if (hasMore)
        items.resize(limit);
    QJsonArray array;
    for (const T &item : std::as_const(items))
        array.append(json::toJson(item));
    return jsonReply(QJsonObject{
        {QStringLiteral("items"), array},
        {QStringLiteral("has_more"), hasMore},
        {QStringLiteral("next_cursor"),
         hasMore ? QJsonValue(encodeCursor(items.constLast().id)) : QJsonValue(QJsonValue::Null)},
    });
}

ApiResponse listKnowledgeBases(const ApiRequest &request, DirectStore &store)
{
    QJsonArray detail;
    const PageParams page = pageParams(request.query, &detail);
    if (!detail.isEmpty())
        return validationReply(detail);
    const KnowledgeBasesResult kbs = store.listKnowledgeBases(page.limit + 1, page.afterId);
    if (!kbs.ok())
        return storeErrorReply(*kbs.error);
    return pageReply(kbs.value, page.limit);
}

ApiResponse listSources(const ApiRequest &request, DirectStore &store)
{
    QJsonArray detail;
    checkPathIds(request.route, &detail);
    const PageParams page = pageParams(request.query, &detail);
    if (!detail.isEmpty())
        return validationReply(detail);
    const QString kbId = normalizedUuid(request.route.param(QStringLiteral("kb_id")));
    // An empty page for a KB that does not exist would hide a typo: say 404 instead.
    const Result<KnowledgeBase> kb = store.knowledgeBase(kbId);
    if (!kb.ok())
        return notFoundOr(*kb.error, kbNotFoundMessage(kbId));

    SourceQuery query;
    query.kbIds = QStringList{kbId};
    for (const QString &value :
         request.query.allQueryItemValues(QStringLiteral("status"), QUrl::FullyDecoded)) {
        for (const QString &status : value.split(u',')) {
            if (!status.trimmed().isEmpty())
                query.statuses.append(status.trimmed());
        }
    }
    const SourcePage sources = store.listSources(query, page.limit + 1, page.afterId);
    if (!sources.ok())
        return storeErrorReply(*sources.error);
    return pageReply(sources.value, page.limit);
}

ApiResponse getById(const ApiRequest &request, DirectStore &store)
{
    QJsonArray detail;
    checkPathIds(request.route, &detail);
    if (!detail.isEmpty())
        return validationReply(detail);
    const QString kbId = normalizedUuid(request.route.param(QStringLiteral("kb_id")));
    const QString sourceId = normalizedUuid(request.route.param(QStringLiteral("source_id")));

    switch (request.route.endpoint) {
    case Endpoint::GetKnowledgeBase: {
        const Result<KnowledgeBase> kb = store.knowledgeBase(kbId);
        return kb.ok() ? jsonReply(json::toJson(kb.value))
                       : notFoundOr(*kb.error, kbNotFoundMessage(kbId));
    }
    case Endpoint::GetSource: {
        const SourceResult source = store.source(kbId, sourceId);
        return source.ok() ? jsonReply(json::toJson(source.value))
                           : notFoundOr(*source.error, sourceNotFoundMessage(kbId, sourceId));
    }
    case Endpoint::SyncStatus: {
        const SyncStatusResult status = store.syncStatus(kbId, sourceId);
        return status.ok() ? jsonReply(json::toJson(status.value))
                           : notFoundOr(*status.error, sourceNotFoundMessage(kbId, sourceId));
    }
    case Endpoint::GetJob: {
        const QString jobId = normalizedUuid(request.route.param(QStringLiteral("job_id")));
        const JobResult job = store.job(jobId);
        return job.ok() ? jsonReply(json::toJson(job.value))
                        : notFoundOr(*job.error,
                                     QStringLiteral("Ingestion job %1 not found").arg(jobId));
    }
    case Endpoint::ListKnowledgeBases: // handle() sends only the four above here
    case Endpoint::ListSources:
    case Endpoint::TriggerSync:
    case Endpoint::UpdateSchedule:
    case Endpoint::NotFound:
    case Endpoint::MethodNotAllowed:
        break;
    }
    return unmatchedRouteReply(Endpoint::NotFound);
}

} // namespace

ApiResponse handle(const ApiRequest &request, DirectStore &store, const QString &triggeredBy)
{
    switch (request.route.endpoint) {
    case Endpoint::ListKnowledgeBases:
        return listKnowledgeBases(request, store);
    case Endpoint::ListSources:
        return listSources(request, store);
    case Endpoint::GetKnowledgeBase:
    case Endpoint::GetSource:
    case Endpoint::SyncStatus:
    case Endpoint::GetJob:
        return getById(request, store);
    case Endpoint::TriggerSync:
    case Endpoint::UpdateSchedule: {
        QJsonArray detail;
        checkPathIds(request.route, &detail);
        if (!detail.isEmpty())
            return validationReply(detail);
        const QString kbId = normalizedUuid(request.route.param(QStringLiteral("kb_id")));
        const QString sourceId = normalizedUuid(request.route.param(QStringLiteral("source_id")));
        if (request.route.endpoint == Endpoint::TriggerSync)
            return triggerSync(store, kbId, sourceId, request.idempotencyKey, triggeredBy);
        return updateSchedule(store, kbId, sourceId, request.body);
    }
    case Endpoint::MethodNotAllowed:
    case Endpoint::NotFound:
        break;
    }
    return unmatchedRouteReply(request.route.endpoint);
}

ApiResponse unmatchedRouteReply(Endpoint endpoint)
{
    if (endpoint == Endpoint::MethodNotAllowed)
        return errorReply(405, QStringLiteral("method_not_allowed"),
                          QStringLiteral("Method Not Allowed"));
    return notFoundReply(QStringLiteral("Not Found"));
}

} // namespace feather::devserver
