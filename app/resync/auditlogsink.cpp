#include "resync/auditlogsink.h"

#include "core/backend.h"

namespace feather {

AuditLogSink::AuditLogSink(QString path, AuditContext context, int busyTimeoutMs, GroupCommit group)
    : m_log(std::move(path), busyTimeoutMs)
    , m_context(std::move(context))
    , m_group(group)
    , m_poster(std::make_unique<QObject>())
{}

AuditLogSink::~AuditLogSink()
{
    if (!m_pendingRows.isEmpty() && !m_log.appendBatch(m_pendingRows, m_context))
        qWarning("feather: audit records could not be committed at exit: %s",
                 qPrintable(m_log.lastError()));
}

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
    if (m_group == GroupCommit::Off) {
        const bool ok = m_log.append(record.attempt, m_context, kind, record.attemptId);
        ++m_commits;
        done(ok ? QString() : m_log.lastError());
        return;
    }
    m_pendingRows.append(AuditLog::BatchRow{record.attempt, kind, record.attemptId});
    m_pendingDone.append(std::move(done));
    if (!m_scheduled) {
        m_scheduled = true;
        QMetaObject::invokeMethod(
            m_poster.get(), [this] { commitPending(); }, Qt::QueuedConnection);
    }
}

void AuditLogSink::commitPending()
{
    m_scheduled = false;
    const QList<AuditLog::BatchRow> rows = std::exchange(m_pendingRows, {});
    const QList<Done> done = std::exchange(m_pendingDone, {});
    if (rows.isEmpty())
        return;
    const bool ok = m_log.appendBatch(rows, m_context);
    ++m_commits;
    const QString error = ok ? QString() : m_log.lastError();
    // Callbacks may write again (the next intents): those go into the next group.
    for (const Done &d : done)
        d(error);
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
