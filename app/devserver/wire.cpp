#include "devserver/wire.h"

#include <QUuid>

namespace feather::devserver {

namespace {

const QUuid kWireNamespace(QStringLiteral("8b2d7c4e-1f3a-4e6b-9c5d-0a7e2f4b6c81"));

QJsonValue orNull(const QString &s)
{
    return s.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(s);
}

QJsonValue intOrNull(const std::optional<int> &v)
{
    return v ? QJsonValue(*v) : QJsonValue(QJsonValue::Null);
}

// Providers that work through an integration connection (feather-api.md §2.1, §5).
bool usesConnection(const QString &provider)
{
    return provider == QLatin1String("notion") || provider == QLatin1String("google_drive");
}

// The schema keeps no connector configuration; these are derived from the provider and the
// nickname, the same for the same source every time.
QJsonValue sourceConfig(const Source &s)
{
    if (s.provider == QLatin1String("s3")) {
        QString path = s.connectionNickname;
        if (path.startsWith(QLatin1String("s3://")))
            path = path.mid(5);
        else
            path = QStringLiteral("acme-%1").arg(s.id.left(8));
        const qsizetype slash = path.indexOf(u'/');
        return QJsonObject{
            {QStringLiteral("bucket"), slash < 0 ? path : path.left(slash)},
            {QStringLiteral("prefix"), slash < 0 ? QString() : path.mid(slash + 1)},
        };
    }
    if (s.provider == QLatin1String("url"))
        return QJsonObject{
            {QStringLiteral("url"), QString(QStringLiteral("https://") + s.connectionNickname)}};
    return QJsonValue::Null;
}

QJsonObject connectionMetadata(const Source &s)
{
    if (s.provider == QLatin1String("notion"))
        return QJsonObject{{QStringLiteral("workspace_name"), s.connectionNickname}};
    if (s.provider == QLatin1String("google_drive"))
        return QJsonObject{{QStringLiteral("drive_name"), s.connectionNickname}};
    return QJsonObject{};
}

QString eventType(const QString &status)
{
    if (status == QLatin1String("queued"))
        return QStringLiteral("sync_queued");
    if (status == QLatin1String("processing"))
        return QStringLiteral("sync_started");
    if (status == QLatin1String("completed"))
        return QStringLiteral("sync_completed");
    if (status == QLatin1String("failed"))
        return QStringLiteral("sync_failed");
    return QString(QStringLiteral("sync_") + status);
}

} // namespace

QJsonValue wireTime(const QDateTime &t)
{
    if (!t.isValid())
        return QJsonValue::Null;
    return t.toUTC().toString(QStringLiteral("yyyy-MM-dd'T'HH:mm:ss'Z'"));
}

QJsonObject knowledgeBaseJson(const KnowledgeBase &kb, bool extensions)
{
    // Embedding and chunking settings are not in the direct schema: the defaults a new
    // knowledge base gets.
    QJsonObject o{
        {QStringLiteral("id"), kb.id},
        {QStringLiteral("organization_id"), kb.organizationId},
        {QStringLiteral("name"), kb.name},
        {QStringLiteral("description"), orNull(kb.description)},
        {QStringLiteral("is_active"), kb.isActive},
        {QStringLiteral("metadata"), QJsonObject{}},
        {QStringLiteral("document_count"), kb.documentCount},
        {QStringLiteral("embedding_model"), QStringLiteral("text-embedding-3-small")},
        {QStringLiteral("embedding_dimensions"), 1536},
        {QStringLiteral("chunk_size"), 512},
        {QStringLiteral("chunk_overlap"), 64},
        {QStringLiteral("retrieval_top_k"), 5},
        {QStringLiteral("default_sensitivity_level"), 10},
        {QStringLiteral("processing_config"), QJsonObject{}},
        {QStringLiteral("pdf_extraction_effort"), QStringLiteral("low")},
        {QStringLiteral("created_at"), wireTime(kb.createdAt)},
        {QStringLiteral("updated_at"), wireTime(kb.updatedAt)},
    };
    if (extensions) {
        QJsonObject counts;
        for (auto it = kb.sourceStatusCounts.cbegin(); it != kb.sourceStatusCounts.cend(); ++it)
            counts.insert(it.key(), it.value());
        o.insert(QStringLiteral("source_count"), kb.sourceCount());
        o.insert(QStringLiteral("source_status_counts"), counts);
    }
    return o;
}

QJsonObject sourceJson(const Source &s, bool extensions)
{
    const bool connected = usesConnection(s.provider);
    QJsonObject o{
        {QStringLiteral("id"), s.id},
        {QStringLiteral("knowledge_base_id"), s.knowledgeBaseId},
        {QStringLiteral("provider"), s.provider},
        {QStringLiteral("integration_connection_id"),
         connected ? QJsonValue(
             QUuid::createUuidV5(kWireNamespace, QString(QStringLiteral("connection/") + s.id))
                 .toString(QUuid::WithoutBraces))
                   : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("config"), sourceConfig(s)},
        {QStringLiteral("status"), s.status},
        {QStringLiteral("last_sync_job_id"), orNull(s.lastSyncJobId)},
        {QStringLiteral("integration_key"),
         connected ? QJsonValue(s.provider) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("connection_nickname"), orNull(s.connectionNickname)},
        {QStringLiteral("connection_metadata"), connectionMetadata(s)},
        {QStringLiteral("auto_sync_enabled"), s.autoSyncEnabled},
        {QStringLiteral("sync_interval_seconds"), intOrNull(s.syncIntervalSeconds)},
        {QStringLiteral("next_sync_at"), wireTime(s.nextSyncAt)},
        {QStringLiteral("last_auto_sync_at"), wireTime(s.lastAutoSyncAt)},
        {QStringLiteral("created_at"), wireTime(s.createdAt)},
        {QStringLiteral("updated_at"), wireTime(s.updatedAt)},
    };
    if (extensions) {
        o.insert(QStringLiteral("last_sync_status"), orNull(s.lastSyncStatus));
        o.insert(QStringLiteral("last_error_message"), orNull(s.lastErrorMessage));
        o.insert(QStringLiteral("last_sync_completed_at"), wireTime(s.lastSyncCompletedAt));
    }
    return o;
}

QJsonObject syncStatusJson(const SyncStatus &s)
{
    return QJsonObject{
        {QStringLiteral("source_id"), s.sourceId},
        {QStringLiteral("source_status"), s.sourceStatus},
        {QStringLiteral("last_sync_job_id"), orNull(s.lastSyncJobId)},
        {QStringLiteral("last_sync_status"), orNull(s.lastSyncStatus)},
        {QStringLiteral("last_sync_started_at"), wireTime(s.lastSyncStartedAt)},
        {QStringLiteral("last_sync_completed_at"), wireTime(s.lastSyncCompletedAt)},
        {QStringLiteral("total_items"), intOrNull(s.totalItems)},
        {QStringLiteral("processed_count"), intOrNull(s.processedCount)},
        {QStringLiteral("error_message"), orNull(s.errorMessage)},
    };
}

QJsonObject jobJson(const SyncJob &j, const JobCounts &c, bool extensions)
{
    QJsonObject o{
        {QStringLiteral("id"), j.id},
        {QStringLiteral("job_type"), j.jobType},
        {QStringLiteral("status"), j.status},
        {QStringLiteral("knowledge_base_id"), orNull(j.knowledgeBaseId)},
        {QStringLiteral("total_documents"), intOrNull(c.total)},
        {QStringLiteral("completed"), c.completed},
        {QStringLiteral("duplicate"), 0},
        {QStringLiteral("failed"), c.failed},
        {QStringLiteral("partial_failure"), 0},
        {QStringLiteral("processing"), c.processing},
        {QStringLiteral("queued"), c.queued},
        {QStringLiteral("segment_count"), QJsonValue::Null},
        {QStringLiteral("processed_segments"), 0},
        {QStringLiteral("progress_pct"), c.progressPct},
        {QStringLiteral("created_at"), wireTime(j.createdAt)},
        {QStringLiteral("updated_at"), wireTime(j.updatedAt)},
        {QStringLiteral("started_at"), wireTime(j.startedAt)},
        {QStringLiteral("completed_at"), wireTime(j.completedAt)},
    };
    if (extensions) {
        o.insert(QStringLiteral("knowledge_base_source_id"), orNull(j.sourceId));
        o.insert(QStringLiteral("trigger_id"), orNull(j.triggerId));
        o.insert(QStringLiteral("triggered_by"), orNull(j.triggeredBy));
    }
    return o;
}

QJsonObject jobSummaryJson(const SyncJob &j, const JobCounts &c, const QString &itemTitle)
{
    return QJsonObject{
        {QStringLiteral("id"), j.id},
        {QStringLiteral("job_type"), j.jobType},
        {QStringLiteral("status"), j.status},
        {QStringLiteral("knowledge_base_id"), orNull(j.knowledgeBaseId)},
        {QStringLiteral("item_title"), orNull(itemTitle)},
        {QStringLiteral("total_documents"), intOrNull(c.total)},
        {QStringLiteral("processed_count"), c.completed + c.failed},
        {QStringLiteral("error_message"), orNull(j.errorMessage)},
        {QStringLiteral("progress_pct"), c.progressPct},
        {QStringLiteral("created_at"), wireTime(j.createdAt)},
        {QStringLiteral("updated_at"), wireTime(j.updatedAt)},
        {QStringLiteral("started_at"), wireTime(j.startedAt)},
        {QStringLiteral("completed_at"), wireTime(j.completedAt)},
    };
}

QJsonObject freshnessJson(const DirectStore::FreshnessRow &row, const JobCounts &c,
                          const QDateTime &now)
{
    const SyncJob &j = row.job;
    QDateTime lastEvent = j.completedAt.isValid() ? j.completedAt
                          : j.startedAt.isValid() ? j.startedAt
                                                  : j.createdAt;
    lastEvent = QDateTime::fromSecsSinceEpoch(lastEvent.toSecsSinceEpoch(), Qt::UTC);
    const bool finished = j.completedAt.isValid() && j.startedAt.isValid();
    return QJsonObject{
        {QStringLiteral("knowledge_base_source_id"), row.sourceId},
        {QStringLiteral("knowledge_base_id"), row.kbId},
        {QStringLiteral("provider"), row.provider},
        {QStringLiteral("last_status"), j.status},
        {QStringLiteral("last_event_type"), eventType(j.status)},
        {QStringLiteral("last_items_processed"), c.completed + c.failed},
        {QStringLiteral("last_items_succeeded"), c.completed},
        {QStringLiteral("last_items_failed"), c.failed},
        {QStringLiteral("last_items_unchanged"), 0},
        {QStringLiteral("last_event_at"), wireTime(lastEvent)},
        {QStringLiteral("time_since_last_event_seconds"), qMax<qint64>(0, lastEvent.secsTo(now))},
        {QStringLiteral("last_sync_started_at"), wireTime(j.startedAt)},
        {QStringLiteral("last_sync_completed_at"), wireTime(j.completedAt)},
        {QStringLiteral("last_duration_ms"),
         finished ? QJsonValue(double(j.startedAt.msecsTo(j.completedAt)))
                  : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("last_error_message"), orNull(j.errorMessage)},
    };
}

} // namespace feather::devserver
