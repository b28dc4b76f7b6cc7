#pragma once

#include "config/auditlog.h"
#include "resync/attemptsink.h"

namespace feather {

class Backend;

// The local audit log as the engine's AttemptSink: each record is one committed INSERT on the
// calling thread, acknowledged before write() returns (~0.1 ms, tst_auditlog). Use it on the
// thread the runner lives on.
class AuditLogSink final : public AttemptSink {
public:
    // `busyTimeoutMs`: how long a write waits for another process's write lock.
    AuditLogSink(QString path, AuditContext context, int busyTimeoutMs = 5000);

    bool prepare(QString *why) override;
    void write(const AttemptRecord &record, Done done) override;

    AuditLog &log() { return m_log; }
    const AuditContext &context() const { return m_context; }

private:
    AuditLog m_log;
    AuditContext m_context;
};

// What every audit row of a run through `backend` says about where it went: the backend's own
// target (an API origin or a database display target), never a credential.
AuditContext auditContextFor(const QString &profile, const Backend &backend);

} // namespace feather
