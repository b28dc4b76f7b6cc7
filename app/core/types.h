#pragma once

#include "core/outcome.h"

#include <QDateTime>
#include <QList>
#include <QMap>
#include <QMetaType>
#include <QString>
#include <optional>

namespace feather {

// Plain value types: everything that leaves app/ is one of these (DESIGN.md). Field names follow
// the Feather API's JSON names. Statuses are free strings: unknown values are carried verbatim.

struct KnowledgeBase {
    QString id;
    QString organizationId;
    QString name;
    QString description;
    bool isActive = true;
    int documentCount = 0;
    QDateTime createdAt;
    QDateTime updatedAt;
    // Filled by Backend::listKnowledgeBases: number of sources per source status.
    QMap<QString, int> sourceStatusCounts;
    int sourceCount() const;
};

struct Source {
    QString id;
    QString knowledgeBaseId;
    QString provider;
    QString connectionNickname;
    QString status; // active | syncing | error | anything else, verbatim
    QString lastSyncJobId;
    bool autoSyncEnabled = false;
    std::optional<int> syncIntervalSeconds;
    QDateTime nextSyncAt;
    QDateTime lastAutoSyncAt;
    QDateTime createdAt;
    QDateTime updatedAt; // for a syncing source: when the sync started
    // From the last sync job when the backend can tell (direct mode, devserver): shown in the
    // source table so support staff see why a source is in error without another click.
    QString lastSyncStatus;
    QString lastErrorMessage;
    QDateTime lastSyncCompletedAt;
    // Staleness, from the connectors freshness read: the server's stamp of the last sync event
    // and how long before its answer that was (server time against server time).
    QDateTime lastEventAt;
    std::optional<qint64> secondsSinceLastEvent;
    // Every field: a merge repaints a row whenever anything in it changed, including fields a
    // column added later shows.
    friend bool operator==(const Source &, const Source &) = default;
};

struct SyncJob {
    QString id;
    QString jobType; // "connector_sync"
    QString status;  // queued | processing | completed | failed | partial_failure | …
    QString knowledgeBaseId;
    QString sourceId;
    QString triggerId;
    QString triggeredBy;
    QString errorMessage;
    std::optional<int> totalDocuments;
    int completed = 0;
    int failed = 0;
    double progressPct = 0.0;
    QDateTime createdAt;
    QDateTime updatedAt;
    QDateTime startedAt;
    QDateTime completedAt;
};

// GET …/sources/{source_id}/sync/status (SyncStatusResponse).
struct SyncStatus {
    QString sourceId;
    QString sourceStatus;
    QString lastSyncJobId;
    QString lastSyncStatus;
    QDateTime lastSyncStartedAt;
    QDateTime lastSyncCompletedAt;
    std::optional<int> totalItems;
    std::optional<int> processedCount;
    QString errorMessage;
};

// GET /v1/analytics/knowledge/connectors/freshness (ConnectorFreshnessRow, feather-api.md
// §3.9): one source's latest sync, for every source that has synced, in one request.
struct ConnectorFreshness {
    QString sourceId; // knowledge_base_source_id (canonical lower case when a UUID)
    QString knowledgeBaseId;
    QString provider;
    QString lastStatus;
    QString lastEventType;
    qint64 itemsProcessed = 0;
    qint64 itemsSucceeded = 0;
    qint64 itemsFailed = 0;
    qint64 itemsUnchanged = 0;
    QDateTime lastEventAt;
    qint64 secondsSinceLastEvent = 0;
    QDateTime lastSyncStartedAt;
    QDateTime lastSyncCompletedAt;
    std::optional<double> lastDurationMs;
    QString lastErrorMessage;
};

// One (kb, source) pair to resync. triggerId is generated once per target and kept across
// retries: it is the Idempotency-Key in API mode and ingestion_jobs.trigger_id in direct mode.
struct TriggerTarget {
    QString kbId;
    QString sourceId;
    QString triggerId;
    // Our clock at or before the first send of this trigger id, when a lookup is made by a
    // program that did not send it (a reconcile: the write-ahead intent's time); else null.
    QDateTime firstSentNoLaterThan = {};
    bool operator==(const TriggerTarget &other) const
    {
        return kbId == other.kbId && sourceId == other.sourceId;
    }
};

struct TriggerResult {
    TriggerTarget target;
    Outcome outcome = Outcome::Cancelled;
    QString jobId;      // the new job, or the running one for already_syncing
    QString status;     // job status ("queued") or the source status that blocked it
    QString message;    // the server's message verbatim, or ours
    int httpStatus = 0; // 0 in direct mode or when nothing came back
    // The delay the server asked for (429/503 Retry-After, seconds or HTTP-date, converted to
    // milliseconds); unset when it gave none. The resync engine clamps it.
    std::optional<qint64> retryAfterMs;
    int attempts = 1;
    qint64 elapsedMs = 0;
    QDateTime finishedAt; // UTC
};

// Why a non-trigger call failed. `outcome` reuses the outcome taxonomy (unauthorized,
// network_error, server_error, invalid, not_found …) so every caller classifies errors alike.
struct Error {
    Outcome outcome = Outcome::ServerError;
    int httpStatus = 0;
    QString message;
};

template <typename T>
struct Result {
    T value{};
    std::optional<Error> error;
    bool ok() const { return !error.has_value(); }
    static Result failure(Outcome outcome, const QString &message, int httpStatus = 0)
    {
        Result r;
        r.error = Error{outcome, httpStatus, message};
        return r;
    }
    static Result success(T v)
    {
        Result r;
        r.value = std::move(v);
        return r;
    }
};

struct Nothing {};

using KnowledgeBasesResult = Result<QList<KnowledgeBase>>;
using SourcePage = Result<QList<Source>>;
using SyncStatusResult = Result<SyncStatus>;
using JobResult = Result<SyncJob>;
using SourceResult = Result<Source>;
using FreshnessResult = Result<QList<ConnectorFreshness>>;

// Which sources to list: every KB when kbIds is empty; every status when statuses is empty.
struct SourceQuery {
    QStringList kbIds;
    QStringList statuses;
};

// PATCH …/schedule body.
struct ScheduleChange {
    bool autoSyncEnabled = false;
    std::optional<int> syncIntervalSeconds;
};

} // namespace feather

Q_DECLARE_METATYPE(feather::TriggerResult)
Q_DECLARE_METATYPE(feather::Source)
Q_DECLARE_METATYPE(feather::KnowledgeBase)
