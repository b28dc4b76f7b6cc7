#include "api/retrygate.h"

namespace feather::api {

RetryGate::RetryGate(RetryLimits limits, quint64 seed)
    : m_limits(limits)
    , m_backoff(limits.backoffBaseMs, limits.backoffCapMs, seed)
{}

RetryGate::Decision RetryGate::onAnswer(bool isRead, int attempt, const HttpAnswer &answer,
                                        const QDateTime &now)
{
    Decision d;
    const int status = answer.status;
    const bool rateLimited = status == 429;
    if (!rateLimited && status != 502 && status != 503 && status != 504)
        return d;
    const std::optional<qint64> requested = requestedDelayMs(answer, now);
    const qint64 serverDelay =
        requested ? clampRetryAfter(*requested, m_limits.retryAfterCapMs) : -1;
    if (rateLimited)
        d.holdMs = serverDelay >= 0 ? serverDelay : m_backoff.ceilingMs(attempt);
    if (isRead && attempt < m_limits.maxAttempts)
        d.retryInMs = rateLimited        ? d.holdMs
                      : serverDelay >= 0 ? serverDelay
                                         : m_backoff.delayMs(attempt);
    return d;
}

} // namespace feather::api
