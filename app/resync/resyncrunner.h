#pragma once

#include "core/backend.h"
#include "core/types.h"

#include <QDateTime>
#include <QList>
#include <QObject>
#include <array>
#include <memory>

namespace feather {

class AttemptSink;
class Clock;

struct RunOptions {
    int concurrency = 4; // clamped to 1–64 (core/limits.h)
    int maxAttempts = 3; // trigger requests per target, first one included
    qint64 retryAfterCapMs = 120000;
    qint64 backoffBaseMs = 500;
    qint64 backoffCapMs = 30000;
    // An ambiguous answer whose lookup fails is looked up again, at most this many times in
    // all, waiting base·2^(n-1) (capped, equal jitter) in between; then it is left unknown.
    int maxLookups = 6;
    qint64 lookupBaseMs = 1000;
    qint64 lookupCapMs = 16000;
    QString profile;
};

struct RunProgress {
    int total = 0;
    int done = 0;
    int inFlight = 0;
    std::array<int, OutcomeCount> counts{}; // final results per outcome
    qint64 elapsedMs = 0;
    qint64 etaMs = -1; // -1 until there is a rate to go by
    bool paused = false;
    QString pauseReason;
    QDateTime resumeAt; // set while a 429 holds the batch
    QString stopReason; // why the run stopped early (401, audit log), empty otherwise
};

// The bulk resync engine shared by the console and featherctl (DESIGN.md "Outcomes",
// reliability.md §6, product-anchors.md §4). It lives on the caller's thread and never blocks
// it: requests go out through the Backend's futures, at most `concurrency` at a time.
//
// Per target: retry rate_limited / network_error with full-jitter backoff and the same trigger
// id, up to maxAttempts; honour Retry-After (clamped), and let a 429 hold the whole batch.
// An ambiguous answer (needsLookup: unknown_outcome, server_error) is looked up through
// Backend::jobByTrigger before anything else: a job found is the outcome, "no such job" allows
// a re-send, a failed lookup is repeated with backoff up to maxLookups and then left unknown —
// never a second trigger unless the lookup said NotFound. The first 401 stops the batch.
//
// Write-ahead audit (issue 13): with an AttemptSink, a real run first checks that it can write
// (start() refuses otherwise, sending nothing); every request is sent only after its intent
// record is durable, and its outcome record is durable before attemptFinished (the request's
// slot is free once the outcome is handed to the sink, so with a group-committing sink the next
// intents share that commit; the run finishes only when every record is durable). The first
// failed write stops the run: in-flight requests finish, the rest become `cancelled`, and
// `stopped` says why. Every target ends as exactly one rowFinished; every trigger request as
// exactly one attemptFinished.
class ResyncRunner final : public QObject {
    Q_OBJECT
public:
    ResyncRunner(Backend *backend, RunOptions options, QObject *parent = nullptr);
    ~ResyncRunner() override;
    Q_DISABLE_COPY_MOVE(ResyncRunner)

    void setClock(Clock *clock);
    void setRandomSeed(quint64 seed);
    // Where intents and outcomes go (not owned; null: nowhere, for tests of the engine alone).
    void setAttemptSink(AttemptSink *sink);

    // Dedupes (kb, source), assigns trigger ids where empty; invalid ids become `invalid` rows
    // without a request. False with a one-line reason, and nothing sent, when a run is going on
    // or the attempt sink cannot be written.
    bool start(const QList<TriggerTarget> &targets, QString *why = nullptr);
    // Backend::preflight for each target (same concurrency, no retries, no audit): what a run
    // would do. Writes nothing.
    void dryRun(const QList<TriggerTarget> &targets);
    void cancel();
    void pause();
    void resume();

    bool isRunning() const;
    QList<TriggerResult> results() const; // final results so far, in target order
    RunProgress progress() const;
    const RunOptions &options() const;

    // Targets worth re-running (isRetryCandidate), keeping their trigger ids so a lost
    // response can never turn into a second job.
    static QList<TriggerTarget> retryCandidates(const QList<TriggerResult> &finalResults);

Q_SIGNALS:
    void started(int total);
    void attemptFinished(const feather::TriggerResult &result);
    void rowFinished(const feather::TriggerResult &result);
    void progressChanged(const feather::RunProgress &progress);
    // The run stops early (the first 401, the first failed audit write): a one-line reason.
    // finished() follows once the requests in flight are done.
    void stopped(const QString &reason);
    void finished();

private:
    struct Private;
    std::unique_ptr<Private> d;
    friend struct Private;
};

} // namespace feather

Q_DECLARE_METATYPE(feather::RunProgress)
