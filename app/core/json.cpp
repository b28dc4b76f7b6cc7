#include "core/json.h"

#include "core/sharedstrings.h"
#include "core/timestamps.h"

#include <QJsonArray>

namespace feather::json {

namespace {

QJsonValue orNull(const QString &s)
{
    return s.isNull() ? QJsonValue(QJsonValue::Null) : QJsonValue(s);
}

QJsonValue timeOrNull(const QDateTime &t)
{
    return t.isValid() ? QJsonValue(formatTime(t)) : QJsonValue(QJsonValue::Null);
}

QJsonValue intOrNull(const std::optional<int> &v)
{
    return v ? QJsonValue(*v) : QJsonValue(QJsonValue::Null);
}

QString str(const QJsonObject &o, const char *key)
{
    const QJsonValue v = o.value(QLatin1String(key));
    return v.isString() ? v.toString() : QString();
}

std::optional<int> optInt(const QJsonObject &o, const char *key)
{
    const QJsonValue v = o.value(QLatin1String(key));
    if (!v.isDouble())
        return std::nullopt;
    return v.toInt();
}

// A required non-empty string, read once: the value or the reason it is refused.
bool requiredString(const QJsonObject &o, const char *key, QString *out, QString *why)
{
    const QJsonValue v = o.value(QLatin1String(key));
    *out = v.toString();
    if (v.isString() && !out->isEmpty())
        return true;
    if (why)
        *why = QStringLiteral("missing or non-string field \"%1\"").arg(QLatin1String(key));
    return false;
}

// Checks that every named field is a non-empty string.
bool requireStrings(const QJsonObject &o, std::initializer_list<const char *> keys, QString *why)
{
    QString value;
    for (const char *key : keys) {
        if (!requiredString(o, key, &value, why))
            return false;
    }
    return true;
}

} // namespace

QString formatTime(const QDateTime &t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODateWithMs) : QString();
}

QDateTime parseTime(const QJsonValue &v)
{
    if (!v.isString())
        return {};
    const QString text = v.toString();
    // The forms servers send (RFC 3339, "Z" or an offset, any fraction) without
    // QDateTime::fromString, which was a third of the parse cost of a listed source. A time
    // without an offset is UTC: API servers stamp UTC (FastAPI writes naive UTC times that way),
    // and our local zone says nothing about theirs.
    if (QDateTime t = parseTimestamp(text); t.isValid())
        return t;
    QDateTime t = QDateTime::fromString(text, Qt::ISODateWithMs); // other ISO 8601 forms
    return t.isValid() ? t.toUTC() : QDateTime();
}

QJsonObject toJson(const KnowledgeBase &kb)
{
    QJsonObject counts;
    for (auto it = kb.sourceStatusCounts.cbegin(); it != kb.sourceStatusCounts.cend(); ++it)
        counts.insert(it.key(), it.value());
    return QJsonObject{
        {QStringLiteral("id"), kb.id},
        {QStringLiteral("organization_id"), kb.organizationId},
        {QStringLiteral("name"), kb.name},
        {QStringLiteral("description"), orNull(kb.description)},
        {QStringLiteral("is_active"), kb.isActive},
        {QStringLiteral("document_count"), kb.documentCount},
        {QStringLiteral("created_at"), timeOrNull(kb.createdAt)},
        {QStringLiteral("updated_at"), timeOrNull(kb.updatedAt)},
        {QStringLiteral("source_count"), kb.sourceCount()},
        {QStringLiteral("source_status_counts"), counts},
    };
}

QJsonObject toJson(const Source &s)
{
    return QJsonObject{
        {QStringLiteral("id"), s.id},
        {QStringLiteral("knowledge_base_id"), s.knowledgeBaseId},
        {QStringLiteral("provider"), s.provider},
        {QStringLiteral("connection_nickname"), orNull(s.connectionNickname)},
        {QStringLiteral("status"), s.status},
        {QStringLiteral("last_sync_job_id"), orNull(s.lastSyncJobId)},
        {QStringLiteral("auto_sync_enabled"), s.autoSyncEnabled},
        {QStringLiteral("sync_interval_seconds"), intOrNull(s.syncIntervalSeconds)},
        {QStringLiteral("next_sync_at"), timeOrNull(s.nextSyncAt)},
        {QStringLiteral("last_auto_sync_at"), timeOrNull(s.lastAutoSyncAt)},
        {QStringLiteral("created_at"), timeOrNull(s.createdAt)},
        {QStringLiteral("updated_at"), timeOrNull(s.updatedAt)},
        {QStringLiteral("last_sync_status"), orNull(s.lastSyncStatus)},
        {QStringLiteral("last_error_message"), orNull(s.lastErrorMessage)},
        {QStringLiteral("last_sync_completed_at"), timeOrNull(s.lastSyncCompletedAt)},
    };
}

QJsonObject toJson(const SyncJob &j)
{
    return QJsonObject{
        {QStringLiteral("id"), j.id},
        {QStringLiteral("job_type"), j.jobType},
        {QStringLiteral("status"), j.status},
        {QStringLiteral("knowledge_base_id"), orNull(j.knowledgeBaseId)},
        {QStringLiteral("knowledge_base_source_id"), orNull(j.sourceId)},
        {QStringLiteral("trigger_id"), orNull(j.triggerId)},
        {QStringLiteral("triggered_by"), orNull(j.triggeredBy)},
        {QStringLiteral("error_message"), orNull(j.errorMessage)},
        {QStringLiteral("total_documents"), intOrNull(j.totalDocuments)},
        {QStringLiteral("completed"), j.completed},
        {QStringLiteral("failed"), j.failed},
        {QStringLiteral("progress_pct"), j.progressPct},
        {QStringLiteral("created_at"), timeOrNull(j.createdAt)},
        {QStringLiteral("updated_at"), timeOrNull(j.updatedAt)},
        {QStringLiteral("started_at"), timeOrNull(j.startedAt)},
        {QStringLiteral("completed_at"), timeOrNull(j.completedAt)},
    };
}

QJsonObject toJson(const SyncStatus &s)
{
    return QJsonObject{
        {QStringLiteral("source_id"), s.sourceId},
        {QStringLiteral("source_status"), s.sourceStatus},
        {QStringLiteral("last_sync_job_id"), orNull(s.lastSyncJobId)},
        {QStringLiteral("last_sync_status"), orNull(s.lastSyncStatus)},
        {QStringLiteral("last_sync_started_at"), timeOrNull(s.lastSyncStartedAt)},
        {QStringLiteral("last_sync_completed_at"), timeOrNull(s.lastSyncCompletedAt)},
        {QStringLiteral("total_items"), intOrNull(s.totalItems)},
        {QStringLiteral("processed_count"), intOrNull(s.processedCount)},
        {QStringLiteral("error_message"), orNull(s.errorMessage)},
    };
}

QJsonObject toJson(const TriggerResult &r)
{
    return QJsonObject{
        {QStringLiteral("kb_id"), r.target.kbId},
        {QStringLiteral("source_id"), r.target.sourceId},
        {QStringLiteral("outcome"), toString(r.outcome)},
        {QStringLiteral("job_id"), orNull(r.jobId)},
        {QStringLiteral("status"), orNull(r.status)},
        {QStringLiteral("message"), r.message},
        {QStringLiteral("http_status"), r.httpStatus ? QJsonValue(r.httpStatus) : QJsonValue()},
        {QStringLiteral("attempts"), r.attempts},
        {QStringLiteral("elapsed_ms"), r.elapsedMs},
    };
}

std::optional<KnowledgeBase> knowledgeBaseFromJson(const QJsonObject &o, QString *why)
{
    if (!requireStrings(o, {"id", "name"}, why))
        return std::nullopt;
    KnowledgeBase kb;
    kb.id = str(o, "id");
    kb.organizationId = str(o, "organization_id");
    kb.name = str(o, "name");
    kb.description = str(o, "description");
    kb.isActive = o.value(QLatin1String("is_active")).toBool(true);
    kb.documentCount = o.value(QLatin1String("document_count")).toInt();
    kb.createdAt = parseTime(o.value(QLatin1String("created_at")));
    kb.updatedAt = parseTime(o.value(QLatin1String("updated_at")));
    const QJsonObject counts = o.value(QLatin1String("source_status_counts")).toObject();
    for (auto it = counts.begin(); it != counts.end(); ++it)
        kb.sourceStatusCounts.insert(it.key(), it.value().toInt());
    return kb;
}

std::optional<Source> sourceFromJson(const QJsonObject &o, QString *why)
{
    Source s;
    if (!requiredString(o, "id", &s.id, why)
        || !requiredString(o, "knowledge_base_id", &s.knowledgeBaseId, why)
        || !requiredString(o, "status", &s.status, why))
        return std::nullopt;
    // The values that repeat across rows share one string each (SharedStrings).
    const QJsonValue provider = o.value(QLatin1String("provider"));
    s.provider = provider.isUndefined() ? QStringLiteral("notion")
                                        : SharedStrings::intern(provider.toString());
    s.connectionNickname = str(o, "connection_nickname");
    s.status = SharedStrings::intern(s.status);
    s.lastSyncJobId = str(o, "last_sync_job_id");
    s.autoSyncEnabled = o.value(QLatin1String("auto_sync_enabled")).toBool(false);
    s.syncIntervalSeconds = optInt(o, "sync_interval_seconds");
    s.nextSyncAt = parseTime(o.value(QLatin1String("next_sync_at")));
    s.lastAutoSyncAt = parseTime(o.value(QLatin1String("last_auto_sync_at")));
    s.createdAt = parseTime(o.value(QLatin1String("created_at")));
    s.updatedAt = parseTime(o.value(QLatin1String("updated_at")));
    s.lastSyncStatus = SharedStrings::intern(str(o, "last_sync_status"));
    s.lastErrorMessage = str(o, "last_error_message");
    s.lastSyncCompletedAt = parseTime(o.value(QLatin1String("last_sync_completed_at")));
    return s;
}

std::optional<SyncJob> jobFromJson(const QJsonObject &o, QString *why)
{
    if (!requireStrings(o, {"id", "status"}, why))
        return std::nullopt;
    SyncJob j;
    j.id = str(o, "id");
    j.jobType = str(o, "job_type");
    j.status = str(o, "status");
    j.knowledgeBaseId = str(o, "knowledge_base_id");
    j.sourceId = str(o, "knowledge_base_source_id");
    j.triggerId = str(o, "trigger_id");
    j.triggeredBy = str(o, "triggered_by");
    j.errorMessage = str(o, "error_message");
    j.totalDocuments = optInt(o, "total_documents");
    j.completed = o.value(QLatin1String("completed")).toInt();
    j.failed = o.value(QLatin1String("failed")).toInt();
    j.progressPct = o.value(QLatin1String("progress_pct")).toDouble();
    j.createdAt = parseTime(o.value(QLatin1String("created_at")));
    j.updatedAt = parseTime(o.value(QLatin1String("updated_at")));
    j.startedAt = parseTime(o.value(QLatin1String("started_at")));
    j.completedAt = parseTime(o.value(QLatin1String("completed_at")));
    return j;
}

std::optional<SyncStatus> syncStatusFromJson(const QJsonObject &o, QString *why)
{
    if (!requireStrings(o, {"source_id", "source_status"}, why))
        return std::nullopt;
    SyncStatus s;
    s.sourceId = str(o, "source_id");
    s.sourceStatus = str(o, "source_status");
    s.lastSyncJobId = str(o, "last_sync_job_id");
    s.lastSyncStatus = str(o, "last_sync_status");
    s.lastSyncStartedAt = parseTime(o.value(QLatin1String("last_sync_started_at")));
    s.lastSyncCompletedAt = parseTime(o.value(QLatin1String("last_sync_completed_at")));
    s.totalItems = optInt(o, "total_items");
    s.processedCount = optInt(o, "processed_count");
    s.errorMessage = str(o, "error_message");
    return s;
}

std::optional<TriggerResult> triggerRowFromJson(const QJsonObject &o, QString *why)
{
    if (!requireStrings(o, {"kb_id", "source_id", "outcome"}, why))
        return std::nullopt;
    const auto outcome = outcomeFromString(str(o, "outcome"));
    if (!outcome) {
        if (why)
            *why = QStringLiteral("unknown outcome \"%1\"").arg(str(o, "outcome"));
        return std::nullopt;
    }
    TriggerResult r;
    r.target.kbId = str(o, "kb_id");
    r.target.sourceId = str(o, "source_id");
    r.outcome = *outcome;
    r.jobId = str(o, "job_id");
    r.status = str(o, "status");
    r.message = str(o, "message");
    r.httpStatus = o.value(QLatin1String("http_status")).toInt();
    r.attempts = o.value(QLatin1String("attempts")).toInt(1);
    // Range-checked: converting an out-of-range double (1e300) to an integer is undefined.
    const double elapsed = o.value(QLatin1String("elapsed_ms")).toDouble();
    r.elapsedMs = elapsed >= 0 && elapsed < 1e15 ? qint64(elapsed) : 0;
    return r;
}

} // namespace feather::json
