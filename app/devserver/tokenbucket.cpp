#include "devserver/tokenbucket.h"

#include <algorithm>
#include <cmath>

namespace feather::devserver {

TokenBucket::TokenBucket(double ratePerSecond, double burst, qint64 nowMs)
    : m_rate(ratePerSecond)
    , m_burst(std::max(1.0, burst))
    , m_tokens(m_burst)
    , m_lastMs(nowMs)
{}

void TokenBucket::refill(qint64 nowMs)
{
    if (nowMs > m_lastMs) {
        m_tokens = std::min(m_burst, m_tokens + double(nowMs - m_lastMs) * m_rate / 1000.0);
        m_lastMs = nowMs;
    }
}

int TokenBucket::take(qint64 nowMs)
{
    refill(nowMs);
    if (m_tokens >= 1.0 - 1e-9) { // tolerate rounding from piecewise refills
        m_tokens -= 1.0;
        return 0;
    }
    return std::max(1, int(std::ceil((1.0 - m_tokens) / m_rate - 1e-9)));
}

} // namespace feather::devserver
