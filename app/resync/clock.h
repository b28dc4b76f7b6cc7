#pragma once

#include <QDateTime>
#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <functional>
#include <map>

namespace feather {

// Time and single-shot timers for the resync engine and the status poller. Injected so that
// tests drive backoff, Retry-After pauses and poll intervals with a ManualClock instead of
// sleeping. All methods are used on the owner's thread only.
class Clock {
public:
    virtual ~Clock() = default;

    // Wall-clock time in UTC: Retry-After dates, resumeAt, finishedAt.
    virtual QDateTime now() const = 0;
    // Monotonic milliseconds from an arbitrary origin: durations, ETA, due times.
    virtual qint64 steadyMs() const = 0;
    // Runs `fn` once after `ms` (≥ 0) on `context`'s thread, unless `context` is gone by then.
    virtual void callAfter(qint64 ms, QObject *context, std::function<void()> fn) = 0;

    // The process-wide real clock (never null).
    static Clock *system();
};

// QDateTime::currentDateTimeUtc + QElapsedTimer + QTimer::singleShot.
class RealClock final : public Clock {
public:
    RealClock();
    QDateTime now() const override;
    qint64 steadyMs() const override;
    void callAfter(qint64 ms, QObject *context, std::function<void()> fn) override;

private:
    QElapsedTimer m_timer;
};

// Time stands still until advance() moves it. advance() fires due callbacks in due-time order
// (ties in scheduling order), setting now() to each one's due time first, and delivers the
// thread's posted events in between — that is how a backend's already-finished futures reach
// their QFutureWatchers — so one call plays out everything that happens in the interval.
class ManualClock final : public Clock {
public:
    explicit ManualClock(const QDateTime &start = QDateTime(QDate(2026, 1, 1), QTime(9, 0),
                                                            Qt::UTC));
    QDateTime now() const override;
    qint64 steadyMs() const override;
    void callAfter(qint64 ms, QObject *context, std::function<void()> fn) override;

    void advance(qint64 ms);
    // Delivers posted events until none are left, without moving time.
    static void settle();

    int pendingCount() const;
    // Due time (steadyMs) of the earliest pending callback, or -1 when there is none.
    qint64 nextDueMs() const;

private:
    struct Call {
        QPointer<QObject> context;
        std::function<void()> fn;
    };
    QDateTime m_start;
    qint64 m_nowMs = 0;
    quint64 m_sequence = 0;
    std::multimap<std::pair<qint64, quint64>, Call> m_calls;
};

} // namespace feather
