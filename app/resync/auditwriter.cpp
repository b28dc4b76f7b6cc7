#include "resync/auditwriter.h"

#include <QThread>

namespace feather {

AuditWriter::AuditWriter(std::unique_ptr<AuditLog> log)
    : m_log(std::move(log))
{}

AuditWriter::~AuditWriter() = default;

void AuditWriter::check()
{
    if (!m_log)
        return;
    const bool writable = m_log->checkLocalWritable();
    Q_EMIT checked(writable, writable ? QString() : m_log->lastError());
    if (writable)
        m_log->connectTeam();
    reportWarning();
}

void AuditWriter::commit(quint64 batch, const QList<AuditLog::BatchRow> &rows,
                         const AuditContext &context)
{
    QString error;
    if (!m_log)
        error = QStringLiteral("the audit log is closed");
    else if (!m_log->appendBatch(rows, context))
        error = m_log->lastError();
    if (!error.isEmpty() && batch == 0) // the sink is gone: nobody else can say it
        qWarning("feather: audit records could not be committed at close: %s", qPrintable(error));
    Q_EMIT committed(batch, error);
    reportWarning();
}

void AuditWriter::appendJobResult(quint64 token, const QString &jobId, const QString &status,
                                  const QString &errorMessage, const QDateTime &completedAt)
{
    QString error;
    if (!m_log)
        error = QStringLiteral("the audit log is closed");
    else if (!m_log->appendJobResult(jobId, status, errorMessage, completedAt))
        error = m_log->lastError();
    Q_EMIT jobResultWritten(token, error);
    reportWarning();
}

void AuditWriter::finish()
{
    m_log.reset(); // its connections are removed on the thread that made them
    thread()->quit();
}

void AuditWriter::reportWarning()
{
    if (!m_log)
        return;
    const QString warning = m_log->warning();
    if (warning.isEmpty() || warning == m_warned)
        return;
    m_warned = warning;
    Q_EMIT warned(warning);
}

} // namespace feather
