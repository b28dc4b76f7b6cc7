#pragma once

#include "config/auditlog.h"
#include "core/backend.h"
#include "core/types.h"

#include <QDateTime>
#include <QList>
#include <QObject>
#include <array>
#include <memory>

namespace feather {

class Clock;

struct RunOptions {
    int concurrency = 4; // clamped to 1–64
    int maxAttempts = 3; // trigger requests per target, first one included
    qint64 retryAfterCapMs = 120000;
    qint64 backoffBaseMs = 500;
    qint64 backoffCapMs = 30000;
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
};

// The bulk resync engine shared by the console and featherctl (DESIGN.md "Outcomes",
// reliability.md §6, product-anchors.md §4). It lives on the caller's thread and never blocks
// it: requests go out through the Backend's futures, at most `concurrency` at a time.
//
// Per target: retry rate_limited / server_error / network_error with full-jitter backoff and
// the same trigger id, up to maxAttempts; honour Retry-After (clamped), and let a 429 hold the
// whole batch; reconcile unknown_outcome through Backend::jobByTrigger before anything else;
// the first 401 stops the batch. Every target ends as exactly one rowFinished; every trigger
// request as exactly one attemptFinished (after the audit row is committed).
class ResyncRunner final : public QObject {
    Q_OBJECT
public:
    ResyncRunner(Backend *backend, RunOptions options, QObject *parent = nullptr);
    ~ResyncRunner() override;
    Q_DISABLE_COPY_MOVE(ResyncRunner)

    void setClock(Clock *clock);
    void setRandomSeed(quint64 seed);
    void setAuditLog(AuditLog *log, AuditContext context);

    // Dedupes (kb, source), assigns trigger ids where empty; invalid ids become `invalid` rows
    // without a request. Ignored while a run is going on.
    void start(const QList<TriggerTarget> &targets);
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
    void finished();

private:
    struct Private;
    std::unique_ptr<Private> d;
    friend struct Private;
};

} // namespace feather

Q_DECLARE_METATYPE(feather::RunProgress)
