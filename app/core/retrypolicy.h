#pragma once

#include "core/outcome.h"

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
    // One random wait in [ceilingMs(retry) / 2, ceilingMs(retry)] ("equal jitter"): for lookups
    // of an ambiguous answer, which should spread out but never come back at once.
    qint64 equalJitterDelayMs(int retry);

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

// An answer that may or may not have started a sync (unknown_outcome; server_error, which
// comes after the request was sent; RetryClass::Reconcile in the outcome table): it is looked
// up (Backend::jobByTrigger) before anything else, and sent again only when the lookup says
// that no job carries the trigger id.
bool needsLookup(Outcome outcome);

} // namespace feather
