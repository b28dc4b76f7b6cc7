#pragma once

#include "core/jobtypes.h"
#include "models/handoff.h"

#include <QDockWidget>

class QLabel;
class QPushButton;
class QTableView;
class QTableWidget;
class QTreeWidget;
class QTabWidget;

namespace feather {

class SourceDetailsSession;

// The source details dock: the source's fields and live sync status, its job history, and for
// the selected job its documents and its logs grouped by document. Actions: Refresh (F5 in the
// pane), Copy summary (source, or the selected job), Copy error, Open in Feather (when the
// profile has a web-console URL template) and Retry failed items (asks the window, which
// confirms and audits). Every control is reachable by Tab; the tables have accessible names.
class SourceDetailsDock final : public QDockWidget {
    Q_OBJECT
public:
    explicit SourceDetailsDock(SourceDetailsSession *session, QWidget *parent = nullptr);
    ~SourceDetailsDock() override;
    Q_DISABLE_COPY_MOVE(SourceDetailsDock)

    void setContext(const HandoffContext &context) { m_context = context; }
    void setWebConsoleTemplate(const QString &urlTemplate);
    // Direct mode: documents, logs and retry need API mode; the pane says so.
    void setApiMode(bool api);

    SourceDetailsSession *session() const { return m_session; }
    QTableView *historyView() const { return m_history; }
    QTableWidget *documentsTable() const { return m_documents; }
    QTreeWidget *logsTree() const { return m_logs; }
    QPushButton *retryButton() const { return m_retry; }
    QLabel *fieldsLabel() const { return m_fields; }
    QLabel *noteLabel() const { return m_note; }
    // What Copy summary / Copy error put on the clipboard now.
    HandoffText summary() const;
    QString errorText() const;
    QString webLink() const;
    void copySummary();
    void copyError();
    // Selects a job of the history (after opening from a result row); false when not listed.
    bool selectJob(const QString &jobId);

Q_SIGNALS:
    void retryRequested(const feather::JobRetryTarget &target);
    void message(const QString &text);

private:
    void showSource();
    void showHistory();
    void showDocuments();
    void showLogs();
    void onJobSelected();
    void updateButtons();
    const JobHistoryEntry *selectedEntry() const;

    SourceDetailsSession *m_session;
    HandoffContext m_context;
    QString m_webTemplate;
    bool m_api = true;
    QString m_pendingJob; // select once the history arrives
    QLabel *m_title;
    QLabel *m_fields;
    QLabel *m_status;
    QLabel *m_note;
    QTableView *m_history;
    QTabWidget *m_jobTabs;
    QTableWidget *m_documents;
    QTreeWidget *m_logs;
    QLabel *m_jobNote;
    QPushButton *m_refresh;
    QPushButton *m_copySummary;
    QPushButton *m_copyError;
    QPushButton *m_open;
    QPushButton *m_retry;
};

} // namespace feather
