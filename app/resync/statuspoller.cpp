#include "resync/statuspoller.h"

#include "resync/clock.h"

#include <QFutureWatcher>

namespace feather {

namespace {

constexpr double kBackoffFactor = 1.5;

bool sameStatus(const SyncStatus &a, const SyncStatus &b)
{
    return a.sourceStatus == b.sourceStatus && a.lastSyncJobId == b.lastSyncJobId
           && a.lastSyncStatus == b.lastSyncStatus && a.lastSyncStartedAt == b.lastSyncStartedAt
           && a.lastSyncCompletedAt == b.lastSyncCompletedAt && a.totalItems == b.totalItems
           && a.processedCount == b.processedCount && a.errorMessage == b.errorMessage;
}

bool sameJob(const SyncJob &a, const SyncJob &b)
{
    return a.id == b.id && a.status == b.status && a.totalDocuments == b.totalDocuments
           && a.completed == b.completed && a.failed == b.failed && a.progressPct == b.progressPct
           && a.errorMessage == b.errorMessage && a.completedAt == b.completedAt;
}

template <typename T, typename Fn>
void onFinished(QObject *context, const QFuture<T> &future, Fn fn)
{
    auto *watcher = new QFutureWatcher<T>(context);
    QObject::connect(watcher, &QFutureWatcherBase::finished, context,
                     [watcher, fn = std::move(fn)]() mutable {
                         const QFuture<T> f = watcher->future();
                         watcher->deleteLater();
                         fn(f.resultCount() > 0 ? std::optional<T>(f.result()) : std::nullopt);
                     });
    watcher->setFuture(future);
}

} // namespace

StatusPoller::StatusPoller(Backend *backend, QObject *parent)
    : QObject(parent)
    , m_backend(backend)
    , m_clock(Clock::system())
{}

StatusPoller::~StatusPoller() = default;

void StatusPoller::setClock(Clock *clock)
{
    m_clock = clock ? clock : Clock::system();
}

void StatusPoller::setInterval(qint64 ms)
{
    m_intervalMs = qMax<qint64>(1, ms);
    m_delayMs = m_intervalMs;
}

void StatusPoller::setMaxInterval(qint64 ms)
{
    m_maxIntervalMs = qMax<qint64>(1, ms);
}

void StatusPoller::setMaxInFlight(int n)
{
    m_maxInFlight = qMax(1, n);
}

void StatusPoller::watch(const QString &kbId, const QString &sourceId, const QString &jobId)
{
    Watched &w = m_watched[{kbId, sourceId}];
    if (!jobId.isEmpty())
        w.jobId = jobId;
    // Something new to watch: poll at the base interval again, not after a long backoff.
    m_delayMs = m_intervalMs;
    if (!m_roundActive && (m_nextDueMs < 0 || m_nextDueMs > m_clock->steadyMs() + m_delayMs))
        scheduleRound(m_delayMs);
}

void StatusPoller::unwatch(const QString &kbId, const QString &sourceId)
{
    m_watched.remove({kbId, sourceId});
}

void StatusPoller::clear()
{
    m_watched.clear();
}

bool StatusPoller::isWatching(const QString &kbId, const QString &sourceId) const
{
    return m_watched.contains({kbId, sourceId});
}

void StatusPoller::setPaused(bool paused)
{
    if (paused == m_paused)
        return;
    m_paused = paused;
    ++m_tickToken; // drops the pending round
    m_nextDueMs = -1;
    if (!paused) {
        m_delayMs = m_intervalMs;
        pollNow(); // coming back from minimised: show fresh state at once
    }
}

void StatusPoller::pollNow()
{
    if (m_paused || m_roundActive)
        return;
    ++m_tickToken;
    m_nextDueMs = -1;
    startRound();
}

void StatusPoller::scheduleRound(qint64 delayMs)
{
    if (m_paused || m_watched.isEmpty())
        return;
    const quint64 token = ++m_tickToken;
    m_nextDueMs = m_clock->steadyMs() + delayMs;
    m_clock->callAfter(delayMs, this, [this, token] {
        if (token != m_tickToken)
            return;
        m_nextDueMs = -1;
        startRound();
    });
}

void StatusPoller::startRound()
{
    if (m_paused || m_watched.isEmpty())
        return;
    m_roundActive = true;
    m_roundChanged = false;
    m_roundQueue.assign(m_watched.keyBegin(), m_watched.keyEnd());
    pollNext();
}

void StatusPoller::pollNext()
{
    while (m_roundInFlight < m_maxInFlight && !m_roundQueue.empty()) {
        const Key key = m_roundQueue.front();
        m_roundQueue.pop_front();
        if (!m_watched.contains(key))
            continue;
        ++m_roundInFlight;
        onFinished(this, m_backend->syncStatus(key.first, key.second),
                   [this, key](const std::optional<SyncStatusResult> &r) {
                       onStatus(key, r.value_or(SyncStatusResult::failure(
                                         Outcome::UnknownOutcome, QStringLiteral("no answer"))));
                   });
    }
    if (m_roundActive && m_roundInFlight == 0 && m_roundQueue.empty()) {
        m_roundActive = false;
        // Back off while nothing moves; a change snaps back to the base interval.
        m_delayMs = m_roundChanged ? m_intervalMs
                                   : qMin(qMax(m_maxIntervalMs, m_intervalMs),
                                          qint64(double(m_delayMs) * kBackoffFactor));
        scheduleRound(m_delayMs);
    }
}

void StatusPoller::onStatus(const Key &key, const SyncStatusResult &result)
{
    auto it = m_watched.find(key);
    if (it == m_watched.end()) {
        finishOne();
        return;
    }
    if (!result.ok()) {
        Q_EMIT pollFailed(key.first, key.second, *result.error);
        if (result.error->outcome == Outcome::NotFound)
            m_watched.remove(key); // deleted meanwhile: nothing left to watch
        finishOne();
        return;
    }
    const QString jobId = it->jobId.isEmpty() ? result.value.lastSyncJobId : it->jobId;
    if (jobId.isEmpty()) {
        settleOne(key, result.value, std::nullopt);
        finishOne();
        return;
    }
    const SyncStatus status = result.value;
    onFinished(this, m_backend->job(jobId),
               [this, key, status](const std::optional<JobResult> &r) { onJob(key, status, r); });
}

void StatusPoller::onJob(const Key &key, const SyncStatus &status,
                         const std::optional<JobResult> &result)
{
    if (m_watched.contains(key))
        settleOne(key, status,
                  result && result->ok() ? std::optional<SyncJob>(result->value) : std::nullopt);
    finishOne();
}

void StatusPoller::settleOne(const Key &key, const SyncStatus &status,
                             const std::optional<SyncJob> &job)
{
    Watched &w = m_watched[key];
    const bool changed =
        !w.status || !sameStatus(*w.status, status) || (job && (!w.job || !sameJob(*w.job, *job)));
    w.status = status;
    if (job)
        w.job = job;
    if (changed) {
        m_roundChanged = true;
        Q_EMIT sourceChanged(status);
    }
    // Everything on the list was syncing or just started, so "not syncing" is the end of it.
    if (status.sourceStatus != QLatin1String("syncing")) {
        const SyncJob finishedJob = w.job.value_or(SyncJob{});
        m_watched.remove(key);
        m_roundChanged = true;
        Q_EMIT syncFinished(key.first, key.second, status, finishedJob);
    }
}

void StatusPoller::finishOne()
{
    --m_roundInFlight;
    pollNext();
}

} // namespace feather
