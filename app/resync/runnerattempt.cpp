// One request of a run: intent → send → (lookup of an ambiguous answer) → outcome → retry or
// final row. Every step that can come back later checks the run id, so stale answers from a
// cancelled or earlier run are dropped.
#include "core/ids.h"
#include "resync/resyncrunner_p.h"

namespace feather {

namespace {

QString stopNote(const QString &error)
{
    return QStringLiteral(
               "not sent: the run stopped because the audit log could not be written (%1)")
        .arg(error);
}

} // namespace

// The sink may acknowledge at once (inside write()) or later. Only a later acknowledgement
// moves the run on by itself; an immediate one leaves that to whoever called write().
void ResyncRunner::Private::writeRecord(const AttemptRecord &record,
                                        std::function<void(const QString &)> then)
{
    const quint64 run = runId;
    ++writing;
    sink->write(record, [this, run, then = std::move(then)](const QString &error) {
        if (run != runId)
            return;
        then(error);
        if (writing == 0) {
            pump();
            flush();
        }
    });
    --writing;
}

void ResyncRunner::Private::auditFailed(const QString &error)
{
    stop(QStringLiteral("run stopped: %1; requests not yet sent were cancelled").arg(error),
         stopNote(error), QStringLiteral("not retried: the audit log could not be written"));
}

void ResyncRunner::Private::send(int index)
{
    Row &row = rows[index];
    take(row);
    ++row.attempts;
    row.lookups = 0;
    row.attemptStartMs = now();
    if (dry || !sink) {
        dispatch(index);
        return;
    }
    row.state = RowState::Intent;
    row.attemptId = newUuid();
    AttemptRecord intent;
    intent.kind = AttemptRecord::Kind::Intent;
    intent.attemptId = row.attemptId;
    intent.attempt.target = row.target;
    intent.attempt.outcome = Outcome::UnknownOutcome;
    intent.attempt.attempts = row.attempts;
    intent.attempt.finishedAt = clock->now();
    writeRecord(intent, [this, index](const QString &error) { onIntent(index, error); });
}

void ResyncRunner::Private::onIntent(int index, const QString &error)
{
    if (!error.isEmpty()) {
        auditFailed(error);
        settleUnsent(index, stopNote(error), false);
        return;
    }
    if (halted()) {
        // Cancelled or stopped while the intent was being written: it never went out, and an
        // outcome row says so, so the intent does not read "sent, outcome unknown".
        settleUnsent(index, cancelled ? QStringLiteral("cancelled before it was sent") : stopUnsent,
                     true);
        return;
    }
    dispatch(index);
}

void ResyncRunner::Private::dispatch(int index)
{
    Row &row = rows[index];
    row.state = RowState::InFlight;
    if (row.firstSentMs < 0)
        row.firstSentMs = row.attemptStartMs;
    const quint64 run = runId;
    const QFuture<TriggerResult> future =
        dry ? backend->preflight(row.target) : backend->trigger(row.target);
    watchTrigger(future, [this, index, run](const QFuture<TriggerResult> &f) {
        if (run != runId)
            return;
        onAttempt(index, f);
        pump();
        flush();
    });
}

void ResyncRunner::Private::watchTrigger(const QFuture<TriggerResult> &future,
                                         std::function<void(const QFuture<TriggerResult> &)> then)
{
    TriggerWatch *w = nullptr;
    if (!idleTriggerWatches.empty()) {
        w = idleTriggerWatches.back();
        idleTriggerWatches.pop_back();
    } else {
        w = triggerWatches.emplace_back(std::make_unique<TriggerWatch>()).get();
        QObject::connect(&w->watcher, &QFutureWatcherBase::finished, q, [this, w] {
            // Finished is the last thing a future reports, so the watcher is free again
            // (setFuture() on the next request replaces what it holds).
            const auto fn = std::exchange(w->then, {});
            idleTriggerWatches.push_back(w);
            if (fn)
                fn(w->watcher.future());
        });
    }
    w->then = std::move(then);
    w->watcher.setFuture(future);
}

// A request that never left (its intent could not be written, or the run ended while it was
// being written): the row ends as its last real outcome, or `cancelled`.
TriggerResult ResyncRunner::Private::notSentAgain(const Row &row, const QString &note,
                                                  const QString &unsentMessage) const
{
    TriggerResult result;
    if (row.last) {
        result = *row.last;
        result.message += QStringLiteral(" (") + note + u')';
        result.elapsedMs = now() - row.firstSentMs;
    } else {
        result.target = row.target;
        result.outcome = Outcome::Cancelled;
        result.message = unsentMessage;
        result.attempts = 0;
    }
    return result;
}

void ResyncRunner::Private::settleUnsent(int index, const QString &why, bool writeRow)
{
    Row &row = rows[index];
    const int attempt = row.attempts;
    --row.attempts;
    TriggerResult result = notSentAgain(row, why, why);
    if (writeRow && sink) {
        AttemptRecord unsent;
        unsent.kind = AttemptRecord::Kind::Outcome;
        unsent.attemptId = row.attemptId;
        unsent.attempt.target = row.target;
        unsent.attempt.outcome = Outcome::Cancelled;
        unsent.attempt.message = why;
        unsent.attempt.attempts = attempt;
        unsent.attempt.finishedAt = clock->now();
        row.state = RowState::Recording;
        writeRecord(unsent, [this, index, result](const QString &error) {
            if (!error.isEmpty())
                auditFailed(error);
            release(rows[index]);
            finalize(index, result);
        });
        return;
    }
    release(row);
    finalize(index, result);
}

void ResyncRunner::Private::onAttempt(int index, const QFuture<TriggerResult> &future)
{
    Row &row = rows[index];
    TriggerResult result;
    if (future.resultCount() > 0) {
        result = future.result();
    } else {
        // A future cancelled without a result: the request may or may not have gone out.
        result.outcome = Outcome::UnknownOutcome;
        result.message = QStringLiteral("the backend gave no answer");
    }
    result.target = row.target;
    result.attempts = row.attempts;
    result.elapsedMs = now() - row.attemptStartMs;
    result.finishedAt = clock->now();
    if (dry) {
        conclude(index, result, false);
    } else if (needsLookup(result.outcome)) {
        row.pending = result;
        lookup(index);
    } else {
        record(index, result, isRetryable(result.outcome));
    }
}

// An ambiguous answer is settled before anything else happens to the row: it keeps its slot
// and asks whether a job with its trigger id exists.
void ResyncRunner::Private::lookup(int index)
{
    Row &row = rows[index];
    row.state = RowState::LookingUp;
    ++row.lookups;
    const quint64 run = runId;
    watch(backend->jobByTrigger(row.target), [this, index, run](const QFuture<JobResult> &f) {
        if (run != runId)
            return;
        onLookup(index, f.resultCount() > 0 ? std::optional<JobResult>(f.result()) : std::nullopt);
        pump();
        flush();
    });
}

void ResyncRunner::Private::onLookup(int index, const std::optional<JobResult> &found)
{
    Row &row = rows[index];
    TriggerResult attempt = *row.pending;
    const QString what = attempt.outcome == Outcome::UnknownOutcome
                             ? QStringLiteral("an unknown outcome")
                             : QStringLiteral("a %1").arg(toString(attempt.outcome));
    if (found && found->ok()) {
        attempt.outcome = Outcome::Triggered;
        attempt.jobId = found->value.id;
        attempt.status = found->value.status;
        attempt.message =
            QStringLiteral("sync job confirmed after %1 (%2)").arg(what, attempt.message);
        record(index, attempt, false);
        return;
    }
    if (found && found->error->outcome == Outcome::NotFound) {
        // No job carries the trigger id: sending it again cannot start a second sync.
        attempt.message += QStringLiteral("; no job carries this trigger id yet");
        record(index, attempt, true);
        return;
    }
    const QString why = found ? found->error->message : QStringLiteral("no answer");
    // unknown_outcome from the lookup is an answer: the backend cannot tell whether the job it
    // sees is ours (api/direct judge that). Asking again would not change it.
    const bool cannotTell = found && found->error->outcome == Outcome::UnknownOutcome;
    if (!cannotTell && row.lookups < options.maxLookups && !halted()) {
        release(row);
        scheduleLookup(index, lookupBackoff.equalJitterDelayMs(row.lookups));
        return;
    }
    // Left visibly unresolved: `featherctl reconcile` can look it up later.
    attempt.outcome = Outcome::UnknownOutcome;
    if (cannotTell)
        attempt.message += QStringLiteral("; could not confirm whether a sync started: %1; not "
                                          "sent again")
                               .arg(why);
    else
        attempt.message += QStringLiteral("; could not confirm whether a sync started: %1 "
                                          "lookup(s) of trigger id %2 failed (last: %3); not "
                                          "sent again")
                               .arg(row.lookups)
                               .arg(row.target.triggerId, why);
    if (halted())
        attempt.message +=
            cancelled ? QStringLiteral(" (run cancelled)") : QStringLiteral(" (run stopped)");
    record(index, attempt, false);
}

void ResyncRunner::Private::scheduleLookup(int index, qint64 delayMs)
{
    Row &row = rows[index];
    row.state = RowState::LookupWait;
    const quint64 token = ++row.wakeToken;
    const quint64 run = runId;
    clock->callAfter(delayMs, q, [this, index, token, run] {
        if (run != runId || rows[index].state != RowState::LookupWait
            || rows[index].wakeToken != token)
            return;
        rows[index].state = RowState::LookupQueued;
        lookupsReady.push_back(index);
        pump();
        flush();
    });
}

// The attempt's outcome record, then conclude(): a reported attempt is a recorded one. The
// slot is freed as soon as the record is handed over, so the next request's intent can share
// its commit (group commit); the signals conclude() queues wait for the acknowledgement.
void ResyncRunner::Private::record(int index, TriggerResult attempt, bool retryable)
{
    if (!sink) {
        conclude(index, attempt, retryable);
        return;
    }
    rows[index].state = RowState::Recording;
    AttemptRecord outcome;
    outcome.kind = AttemptRecord::Kind::Outcome;
    outcome.attemptId = rows[index].attemptId;
    outcome.attempt = attempt;
    const quint64 seq = ++outcomeSeq;
    unacked.insert(seq);
    writeRecord(outcome, [this, seq](const QString &error) {
        unacked.remove(seq);
        if (!error.isEmpty())
            auditFailed(error);
    });
    barrier = unacked.contains(seq) ? seq : 0;
    conclude(index, attempt, retryable);
    barrier = 0;
}

void ResyncRunner::Private::conclude(int index, TriggerResult attempt, bool retryable)
{
    Row &row = rows[index];
    release(row);
    row.pending.reset();
    if (!dry)
        emitLater(EventKind::Attempt, attempt);
    qint64 serverDelay = -1;
    if (attempt.retryAfterMs)
        serverDelay = clampRetryAfter(*attempt.retryAfterMs, options.retryAfterCapMs);
    if (traits(attempt.outcome).batch == BatchEffect::Hold)
        hold(serverDelay >= 0 ? serverDelay : backoff.ceilingMs(row.attempts));

    const bool retry = retryable && row.attempts < options.maxAttempts && !halted();
    if (retry) {
        row.last = attempt;
        // A rate-limited row goes again when the batch hold lifts; others wait their own
        // server-given delay (503 Retry-After) or a full-jitter backoff, counted from the answer
        // (a lookup in between does not add to it).
        const qint64 answeredMs = row.attemptStartMs + attempt.elapsedMs;
        qint64 delay = serverDelay >= 0 ? serverDelay : backoff.delayMs(row.attempts);
        delay = qMax<qint64>(0, answeredMs + delay - now());
        if (traits(attempt.outcome).batch == BatchEffect::Hold)
            delay = qMax<qint64>(0, holdUntilMs - now());
        scheduleRetry(index, delay);
    } else {
        if (retryable && halted())
            attempt.message += cancelled ? QStringLiteral(" (retry cancelled)")
                                         : QStringLiteral(" (") + stopRetryNote + u')';
        attempt.elapsedMs = now() - row.firstSentMs;
        finalize(index, attempt);
    }
    if (traits(attempt.outcome).batch == BatchEffect::Stop)
        stop(QStringLiteral("run stopped: the API key was rejected (401)"),
             QStringLiteral("stopped: the API key was rejected (401)"),
             QStringLiteral("not retried: the API key was rejected (401)"));
}

void ResyncRunner::Private::hold(qint64 delayMs)
{
    const qint64 until = now() + delayMs;
    if (until <= holdUntilMs)
        return;
    holdUntilMs = until;
    holdUntil = clock->now().addMSecs(delayMs);
    const quint64 run = runId;
    clock->callAfter(delayMs, q, [this, run] {
        if (run != runId || !running || holding())
            return; // a later 429 extended the hold; its own timer will lift it
        pump();
        flush();
        Q_EMIT q->progressChanged(snapshot());
    });
}

void ResyncRunner::Private::scheduleRetry(int index, qint64 delayMs)
{
    Row &row = rows[index];
    row.state = RowState::Waiting;
    const quint64 token = ++row.wakeToken;
    const quint64 run = runId;
    clock->callAfter(delayMs, q, [this, index, token, run] {
        if (run != runId || rows[index].state != RowState::Waiting
            || rows[index].wakeToken != token)
            return;
        rows[index].state = RowState::Queued;
        // Retries go first, so a flaky row does not wait behind thousands of fresh ones.
        ready.push_front(index);
        pump();
        flush();
    });
}

} // namespace feather
