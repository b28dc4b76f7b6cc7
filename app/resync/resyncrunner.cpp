#include "resync/resyncrunner.h"

#include "core/ids.h"
#include "resync/clock.h"
#include "resync/retrypolicy.h"

#include <QFutureWatcher>
#include <QRandomGenerator>
#include <QSet>
#include <deque>
#include <optional>

namespace feather {

namespace {

constexpr int kMaxConcurrency = 64;
constexpr int kEtaWindow = 64; // completions the moving average looks back over

enum class RowState { Queued, Waiting, InFlight, Done };

struct Row {
    TriggerTarget target;
    RowState state = RowState::Queued;
    int attempts = 0;
    qint64 firstSentMs = -1;
    qint64 attemptStartMs = 0;
    quint64 wakeToken = 0;             // matches the one pending backoff timer
    std::optional<TriggerResult> last; // the latest attempt while waiting to retry
    std::optional<TriggerResult> final;
};

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

struct ResyncRunner::Private {
    ResyncRunner *q;
    Backend *backend;
    RunOptions options;
    Clock *clock = Clock::system();
    BackoffPolicy backoff;
    AuditLog *audit = nullptr;
    AuditContext auditContext;

    quint64 runId = 0; // stale timers and callbacks from an earlier run check this
    bool dry = false;
    bool running = false;
    bool userPaused = false;
    bool cancelled = false;
    bool stopped = false;
    qint64 holdUntilMs = -1; // a 429 holds every new send until then (steady clock)
    QDateTime holdUntil;
    QList<Row> rows;
    std::deque<int> ready;
    int inFlight = 0;
    int done = 0;
    std::array<int, OutcomeCount> counts{};
    qint64 startMs = 0;
    qint64 endMs = -1;
    std::deque<qint64> completions;
    // Signals leave only from flush(), after the state is consistent, so a slot that calls
    // cancel() or pause() re-enters a runner that is never half-updated.
    std::deque<TriggerResult> pendingRows;
    bool flushing = false;
    bool pumping = false;

    Private(ResyncRunner *owner, Backend *b, RunOptions o)
        : q(owner)
        , backend(b)
        , options(std::move(o))
        , backoff(options.backoffBaseMs, options.backoffCapMs,
                  QRandomGenerator::global()->generate64())
    {
        options.concurrency = qBound(1, options.concurrency, kMaxConcurrency);
        options.maxAttempts = qMax(1, options.maxAttempts);
    }

    qint64 now() const { return clock->steadyMs(); }
    bool holding() const { return holdUntilMs >= 0 && now() < holdUntilMs; }

    template <typename T, typename Fn>
    void watch(const QFuture<T> &future, Fn fn)
    {
        auto *watcher = new QFutureWatcher<T>(q);
        QObject::connect(watcher, &QFutureWatcherBase::finished, q,
                         [watcher, fn = std::move(fn)]() mutable {
                             const QFuture<T> finishedFuture = watcher->future();
                             watcher->deleteLater();
                             fn(finishedFuture);
                         });
        watcher->setFuture(future);
    }

    void begin(const QList<TriggerTarget> &targets, bool dryRun);
    void pump();
    void send(int index);
    void onAttempt(int index, quint64 run, const QFuture<TriggerResult> &future);
    void reconcile(int index, TriggerResult attempt);
    void conclude(int index, TriggerResult attempt, bool retryable);
    void hold(qint64 delayMs);
    void scheduleRetry(int index, qint64 delayMs);
    void finalize(int index, TriggerResult result);
    void abandonRemaining(const QString &unsentMessage, const QString &retryNote);
    void flush();
    RunProgress snapshot() const;
};

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
}

void ResyncRunner::setAuditLog(AuditLog *log, AuditContext context)
{
    d->audit = log;
    d->auditContext = std::move(context);
}

void ResyncRunner::start(const QList<TriggerTarget> &targets)
{
    d->begin(targets, false);
}

void ResyncRunner::dryRun(const QList<TriggerTarget> &targets)
{
    d->begin(targets, true);
}

void ResyncRunner::cancel()
{
    if (!d->running || d->cancelled)
        return;
    d->cancelled = true;
    d->abandonRemaining(QStringLiteral("cancelled before it was sent"),
                        QStringLiteral("retry cancelled"));
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
    if (running) {
        qWarning("ResyncRunner: a run is already going on; start() ignored");
        return;
    }
    ++runId;
    dry = dryRun;
    running = true;
    userPaused = cancelled = stopped = false;
    holdUntilMs = -1;
    holdUntil = {};
    rows.clear();
    ready.clear();
    inFlight = done = 0;
    counts = {};
    completions.clear();
    pendingRows.clear();
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

void ResyncRunner::Private::pump()
{
    if (pumping || !running)
        return;
    pumping = true;
    while (inFlight < options.concurrency && !ready.empty() && !userPaused && !cancelled && !stopped
           && !holding()) {
        const int index = ready.front();
        ready.pop_front();
        send(index);
    }
    pumping = false;
}

void ResyncRunner::Private::send(int index)
{
    Row &row = rows[index];
    row.state = RowState::InFlight;
    ++row.attempts;
    ++inFlight;
    row.attemptStartMs = now();
    if (row.firstSentMs < 0)
        row.firstSentMs = row.attemptStartMs;
    const quint64 run = runId;
    const QFuture<TriggerResult> future =
        dry ? backend->preflight(row.target) : backend->trigger(row.target);
    watch(future,
          [this, index, run](const QFuture<TriggerResult> &f) { onAttempt(index, run, f); });
}

void ResyncRunner::Private::onAttempt(int index, quint64 run, const QFuture<TriggerResult> &future)
{
    if (run != runId)
        return;
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
    if (!dry && traits(result.outcome).retry == RetryClass::Reconcile)
        reconcile(index, result);
    else
        conclude(index, result, !dry && isRetryable(result.outcome));
    pump();
    flush();
}

// An unknown outcome is settled before anything else happens to the row: the row keeps its
// slot and asks whether a job with its trigger id exists.
void ResyncRunner::Private::reconcile(int index, TriggerResult attempt)
{
    const quint64 run = runId;
    watch(backend->jobByTrigger(rows[index].target),
          [this, index, run, attempt](const QFuture<JobResult> &f) mutable {
              if (run != runId)
                  return;
              const std::optional<JobResult> found =
                  f.resultCount() > 0 ? std::optional<JobResult>(f.result()) : std::nullopt;
              attempt.finishedAt = clock->now();
              attempt.elapsedMs = now() - rows[index].attemptStartMs;
              bool retryable = false;
              if (found && found->ok()) {
                  attempt.outcome = Outcome::Triggered;
                  attempt.jobId = found->value.id;
                  attempt.status = found->value.status;
                  attempt.message = QStringLiteral("sync job confirmed after an unknown outcome (")
                                    + attempt.message + u')';
              } else if (found && found->error->outcome == Outcome::NotFound) {
                  // The server dedupes by trigger id, so sending it again cannot double-trigger.
                  attempt.message += QStringLiteral("; no job carries this trigger id yet");
                  retryable = true;
              } else {
                  attempt.message +=
                      QStringLiteral("; could not confirm it: ")
                      + (found ? found->error->message : QStringLiteral("no answer"));
              }
              conclude(index, attempt, retryable);
              pump();
              flush();
          });
}

void ResyncRunner::Private::conclude(int index, TriggerResult attempt, bool retryable)
{
    Row &row = rows[index];
    --inFlight;
    if (!dry) {
        // Committed before anyone hears of it: an attempt that was reported is on disk.
        if (audit && !audit->append(attempt, auditContext))
            qWarning("ResyncRunner: audit log write failed: %s", qPrintable(audit->lastError()));
        Q_EMIT q->attemptFinished(attempt);
    }
    qint64 serverDelay = -1;
    if (attempt.retryAfterMs)
        serverDelay = clampRetryAfter(*attempt.retryAfterMs, options.retryAfterCapMs);
    if (traits(attempt.outcome).batch == BatchEffect::Hold)
        hold(serverDelay >= 0 ? serverDelay : backoff.ceilingMs(row.attempts));

    const bool retry = retryable && row.attempts < options.maxAttempts && !cancelled && !stopped;
    if (retry) {
        row.last = attempt;
        // A rate-limited row goes again when the batch hold lifts; others wait their own
        // server-given delay (503 Retry-After) or a full-jitter backoff.
        qint64 delay = serverDelay >= 0 ? serverDelay : backoff.delayMs(row.attempts);
        if (traits(attempt.outcome).batch == BatchEffect::Hold)
            delay = qMax<qint64>(0, holdUntilMs - now());
        scheduleRetry(index, delay);
    } else {
        if (retryable && (cancelled || stopped))
            attempt.message +=
                cancelled ? QStringLiteral(" (retry cancelled)")
                          : QStringLiteral(" (not retried: the API key was rejected (401))");
        attempt.elapsedMs = now() - row.firstSentMs;
        finalize(index, attempt);
    }
    if (traits(attempt.outcome).batch == BatchEffect::Stop && !stopped) {
        stopped = true;
        abandonRemaining(QStringLiteral("stopped: the API key was rejected (401)"),
                         QStringLiteral("not retried: the API key was rejected (401)"));
    }
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

void ResyncRunner::Private::finalize(int index, TriggerResult result)
{
    Row &row = rows[index];
    if (row.state == RowState::Done)
        return;
    row.state = RowState::Done;
    result.finishedAt = clock->now();
    row.final = result;
    row.last.reset();
    ++done;
    ++counts[std::size_t(result.outcome)];
    if (result.attempts > 0) {
        completions.push_back(now());
        if (completions.size() > kEtaWindow)
            completions.pop_front();
    }
    pendingRows.push_back(result);
}

// Cancel and the 401 stop: nothing new starts; rows never sent become `cancelled`, rows
// waiting for a retry keep their last real outcome with a note. In-flight rows finish normally.
void ResyncRunner::Private::abandonRemaining(const QString &unsentMessage, const QString &retryNote)
{
    ready.clear();
    for (int index = 0; index < rows.size(); ++index) {
        Row &row = rows[index];
        if (row.state != RowState::Queued && row.state != RowState::Waiting)
            continue;
        TriggerResult result;
        if (row.last) {
            result = *row.last;
            result.message += QStringLiteral(" (") + retryNote + u')';
            result.elapsedMs = now() - row.firstSentMs;
        } else {
            result.target = row.target;
            result.outcome = Outcome::Cancelled;
            result.message = unsentMessage;
            result.attempts = 0;
        }
        finalize(index, result);
    }
}

void ResyncRunner::Private::flush()
{
    if (flushing)
        return;
    flushing = true;
    const quint64 run = runId;
    bool any = false;
    while (!pendingRows.empty() && run == runId) {
        const TriggerResult result = pendingRows.front();
        pendingRows.pop_front();
        any = true;
        Q_EMIT q->rowFinished(result);
    }
    flushing = false;
    if (run != runId)
        return;
    if (running && done == rows.size() && inFlight == 0) {
        running = false;
        endMs = now();
        Q_EMIT q->progressChanged(snapshot());
        Q_EMIT q->finished();
    } else if (any) {
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
