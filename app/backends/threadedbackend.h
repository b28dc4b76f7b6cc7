#pragma once

#include "core/backend.h"

#include <QObject>
#include <QThread>
#include <memory>

namespace feather {

// A Backend QObject on a thread of its own, behind the plain Backend interface. The inner
// backend forwards every call to its thread and fulfils the futures there (ApiBackend does);
// callers continue on their own thread through watchers or `then(context, …)`. Destroying
// this ends the inner backend on its thread, then the thread.
class ThreadedBackend final : public Backend {
public:
    template <typename T>
    explicit ThreadedBackend(std::unique_ptr<T> inner)
        : ThreadedBackend(inner.get(), inner.get())
    {
        inner.release();
    }
    ~ThreadedBackend() override;
    ThreadedBackend(const ThreadedBackend &) = delete;
    ThreadedBackend &operator=(const ThreadedBackend &) = delete;

    QThread *thread() const { return m_thread.get(); }

    BackendInfo info() const override;
    QFuture<KnowledgeBasesResult> listKnowledgeBases() override;
    QFuture<SourcePage> listSources(const SourceQuery &query) override;
    QFuture<TriggerResult> trigger(const TriggerTarget &target) override;
    QFuture<TriggerResult> preflight(const TriggerTarget &target) override;
    QFuture<SyncStatusResult> syncStatus(const QString &kbId, const QString &sourceId) override;
    QFuture<JobResult> job(const QString &jobId) override;
    QFuture<JobResult> jobByTrigger(const TriggerTarget &target) override;
    QFuture<FreshnessResult> connectorFreshness() override;
    QFuture<SourceResult> updateSchedule(const QString &kbId, const QString &sourceId,
                                         const ScheduleChange &change) override;
    QFuture<JobHistoryResult> sourceJobs(const JobHistoryQuery &query) override;
    QFuture<JobDocumentsResult> jobDocuments(const QString &jobId) override;
    QFuture<JobLogsResult> jobLogs(const QString &jobId) override;
    QFuture<TriggerResult> retryJob(const JobRetryTarget &target) override;
    ServerSkew serverSkew() const override { return m_backend->serverSkew(); }

private:
    ThreadedBackend(QObject *object, Backend *backend);

    std::unique_ptr<QThread> m_thread;
    QObject *m_object;  // owned; deleted on m_thread
    Backend *m_backend; // the same object
};

} // namespace feather
