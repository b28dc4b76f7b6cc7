#include "models/sourcedetailssession.h"

#include "core/continuation.h"

namespace feather {

namespace {

QString errorText(const Error &e)
{
    QString text = toString(e.outcome);
    if (e.httpStatus)
        text += QStringLiteral(" (HTTP %1)").arg(e.httpStatus);
    return text + QStringLiteral(": ") + e.message;
}

} // namespace

SourceDetailsSession::SourceDetailsSession(QObject *parent)
    : QObject(parent)
    , m_history(new JobHistoryModel(this))
{}

SourceDetailsSession::~SourceDetailsSession() = default;

void SourceDetailsSession::setBackendSource(std::function<Backend *()> current)
{
    m_current = std::move(current);
    reset();
}

void SourceDetailsSession::reset()
{
    ++m_sourceGeneration;
    ++m_jobGeneration;
    m_source = {};
    m_status.reset();
    m_statusError.clear();
    m_history->clear();
    m_historyNote.clear();
    m_historyError.clear();
    m_historyLoading = false;
    m_jobId.clear();
    m_documents.clear();
    m_logs.clear();
    Q_EMIT sourceChanged();
    Q_EMIT historyChanged();
    Q_EMIT documentsChanged();
    Q_EMIT logsChanged();
}

void SourceDetailsSession::open(const Source &source)
{
    const bool same = source.id == m_source.id;
    m_source = source;
    if (!same) {
        m_status.reset();
        m_history->clear();
        m_jobId.clear();
        m_documents.clear();
        m_logs.clear();
        m_documentsError.clear();
        m_logsError.clear();
        Q_EMIT documentsChanged();
        Q_EMIT logsChanged();
    }
    Q_EMIT sourceChanged();
    refresh();
}

void SourceDetailsSession::refresh()
{
    Backend *backend = this->backend();
    if (!backend || m_source.id.isEmpty())
        return;
    const quint64 generation = ++m_sourceGeneration;
    m_historyLoading = true;
    m_historyError.clear();
    Q_EMIT historyChanged();
    continueOnFinished(backend->syncStatus(m_source.knowledgeBaseId, m_source.id), this,
                       [this, generation](const SyncStatusResult &r) {
                           if (generation != m_sourceGeneration)
                               return;
                           if (r.ok()) {
                               m_status = r.value;
                               m_statusError.clear();
                           } else {
                               m_status.reset();
                               m_statusError = errorText(*r.error);
                           }
                           Q_EMIT statusChanged();
                       });
    JobHistoryQuery query;
    query.kbId = m_source.knowledgeBaseId;
    query.sourceId = m_source.id;
    query.limit = 50;
    query.knownJobIds = m_known;
    continueOnFinished(backend->sourceJobs(query), this,
                       [this, generation](const JobHistoryResult &r) {
                           if (generation != m_sourceGeneration)
                               return;
                           m_historyLoading = false;
                           if (r.ok()) {
                               m_history->setJobs(r.value.jobs);
                               m_historyNote = r.value.note;
                               m_historyError.clear();
                           } else {
                               m_history->clear();
                               m_historyNote.clear();
                               m_historyError = errorText(*r.error);
                           }
                           Q_EMIT historyChanged();
                           if (!m_jobId.isEmpty())
                               selectJob(m_jobId); // its documents and logs may have moved on too
                       });
}

void SourceDetailsSession::selectJob(const QString &jobId)
{
    Backend *backend = this->backend();
    if (!backend)
        return;
    const quint64 generation = ++m_jobGeneration;
    m_jobId = jobId;
    m_documents.clear();
    m_logs.clear();
    m_documentsError.clear();
    m_logsError.clear();
    m_documentsLoading = m_logsLoading = !jobId.isEmpty();
    Q_EMIT documentsChanged();
    Q_EMIT logsChanged();
    if (jobId.isEmpty())
        return;
    continueOnFinished(backend->jobDocuments(jobId), this,
                       [this, generation](const JobDocumentsResult &r) {
                           if (generation != m_jobGeneration)
                               return;
                           m_documentsLoading = false;
                           if (r.ok())
                               m_documents = r.value;
                           else
                               m_documentsError = r.error->message;
                           Q_EMIT documentsChanged();
                       });
    continueOnFinished(backend->jobLogs(jobId), this, [this, generation](const JobLogsResult &r) {
        if (generation != m_jobGeneration)
            return;
        m_logsLoading = false;
        if (r.ok())
            m_logs = r.value;
        else
            m_logsError = r.error->message;
        Q_EMIT logsChanged();
    });
}

} // namespace feather
