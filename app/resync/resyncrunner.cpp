// The run as a whole: targets in, one slot per request, signals out, cancel and stop.
// What happens to a single request is in runnerattempt.cpp.
#include "resync/resyncrunner.h"

#include "core/ids.h"
#include "core/limits.h"
#include "resync/resyncrunner_p.h"

#include <QRandomGenerator>
#include <QSet>

namespace feather {

namespace {

constexpr int kEtaWindow = 64; // completions the moving average looks back over

QString invalidReason(const TriggerTarget &t)
{
    if (normalizedUuid(t.kbId).isNull())
        return invalidUuidReason(QStringLiteral("kb_id"), t.kbId);
    if (normalizedUuid(t.sourceId).isNull())
        return invalidUuidReason(QStringLiteral("source_id"), t.sourceId);
    if (!t.triggerId.isEmpty() && normalizedUuid(t.triggerId).isNull())
        return invalidUuidReason(QStringLiteral("trigger_id"), t.triggerId);
    return {};
}

} // namespace

ResyncRunner::Private::Private(ResyncRunner *owner, Backend *b, RunOptions o)
    : q(owner)
    , backend(b)
    , options(std::move(o))
    , backoff(options.backoffBaseMs, options.backoffCapMs, QRandomGenerator::global()->generate64())
    , lookupBackoff(options.lookupBaseMs, options.lookupCapMs,
                    QRandomGenerator::global()->generate64())
{
    options.concurrency = qBound(kMinConcurrency, options.concurrency, kMaxConcurrency);
    options.maxAttempts = qMax(1, options.maxAttempts);
    options.maxLookups = qMax(1, options.maxLookups);
}

void ResyncRunner::Private::take(Row &row)
{
    if (!row.slot) {
        row.slot = true;
        ++inFlight;
    }
}

void ResyncRunner::Private::release(Row &row)
{
    if (row.slot) {
        row.slot = false;
        --inFlight;
    }
}

ResyncRunner::ResyncRunner(Backend *backend, RunOptions options, QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>(this, backend, std::move(options)))
{
    qRegisterMetaType<feather::TriggerResult>();
    qRegisterMetaType<feather::RunProgress>();
}

ResyncRunner::~ResyncRunner() = default;

void ResyncRunner::setClock(Clock *clock)
{
    d->clock = clock ? clock : Clock::system();
}

void ResyncRunner::setRandomSeed(quint64 seed)
{
    d->backoff.reseed(seed);
    d->lookupBackoff.reseed(seed ^ 0x9e3779b97f4a7c15ULL);
}

void ResyncRunner::setAttemptSink(AttemptSink *sink)
{
    d->sink = sink;
}

bool ResyncRunner::start(const QList<TriggerTarget> &targets, QString *why)
{
    QString reason;
    if (d->running) {
        reason = QStringLiteral("a run is already going on");
    } else if (d->sink && !d->sink->prepare(&reason)) {
        reason = QStringLiteral("run refused: %1; nothing was sent").arg(reason);
    } else {
        d->begin(targets, false);
        return true;
    }
    if (why)
        *why = reason;
    return false;
}

void ResyncRunner::dryRun(const QList<TriggerTarget> &targets)
{
    if (d->running) {
        qWarning("ResyncRunner: a run is already going on; dryRun() ignored");
        return;
    }
    d->begin(targets, true);
}

void ResyncRunner::cancel()
{
    if (!d->running || d->cancelled)
        return;
    d->cancelled = true;
    d->abandonRemaining(QStringLiteral("cancelled before it was sent"),
                        QStringLiteral("retry cancelled"));
    d->pump();
    d->flush();
}

void ResyncRunner::pause()
{
    if (!d->running || d->userPaused)
        return;
    d->userPaused = true;
    Q_EMIT progressChanged(d->snapshot());
}

void ResyncRunner::resume()
{
    if (!d->running || !d->userPaused)
        return;
    d->userPaused = false;
    d->pump();
    d->flush();
    Q_EMIT progressChanged(d->snapshot());
}

bool ResyncRunner::isRunning() const
{
    return d->running;
}

QList<TriggerResult> ResyncRunner::results() const
{
    QList<TriggerResult> out;
    for (const Row &row : d->rows) {
        if (row.final)
            out.append(*row.final);
    }
    return out;
}

RunProgress ResyncRunner::progress() const
{
    return d->snapshot();
}

const RunOptions &ResyncRunner::options() const
{
    return d->options;
}

QList<TriggerTarget> ResyncRunner::retryCandidates(const QList<TriggerResult> &finalResults)
{
    QList<TriggerTarget> out;
    for (const TriggerResult &result : finalResults) {
        if (isRetryCandidate(result.outcome))
            out.append(result.target);
    }
    return out;
}

void ResyncRunner::Private::begin(const QList<TriggerTarget> &targets, bool dryRun)
{
    ++runId;
    dry = dryRun;
    running = true;
    userPaused = cancelled = false;
    stopReason.reset();
    holdUntilMs = -1;
    holdUntil = {};
    rows.clear();
    ready.clear();
    lookupsReady.clear();
    inFlight = done = 0;
    counts = {};
    completions.clear();
    events.clear();
    unacked.clear();
    barrier = 0;
    startMs = now();
    endMs = -1;

    QSet<QPair<QString, QString>> seen;
    QList<QPair<int, QString>> invalid;
    for (const TriggerTarget &target : targets) {
        const QString why = invalidReason(target);
        Row row;
        row.target = target;
        if (why.isEmpty()) {
            row.target.kbId = normalizedUuid(target.kbId);
            row.target.sourceId = normalizedUuid(target.sourceId);
            row.target.triggerId =
                target.triggerId.isEmpty() ? newUuid() : normalizedUuid(target.triggerId);
        }
        if (seen.contains({row.target.kbId, row.target.sourceId}))
            continue;
        seen.insert({row.target.kbId, row.target.sourceId});
        if (!why.isEmpty())
            invalid.append({int(rows.size()), why});
        else
            ready.push_back(int(rows.size()));
        rows.append(row);
    }

    // Invalid ids are settled before anyone hears of the run: they never reach the backend.
    for (const auto &[index, why] : invalid) {
        TriggerResult result;
        result.target = rows[index].target;
        result.outcome = Outcome::Invalid;
        result.message = why;
        result.attempts = 0;
        finalize(index, result);
    }
    Q_EMIT q->started(int(rows.size()));
    pump();
    flush();
    if (running)
        Q_EMIT q->progressChanged(snapshot());
}

// Fills free slots: lookups that are due first (they settle rows already sent), then retries
// and fresh targets. Nothing new goes out while paused, held by a 429, cancelled or stopped.
void ResyncRunner::Private::pump()
{
    if (pumping || !running)
        return;
    pumping = true;
    while (inFlight < options.concurrency && !userPaused && !halted() && !holding()) {
        if (!lookupsReady.empty()) {
            const int index = lookupsReady.front();
            lookupsReady.pop_front();
            take(rows[index]);
            lookup(index);
        } else if (!ready.empty()) {
            const int index = ready.front();
            ready.pop_front();
            send(index);
        } else {
            break;
        }
    }
    pumping = false;
}

void ResyncRunner::Private::finalize(int index, TriggerResult result)
{
    Row &row = rows[index];
    if (row.state == RowState::Done)
        return;
    row.state = RowState::Done;
    result.finishedAt = clock->now();
    row.final = result;
    row.last.reset();
    row.pending.reset();
    ++done;
    ++counts[std::size_t(result.outcome)];
    if (result.attempts > 0) {
        completions.push_back(now());
        if (completions.size() > kEtaWindow)
            completions.pop_front();
    }
    emitLater(EventKind::Row, result);
}

// The first 401, the first failed audit write: nothing new starts, and the run says why once.
void ResyncRunner::Private::stop(const QString &reason, const QString &unsentMessage,
                                 const QString &retryNote)
{
    if (stopReason)
        return;
    stopReason = reason;
    stopUnsent = unsentMessage;
    stopRetryNote = retryNote;
    emitLater(EventKind::Stopped, {}, reason);
    abandonRemaining(unsentMessage, retryNote);
}

// Cancel and stop: nothing new starts; rows never sent become `cancelled`, rows waiting for a
// retry keep their last real outcome with a note, rows waiting for another lookup keep their
// ambiguous answer (recorded now). Requests in flight finish normally.
void ResyncRunner::Private::abandonRemaining(const QString &unsentMessage, const QString &retryNote)
{
    ready.clear();
    lookupsReady.clear();
    for (int index = 0; index < rows.size(); ++index) {
        Row &row = rows[index];
        switch (row.state) {
        case RowState::Queued:
        case RowState::Waiting: {
            finalize(index, notSentAgain(row, retryNote, unsentMessage));
            break;
        }
        case RowState::LookupWait:
        case RowState::LookupQueued: {
            TriggerResult result = *row.pending;
            result.outcome = Outcome::UnknownOutcome;
            result.message += QStringLiteral("; not looked up again (%1)").arg(retryNote);
            record(index, result, false);
            break;
        }
        case RowState::Intent:
        case RowState::InFlight:
        case RowState::LookingUp:
        case RowState::Recording:
        case RowState::Done:
            break;
        }
    }
}

void ResyncRunner::Private::emitLater(EventKind kind, const TriggerResult &result,
                                      const QString &reason)
{
    events.push_back(Event{kind, result, reason, barrier});
}

void ResyncRunner::Private::flush()
{
    if (flushing || pumping || writing > 0)
        return;
    flushing = true;
    const quint64 run = runId;
    bool anyRow = false;
    while (!events.empty() && run == runId) {
        if (events.front().awaits && unacked.contains(events.front().awaits))
            break; // reported once its outcome record is durable
        const Event event = events.front();
        events.pop_front();
        switch (event.kind) {
        case EventKind::Attempt:
            Q_EMIT q->attemptFinished(event.result);
            break;
        case EventKind::Row:
            anyRow = true;
            Q_EMIT q->rowFinished(event.result);
            break;
        case EventKind::Stopped:
            Q_EMIT q->stopped(event.reason);
            break;
        }
    }
    flushing = false;
    if (run != runId)
        return;
    if (running && done == rows.size() && inFlight == 0 && events.empty() && unacked.empty()) {
        running = false;
        endMs = now();
        Q_EMIT q->progressChanged(snapshot());
        Q_EMIT q->finished();
    } else if (anyRow) {
        Q_EMIT q->progressChanged(snapshot());
    }
}

RunProgress ResyncRunner::Private::snapshot() const
{
    RunProgress p;
    p.total = int(rows.size());
    p.done = done;
    p.inFlight = inFlight;
    p.counts = counts;
    p.stopReason = stopReason.value_or(QString());
    const qint64 t = endMs >= 0 ? endMs : now();
    p.elapsedMs = t - startMs;
    const int remaining = p.total - p.done;
    if (remaining == 0) {
        p.etaMs = 0;
    } else if (completions.size() >= 2 && completions.back() > completions.front()) {
        const double msPerRow =
            double(completions.back() - completions.front()) / double(completions.size() - 1);
        p.etaMs = qint64(msPerRow * remaining) + (holding() ? holdUntilMs - now() : 0);
    }
    const bool rateHold = running && holding();
    p.paused = running && (userPaused || rateHold);
    if (rateHold) {
        p.resumeAt = holdUntil;
        p.pauseReason = QStringLiteral("rate limited by the server (429): no new requests until %1")
                            .arg(holdUntil.toString(QStringLiteral("HH:mm:ss 'UTC'")));
    }
    if (running && userPaused)
        p.pauseReason =
            rateHold ? QStringLiteral("paused; ") + p.pauseReason : QStringLiteral("paused");
    return p;
}

} // namespace feather
