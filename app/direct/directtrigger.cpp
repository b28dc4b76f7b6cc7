// The guarded trigger (DESIGN.md, "The guarded trigger"; docs/reliability.md §1–3), its
// read-only twin preflight, and reconciliation by trigger id. All three read through explain().

#include "core/ids.h"
#include "direct/directstore.h"
#include "direct/directstore_p.h"

#include <QElapsedTimer>

using namespace Qt::StringLiterals;

namespace feather {

using direct::Access;
using direct::Binds;
using direct::ClaimStrategy;
using direct::DbError;
using direct::DbFailure;
using direct::Prepared;
using direct::Retry;
using direct::Rows;
using direct::SqlSession;

namespace {

// Claim first: the conditional UPDATE takes the row lock before anything else, so racers
// queue on the row and, at READ COMMITTED, each re-checks the WHERE clause against the
// winner's committed row and matches nothing. The decision is the number of rows THIS
// statement returned (RETURNING), never QSQLITE's per-connection changes() counter.
const QString kClaimSql = QStringLiteral(
    "UPDATE knowledge_base_sources"
    " SET status = 'syncing', last_sync_job_id = :job, updated_at = :now"
    " WHERE id = :source AND knowledge_base_id = :kb AND status IN ('active', 'error')"
    " RETURNING id");

const QString kInsertJobSql = QStringLiteral(
    "INSERT INTO ingestion_jobs (id, job_type, status, knowledge_base_id, knowledge_base_source_id,"
    " trigger_id, triggered_by, created_at, updated_at)"
    " VALUES (:job, 'connector_sync', 'queued', :kb, :source, :trigger, :by, :now, :now2)");

// ClaimStrategy::OneStatement: the same claim and insert as one statement (a writable CTE),
// one round trip instead of two; the INSERT inserts a row only when the UPDATE claimed one.
const QString kClaimAndInsertSql = QStringLiteral(
    "WITH claimed AS (UPDATE knowledge_base_sources"
    " SET status = 'syncing', last_sync_job_id = :job, updated_at = :now"
    " WHERE id = :source AND knowledge_base_id = :kb AND status IN ('active', 'error')"
    " RETURNING id, knowledge_base_id)"
    " INSERT INTO ingestion_jobs (id, job_type, status, knowledge_base_id, "
    "knowledge_base_source_id,"
    " trigger_id, triggered_by, created_at, updated_at)"
    " SELECT :job, 'connector_sync', 'queued', knowledge_base_id, id, :trigger, :by, :now, :now"
    " FROM claimed RETURNING id");

// Why a claim matched no row, in one read: the source (if it exists in that KB), its last job,
// a still-running job (the one-running-sync index), and the job an earlier attempt with the same
// trigger id created. The (SELECT 1) row makes every part optional.
const QString kExplainSql = QStringLiteral(
    "SELECT s.status, s.last_sync_job_id, CAST(s.updated_at AS TEXT) AS updated_at,"
    " j.status AS job_status, CAST(j.created_at AS TEXT) AS job_created_at,"
    " CAST(j.started_at AS TEXT) AS job_started_at,"
    " a.id AS running_id, a.status AS running_status,"
    " CAST(a.created_at AS TEXT) AS running_created_at,"
    " CAST(a.started_at AS TEXT) AS running_started_at%1"
    " FROM (SELECT 1 AS one) x"
    " LEFT JOIN knowledge_base_sources s ON s.id = :source AND s.knowledge_base_id = :kb"
    " LEFT JOIN ingestion_jobs j ON j.id = s.last_sync_job_id"
    " LEFT JOIN ingestion_jobs a ON a.knowledge_base_source_id = s.id"
    "  AND a.job_type = 'connector_sync' AND a.status IN ('queued', 'processing')%2");
const QString kExplainTriggerColumns = QStringLiteral(
    ", t.id AS trigger_job_id, t.status AS trigger_job_status, t.knowledge_base_id AS trigger_kb,"
    " t.knowledge_base_source_id AS trigger_source");
const QString kExplainTriggerJoin =
    QStringLiteral(" LEFT JOIN ingestion_jobs t ON t.trigger_id = :trigger");
const QString kWaitForRowSql = QStringLiteral(
    "SELECT id FROM knowledge_base_sources WHERE id = :source AND knowledge_base_id = :kb");

struct Verdict {
    Outcome outcome;
    QString jobId;
    QString status;
    QString message;
};

QDateTime firstValid(std::initializer_list<QDateTime> times)
{
    for (const QDateTime &t : times)
        if (t.isValid())
            return t;
    return {};
}

// The one read behind preflight, the explanation of a refused claim and reconciliation: one
// read transaction. `trigger` (when set) adds the job that trigger id created. `settle` first
// waits for a transaction still holding the source row (a claim whose COMMIT answer was lost),
// so that what follows reads a settled outcome; lock_timeout bounds the wait.
DbError explain(SqlSession &db, const QString &kb, const QString &src, const QString &trigger,
                bool settle, QSqlRecord *row)
{
    Binds binds{{u":source"_s, src}, {u":kb"_s, kb}};
    const QString wait = db.dialect().waitForRowWriter();
    const QString sql = trigger.isEmpty()
                            ? kExplainSql.arg(QString(), QString())
                            : kExplainSql.arg(kExplainTriggerColumns, kExplainTriggerJoin);
    return db.transact(
        Access::Read,
        [&]() -> DbError {
            if (settle && !wait.isEmpty()) {
                if (const Rows r = db.exec(kWaitForRowSql + wait, binds); !r.ok())
                    return r.error;
            }
            Binds all = binds;
            if (!trigger.isEmpty())
                all.append({u":trigger"_s, trigger});
            const Rows why = db.exec(sql, all, Retry::No, Prepared::Keep);
            if (!why.ok())
                return why.error;
            if (why.rows.isEmpty())
                return {DbFailure::Other, {}, u"no explanation row"_s};
            *row = why.rows.first();
            return {};
        },
        Retry::Safe);
}

// The job an explain row says `trigger` created; empty when none did.
QString triggerJob(const QSqlRecord &r)
{
    return SqlSession::idValue(r.value(u"trigger_job_id"_s));
}
bool triggerJobIsFor(const QSqlRecord &r, const QString &kb, const QString &src)
{
    return SqlSession::idValue(r.value(u"trigger_kb"_s)) == kb
           && SqlSession::idValue(r.value(u"trigger_source"_s)) == src;
}

// Turns the explain row into an outcome. `afterClaim`: a trigger whose claim matched nothing
// (or was undone); otherwise a preflight asking whether a trigger would start.
Verdict judge(const QSqlRecord &r, const QString &kb, const QString &src, const QString &trigger,
              bool afterClaim)
{
    if (const QString earlier = triggerJob(r); !earlier.isEmpty()) {
        if (triggerJobIsFor(r, kb, src)) // a retry of a trigger that did commit
            return {Outcome::Triggered, earlier, r.value(u"trigger_job_status"_s).toString(),
                    u"Sync has been queued"_s};
        return {Outcome::Invalid,
                {},
                {},
                u"trigger_id %1 was already used for source %2 in knowledge base %3"_s.arg(
                    trigger, SqlSession::idValue(r.value(u"trigger_source"_s)),
                    SqlSession::idValue(r.value(u"trigger_kb"_s)))};
    }
    if (r.value(u"status"_s).isNull())
        return {Outcome::NotFound, {}, {}, u"no source %1 in knowledge base %2"_s.arg(src, kb)};

    const QString status = r.value(u"status"_s).toString();
    const QString lastJob = SqlSession::idValue(r.value(u"last_sync_job_id"_s));
    const QString running = SqlSession::idValue(r.value(u"running_id"_s));
    if (status == u"syncing"_s) {
        const QString job = lastJob.isEmpty() ? running : lastJob;
        const QDateTime since = firstValid({SqlSession::timeValue(r.value(u"job_started_at"_s)),
                                            SqlSession::timeValue(r.value(u"job_created_at"_s)),
                                            SqlSession::timeValue(r.value(u"updated_at"_s))});
        QString message = u"already syncing"_s;
        if (since.isValid())
            message += u" since "_s + direct::utcMinute(since);
        if (!job.isEmpty())
            message += u" (job %1)"_s.arg(job);
        return {Outcome::AlreadySyncing, job, status, message};
    }
    if (status == u"active"_s || status == u"error"_s) {
        if (!running.isEmpty()) {
            // Eligible by status, but a job for it still runs (the one-running-sync index).
            const QDateTime since =
                firstValid({SqlSession::timeValue(r.value(u"running_started_at"_s)),
                            SqlSession::timeValue(r.value(u"running_created_at"_s))});
            return {
                Outcome::AlreadySyncing, running, status,
                u"a sync job is still running (job %1, %2 since %3)"_s.arg(
                    running, r.value(u"running_status"_s).toString(), direct::utcMinute(since))};
        }
        if (!afterClaim)
            return {
                Outcome::Triggered, {}, status, u"would start a sync (status is %1)"_s.arg(status)};
        // The claim saw it syncing; the sync finished between the claim and this read.
        return {
            Outcome::AlreadySyncing, lastJob, status,
            u"a sync was running when this trigger ran and has just finished (job %1, %2); "
            "trigger again to start another"_s.arg(lastJob, r.value(u"job_status"_s).toString())};
    }
    // Any other status (disabled, paused, deleting, …): the row exists and the guard refused
    // it for its state, not for a running sync; preflight says the same.
    return {Outcome::NotEligible, lastJob, status, u"not eligible: status is %1"_s.arg(status)};
}

// Every path of trigger() and preflight() ends here, so each result carries its timing.
TriggerResult finish(TriggerResult &result, const QElapsedTimer &timer, const Verdict &verdict)
{
    result.outcome = verdict.outcome;
    result.message = verdict.message;
    result.jobId = verdict.jobId;
    result.status = verdict.status;
    result.elapsedMs = timer.elapsed();
    result.finishedAt = QDateTime::currentDateTimeUtc();
    return result;
}

// Opens the trigger's transaction and runs the claim the dialect's way; true when this
// transaction now holds the source and its new job (rows returned, never a driver's counter).
// On PostgreSQL that is one message (SqlSession::beginWith: BEGIN, its settings and the
// claim-and-insert statement); on failure nothing is left open.
bool claim(SqlSession &db, const QString &jobId, const QString &kb, const QString &src,
           const QString &trigger, const QString &by, DbError *error)
{
    const QVariant now = db.timeParam(QDateTime::currentDateTimeUtc());
    const QVariant operatorName =
        by.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(by);
    switch (db.dialect().claimStrategy()) {
    case ClaimStrategy::OneStatement: {
        const Rows r = db.beginWith(Access::Write, kClaimAndInsertSql,
                                    {{u":job"_s, jobId},
                                     {u":now"_s, now},
                                     {u":source"_s, src},
                                     {u":kb"_s, kb},
                                     {u":trigger"_s, trigger},
                                     {u":by"_s, operatorName}});
        *error = r.error;
        return r.ok() && r.rows.size() == 1;
    }
    case ClaimStrategy::UpdateThenInsert: {
        if (const DbError e = db.begin(Access::Write); e.failed()) {
            *error = e;
            return false;
        }
        const Rows r = db.exec(
            kClaimSql, {{u":job"_s, jobId}, {u":now"_s, now}, {u":source"_s, src}, {u":kb"_s, kb}},
            Retry::No, Prepared::Keep);
        *error = r.error;
        if (!r.ok() || r.rows.size() != 1)
            return false;
        const Rows insert = db.exec(kInsertJobSql,
                                    {{u":job"_s, jobId},
                                     {u":kb"_s, kb},
                                     {u":source"_s, src},
                                     {u":trigger"_s, trigger},
                                     {u":by"_s, operatorName},
                                     {u":now"_s, now},
                                     {u":now2"_s, now}},
                                    Retry::No, Prepared::Keep);
        *error = insert.error;
        return insert.ok();
    }
    }
    return false;
}

} // namespace

TriggerResult DirectStore::trigger(const TriggerTarget &target, const QString &triggeredBy)
{
    QElapsedTimer timer;
    timer.start();
    TriggerResult result;
    result.target = target;
    result.attempts = 1;
    auto done = [&](Outcome outcome, const QString &message, const QString &jobId = {},
                    const QString &status = {}) {
        return finish(result, timer, Verdict{outcome, jobId, status, message});
    };
    auto failed = [&](const DbError &error, bool writing) {
        const Error e = direct::describe(error, m_config, writing);
        return done(e.outcome, e.message);
    };

    // A malformed id never reaches the database: no statement at all is sent.
    QString kb, src, trigger;
    if (const QString why = direct::checkId(u"kb_id"_s, target.kbId, &kb); !why.isEmpty())
        return done(Outcome::Invalid, why);
    if (const QString why = direct::checkId(u"source_id"_s, target.sourceId, &src); !why.isEmpty())
        return done(Outcome::Invalid, why);
    if (target.triggerId.isEmpty())
        trigger = newUuid();
    else if (const QString why = direct::checkId(u"trigger_id"_s, target.triggerId, &trigger);
             !why.isEmpty())
        return done(Outcome::Invalid, why);
    result.target = {kb, src, trigger};

    const QString jobId = newUuid();
    SqlSession &db = d->session;
    DbError error;
    const bool claimed = claim(db, jobId, kb, src, trigger, triggeredBy.trimmed(), &error);
    // A unique violation is a retried trigger id or a job that still runs: explain says which.
    if (error.failed() && error.kind != DbFailure::UniqueViolation) {
        db.rollback();
        return failed(error, true);
    }
    if (claimed) {
        if (d->claimHook && !d->claimHook()) {
            db.rollback();
            return done(Outcome::Cancelled,
                        u"stopped before COMMIT by the test hook, nothing was changed"_s);
        }
        const DbError committed = db.commit();
        if (committed.failed() && committed.kind != DbFailure::ConnectionLost)
            return failed(committed, true); // the server answered: it rolled back
        if (!committed.failed())
            return done(Outcome::Triggered, u"Sync has been queued"_s, jobId, u"queued"_s);
        // The COMMIT may or may not have reached the server. Reconcile now, on a fresh
        // connection, once the row's old transaction is over: only the trigger id can tell.
        QSqlRecord row;
        const DbError settled = explain(db, kb, src, trigger, true, &row);
        if (settled.failed())
            return done(Outcome::UnknownOutcome,
                        u"database connection lost during COMMIT: the sync may or may not have "
                        "been queued; look up trigger %1 before retrying (%2)"_s.arg(
                            trigger, direct::describe(settled, m_config, false).message),
                        jobId, u"unknown"_s);
        if (!triggerJob(row).isEmpty()) {
            Verdict v = judge(row, kb, src, trigger, true);
            v.message += u" (confirmed after the connection was lost during COMMIT)"_s;
            return done(v.outcome, v.message, v.jobId, v.status);
        }
        return done(Outcome::NetworkError,
                    u"database connection lost during COMMIT; no job carries trigger %1, nothing "
                    "was changed"_s.arg(trigger));
    }
    db.rollback();

    // Zero rows (or a unique violation): read why, outside the claim's transaction.
    QSqlRecord row;
    if (const DbError e = explain(db, kb, src, trigger, false, &row); e.failed())
        return failed(e, true);
    const Verdict v = judge(row, kb, src, trigger, true);
    return done(v.outcome, v.message, v.jobId, v.status);
}

TriggerResult DirectStore::preflight(const TriggerTarget &target)
{
    QElapsedTimer timer;
    timer.start();
    TriggerResult result;
    result.target = target;
    auto done = [&](Outcome outcome, const QString &message, const QString &jobId = {},
                    const QString &status = {}) {
        return finish(result, timer, Verdict{outcome, jobId, status, message});
    };
    QString kb, src;
    if (const QString why = direct::checkId(u"kb_id"_s, target.kbId, &kb); !why.isEmpty())
        return done(Outcome::Invalid, why);
    if (const QString why = direct::checkId(u"source_id"_s, target.sourceId, &src); !why.isEmpty())
        return done(Outcome::Invalid, why);
    result.target.kbId = kb;
    result.target.sourceId = src;
    QSqlRecord row;
    if (const DbError e = explain(d->session, kb, src, {}, false, &row); e.failed()) {
        const Error error = direct::describe(e, m_config, false);
        return done(error.outcome, error.message);
    }
    const Verdict v = judge(row, kb, src, {}, false);
    return done(v.outcome, v.message, v.jobId, v.status);
}

JobResult DirectStore::jobForTrigger(const TriggerTarget &target)
{
    QString kb, src, trigger;
    for (const auto &[what, text, out] :
         {std::tuple{u"kb_id"_s, target.kbId, &kb},
          std::tuple{u"source_id"_s, target.sourceId, &src},
          std::tuple{u"trigger_id"_s, target.triggerId, &trigger}}) {
        if (const QString why = direct::checkId(what, text, out); !why.isEmpty())
            return JobResult::failure(Outcome::Invalid, why);
    }
    QSqlRecord row;
    if (const DbError e = explain(d->session, kb, src, trigger, true, &row); e.failed())
        return direct::failure<SyncJob>(e, m_config);
    const QString jobId = triggerJob(row);
    if (jobId.isEmpty())
        return JobResult::failure(Outcome::NotFound,
                                  u"no job was created for trigger %1"_s.arg(trigger));
    // Only a job our own trigger created for this very target is ours to report.
    if (!triggerJobIsFor(row, kb, src))
        return JobResult::failure(
            Outcome::Invalid,
            u"trigger_id %1 was used for source %2 in knowledge base %3, not for this one"_s.arg(
                trigger, SqlSession::idValue(row.value(u"trigger_source"_s)),
                SqlSession::idValue(row.value(u"trigger_kb"_s))));
    return job(jobId);
}

} // namespace feather
