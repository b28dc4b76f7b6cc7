#pragma once

#include "core/jobtypes.h"
#include "core/syncage.h"
#include "core/types.h"

#include <QFuture>
#include <QString>

namespace feather {

enum class BackendMode { Api, Direct };

// What the UI, the CLI and the audit log may say about where requests go. Never holds a
// credential: `target` is an API origin ("https://api.example.com") or "host:port/db" / a file.
struct BackendInfo {
    BackendMode mode = BackendMode::Direct;
    QString target;
};

// The one interface between the programs and the data (DESIGN.md; Bitcoin Core's
// src/interfaces/). Every call returns at once; the QFuture is fulfilled from a worker thread
// (direct mode) or the backend's own thread (API mode), or is ready at once (a malformed id).
// Consumers continue with continueOnFinished(future, contextObject, …) (core/continuation.h:
// unlike Qt 6.4's then(context), never inside the call) or a QFutureWatcher; never block a
// thread that the backend itself needs (API mode delivers on the thread the backend lives in).
//
// Implementations validate ids before any I/O: a malformed UUID yields Outcome::Invalid.
class Backend {
public:
    virtual ~Backend() = default;

    virtual BackendInfo info() const = 0;

    // Every knowledge base with its per-status source counts.
    virtual QFuture<KnowledgeBasesResult> listKnowledgeBases() = 0;

    // Streams pages: the future carries one SourcePage result per page, in order, so a table
    // can fill while later pages load (QFutureWatcher::resultsReadyAt). A page with an error is
    // the last one, and the list is then incomplete: a listing that fails part-way ends with
    // one after the pages that did arrive. A cancelled future (the backend was destroyed) is
    // incomplete too. Use collectSources() (below) to wait for all of them.
    virtual QFuture<SourcePage> listSources(const SourceQuery &query) = 0;

    // The guarded trigger for one target. target.triggerId must be set (reuse it on retries).
    virtual QFuture<TriggerResult> trigger(const TriggerTarget &target) = 0;

    // Read-only preflight: Triggered means "would start"; AlreadySyncing / NotFound / Invalid
    // say why it would be skipped. Never writes.
    virtual QFuture<TriggerResult> preflight(const TriggerTarget &target) = 0;

    virtual QFuture<SyncStatusResult> syncStatus(const QString &kbId, const QString &sourceId) = 0;

    virtual QFuture<JobResult> job(const QString &jobId) = 0;

    // Reconciles an unknown outcome: the job that a trigger with this trigger id created.
    // NotFound when none exists. API mode has no such endpoint: it answers via syncStatus and
    // reports NotFound only when it can be sure (implementations document how).
    virtual QFuture<JobResult> jobByTrigger(const TriggerTarget &target) = 0;

    // Every synced source's latest sync (last status, last error, time since the last event) in
    // one read: what the source rows show beyond SourceResponse. Sources that never synced
    // have no row.
    virtual QFuture<FreshnessResult> connectorFreshness() = 0;

    virtual QFuture<SourceResult> updateSchedule(const QString &kbId, const QString &sourceId,
                                                 const ScheduleChange &change) = 0;

    // The source's ingestion jobs, newest first (core/jobtypes.h says how each is tied to it).
    virtual QFuture<JobHistoryResult> sourceJobs(const JobHistoryQuery &query) = 0;
    // A job's documents and its logs grouped by document, every page. Direct mode has no
    // per-document records: Invalid, saying that it needs API mode.
    virtual QFuture<JobDocumentsResult> jobDocuments(const QString &jobId) = 0;
    virtual QFuture<JobLogsResult> jobLogs(const QString &jobId) = 0;
    // Re-queues a failed / partial_failure job's failed items. The result uses the trigger's
    // outcomes (Triggered = accepted) with jobId set, so it shows and audits like a trigger.
    // Direct mode: Invalid, saying that it needs API mode.
    virtual QFuture<TriggerResult> retryJob(const JobRetryTarget &target) = 0;
    // The server's clock against ours, so a server stamp (a sync's start) is only ever
    // compared with the server's "now" (core/syncage.h). Any thread, never blocks. Unknown until
    // the backend has learnt it (API mode: the first answer with a Date header).
    virtual ServerSkew serverSkew() const { return {}; }
};

// Concatenates every page of a finished listSources() future; the first error wins, and a
// cancelled future is an error (Outcome::Cancelled) even when some pages arrived.
SourcePage collectSources(const QFuture<SourcePage> &finished);

} // namespace feather
