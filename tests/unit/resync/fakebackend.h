#pragma once

#include "core/backend.h"
#include "resync/clock.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <functional>
#include <optional>

namespace feather::test {

// A scripted Backend for the engine's unit tests (DESIGN.md allows a fake for the Backend
// interface). Every answer arrives after a delay on the injected (manual) clock, like a real
// request; it records every call with its time, counts concurrency, and — like the server —
// dedupes triggers by trigger id, so a re-sent trigger id returns the job it already created.
class FakeBackend final : public QObject, public Backend {
    Q_OBJECT
public:
    struct Step {
        Outcome outcome = Outcome::Triggered;
        int httpStatus = 0;
        QString message;
        std::optional<qint64> retryAfterMs;
        qint64 delayMs = -1;  // -1: the backend's default delay
        bool applied = false; // unknown_outcome / server_error: the job was created nonetheless
    };
    // ByJobs: the job of the trigger id, or NotFound; Fails: network error; CannotTell: the
    // backend answers unknown_outcome (it sees a job it cannot attribute).
    enum class Lookup { ByJobs, Fails, CannotTell };
    struct Call {
        QString kind; // trigger | preflight | jobByTrigger | syncStatus | job
        TriggerTarget target;
        QString id; // job id for job()
        qint64 atMs = 0;
    };

    explicit FakeBackend(Clock *clock, QObject *parent = nullptr);

    // Attempt n on `sourceId` answers steps[n-1]; past the end the last step repeats.
    // Unscripted sources are triggered.
    void script(const QString &sourceId, const QList<Step> &steps);
    void setDefaultDelay(qint64 ms) { m_defaultDelayMs = ms; }
    void setLookup(const QString &sourceId, Lookup lookup) { m_lookup[sourceId] = lookup; }
    // The first `n` lookups of `sourceId` fail (network error), later ones answer by the jobs.
    void setLookupFailures(const QString &sourceId, int n) { m_lookupFailures[sourceId] = n; }
    // Called when a trigger "reaches the server", before it is answered (write-ahead checks).
    void setOnTrigger(std::function<void(const TriggerTarget &)> fn)
    {
        m_onTrigger = std::move(fn);
    }
    void setPreflight(const QString &sourceId, Outcome outcome) { m_preflight[sourceId] = outcome; }
    void setInfoTarget(const QString &target) { m_infoTarget = target; }

    // Status poller support: what syncStatus / job answer right now.
    void setStatus(const SyncStatus &status) { m_status[status.sourceId] = status; }
    void setJob(const SyncJob &job) { m_jobs[job.id] = job; }

    QList<Call> calls(const QString &kind = {}) const;
    int triggerCount(const QString &sourceId) const;
    int maxInFlight() const { return m_maxInFlight; }
    int inFlight() const { return m_inFlight; }
    int jobsCreated() const { return int(m_jobByTrigger.size()); }

    BackendInfo info() const override;
    QFuture<KnowledgeBasesResult> listKnowledgeBases() override;
    QFuture<SourcePage> listSources(const SourceQuery &query) override;
    QFuture<TriggerResult> trigger(const TriggerTarget &target) override;
    QFuture<TriggerResult> preflight(const TriggerTarget &target) override;
    QFuture<SyncStatusResult> syncStatus(const QString &kbId, const QString &sourceId) override;
    QFuture<JobResult> job(const QString &jobId) override;
    QFuture<JobResult> jobByTrigger(const TriggerTarget &target) override;
    QFuture<FreshnessResult> connectorFreshness() override
    {
        return QtFuture::makeReadyFuture(FreshnessResult::success({}));
    }
    QFuture<SourceResult> updateSchedule(const QString &kbId, const QString &sourceId,
                                         const ScheduleChange &change) override;
    QFuture<JobHistoryResult> sourceJobs(const JobHistoryQuery &query) override;
    QFuture<JobDocumentsResult> jobDocuments(const QString &jobId) override;
    QFuture<JobLogsResult> jobLogs(const QString &jobId) override;
    QFuture<TriggerResult> retryJob(const JobRetryTarget &target) override;

private:
    template <typename T>
    QFuture<T> later(qint64 delayMs, std::function<T()> answer);
    void record(const QString &kind, const TriggerTarget &target, const QString &id = {});

    Clock *m_clock;
    qint64 m_defaultDelayMs = 100;
    QString m_infoTarget = QStringLiteral("https://api.example.test");
    QHash<QString, QList<Step>> m_scripts;
    QHash<QString, int> m_attempts;
    QHash<QString, Lookup> m_lookup;
    QHash<QString, int> m_lookupFailures;
    std::function<void(const TriggerTarget &)> m_onTrigger;
    QHash<QString, Outcome> m_preflight;
    QHash<QString, QString> m_jobByTrigger; // trigger id → job id
    QHash<QString, SyncStatus> m_status;
    QHash<QString, SyncJob> m_jobs;
    QList<Call> m_calls;
    int m_inFlight = 0;
    int m_maxInFlight = 0;
};

// n distinct, valid targets (kb and source ids are fixed per index, trigger ids empty).
QList<TriggerTarget> makeTargets(int n, int kbs = 3);
QString sourceIdFor(int index);

} // namespace feather::test
