#include "direct/directbackend.h"

#include "direct/directstore.h"

#include <QPromise>
#include <QThread>
#include <QUuid>
#include <atomic>
#include <vector>

using namespace Qt::StringLiterals;

namespace feather {

namespace {

constexpr int kSourcePageSize = 500;

// Lives in its worker thread; so does its DirectStore, which is created and destroyed there
// (Qt SQL: a connection is used only by the thread that made it, and removeDatabase runs
// there too). Calls arrive as queued functors and run one at a time.
class Worker final : public QObject {
public:
    Worker(DbConfig config, QString connectionName)
        : m_config(std::move(config))
        , m_connectionName(std::move(connectionName))
    {}
    Q_DISABLE_COPY_MOVE(Worker)

    DirectStore &store()
    {
        Q_ASSERT(QThread::currentThread() == thread());
        if (!m_store)
            m_store = std::make_unique<DirectStore>(m_config, m_connectionName);
        return *m_store;
    }
    void closeStore() { m_store.reset(); }

    std::atomic<int> pending{0};

private:
    DbConfig m_config;
    QString m_connectionName;
    std::unique_ptr<DirectStore> m_store;
};

} // namespace

struct DirectBackend::Private {
    DbConfig config;
    QString triggeredBy;
    std::vector<QThread *> threads;
    std::vector<Worker *> workers;
    std::atomic<unsigned> next{0};

    // The least busy worker; ties go round-robin so idle workers share the load.
    Worker *pick()
    {
        const unsigned start = next.fetch_add(1, std::memory_order_relaxed);
        Worker *best = nullptr;
        for (std::size_t i = 0; i < workers.size(); ++i) {
            Worker *w = workers[(start + i) % workers.size()];
            if (!best || w->pending.load() < best->pending.load())
                best = w;
        }
        return best;
    }

    // Runs fn(store, promise) on a worker; the caller gets the future at once.
    template <typename T, typename Fn>
    QFuture<T> dispatch(Fn fn)
    {
        auto promise = std::make_shared<QPromise<T>>();
        QFuture<T> future = promise->future();
        promise->start();
        Worker *w = pick();
        w->pending.fetch_add(1);
        QMetaObject::invokeMethod(
            w,
            [w, promise, fn]() mutable {
                if (!promise->isCanceled())
                    fn(w->store(), *promise);
                promise->finish();
                w->pending.fetch_sub(1);
            },
            Qt::QueuedConnection);
        return future;
    }

    // The common case: one call, one result.
    template <typename T, typename Call>
    QFuture<T> call(Call c)
    {
        return dispatch<T>(
            [c](DirectStore &store, QPromise<T> &promise) mutable { promise.addResult(c(store)); });
    }
};

DirectBackend::DirectBackend(DbConfig config, int workers, QString triggeredBy, QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>())
{
    d->config = std::move(config);
    d->triggeredBy = std::move(triggeredBy);
    const QString base = u"feather-direct-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces);
    const int count = qMax(1, workers);
    for (int i = 0; i < count; ++i) {
        auto *thread = new QThread;
        thread->setObjectName(u"feather-direct-%1"_s.arg(i));
        auto *worker = new Worker(d->config, base + u'-' + QString::number(i));
        worker->moveToThread(thread);
        thread->start();
        d->threads.push_back(thread);
        d->workers.push_back(worker);
    }
}

DirectBackend::~DirectBackend()
{
    // Queued behind every call already posted, so those still finish; then the store (and its
    // connection) is closed on its own thread and the thread's event loop ends.
    for (Worker *w : d->workers) {
        QMetaObject::invokeMethod(
            w,
            [w] {
                w->closeStore();
                QThread::currentThread()->quit();
            },
            Qt::QueuedConnection);
    }
    for (std::size_t i = 0; i < d->threads.size(); ++i) {
        d->threads[i]->wait();
        delete d->workers[i];
        delete d->threads[i];
    }
}

BackendInfo DirectBackend::info() const
{
    return {BackendMode::Direct, d->config.displayTarget()};
}

QFuture<KnowledgeBasesResult> DirectBackend::listKnowledgeBases()
{
    return d->call<KnowledgeBasesResult>([](DirectStore &s) { return s.listKnowledgeBases(); });
}

QFuture<SourcePage> DirectBackend::listSources(const SourceQuery &query)
{
    // One forward-only query; every kSourcePageSize rows become a result as soon as they are
    // read, so a table (or featherctl) shows them while later rows are still coming.
    return d->dispatch<SourcePage>([query](DirectStore &s, QPromise<SourcePage> &promise) {
        bool delivered = false;
        const Result<qint64> done =
            s.streamSources(query, kSourcePageSize, [&](QList<Source> &&page) {
                delivered = true;
                promise.addResult(SourcePage::success(std::move(page)));
                return !promise.isCanceled();
            });
        if (!done.ok())
            promise.addResult(SourcePage::failure(done.error->outcome, done.error->message));
        else if (!delivered)
            promise.addResult(SourcePage::success({}));
    });
}

QFuture<TriggerResult> DirectBackend::trigger(const TriggerTarget &target)
{
    return d->call<TriggerResult>(
        [target, by = d->triggeredBy](DirectStore &s) { return s.trigger(target, by); });
}

QFuture<TriggerResult> DirectBackend::preflight(const TriggerTarget &target)
{
    return d->call<TriggerResult>([target](DirectStore &s) { return s.preflight(target); });
}

QFuture<SyncStatusResult> DirectBackend::syncStatus(const QString &kbId, const QString &sourceId)
{
    return d->call<SyncStatusResult>(
        [kbId, sourceId](DirectStore &s) { return s.syncStatus(kbId, sourceId); });
}

QFuture<JobResult> DirectBackend::job(const QString &jobId)
{
    return d->call<JobResult>([jobId](DirectStore &s) { return s.job(jobId); });
}

QFuture<JobResult> DirectBackend::jobByTrigger(const TriggerTarget &target)
{
    // Direct mode can answer exactly: ingestion_jobs.trigger_id is unique, and the lookup
    // waits for a transaction still holding the source (a COMMIT whose answer was lost).
    return d->call<JobResult>([target](DirectStore &s) { return s.jobForTrigger(target); });
}

QFuture<FreshnessResult> DirectBackend::connectorFreshness()
{
    return d->call<FreshnessResult>([](DirectStore &s) {
        const Result<QList<DirectStore::FreshnessRow>> rows = s.freshness({});
        if (!rows.ok())
            return FreshnessResult{{}, rows.error};
        const QDateTime now = QDateTime::currentDateTimeUtc();
        QList<ConnectorFreshness> out;
        out.reserve(rows.value.size());
        for (const DirectStore::FreshnessRow &row : rows.value) {
            const SyncJob &j = row.job;
            ConnectorFreshness f;
            f.sourceId = row.sourceId;
            f.knowledgeBaseId = row.kbId;
            f.provider = row.provider;
            f.lastStatus = j.status;
            f.lastEventType = j.status;
            f.itemsSucceeded = j.completed;
            f.itemsFailed = j.failed;
            f.itemsProcessed = j.completed + j.failed;
            f.lastEventAt = j.completedAt.isValid() ? j.completedAt
                            : j.startedAt.isValid() ? j.startedAt
                                                    : j.createdAt;
            f.secondsSinceLastEvent =
                f.lastEventAt.isValid() ? qMax<qint64>(0, f.lastEventAt.secsTo(now)) : 0;
            f.lastSyncStartedAt = j.startedAt;
            f.lastSyncCompletedAt = j.completedAt;
            if (j.startedAt.isValid() && j.completedAt.isValid())
                f.lastDurationMs = double(j.startedAt.msecsTo(j.completedAt));
            f.lastErrorMessage = j.errorMessage;
            out.append(f);
        }
        return FreshnessResult::success(out);
    });
}

QFuture<SourceResult> DirectBackend::updateSchedule(const QString &kbId, const QString &sourceId,
                                                    const ScheduleChange &change)
{
    return d->call<SourceResult>([kbId, sourceId, change](DirectStore &s) {
        return s.updateSchedule(kbId, sourceId, change);
    });
}

} // namespace feather

namespace feather {

namespace {

// The schema has ingestion_jobs but no job items, documents or task logs.
QString needsApiMode(const QString &what)
{
    return u"%1 needs API mode: the database has no per-document job records"_s.arg(what);
}

} // namespace

QFuture<JobHistoryResult> DirectBackend::sourceJobs(const JobHistoryQuery &query)
{
    return d->call<JobHistoryResult>([query](DirectStore &s) {
        const Result<QList<SyncJob>> rows = s.sourceJobs(query.kbId, query.sourceId, query.limit);
        if (!rows.ok())
            return JobHistoryResult{{}, rows.error};
        JobHistory history;
        history.scannedJobs = int(rows.value.size());
        for (const SyncJob &j : rows.value) {
            JobHistoryEntry e;
            e.job = j;
            e.processedCount = j.completed + j.failed;
            e.failedDocuments = j.failed;
            e.match = JobMatch::Exact;
            e.matchReason = u"knowledge_base_source_id"_s;
            history.jobs.append(e);
        }
        return JobHistoryResult::success(history);
    });
}

QFuture<JobDocumentsResult> DirectBackend::jobDocuments(const QString &)
{
    return QtFuture::makeReadyFuture(
        JobDocumentsResult::failure(Outcome::Invalid, needsApiMode(u"a job's documents"_s)));
}

QFuture<JobLogsResult> DirectBackend::jobLogs(const QString &)
{
    return QtFuture::makeReadyFuture(
        JobLogsResult::failure(Outcome::Invalid, needsApiMode(u"a job's logs"_s)));
}

QFuture<TriggerResult> DirectBackend::retryJob(const JobRetryTarget &target)
{
    TriggerResult r;
    r.target.kbId = target.kbId;
    r.target.sourceId = target.sourceId;
    r.jobId = target.jobId;
    r.outcome = Outcome::Invalid;
    r.message = needsApiMode(u"retrying a job's failed items"_s);
    r.attempts = 0;
    r.finishedAt = QDateTime::currentDateTimeUtc();
    return QtFuture::makeReadyFuture(r);
}

} // namespace feather
