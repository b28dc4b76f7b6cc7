#include "api/serverclock.h"

#include "api/apimapping.h"
#include "core/json.h"

using namespace Qt::StringLiterals;

namespace feather::api {

void ServerClock::observe(const QByteArray &dateHeader, const QDateTime &localSent,
                          const QDateTime &localReceived)
{
    if (dateHeader.isEmpty() || !localSent.isValid() || !localReceived.isValid())
        return;
    if (dateHeader != m_lastHeader) {
        m_lastHeader = dateHeader;
        m_lastDate = parseHttpDate(dateHeader);
    }
    const QDateTime &date = m_lastDate;
    if (!date.isValid())
        return;
    const qint64 d = date.toMSecsSinceEpoch();
    const qint64 low = d - localReceived.toMSecsSinceEpoch();
    const qint64 high = d + 1000 - localSent.toMSecsSinceEpoch();
    if (m_low && m_high && low <= *m_high && high >= *m_low) {
        m_low = std::max(*m_low, low);
        m_high = std::min(*m_high, high);
        return;
    }
    m_low = low; // first answer, or a clock was stepped: start again from this one
    m_high = high;
}

std::optional<QDateTime> ServerClock::serverTimeNoEarlierThan(const QDateTime &local) const
{
    if (!m_low || !local.isValid())
        return std::nullopt;
    return local.addMSecs(*m_low);
}

OwnershipVerdict judgeLastJob(const QDateTime &jobTime, const QDateTime &firstSentLocal,
                              const ServerClock &clock)
{
    if (!jobTime.isValid())
        return {JobOwnership::CannotTell, u"the job has no creation time"_s};
    if (!firstSentLocal.isValid())
        return {JobOwnership::CannotTell, u"this program did not send that request"_s};
    const std::optional<QDateTime> arrival = clock.serverTimeNoEarlierThan(firstSentLocal);
    if (!arrival)
        return {JobOwnership::CannotTell,
                u"the server sent no Date header to compare its times with"_s};
    // Both sides in whole server seconds: the job's stamp and the second our request could
    // have arrived in at the earliest.
    const qint64 arrivalSecond = arrival->toSecsSinceEpoch();
    const qint64 jobSecond = jobTime.toSecsSinceEpoch();
    const QString times = u"job created %1, request sent at server time ≥ %2"_s.arg(
        json::formatTime(jobTime),
        json::formatTime(QDateTime::fromSecsSinceEpoch(arrivalSecond, Qt::UTC)));
    if (jobSecond >= arrivalSecond)
        return {JobOwnership::Ours, times};
    return {JobOwnership::Older, times};
}

} // namespace feather::api
