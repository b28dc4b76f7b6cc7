#pragma once
// Shared by the team audit trail's tests: rows of several operators, a team database that never
// answers, and the probe that measures how long the caller's event loop went without a turn.

#include "config/auditlog.h"

#include <QElapsedTimer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

namespace feather::test {

// Attempt `n` of one KB: a triggered sync with its ids numbered by `n`.
inline TriggerResult teamAttempt(int n)
{
    using namespace Qt::StringLiterals;
    TriggerResult r;
    r.target.kbId = u"11111111-1111-4111-8111-000000000001"_s;
    r.target.sourceId = u"00000000-0000-4000-8000-%1"_s.arg(n, 12, 10, QLatin1Char('0'));
    r.target.triggerId = u"aaaaaaaa-0000-4000-8000-%1"_s.arg(n, 12, 10, QLatin1Char('0'));
    r.outcome = Outcome::Triggered;
    r.jobId = u"bbbbbbbb-0000-4000-8000-%1"_s.arg(n, 12, 10, QLatin1Char('0'));
    r.status = u"queued"_s;
    r.message = u"Sync has been queued"_s;
    r.httpStatus = 202;
    r.attempts = 1;
    r.finishedAt = QDateTime::currentDateTimeUtc();
    return r;
}

// `user`@`machine` writing to the "team" profile.
inline AuditContext teamOperator(const QString &user, const QString &machine)
{
    using namespace Qt::StringLiterals;
    AuditContext c;
    c.profile = u"team"_s;
    c.target = u"https://api.example.test"_s;
    c.operatorName = user + u'@' + machine;
    c.machine = machine;
    return c;
}

// Accepts every connection and never answers: a PostgreSQL server hung before its first byte,
// or a port a firewall half-opens. libpq's startup waits the whole connect_timeout there.
class SilentListener final : public QTcpServer {
public:
    SilentListener()
    {
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = nextPendingConnection()) {
                socket->setParent(this); // held open, never written to
                ++m_connections;
            }
        });
    }
    int connections() const { return m_connections; }
    // A team audit URL pointing here.
    QString teamUrl(int connectTimeoutS) const
    {
        return QStringLiteral("postgresql://feather@127.0.0.1:%1/team?connect_timeout=%2")
            .arg(serverPort())
            .arg(connectTimeoutS);
    }

private:
    int m_connections = 0;
};

// The longest time this thread went without running a 0 ms timer, from construction to stop().
class StallProbe final : public QObject {
public:
    StallProbe()
    {
        m_timer.setInterval(0);
        connect(&m_timer, &QTimer::timeout, this, [this] {
            const qint64 now = m_clock.elapsed();
            m_worst = qMax(m_worst, now - m_last);
            m_last = now;
        });
        m_clock.start();
        m_timer.start();
    }
    void stop() { m_timer.stop(); }
    qint64 worstGapMs() const { return m_worst; }

private:
    QElapsedTimer m_clock;
    QTimer m_timer;
    qint64 m_last = 0;
    qint64 m_worst = 0;
};

} // namespace feather::test
