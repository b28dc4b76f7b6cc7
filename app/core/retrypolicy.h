#pragma once

#include <QtGlobal>
#include <random>

namespace feather {

// One retry policy for every request that may go again: the resync engine's trigger retries
// (RunOptions) and the API client's read retries (ApiConfig::readRetry) share these defaults.
struct RetryLimits {
    int maxAttempts = 3;             // requests per call, the first one included
    qint64 backoffBaseMs = 500;      // ceiling of the first retry's wait
    qint64 backoffCapMs = 30000;     // ceiling of any retry's wait
    qint64 retryAfterCapMs = 120000; // longest server-requested delay honoured (429/503)
};

// Capped exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff
// And Jitter"; reliability.md §6): the n-th retry waits a uniformly random time in
// [0, min(cap, base·2^(n-1))]. Full jitter spreads a batch that failed at the same instant
// over the whole window instead of sending it back in one burst.
class BackoffPolicy final {
public:
    BackoffPolicy(qint64 baseMs, qint64 capMs, quint64 seed);

    // Upper bound of the wait before retry number `retry` (1 = the first retry).
    qint64 ceilingMs(int retry) const;
    // One random wait in [0, ceilingMs(retry)].
    qint64 delayMs(int retry);

    void reseed(quint64 seed);

private:
    qint64 m_baseMs;
    qint64 m_capMs;
    std::mt19937_64 m_rng;
};

// The server's requested delay itself is parsed where the header is read (the API client,
// api::parseRetryAfter) and reaches the engine as TriggerResult::retryAfterMs.
// What is actually waited for a server-requested delay: never negative, never longer than
// `capMs` (a hostile or buggy header must not park a batch for hours).
qint64 clampRetryAfter(qint64 requestedMs, qint64 capMs);

} // namespace feather
