#pragma once

#include "config/auditlog.h"
#include "resync/attemptsink.h"

#include <QObject>
#include <memory>

namespace feather {

class Backend;

// The local audit log as the engine's AttemptSink. Use it on the thread the runner lives on:
// its writes (and a team database's connect) run there; the console and featherctl resync use
// AuditWorkerSink, which runs them on a thread of its own.
//
// Immediate (the default): each record is one committed INSERT, acknowledged before write()
// returns (~0.1 ms, tst_auditlog).
// Group commit (GroupCommit::On; tests): records handed over during one pass of
// the event loop are committed together in one transaction when control returns to the loop
// (AuditLog::appendBatch), then acknowledged in order. The intents of the requests a runner
// starts together (up to its concurrency) and the outcomes that arrived with them land in one
// commit instead of one each; nothing is acknowledged before its commit, so write-ahead holds.
// Records still waiting when the sink is destroyed are committed then (not acknowledged: their
// writer is going away too).
class AuditLogSink final : public AttemptSink {
public:
    enum class GroupCommit { Off, On };

    // `busyTimeoutMs`: how long a write waits for another process's write lock.
    AuditLogSink(QString path, AuditContext context, int busyTimeoutMs = 5000,
                 GroupCommit group = GroupCommit::Off);
    ~AuditLogSink() override;
    Q_DISABLE_COPY_MOVE(AuditLogSink)

    bool prepare(QString *why) override;
    void write(const AttemptRecord &record, Done done) override;

    AuditLog &log() { return m_log; }
    const AuditContext &context() const { return m_context; }
    // Transactions committed so far (one per immediate write, one per group).
    int commits() const { return m_commits; }

private:
    void commitPending();

    AuditLog m_log;
    AuditContext m_context;
    GroupCommit m_group;
    QList<AuditLog::BatchRow> m_pendingRows;
    QList<Done> m_pendingDone;
    bool m_scheduled = false;
    int m_commits = 0;
    // Where the deferred commit is posted; lives on the creating thread.
    std::unique_ptr<QObject> m_poster;
};

// What every audit row of a run through `backend` says about where it went: the backend's own
// target (an API origin or a database display target), never a credential.
AuditContext auditContextFor(const QString &profile, const Backend &backend);

} // namespace feather
