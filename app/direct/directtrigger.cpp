// The guarded trigger (DESIGN.md, "The guarded trigger"; docs/reliability.md §1–3) and its
// read-only twin, preflight.

#include "core/ids.h"
#include "direct/directstore.h"
#include "direct/directstore_p.h"

#include <QElapsedTimer>

using namespace Qt::StringLiterals;

namespace feather {

using direct::DbError;
using direct::DbFailure;
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
    " VALUES (:job, 'connector_sync', 'queued', :kb, :source, :trigger, :by, :created, :updated)");

// Why a claim matched no row, in one read: the source (if it exists in that KB), its last job,
// a still-running job (the one-running-sync index), and the job an earlier attempt with the same
// trigger id created. The (SELECT 1) row makes every part optional.
const QString kExplainSql = QStringLiteral(
    "SELECT s.status, s.last_sync_job_id, s.updated_at,"
    " j.status AS job_status, j.created_at AS job_created_at, j.started_at AS job_started_at,"
    " a.id AS running_id, a.status AS running_status, a.created_at AS running_created_at,"
    " a.started_at AS running_started_at%1"
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

// Turns the explain row into an outcome. `afterClaim`: a trigger whose claim matched nothing
// (or was undone); otherwise a preflight asking whether a trigger would start.
Verdict judge(const QSqlRecord &r, const QString &kb, const QString &src, const QString &trigger,
              bool afterClaim)
{
    if (const QString earlier = SqlSession::idValue(r.value(u"trigger_job_id"_s));
        !earlier.isEmpty()) {
        const QString earlierKb = SqlSession::idValue(r.value(u"trigger_kb"_s));
        const QString earlierSource = SqlSession::idValue(r.value(u"trigger_source"_s));
        if (earlierKb == kb && earlierSource == src) // a retry of a trigger that did commit
            return {Outcome::Triggered, earlier, r.value(u"trigger_job_status"_s).toString(),
                    u"Sync has been queued"_s};
        return {Outcome::Invalid,
                {},
                {},
                u"trigger_id %1 was already used for source %2 in knowledge base %3"_s.arg(
                    trigger, earlierSource, earlierKb)};
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
    const QDateTime now = QDateTime::currentDateTimeUtc();
    direct::SqlSession &db = d->session;

    if (const DbError e = db.begin(); e.failed())
        return failed(e, true);
    const Rows claim = db.exec(
        kClaimSql,
        {{u":job"_s, jobId}, {u":now"_s, db.timeParam(now)}, {u":source"_s, src}, {u":kb"_s, kb}},
        Retry::No, direct::Prepared::Keep);
    if (!claim.ok()) {
        db.rollback();
        return failed(claim.error, true);
    }
    bool explain = claim.rows.size() != 1;
    if (!explain) {
        if (d->claimHook && !d->claimHook()) {
            db.rollback();
            return done(Outcome::Cancelled,
                        u"stopped before COMMIT by the test hook, nothing was changed"_s);
        }
        const QString by = triggeredBy.trimmed();
        const Rows insert = db.exec(
            kInsertJobSql,
            {{u":job"_s, jobId},
             {u":kb"_s, kb},
             {u":source"_s, src},
             {u":trigger"_s, trigger},
             {u":by"_s, by.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(by)},
             {u":created"_s, db.timeParam(now)},
             {u":updated"_s, db.timeParam(now)}},
            Retry::No, direct::Prepared::Keep);
        if (!insert.ok()) {
            db.rollback();
            // A unique violation is a retried trigger id or a job that still runs: say which.
            if (insert.error.kind != DbFailure::UniqueViolation)
                return failed(insert.error, true);
            explain = true;
        } else {
            const DbError committed = db.commit();
            if (committed.kind == DbFailure::ConnectionLost) {
                // The COMMIT may or may not have reached the server: only the trigger id can
                // tell (DirectStore::jobByTrigger); a blind retry with a new id could double it.
                return done(
                    Outcome::UnknownOutcome,
                    u"database connection lost during COMMIT: the sync may or may not have been "
                    "queued; look up trigger %1 before retrying"_s.arg(trigger),
                    jobId, u"unknown"_s);
            }
            if (committed.failed()) // the server answered: it rolled back
                return failed(committed, true);
            return done(Outcome::Triggered, u"Sync has been queued"_s, jobId, u"queued"_s);
        }
    } else {
        db.rollback();
    }

    // Zero rows (or an undone claim): read why, outside the transaction.
    const Rows why = db.exec(kExplainSql.arg(kExplainTriggerColumns, kExplainTriggerJoin),
                             {{u":source"_s, src}, {u":kb"_s, kb}, {u":trigger"_s, trigger}},
                             Retry::Safe, direct::Prepared::Keep);
    if (!why.ok() || why.rows.isEmpty())
        return failed(why.ok() ? DbError{DbFailure::Other, {}, u"no explanation row"_s} : why.error,
                      true);
    const Verdict v = judge(why.rows.first(), kb, src, trigger, true);
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
    const Rows why = d->session.exec(kExplainSql.arg(QString(), QString()),
                                     {{u":source"_s, src}, {u":kb"_s, kb}}, Retry::Safe);
    if (!why.ok() || why.rows.isEmpty()) {
        const Error e = direct::describe(
            why.ok() ? DbError{DbFailure::Other, {}, u"no explanation row"_s} : why.error, m_config,
            false);
        return done(e.outcome, e.message);
    }
    const Verdict v = judge(why.rows.first(), kb, src, {}, false);
    return done(v.outcome, v.message, v.jobId, v.status);
}

} // namespace feather
