#pragma once

#include "core/backend.h"
#include "core/types.h"

#include <QMap>
#include <QObject>
#include <QPair>
#include <deque>
#include <optional>

namespace feather {

class Clock;

// Live refresh of sources that are syncing or were just triggered (product-anchors.md §4.10):
// only watched sources are polled (syncStatus, plus job when a job id is known); the interval
// backs off ×1.5 up to 60 s while nothing changes and snaps back when something does; the GUI
// pauses it while minimised. A source leaves the watch list once it is seen not syncing.
class StatusPoller final : public QObject {
    Q_OBJECT
public:
    explicit StatusPoller(Backend *backend, QObject *parent = nullptr);
    ~StatusPoller() override;
    Q_DISABLE_COPY_MOVE(StatusPoller)

    void setClock(Clock *clock);
    void setInterval(qint64 ms); // base interval, default 5000
    qint64 interval() const { return m_intervalMs; }
    void setMaxInterval(qint64 ms); // backoff ceiling, default 60000
    qint64 currentDelayMs() const { return m_delayMs; }
    // Requests in flight at once during a round, default 8 (it shares the server's rate budget).
    void setMaxInFlight(int n);

    // Watches (kb, source) — syncing or just started. A known job id is polled as well.
    void watch(const QString &kbId, const QString &sourceId, const QString &jobId = {});
    void unwatch(const QString &kbId, const QString &sourceId);
    void clear();
    bool isWatching(const QString &kbId, const QString &sourceId) const;
    int watchedCount() const { return int(m_watched.size()); }

    void setPaused(bool paused); // resuming polls at once
    bool isPaused() const { return m_paused; }
    void pollNow(); // starts a round now unless one is running

Q_SIGNALS:
    void sourceChanged(const feather::SyncStatus &status);
    void syncFinished(const QString &kbId, const QString &sourceId,
                      const feather::SyncStatus &status, const feather::SyncJob &job);
    void pollFailed(const QString &kbId, const QString &sourceId, const feather::Error &error);

private:
    using Key = QPair<QString, QString>;
    struct Watched {
        QString jobId;
        std::optional<SyncStatus> status;
        std::optional<SyncJob> job;
    };

    void scheduleRound(qint64 delayMs);
    void startRound();
    void pollNext();
    void onStatus(const Key &key, const SyncStatusResult &result);
    void onJob(const Key &key, const SyncStatus &status, const std::optional<JobResult> &result);
    void settleOne(const Key &key, const SyncStatus &status, const std::optional<SyncJob> &job);
    void finishOne();

    Backend *m_backend;
    Clock *m_clock;
    qint64 m_intervalMs = 5000;
    qint64 m_maxIntervalMs = 60000;
    qint64 m_delayMs = 5000;
    qint64 m_nextDueMs = -1;
    int m_maxInFlight = 8;
    bool m_paused = false;
    quint64 m_tickToken = 0;
    QMap<Key, Watched> m_watched;
    bool m_roundActive = false;
    bool m_roundChanged = false;
    int m_roundInFlight = 0;
    std::deque<Key> m_roundQueue;
};

} // namespace feather
