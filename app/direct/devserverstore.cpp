// DirectStore's queries for feather-devserver: the job simulation, a knowledge base's job list,
// job retry and connector freshness (directstore.h, "feather-devserver's queries").

#include "direct/directstore.h"
#include "direct/directstore_p.h"

using namespace Qt::StringLiterals;

namespace feather {

using direct::Binds;
using direct::DbError;
using direct::Rows;
using direct::SqlSession;

namespace {

// Enough for one tick at any realistic trigger rate; the rest waits for the next tick.
constexpr int kTickBatch = 5000;
constexpr int kInListChunk = 400;

const QString kJobColumns = QStringLiteral(
    "j.id, j.job_type, j.status, j.knowledge_base_id, j.knowledge_base_source_id, j.trigger_id,"
    " j.triggered_by, j.error_message, j.total_documents, j.completed_documents,"
    " j.failed_documents, j.created_at, j.updated_at, j.started_at, j.completed_at");

// "column IN (:p0, …)" for `values`, bound into `binds`.
QString inList(const QString &column, const QStringList &values, const QString &prefix,
               Binds &binds)
{
    QStringList names;
    for (const QString &value : values) {
        names << u":%1%2"_s.arg(prefix).arg(names.size());
        binds.append({names.last(), value});
    }
    return u"%1 IN (%2)"_s.arg(column, names.join(u", "_s));
}

// A stable document count for a job that has none yet (same id, same count, every run).
int simulatedTotal(const QString &jobId)
{
    return 50 + int(qHash(jobId, 0) % 450);
}

} // namespace

Result<DirectStore::JobTick> DirectStore::advanceJobs(const QDateTime &now, int syncSeconds,
                                                      int failEvery, quint64 finishedBefore)
{
    SqlSession &db = d->session;
    const QDateTime at = now.toUTC();
    // Both reads are index range scans on (status, started_at) and take no write lock.
    const Rows queued =
        db.exec(u"SELECT id, total_documents FROM ingestion_jobs WHERE status = 'queued'"
                " AND job_type = 'connector_sync' ORDER BY id LIMIT :n"_s,
                {{u":n"_s, kTickBatch}}, direct::Retry::Safe);
    if (!queued.ok())
        return direct::failure<JobTick>(queued.error, m_config);
    static const QString kDueSql = QStringLiteral(
        "SELECT j.id, j.knowledge_base_source_id, j.total_documents, j.completed_documents,"
        " s.provider FROM ingestion_jobs j"
        " LEFT JOIN knowledge_base_sources s ON s.id = j.knowledge_base_source_id"
        " WHERE j.status = 'processing' AND j.started_at <= :cutoff"
        " AND j.job_type = 'connector_sync' ORDER BY j.started_at, j.id LIMIT :n");
    const Binds dueBinds{{u":cutoff"_s, db.timeParam(at.addSecs(-syncSeconds))},
                         {u":n"_s, kTickBatch}};
    const Rows due = db.exec(kDueSql, dueBinds, direct::Retry::Safe);
    if (!due.ok())
        return direct::failure<JobTick>(due.error, m_config);
    JobTick tick;
    if (queued.rows.isEmpty() && due.rows.isEmpty())
        return Result<JobTick>::success(tick);

    auto fail = [&](const DbError &e) {
        db.rollback();
        return direct::failure<JobTick>(e, m_config, true);
    };
    const QVariant nowParam = db.timeParam(at);
    if (const DbError e = db.begin(); e.failed())
        return fail(e);

    // queued → processing, one prepared statement per job (each gets its own total).
    QList<Binds> starts;
    for (const QSqlRecord &r : queued.rows) {
        const QString id = SqlSession::idValue(r.value(u"id"_s));
        const QVariant total = r.value(u"total_documents"_s);
        starts.append({{u":total"_s, total.isNull() ? simulatedTotal(id) : total.toInt()},
                       {u":now"_s, nowParam},
                       {u":now2"_s, nowParam},
                       {u":id"_s, id}});
    }
    if (!starts.isEmpty()) {
        const Rows r = db.execBatch(
            u"UPDATE ingestion_jobs SET status = 'processing', total_documents = :total,"
            " started_at = :now, updated_at = :now2 WHERE id = :id AND status = 'queued'"_s,
            starts);
        if (!r.ok())
            return fail(r.error);
        tick.started = qMax(0, r.rowsAffected);
    }

    // Due jobs again, now under the write lock (with --sync-seconds 0, the ones just started).
    const Rows dueNow = db.exec(kDueSql, dueBinds);
    if (!dueNow.ok())
        return fail(dueNow.error);

    // processing → completed (set-based) or failed (per job: each has its own message).
    QStringList completed;
    QList<Binds> failures;
    quint64 ordinal = finishedBefore;
    for (const QSqlRecord &r : dueNow.rows) {
        const QString id = SqlSession::idValue(r.value(u"id"_s));
        ++ordinal;
        if (failEvery <= 0 || ordinal % quint64(failEvery) != 0) {
            completed << id;
            continue;
        }
        const int total = r.value(u"total_documents"_s).isNull()
                              ? simulatedTotal(id)
                              : r.value(u"total_documents"_s).toInt();
        const int base = qBound(0, r.value(u"completed_documents"_s).toInt(), total);
        const int failedDocs = total > base ? qMax(1, (total - base) / 10) : 0;
        const QString message = direct::demoProviderError(r.value(u"provider"_s).toString(),
                                                          quint32(ordinal / quint64(failEvery)));
        failures.append({{u":total"_s, total},
                         {u":done"_s, total - failedDocs},
                         {u":failed"_s, failedDocs},
                         {u":error"_s, message},
                         {u":now"_s, nowParam},
                         {u":now2"_s, nowParam},
                         {u":id"_s, id}});
    }

    // Which jobs really finished (another writer may have moved one meanwhile), and their
    // sources, so each source follows exactly its own job.
    QStringList doneIds, doneSources, failedIds, failedSources;
    for (qsizetype from = 0; from < completed.size(); from += kInListChunk) {
        Binds binds{{u":now"_s, nowParam}, {u":now2"_s, nowParam}};
        const QString in = inList(u"id"_s, completed.mid(from, kInListChunk), u"j"_s, binds);
        const Rows r =
            db.exec(u"UPDATE ingestion_jobs SET status = 'completed',"
                    " completed_documents = COALESCE(total_documents, completed_documents),"
                    " failed_documents = 0, error_message = NULL, completed_at = :now,"
                    " updated_at = :now2 WHERE status = 'processing' AND "_s
                        + in + u" RETURNING id, knowledge_base_source_id"_s,
                    binds);
        if (!r.ok())
            return fail(r.error);
        for (const QSqlRecord &row : r.rows) {
            doneIds << SqlSession::idValue(row.value(0));
            doneSources << SqlSession::idValue(row.value(1));
        }
    }
    for (const Binds &binds : std::as_const(failures)) {
        const Rows r = db.exec(
            u"UPDATE ingestion_jobs SET status = 'failed', total_documents = :total,"
            " completed_documents = :done, failed_documents = :failed, error_message = :error,"
            " completed_at = :now, updated_at = :now2 WHERE id = :id AND status = 'processing'"
            " RETURNING id, knowledge_base_source_id"_s,
            binds);
        if (!r.ok())
            return fail(r.error);
        for (const QSqlRecord &row : r.rows) {
            failedIds << SqlSession::idValue(row.value(0));
            failedSources << SqlSession::idValue(row.value(1));
        }
    }
    // The source follows its job in the same transaction: never "syncing" with no job.
    for (const auto &[status, jobs, sources] : {std::tuple{u"active"_s, doneIds, doneSources},
                                                std::tuple{u"error"_s, failedIds, failedSources}}) {
        for (qsizetype from = 0; from < jobs.size(); from += kInListChunk) {
            Binds binds{{u":status"_s, status}, {u":now"_s, nowParam}};
            const QString sourceIn =
                inList(u"id"_s, sources.mid(from, kInListChunk), u"s"_s, binds);
            const QString jobIn =
                inList(u"last_sync_job_id"_s, jobs.mid(from, kInListChunk), u"j"_s, binds);
            const Rows r = db.exec(u"UPDATE knowledge_base_sources SET status = :status,"
                                   " updated_at = :now WHERE status = 'syncing' AND "_s
                                       + sourceIn + u" AND "_s + jobIn,
                                   binds);
            if (!r.ok())
                return fail(r.error);
        }
    }
    if (const DbError e = db.commit(); e.failed())
        return direct::failure<JobTick>(e, m_config, true);
    tick.finished = int(doneIds.size() + failedIds.size());
    return Result<JobTick>::success(tick);
}

Result<QList<DirectStore::JobRow>> DirectStore::listJobs(const QString &kbId,
                                                         const QStringList &statuses, int limit,
                                                         const std::optional<JobPageKey> &after)
{
    QString kb;
    if (const QString why = direct::checkId(u"kb_id"_s, kbId, &kb); !why.isEmpty())
        return Result<QList<JobRow>>::failure(Outcome::Invalid, why);
    Binds binds{{u":kb"_s, kb}};
    QString sql = u"SELECT "_s + kJobColumns
                  + u", s.connection_nickname AS item_title FROM ingestion_jobs j"
                    " LEFT JOIN knowledge_base_sources s ON s.id = j.knowledge_base_source_id"
                    " WHERE j.knowledge_base_id = :kb"_s;
    if (!statuses.isEmpty())
        sql += u" AND "_s + inList(u"j.status"_s, statuses, u"st"_s, binds);
    if (after) {
        QString afterId;
        if (const QString why = direct::checkId(u"cursor"_s, after->id, &afterId); !why.isEmpty())
            return Result<QList<JobRow>>::failure(Outcome::Invalid, why);
        sql += u" AND (j.created_at < :t1 OR (j.created_at = :t2 AND j.id < :after))"_s;
        binds.append({u":t1"_s, d->session.timeParam(after->createdAt)});
        binds.append({u":t2"_s, d->session.timeParam(after->createdAt)});
        binds.append({u":after"_s, afterId});
    }
    sql += u" ORDER BY j.created_at DESC, j.id DESC LIMIT :limit"_s;
    binds.append({u":limit"_s, qMax(1, limit)});
    const Rows rows = d->session.exec(sql, binds, direct::Retry::Safe);
    if (!rows.ok())
        return direct::failure<QList<JobRow>>(rows.error, m_config);
    QList<JobRow> out;
    out.reserve(rows.rows.size());
    for (const QSqlRecord &r : rows.rows)
        out.append({direct::jobFromRecord(r), r.value(u"item_title"_s).toString()});
    return Result<QList<JobRow>>::success(out);
}

JobResult DirectStore::retryJob(const QString &jobId, const QDateTime &now)
{
    QString id;
    if (const QString why = direct::checkId(u"job_id"_s, jobId, &id); !why.isEmpty())
        return JobResult::failure(Outcome::Invalid, why);
    SqlSession &db = d->session;
    auto fail = [&](const DbError &e) {
        db.rollback();
        return direct::failure<SyncJob>(e, m_config, true);
    };
    const QVariant nowParam = db.timeParam(now.toUTC());
    if (const DbError e = db.begin(); e.failed())
        return fail(e);
    const Rows found = db.exec(direct::kJobSelect + u" WHERE id = :id"_s, {{u":id"_s, id}});
    if (!found.ok())
        return fail(found.error);
    if (found.rows.isEmpty()) {
        db.rollback();
        return JobResult::failure(Outcome::NotFound, u"no ingestion job %1"_s.arg(id));
    }
    const SyncJob job = direct::jobFromRecord(found.rows.first());
    if (job.status != u"failed"_s && job.status != u"partial_failure"_s) {
        db.rollback();
        return JobResult::failure(
            Outcome::Invalid,
            u"job %1 is %2; only failed or partial_failure jobs can be retried"_s.arg(id,
                                                                                      job.status));
    }
    if (!job.sourceId.isEmpty()) {
        // The trigger's guard: one running sync per source.
        const Rows claim = db.exec(
            u"UPDATE knowledge_base_sources SET status = 'syncing', last_sync_job_id = :job,"
            " updated_at = :now WHERE id = :source AND status IN ('active', 'error')"_s,
            {{u":job"_s, id}, {u":now"_s, nowParam}, {u":source"_s, job.sourceId}});
        if (!claim.ok())
            return fail(claim.error);
        if (claim.rowsAffected == 0) {
            db.rollback();
            return JobResult::failure(
                Outcome::AlreadySyncing,
                u"the job's source %1 is not active or error"_s.arg(job.sourceId));
        }
    }
    const Rows requeued =
        db.exec(u"UPDATE ingestion_jobs SET status = 'queued', failed_documents = 0,"
                " error_message = NULL, started_at = NULL, completed_at = NULL, updated_at = :now"
                " WHERE id = :id AND status IN ('failed', 'partial_failure')"_s,
                {{u":now"_s, nowParam}, {u":id"_s, id}});
    if (!requeued.ok())
        return fail(requeued.error);
    if (const DbError e = db.commit(); e.failed())
        return direct::failure<SyncJob>(e, m_config, true);
    return this->job(id);
}

Result<QList<DirectStore::FreshnessRow>> DirectStore::freshness(const QString &kbId)
{
    Binds binds;
    QString sql = u"SELECT s.id AS source_id, s.knowledge_base_id AS kb_id, s.provider, "_s
                  + kJobColumns
                  + u" FROM knowledge_base_sources s"
                    " JOIN ingestion_jobs j ON j.id = s.last_sync_job_id"_s;
    if (!kbId.isEmpty()) {
        QString kb;
        if (const QString why = direct::checkId(u"kb_id"_s, kbId, &kb); !why.isEmpty())
            return Result<QList<FreshnessRow>>::failure(Outcome::Invalid, why);
        sql += u" WHERE s.knowledge_base_id = :kb"_s;
        binds.append({u":kb"_s, kb});
    }
    sql += u" ORDER BY s.id"_s;
    const Rows rows = d->session.exec(sql, binds, direct::Retry::Safe);
    if (!rows.ok())
        return direct::failure<QList<FreshnessRow>>(rows.error, m_config);
    QList<FreshnessRow> out;
    out.reserve(rows.rows.size());
    for (const QSqlRecord &r : rows.rows)
        out.append({SqlSession::idValue(r.value(u"source_id"_s)),
                    SqlSession::idValue(r.value(u"kb_id"_s)), r.value(u"provider"_s).toString(),
                    direct::jobFromRecord(r)});
    return Result<QList<FreshnessRow>>::success(out);
}

} // namespace feather
