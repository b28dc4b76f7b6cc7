#include "devserver/trigger.h"

#include "core/ids.h"
#include "devserver/params.h"
#include "devserver/wire.h"
#include "direct/directstore.h"

namespace feather::devserver {

namespace {

QJsonObject queuedBody(const QString &jobId, const QString &status)
{
    return QJsonObject{
        {QStringLiteral("job_id"), jobId},
        {QStringLiteral("status"), status.isEmpty() ? QStringLiteral("queued") : status},
        {QStringLiteral("message"), QStringLiteral("Sync has been queued")},
    };
}

// --extensions: the answer to a request whose Idempotency-Key already created a job;
// nullopt when no job carries that trigger id yet.
std::optional<ApiResponse> replay(DirectStore &store, const QString &triggerId, const QString &kbId,
                                  const QString &sourceId)
{
    const JobResult job = store.jobByTrigger(triggerId);
    if (!job.ok()) {
        if (job.error->outcome == Outcome::NotFound)
            return std::nullopt;
        return storeErrorReply(*job.error);
    }
    const bool sameTarget =
        job.value.sourceId == sourceId
        && (job.value.knowledgeBaseId.isEmpty() || job.value.knowledgeBaseId == kbId);
    if (!sameTarget) {
        // Reusing a key for another source is a client bug; never hand back a foreign job.
        return validationReply(QJsonArray{validationError(
            QStringLiteral("value_error"),
            QJsonArray{QStringLiteral("header"), QStringLiteral("idempotency-key")},
            QStringLiteral("Value error, this Idempotency-Key was already used for another source"),
            triggerId)});
    }
    ApiResponse reply = jsonReply(queuedBody(job.value.id, job.value.status));
    reply.headers.append({QByteArrayLiteral("idempotent-replayed"), QByteArrayLiteral("true")});
    return reply;
}

// The guard refused: say which job holds the source and since when (one extra read, only on
// the refusal path).
ApiResponse busyReply(DirectStore &store, const TriggerResult &result, const QString &kbId,
                      const QString &sourceId, bool extensions)
{
    const SourceResult source = store.source(kbId, sourceId);
    if (!source.ok() && source.error->outcome == Outcome::NotFound)
        return notFoundReply(sourceNotFoundMessage(kbId, sourceId));
    QString jobId = result.jobId;
    QString status = result.status;
    QDateTime since;
    if (source.ok()) {
        if (jobId.isEmpty())
            jobId = source.value.lastSyncJobId;
        status = source.value.status;
        since = source.value.updatedAt;
    }
    QJsonObject extra;
    if (extensions)
        extra.insert(QStringLiteral("job_id"),
                     jobId.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(jobId));
    // The guard admits only active and error; a source in any other state (say "paused") is
    // not "already syncing" and must not be reported as such. A source that went back to
    // active/error since the refusal was syncing when it was refused.
    if (!status.isEmpty() && status != QLatin1String("syncing") && status != QLatin1String("active")
        && status != QLatin1String("error"))
        return notEligibleReply(status, extra);
    const QJsonValue when = wireTime(since);
    return apiErrorReply(
        Outcome::AlreadySyncing,
        QStringLiteral("Source is already syncing (job %1, since %2)")
            .arg(jobId.isEmpty() ? QStringLiteral("unknown") : jobId,
                 when.isString() ? when.toString() : QStringLiteral("unknown time")),
        extra);
}

} // namespace

ApiResponse triggerSync(DirectStore &store, const QString &kbId, const QString &sourceId,
                        const std::optional<QByteArray> &idempotencyKey, const ApiContext &context)
{
    TriggerTarget target{kbId, sourceId, newUuid()};
    const bool keyed = context.extensions && idempotencyKey.has_value();
    if (keyed) {
        const QString key = QString::fromLatin1(idempotencyKey->trimmed());
        const auto id = parseUuid(key);
        if (!id) {
            return validationReply(QJsonArray{
                uuidError(QStringLiteral("header"), QStringLiteral("idempotency-key"), key)});
        }
        target.triggerId = *id;
        if (auto earlier = replay(store, target.triggerId, kbId, sourceId))
            return *earlier;
    }

    const TriggerResult result = store.trigger(target, context.triggeredBy);
    switch (result.outcome) {
    case Outcome::Triggered:
        return jsonReply(queuedBody(result.jobId, result.status));
    case Outcome::AlreadySyncing:
        // Two requests with the same key raced: the winner's job is this request's job too.
        if (keyed) {
            if (auto earlier = replay(store, target.triggerId, kbId, sourceId))
                return *earlier;
        }
        return busyReply(store, result, kbId, sourceId, context.extensions);
    case Outcome::NotEligible:
        return notEligibleReply(result.status);
    case Outcome::NotFound:
        return notFoundReply(sourceNotFoundMessage(kbId, sourceId));
    case Outcome::Unauthorized:
    case Outcome::Forbidden:
    case Outcome::Invalid:
    case Outcome::RateLimited:
    case Outcome::ServerError:
    case Outcome::NetworkError:
    case Outcome::UnknownOutcome:
    case Outcome::Cancelled:
        break;
    }
    return storeErrorReply(Error{result.outcome, 0, result.message});
}

} // namespace feather::devserver
