#include "resync/auditlogsink.h"

#include "core/backend.h"

namespace feather {

AuditLogSink::AuditLogSink(QString path, AuditContext context, int busyTimeoutMs)
    : m_log(std::move(path), busyTimeoutMs)
    , m_context(std::move(context))
{}

bool AuditLogSink::prepare(QString *why)
{
    if (m_log.checkWritable())
        return true;
    *why = m_log.lastError();
    return false;
}

void AuditLogSink::write(const AttemptRecord &record, Done done)
{
    const AuditKind kind =
        record.kind == AttemptRecord::Kind::Intent ? AuditKind::Intent : AuditKind::Outcome;
    const bool ok = m_log.append(record.attempt, m_context, kind, record.attemptId);
    done(ok ? QString() : m_log.lastError());
}

AuditContext auditContextFor(const QString &profile, const Backend &backend)
{
    const BackendInfo info = backend.info();
    AuditContext context;
    context.profile = profile;
    context.mode = info.mode;
    context.target = info.target;
    return context;
}

} // namespace feather
