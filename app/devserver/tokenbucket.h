#pragma once

#include <QtGlobal>

namespace feather::devserver {

// --rate-limit: a token bucket holding up to `burst` tokens, refilled at `ratePerSecond`.
// Time comes in as a monotonic millisecond count so tests can drive it.
class TokenBucket final {
public:
    TokenBucket(double ratePerSecond, double burst, qint64 nowMs);

    // Takes a token when one is there and returns 0; otherwise returns how many whole seconds
    // (at least 1) until one will be, for the Retry-After header.
    int take(qint64 nowMs);

private:
    void refill(qint64 nowMs);

    double m_rate;
    double m_burst;
    double m_tokens;
    qint64 m_lastMs;
};

} // namespace feather::devserver
