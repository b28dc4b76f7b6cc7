#pragma once

#include "api/apimapping.h"
#include "core/retrypolicy.h"

#include <QDateTime>

namespace feather::api {

// What the transport does with a 429 or a temporary 5xx (issue: every read honours them as
// the resync engine does for triggers, ResyncRunner::Private::conclude):
//   * 429: the whole client holds (no request is sent) for Retry-After, clamped to
//     retryAfterCapMs, or for the backoff ceiling when the server named no delay; a read
//     goes again when the hold lifts.
//   * 502/503/504: the read alone waits Retry-After (clamped) or a full-jitter backoff.
//   * Writes are never re-sent here: the engine owns trigger retries (and reconciles first);
//     their 429 still holds the client, so reads wait too.
// A 500 is not retried: it is a server fault, not a "come back later". At most
// limits.maxAttempts requests per read, the first included. No I/O: unit-tested.
class RetryGate final {
public:
    RetryGate(RetryLimits limits, quint64 seed);

    struct Decision {
        qint64 holdMs = -1;    // ≥ 0: hold every request of the client this long
        qint64 retryInMs = -1; // ≥ 0: send this read again after this long
    };
    // `attempt` is 1 for the first send. `now`: our clock, used for a Retry-After date only
    // when the answer has no Date header.
    Decision onAnswer(bool isRead, int attempt, const HttpAnswer &answer, const QDateTime &now);

    const RetryLimits &limits() const { return m_limits; }

private:
    RetryLimits m_limits;
    BackoffPolicy m_backoff;
};

} // namespace feather::api
