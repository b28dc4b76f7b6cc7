#pragma once

#include "core/backend.h"
#include "direct/dbconfig.h"

#include <QObject>
#include <memory>

namespace feather {

// Backend over DirectStore. Owns `workers` threads, each with its own DirectStore (and so its
// own named connection); calls are spread over them, so up to `workers` triggers run at once
// and the caller's thread never waits on SQL.
class DirectBackend final : public QObject, public Backend {
    Q_OBJECT
public:
    DirectBackend(DbConfig config, int workers, QString triggeredBy, QObject *parent = nullptr);
    ~DirectBackend() override;
    Q_DISABLE_COPY_MOVE(DirectBackend)

    BackendInfo info() const override;
    QFuture<KnowledgeBasesResult> listKnowledgeBases() override;
    QFuture<SourcePage> listSources(const SourceQuery &query) override;
    QFuture<TriggerResult> trigger(const TriggerTarget &target) override;
    QFuture<TriggerResult> preflight(const TriggerTarget &target) override;
    QFuture<SyncStatusResult> syncStatus(const QString &kbId, const QString &sourceId) override;
    QFuture<JobResult> job(const QString &jobId) override;
    QFuture<JobResult> jobByTrigger(const TriggerTarget &target) override;
    // The freshness rows from each source's last job (DirectStore::freshness), staleness by
    // this program's clock, which is also the clock direct mode stamps jobs with.
    QFuture<FreshnessResult> connectorFreshness() override;
    QFuture<SourceResult> updateSchedule(const QString &kbId, const QString &sourceId,
                                         const ScheduleChange &change) override;
    QFuture<JobHistoryResult> sourceJobs(const JobHistoryQuery &query) override;
    QFuture<JobDocumentsResult> jobDocuments(const QString &jobId) override;
    QFuture<JobLogsResult> jobLogs(const QString &jobId) override;
    QFuture<TriggerResult> retryJob(const JobRetryTarget &target) override;
    // Zero: direct mode stamps times with the writing program's clock, the same kind as ours.
    ServerSkew serverSkew() const override { return {0, 0}; }

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace feather
