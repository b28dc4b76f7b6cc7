#pragma once

#include "core/backend.h"
#include "models/jobhistorymodel.h"

#include <QObject>
#include <functional>
#include <optional>

namespace feather {

// The source details pane without a widget: for one source, its live …/sync/status, its job
// history (JobHistoryModel) and, for a selected job, its documents and log groups. Every read
// goes through the Backend's futures and continues on this object's thread; a newer request
// makes the answers of older ones stale (they are dropped), so switching sources quickly never
// shows one source's jobs under another. Never blocks, never opens a dialog.
class SourceDetailsSession final : public QObject {
    Q_OBJECT
public:
    explicit SourceDetailsSession(QObject *parent = nullptr);
    ~SourceDetailsSession() override;
    Q_DISABLE_COPY_MOVE(SourceDetailsSession)

    // Where the current backend is (not owned; it changes with the profile): asked on every
    // read, so a backend that was replaced is never used. reset() forgets the open source.
    void setBackendSource(std::function<Backend *()> current);
    Backend *backend() const { return m_current ? m_current() : nullptr; }
    void reset();
    // Jobs known to be the source's from elsewhere (the audit log), passed to sourceJobs.
    void setKnownJobs(const QHash<QString, QString> &jobIdToWhy) { m_known = jobIdToWhy; }

    // Shows `source` and reads its status and history.
    void open(const Source &source);
    void refresh();
    void selectJob(const QString &jobId);

    bool hasSource() const { return !m_source.id.isEmpty(); }
    const Source &source() const { return m_source; }
    const std::optional<SyncStatus> &status() const { return m_status; }
    QString statusError() const { return m_statusError; }
    JobHistoryModel *history() const { return m_history; }
    QString historyNote() const { return m_historyNote; }
    QString historyError() const { return m_historyError; }
    bool isHistoryLoading() const { return m_historyLoading; }
    QString selectedJobId() const { return m_jobId; }
    const QList<JobDocument> &documents() const { return m_documents; }
    const QList<JobLogGroup> &logs() const { return m_logs; }
    QString documentsError() const { return m_documentsError; }
    // The selected job's documents / logs have been asked for and not answered yet.
    bool isJobLoading() const { return m_documentsLoading || m_logsLoading; }
    QString logsError() const { return m_logsError; }

Q_SIGNALS:
    void sourceChanged();
    void statusChanged();
    void historyChanged();
    void documentsChanged();
    void logsChanged();

private:
    std::function<Backend *()> m_current;
    QHash<QString, QString> m_known;
    Source m_source;
    std::optional<SyncStatus> m_status;
    QString m_statusError;
    JobHistoryModel *m_history;
    QString m_historyNote;
    QString m_historyError;
    bool m_historyLoading = false;
    QString m_jobId;
    QList<JobDocument> m_documents;
    QList<JobLogGroup> m_logs;
    QString m_documentsError;
    QString m_logsError;
    bool m_documentsLoading = false;
    bool m_logsLoading = false;
    quint64 m_sourceGeneration = 0;
    quint64 m_jobGeneration = 0;
};

} // namespace feather
