#pragma once

// ResyncRunner's insides, shared by resyncrunner.cpp (the run: queue, pump, signals, cancel)
// and runnerattempt.cpp (one request: intent, send, lookup, outcome, retry).

#include "resync/attemptsink.h"
#include "resync/clock.h"
#include "resync/resyncrunner.h"
#include "resync/retrypolicy.h"

#include <QFutureWatcher>
#include <QSet>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace feather {

enum class RowState {
    Queued,       // waiting in `ready` for a slot
    Intent,       // slot taken, intent record handed to the sink, not sent yet
    InFlight,     // trigger request sent
    LookingUp,    // jobByTrigger for an ambiguous answer in flight
    LookupWait,   // a lookup failed; the next one is due later (no slot held)
    LookupQueued, // the next lookup is due, waiting in `lookupsReady` for a slot
    Recording,    // outcome record handed to the sink
    Waiting,      // a retry is due later (no slot held)
    Done,
};

struct Row {
    TriggerTarget target;
    RowState state = RowState::Queued;
    bool slot = false; // counts in `inFlight`
    int attempts = 0;
    int lookups = 0;
    QString attemptId; // of the latest request
    qint64 firstSentMs = -1;
    qint64 attemptStartMs = 0;
    quint64 wakeToken = 0;                // matches the one pending timer
    std::optional<TriggerResult> pending; // an ambiguous answer being looked up
    std::optional<TriggerResult> last;    // the latest attempt while waiting to retry
    std::optional<TriggerResult> final;
};

struct ResyncRunner::Private {
    // Signals leave only from flush(), in order, after the state is consistent, so a slot that
    // calls cancel() or pause() re-enters a runner that is never half-updated.
    enum class EventKind { Attempt, Row, Stopped };
    struct Event {
        EventKind kind;
        TriggerResult result;
        QString reason;
        quint64 awaits = 0; // an outcome record that must be acknowledged first (0: none)
    };

    ResyncRunner *q;
    Backend *backend;
    RunOptions options;
    Clock *clock = Clock::system();
    BackoffPolicy backoff;
    BackoffPolicy lookupBackoff;
    AttemptSink *sink = nullptr;

    quint64 runId = 0; // stale timers and callbacks from an earlier run check this
    bool dry = false;
    bool running = false;
    bool userPaused = false;
    bool cancelled = false;
    std::optional<QString> stopReason;
    QString stopUnsent;      // the message of rows the stop kept from being sent
    QString stopRetryNote;   // the note on rows the stop kept from being retried
    qint64 holdUntilMs = -1; // a 429 holds every new send until then (steady clock)
    QDateTime holdUntil;
    QList<Row> rows;
    std::deque<int> ready;
    std::deque<int> lookupsReady;
    int inFlight = 0;
    int done = 0;
    std::array<int, OutcomeCount> counts{};
    qint64 startMs = 0;
    qint64 endMs = -1;
    std::deque<qint64> completions;
    std::deque<Event> events;
    bool flushing = false;
    bool pumping = false;
    int writing = 0; // inside sink->write(): its callback must not pump or flush
    // Outcome records handed to the sink and not yet acknowledged (group commit): the row's
    // slot is already free, its signals wait in `events` until the record is durable.
    quint64 outcomeSeq = 0;
    QSet<quint64> unacked;
    quint64 barrier = 0; // set while conclude() runs for an outcome not yet acknowledged

    Private(ResyncRunner *owner, Backend *b, RunOptions o);

    qint64 now() const { return clock->steadyMs(); }
    bool holding() const { return holdUntilMs >= 0 && now() < holdUntilMs; }
    bool halted() const { return cancelled || stopReason.has_value(); }
    void take(Row &row);
    void release(Row &row);

    // A trigger's future is watched by a QFutureWatcher kept for reuse (at most one per
    // slot): a watcher made, connected and deleted per request was a tenth of featherctl's
    // main thread in a bulk run.
    struct TriggerWatch {
        QFutureWatcher<TriggerResult> watcher;
        std::function<void(const QFuture<TriggerResult> &)> then;
    };
    std::vector<std::unique_ptr<TriggerWatch>> triggerWatches;
    std::vector<TriggerWatch *> idleTriggerWatches;
    void watchTrigger(const QFuture<TriggerResult> &future,
                      std::function<void(const QFuture<TriggerResult> &)> then);

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

    // resyncrunner.cpp
    void begin(const QList<TriggerTarget> &targets, bool dryRun);
    void pump();
    void finalize(int index, TriggerResult result);
    // A row that will not be sent (again): its last answer with `note` appended, or, never
    // sent, `cancelled` with `unsentMessage`.
    TriggerResult notSentAgain(const Row &row, const QString &note,
                               const QString &unsentMessage) const;
    void stop(const QString &reason, const QString &unsentMessage, const QString &retryNote);
    void abandonRemaining(const QString &unsentMessage, const QString &retryNote);
    void emitLater(EventKind kind, const TriggerResult &result, const QString &reason = {});
    void flush();
    RunProgress snapshot() const;

    // runnerattempt.cpp
    void send(int index);
    void onIntent(int index, const QString &error);
    void dispatch(int index);
    void onAttempt(int index, const QFuture<TriggerResult> &future);
    void lookup(int index);
    void onLookup(int index, const std::optional<JobResult> &found);
    void record(int index, TriggerResult attempt, bool retryable);
    void conclude(int index, TriggerResult attempt, bool retryable);
    void settleUnsent(int index, const QString &why, bool writeRow);
    void hold(qint64 delayMs);
    void scheduleRetry(int index, qint64 delayMs);
    void scheduleLookup(int index, qint64 delayMs);
    void writeRecord(const AttemptRecord &record, std::function<void(const QString &)> then);
    void auditFailed(const QString &error);
};

} // namespace feather
