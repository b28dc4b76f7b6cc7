#pragma once

#include <QByteArray>
#include <QDateTime>
#include <optional>

namespace feather::api {

// What the server's clock reads relative to ours, learnt from the Date header of its answers
// (RFC 9110 §6.6.1: whole seconds, stamped while the answer was made).
//
// One exchange sent at our time S and complete at our time R with `Date: D` bounds the offset
// (server minus ours) to [D − R, D + 1 s − S]: the stamp was made between S and R, and the true
// server time then was in [D, D + 1 s). Every answer narrows the interval; when a new one does
// not overlap it (a clock was stepped), the new one replaces it. Real servers' clocks are not
// ours, so a server time (a job's created_at) is only ever compared with a server time: ours
// carried over by this offset.
class ServerClock final {
public:
    // Learns from one answer; a missing or unreadable Date header teaches nothing.
    void observe(const QByteArray &dateHeader, const QDateTime &localSent,
                 const QDateTime &localReceived);

    bool known() const { return m_low.has_value(); }
    // The earliest the server's clock can have read when ours read `local`; nullopt when no
    // answer carried a Date header yet.
    std::optional<QDateTime> serverTimeNoEarlierThan(const QDateTime &local) const;
    // Offset bounds (ms, server minus ours), for messages and tests.
    std::optional<qint64> lowMs() const { return m_low; }
    std::optional<qint64> highMs() const { return m_high; }

private:
    std::optional<qint64> m_low;
    std::optional<qint64> m_high;
    // The Date header changes once a second: a bulk run parses it once per second, not once
    // per answer (QLocale::toDateTime was 5 % of the transport thread).
    QByteArray m_lastHeader;
    QDateTime m_lastDate;
};

// Whether the source's last job is the one our request started, judged from server times.
enum class JobOwnership {
    Ours,       // created no earlier than the second our request can have reached the server
    Older,      // created in an earlier second: it was running (or done) before we sent
    CannotTell, // no server time to compare with (no Date header, no job time)
};

struct OwnershipVerdict {
    JobOwnership ownership = JobOwnership::CannotTell;
    QString reason; // one clause for the row's message, server times in ISO form
};

// `jobTime` is the job's created_at (else started_at), server clock; `firstSentLocal` is our
// clock no later than the first copy of the request left. A job created in the same second as
// the earliest possible arrival counts as ours: timestamps of one second cannot order two
// events inside it, and the source's guard let exactly one trigger through in that second.
OwnershipVerdict judgeLastJob(const QDateTime &jobTime, const QDateTime &firstSentLocal,
                              const ServerClock &clock);

} // namespace feather::api
