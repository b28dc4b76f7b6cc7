#pragma once

#include "core/types.h"
#include "direct/dbconfig.h"

#include <QString>
#include <functional>

namespace feather {

// The direct-mode store: one named QSqlDatabase connection, used only on the thread that
// created the store (Qt SQL's rule). All methods are synchronous and return value types;
// DirectBackend runs them on worker threads, feather-devserver on its thread pool, tests on
// their own threads. Every statement uses bound parameters.
//
// The guarded trigger (DESIGN.md): one transaction per target —
//   UPDATE knowledge_base_sources SET status='syncing', last_sync_job_id=:job, updated_at=:now
//    WHERE id=:source AND knowledge_base_id=:kb AND status IN ('active','error')
//   exactly one row → INSERT ingestion_jobs(… status='queued', trigger_id …) → COMMIT
//   zero rows → ROLLBACK, then a read that tells not_found from already_syncing.
// (PostgreSQL: both as one writable-CTE statement.) SQLite uses BEGIN IMMEDIATE + WAL + busy
// timeout; PostgreSQL runs at READ COMMITTED with a lock_timeout, set per transaction so that it
// holds behind PgBouncer too (direct/sqldialect.h).
class DirectStore final {
public:
    DirectStore(DbConfig config, QString connectionName);
    ~DirectStore();
    DirectStore(const DirectStore &) = delete;
    DirectStore &operator=(const DirectStore &) = delete;

    const DbConfig &config() const { return m_config; }

    // Opens (or re-opens after a lost connection) and applies per-connection settings.
    // Every other method calls it first, so a dropped connection heals on the next call.
    Result<Nothing> open();

    // Creates or upgrades the schema to the newest version in resources/sql and records it.
    Result<int> migrate();
    // Migrates up to `version` only (tests build an older schema to upgrade); returns the
    // version the database is at afterwards.
    Result<int> migrateTo(int version);
    // The newest schema version this build ships for `driver`.
    static int latestSchemaVersion(DbConfig::Driver driver);

    // limit 0 = everything; keyset pagination by id (afterId = the last id of the previous page).
    KnowledgeBasesResult listKnowledgeBases(int limit = 0, const QString &afterId = {});
    Result<KnowledgeBase> knowledgeBase(const QString &kbId);
    SourcePage listSources(const SourceQuery &query, int limit = 0, const QString &afterId = {});
    // Every matching source in id order from one forward-only query in one read transaction,
    // handed out in pages of `pageSize` as they are read (nothing else is kept). `page` returns
    // false to stop. Returns how many sources were handed out.
    Result<qint64> streamSources(const SourceQuery &query, int pageSize,
                                 const std::function<bool(QList<Source> &&page)> &page);
    SourceResult source(const QString &kbId, const QString &sourceId);

    TriggerResult trigger(const TriggerTarget &target, const QString &triggeredBy);
    TriggerResult preflight(const TriggerTarget &target);
    // Reconciles an unknown outcome: the job `target.triggerId` created, once any transaction
    // still holding the source row has ended (PostgreSQL waits up to lock_timeout). NotFound
    // when none did; Invalid when that trigger id created a job for another target.
    JobResult jobForTrigger(const TriggerTarget &target);
    SyncStatusResult syncStatus(const QString &kbId, const QString &sourceId);
    JobResult job(const QString &jobId);
    JobResult jobByTrigger(const QString &triggerId);
    SourceResult updateSchedule(const QString &kbId, const QString &sourceId,
                                const ScheduleChange &change);
    // The source's jobs (by knowledge_base_source_id), newest first; NotFound when the source
    // is not in that knowledge base (directjobs.cpp).
    Result<QList<SyncJob>> sourceJobs(const QString &kbId, const QString &sourceId, int limit);

    // Deterministic demo workspace: `sources` sources over several KBs, four providers, mostly
    // active, some error (with an error message), a few syncing. Same `seed` → same data.
    Result<int> seedDemo(int sources, quint32 seed = 42);

    // --- feather-devserver's queries (devserverstore.cpp) ---------------------------------
    // Job simulation, O(jobs that change): queued connector syncs move to processing (their
    // document total fixed); processing ones whose started_at is `syncSeconds` old finish as
    // completed, or failed when their ordinal (`finishedBefore` + 1, + 2, … in start order) is
    // a multiple of `failEvery` (> 0); their sources go back to active / error. Two index range
    // reads when nothing is due (no write lock); set-based updates otherwise. Progress inside a
    // running job is not written: readers derive it from started_at (feather-devserver does).
    struct JobTick {
        int started = 0;
        int finished = 0;
        int moved() const { return started + finished; }
    };
    Result<JobTick> advanceJobs(const QDateTime &now, int syncSeconds, int failEvery,
                                quint64 finishedBefore = 0);

    // A knowledge base's ingestion jobs, newest first (created_at, then id, descending);
    // `statuses` empty = all; `after` = the last row of the previous page.
    struct JobRow {
        SyncJob job;
        QString itemTitle; // the source's nickname for a connector sync
    };
    struct JobPageKey {
        QDateTime createdAt;
        QString id;
    };
    Result<QList<JobRow>> listJobs(const QString &kbId, const QStringList &statuses, int limit,
                                   const std::optional<JobPageKey> &after);

    // Re-queues a failed / partial_failure job's failed items in one transaction; a
    // connector sync also takes its source through the trigger's guard (active|error →
    // syncing). Invalid: the job is in another status; AlreadySyncing: the source is not
    // active or error (syncing, or another status: read the source to tell); NotFound.
    JobResult retryJob(const QString &jobId, const QDateTime &now);

    // Each source's last sync job (via last_sync_job_id), ordered by source id; sources that
    // never synced have no row. `kbId` empty = every knowledge base.
    struct FreshnessRow {
        QString sourceId;
        QString kbId;
        QString provider;
        SyncJob job;
    };
    Result<QList<FreshnessRow>> freshness(const QString &kbId);

    // Statements sent to the database so far by this store (diagnostics; tests use it to prove
    // that malformed input is rejected before any SQL runs).
    qint64 statementCount() const;

    // Test seam, documented as such: called inside trigger() after the claim changed the row
    // and inserted the job (the row lock is held) and before COMMIT. Returning false
    // rolls the transaction back (the trigger then reports Cancelled, nothing changed).
    // Production code never sets it; an empty function removes it.
    void setClaimHookForTesting(std::function<bool()> hook);

private:
    struct Private;
    DbConfig m_config;
    QString m_connectionName;
    Private *d;
};

} // namespace feather
