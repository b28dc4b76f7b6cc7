#include "backends/threadedbackend.h"

using namespace Qt::StringLiterals;

namespace feather {

ThreadedBackend::ThreadedBackend(QObject *object, Backend *backend)
    : m_thread(std::make_unique<QThread>())
    , m_object(object)
    , m_backend(backend)
{
    m_thread->setObjectName(u"feather-api"_s);
    m_object->moveToThread(m_thread.get());
    m_thread->start();
}

ThreadedBackend::~ThreadedBackend()
{
    QMetaObject::invokeMethod(
        m_object, [object = m_object] { delete object; }, Qt::BlockingQueuedConnection);
    m_thread->quit();
    m_thread->wait();
}

BackendInfo ThreadedBackend::info() const
{
    return m_backend->info();
}

QFuture<KnowledgeBasesResult> ThreadedBackend::listKnowledgeBases()
{
    return m_backend->listKnowledgeBases();
}

QFuture<SourcePage> ThreadedBackend::listSources(const SourceQuery &query)
{
    return m_backend->listSources(query);
}

QFuture<TriggerResult> ThreadedBackend::trigger(const TriggerTarget &target)
{
    return m_backend->trigger(target);
}

QFuture<TriggerResult> ThreadedBackend::preflight(const TriggerTarget &target)
{
    return m_backend->preflight(target);
}

QFuture<SyncStatusResult> ThreadedBackend::syncStatus(const QString &kbId, const QString &sourceId)
{
    return m_backend->syncStatus(kbId, sourceId);
}

QFuture<JobResult> ThreadedBackend::job(const QString &jobId)
{
    return m_backend->job(jobId);
}

QFuture<JobResult> ThreadedBackend::jobByTrigger(const TriggerTarget &target)
{
    return m_backend->jobByTrigger(target);
}

QFuture<FreshnessResult> ThreadedBackend::connectorFreshness()
{
    return m_backend->connectorFreshness();
}

QFuture<SourceResult> ThreadedBackend::updateSchedule(const QString &kbId, const QString &sourceId,
                                                      const ScheduleChange &change)
{
    return m_backend->updateSchedule(kbId, sourceId, change);
}

QFuture<JobHistoryResult> ThreadedBackend::sourceJobs(const JobHistoryQuery &query)
{
    return m_backend->sourceJobs(query);
}

QFuture<JobDocumentsResult> ThreadedBackend::jobDocuments(const QString &jobId)
{
    return m_backend->jobDocuments(jobId);
}

QFuture<JobLogsResult> ThreadedBackend::jobLogs(const QString &jobId)
{
    return m_backend->jobLogs(jobId);
}

QFuture<TriggerResult> ThreadedBackend::retryJob(const JobRetryTarget &target)
{
    return m_backend->retryJob(target);
}

} // namespace feather
