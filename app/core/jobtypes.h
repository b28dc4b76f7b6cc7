#pragma once

#include "core/types.h"

#include <QHash>
#include <QList>
#include <QString>

namespace feather {

// Value types of the source details pane: a source's job history, a job's documents and logs,
// and the retry of a job's failed items (feather-api.md §3.7). Kept out of core/types.h so
// adding to them rebuilds only their users.

// How a job was tied to the source. The API lists jobs per knowledge base without a source
// field (IngestionJobSummaryResponse), so only some ties are certain.
enum class JobMatch {
    Exact,    // direct mode's knowledge_base_source_id, the source's last_sync_job_id, or a job
              // this console started for the source (the caller's knownJobIds)
    Inferred, // a guess from documented fields (see JobHistoryEntry::matchReason)
};

struct JobHistoryEntry {
    SyncJob job;
    QString itemTitle;                  // IngestionJobSummaryResponse.item_title
    std::optional<int> processedCount;  // processed_count (API); completed + failed (direct)
    std::optional<int> failedDocuments; // direct mode only (the API summary has no counter)
    JobMatch match = JobMatch::Exact;
    QString matchReason; // one line: why this job is the source's ("last_sync_job_id", …)
};

struct JobHistoryQuery {
    QString kbId;
    QString sourceId;
    int limit = 50; // newest first; the newest `limit` jobs that match
    // Jobs known to be this source's from elsewhere (the audit log): id → why.
    QHash<QString, QString> knownJobIds;
};

struct JobHistory {
    QList<JobHistoryEntry> jobs; // newest first
    // Why the list may miss jobs (a KB with several sources in API mode: only some can be
    // tied); empty when the list is complete up to the limit.
    QString note;
    int scannedJobs = 0; // jobs of the knowledge base read to find these
};

// IngestionJobDocumentResponse (GET …/ingestion-jobs/{job_id}/documents).
struct JobDocument {
    QString documentId; // may be empty (nullable)
    QString title;
    QString status;
    QString processingStage;
    QString errorMessage;
    std::optional<int> segmentCount;
    int processedSegments = 0;
    QDateTime startedAt;
    QDateTime completedAt;
};

// IngestionTaskLogResponse.
struct JobLogEntry {
    QString id;
    QString taskName;
    QString status;
    QString errorMessage;
    std::optional<int> durationMs;
    QDateTime startedAt;
    QDateTime completedAt;
};

// DocumentLogGroup (GET …/ingestion-jobs/{job_id}/logs): one document's task logs.
struct JobLogGroup {
    QString documentId;
    QString title;
    QString status;
    QList<JobLogEntry> logs;
};

using JobHistoryResult = Result<JobHistory>;
using JobDocumentsResult = Result<QList<JobDocument>>;
using JobLogsResult = Result<QList<JobLogGroup>>;

// One "retry failed items" request (POST …/ingestion-jobs/{job_id}/retry). kbId and sourceId
// are what the caller knows of the job (they go to the audit log); they may be empty.
struct JobRetryTarget {
    QString jobId;
    QString kbId;
    QString sourceId;
};

} // namespace feather
