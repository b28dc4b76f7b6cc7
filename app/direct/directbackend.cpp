#include "direct/directbackend.h"

#include "direct/directstore.h"

#include <QPromise>
#include <QThread>
#include <QUuid>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <vector>

using namespace Qt::StringLiterals;

namespace feather {

namespace {

constexpr int kSourcePageSize = 500;

// One worker thread and its DirectStore, which is created, used and destroyed on that thread
// (Qt SQL: a connection is used only by the thread that made it, and removeDatabase runs there
// too). Calls wait in a queue guarded by a mutex and run one at a time, in order. No Qt event
// loop: a call costs one futex wake-up, not a posted event, a glib wake-up write and a poll.
class Worker final : public QThread {
public:
    using Call = std::function<void(DirectStore &)>;

    Worker(DbConfig config, QString connectionName)
        : m_config(std::move(config))
        , m_connectionName(std::move(connectionName))
    {}
    Q_DISABLE_COPY_MOVE(Worker)

    void post(Call call)
    {
        {
            const std::lock_guard lock(m_mutex);
            m_calls.push_back(std::move(call));
        }
        m_wake.notify_one();
    }
    // Calls already posted still run; then the store closes and the thread ends.
    void stop()
    {
        {
            const std::lock_guard lock(m_mutex);
            m_stopping = true;
        }
        m_wake.notify_one();
    }

    std::atomic<int> pending{0};

protected:
    void run() override
    {
        std::unique_ptr<DirectStore> store; // opened by the first call that needs it
        std::deque<Call> batch;
        for (;;) {
            {
                std::unique_lock lock(m_mutex);
                m_wake.wait(lock, [this] { return m_stopping || !m_calls.empty(); });
                if (m_calls.empty())
                    break; // stopping, and nothing left to run
                batch.swap(m_calls);
            }
            for (Call &call : batch) {
                if (!store)
                    store = std::make_unique<DirectStore>(m_config, m_connectionName);
                call(*store);
            }
            batch.clear();
        }
        store.reset();
    }

private:
    DbConfig m_config;
    QString m_connectionName;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<Call> m_calls;
    bool m_stopping = false;
};

} // namespace

struct DirectBackend::Private {
    DbConfig config;
    QString triggeredBy;
    std::vector<std::unique_ptr<Worker>> workers;
    std::atomic<unsigned> next{0};

    // The least busy worker; ties go round-robin so idle workers share the load.
    Worker *pick()
    {
        const unsigned start = next.fetch_add(1, std::memory_order_relaxed);
        Worker *best = nullptr;
        for (std::size_t i = 0; i < workers.size(); ++i) {
            Worker *w = workers[(start + i) % workers.size()].get();
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
        w->post([w, promise = std::move(promise), fn = std::move(fn)](DirectStore &store) mutable {
            if (!promise->isCanceled())
                fn(store, *promise);
            promise->finish();
            w->pending.fetch_sub(1);
        });
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
        auto worker = std::make_unique<Worker>(d->config, base + u'-' + QString::number(i));
        worker->setObjectName(u"feather-direct-%1"_s.arg(i));
        worker->start();
        d->workers.push_back(std::move(worker));
    }
}

DirectBackend::~DirectBackend()
{
    // Every call already posted still finishes; then each store (and its connection) is
    // closed on its own thread and the thread ends.
    for (const auto &w : d->workers)
        w->stop();
    for (const auto &w : d->workers)
        w->wait();
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
