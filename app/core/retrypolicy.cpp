#include "core/retrypolicy.h"

#include <algorithm>
#include <limits>

namespace feather {

BackoffPolicy::BackoffPolicy(qint64 baseMs, qint64 capMs, quint64 seed)
    : m_baseMs(qMax<qint64>(1, baseMs))
    , m_capMs(qMax<qint64>(1, capMs))
    , m_rng(seed)
{}

qint64 BackoffPolicy::ceilingMs(int retry) const
{
    qint64 ceiling = m_baseMs;
    // Doubling stops as soon as the cap is reached, so large retry counts cannot overflow.
    for (int i = 1; i < retry && ceiling < m_capMs; ++i)
        ceiling *= 2;
    return qMin(ceiling, m_capMs);
}

qint64 BackoffPolicy::delayMs(int retry)
{
    std::uniform_int_distribution<qint64> pick(0, ceilingMs(retry));
    return pick(m_rng);
}

qint64 BackoffPolicy::equalJitterDelayMs(int retry)
{
    const qint64 ceiling = ceilingMs(retry);
    std::uniform_int_distribution<qint64> pick(ceiling / 2, ceiling);
    return pick(m_rng);
}

void BackoffPolicy::reseed(quint64 seed)
{
    m_rng.seed(seed);
}

qint64 clampRetryAfter(qint64 requestedMs, qint64 capMs)
{
    return std::clamp<qint64>(requestedMs, 0, std::max<qint64>(0, capMs));
}

bool needsLookup(Outcome outcome)
{
    return traits(outcome).retry == RetryClass::Reconcile;
}

} // namespace feather
