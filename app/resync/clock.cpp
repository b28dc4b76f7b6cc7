#include "resync/clock.h"

#include <QCoreApplication>
#include <QThread>
#include <QTimer>
#include <algorithm>
#include <limits>

namespace feather {

Clock *Clock::system()
{
    static RealClock clock;
    return &clock;
}

RealClock::RealClock()
{
    m_timer.start();
}

QDateTime RealClock::now() const
{
    return QDateTime::currentDateTimeUtc();
}

qint64 RealClock::steadyMs() const
{
    return m_timer.elapsed();
}

void RealClock::callAfter(qint64 ms, QObject *context, std::function<void()> fn)
{
    // QTimer takes an int; nothing in the engine waits anywhere near 24 days.
    const int delay = int(std::clamp<qint64>(ms, 0, std::numeric_limits<int>::max()));
    QTimer::singleShot(delay, Qt::PreciseTimer, context, std::move(fn));
}

ManualClock::ManualClock(const QDateTime &start)
    : m_start(start.toUTC())
{}

QDateTime ManualClock::now() const
{
    return m_start.addMSecs(m_nowMs);
}

qint64 ManualClock::steadyMs() const
{
    return m_nowMs;
}

void ManualClock::callAfter(qint64 ms, QObject *context, std::function<void()> fn)
{
    m_calls.emplace(std::make_pair(m_nowMs + qMax<qint64>(0, ms), m_sequence++),
                    Call{QPointer<QObject>(context), std::move(fn)});
}

namespace {
// Counts every event delivered on the main thread (an application-wide event filter), so
// settle() can tell "a round delivered nothing" — the only reliable sign that the posted-event
// queue has drained, since Qt keeps events posted during a round for the next one.
class DeliveryCounter final : public QObject {
public:
    quint64 delivered = 0;
    bool eventFilter(QObject *, QEvent *) override
    {
        ++delivered;
        return false;
    }
};
} // namespace

void ManualClock::settle()
{
    QCoreApplication *app = QCoreApplication::instance();
    if (!app || QThread::currentThread() != app->thread()) {
        for (int round = 0; round < 64; ++round)
            QCoreApplication::sendPostedEvents();
        return;
    }
    DeliveryCounter counter;
    app->installEventFilter(&counter);
    // The bound only guards against a bug that re-posts forever.
    for (int round = 0; round < 1000000; ++round) {
        const quint64 before = counter.delivered;
        QCoreApplication::sendPostedEvents();
        if (counter.delivered == before)
            break;
    }
    app->removeEventFilter(&counter);
}

void ManualClock::advance(qint64 ms)
{
    const qint64 target = m_nowMs + qMax<qint64>(0, ms);
    settle();
    while (!m_calls.empty() && m_calls.begin()->first.first <= target) {
        auto it = m_calls.begin();
        m_nowMs = qMax(m_nowMs, it->first.first);
        Call call = std::move(it->second);
        m_calls.erase(it);
        if (call.context)
            call.fn();
        settle();
    }
    m_nowMs = target;
    settle();
}

int ManualClock::pendingCount() const
{
    return int(m_calls.size());
}

qint64 ManualClock::nextDueMs() const
{
    return m_calls.empty() ? -1 : m_calls.begin()->first.first;
}

} // namespace feather
