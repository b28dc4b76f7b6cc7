#pragma once

#include "core/types.h"

#include <QJsonObject>
#include <optional>

namespace feather::devserver {

// What the job simulation shows of a job at a moment. The database stores a running job's
// progress only as its start (DirectStore::advanceJobs writes nothing while it runs), so the
// counters of a processing job are derived here from started_at and --sync-seconds; every
// other job shows its stored counters. Documents and logs are simulated deterministically
// from the job and these counters (the schema has no job-item tables): the same job at the
// same moment always lists the same documents, and their statuses add up to the counters.
struct JobCounts {
    std::optional<int> total;
    int completed = 0;
    int failed = 0;
    int processing = 0;
    int queued = 0;
    double progressPct = 0.0;
};
JobCounts jobCounts(const SyncJob &job, const QDateTime &now, int syncSeconds);

struct SimDocument {
    int index = 0;
    QString documentId;
    QString title;
    QString status; // completed | failed | processing | queued
    QString errorMessage;
    int segmentCount = 0;
    int processedSegments = 0;
    QDateTime startedAt;
    QDateTime completedAt;
};

// Documents [from, from + count) of the job (fewer at the end).
QList<SimDocument> jobDocuments(const SyncJob &job, const JobCounts &counts, int from, int count,
                                const QDateTime &now);
// How many documents have log entries (those that started): a prefix of the list.
int documentsWithLogs(const JobCounts &counts);

QJsonObject documentJson(const SimDocument &doc); // IngestionJobDocumentResponse
QJsonObject logGroupJson(const SyncJob &job, const SimDocument &doc); // DocumentLogGroup

} // namespace feather::devserver
