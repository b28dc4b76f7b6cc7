#pragma once

#include "config/profiles.h"
#include "core/backend.h"
#include "resync/resyncrunner.h"

#include <QObject>
#include <QSet>
#include <memory>

namespace feather {

class AuditWorkerSink;
class KnowledgeBaseModel;
class ResultModel;
class SourceModel;
class StatusPoller;

// Everything the window shows for one open profile, without a widget: the backend (from
// makeBackend, like featherctl's), the three models, the bulk runner, the live poller and the
// audit log the runner writes ahead to. The main window and the tests (tst_workspace_*) drive
// it; it never blocks and never opens a dialog (failures leave as `problem`).
class Workspace final : public QObject {
    Q_OBJECT
public:
    explicit Workspace(QObject *parent = nullptr);
    ~Workspace() override;
    Q_DISABLE_COPY_MOVE(Workspace)

    KnowledgeBaseModel *knowledgeBases() const { return m_kbModel; }
    SourceModel *sources() const { return m_sourceModel; }
    ResultModel *results() const { return m_resultModel; }

    // Replaces the open profile (an empty profile name closes). False with *why when the profile
    // cannot be used; nothing changes then.
    bool open(const Profile &profile, const QString &secret, QString *why);
    void close();
    bool isOpen() const { return m_backend != nullptr; }
    const Profile &profile() const { return m_profile; }
    Backend *backend() const { return m_backend.get(); }
    // The audit log runs write to: AuditLog::defaultPath() unless set (takes effect on open()).
    void setAuditLogPath(const QString &path) { m_auditPath = path; }
    QString auditLogPath() const;
    // The team audit database runs and History use: the profile's audit.url, unless
    // feather-console --audit-db set one for every log (AuditLog::defaultTeamUrl()).
    QString teamAuditUrl() const;

    void refresh();
    bool isLoading() const { return m_loading; }
    bool hasLoaded() const { return m_loadedOnce; }
    // Every source page of the last listing arrived: what bulk actions over the whole list
    // (Resync all errored) need. False while loading and after a listing that failed part-way.
    bool isListComplete() const { return m_listComplete; }

    // Resync: `targets` already confirmed by the user. Rows already in flight are dropped (a
    // row cannot be triggered twice); returns how many started. 0 and `problem` (and *why)
    // when the audit log's last check or write failed: nothing is sent then. (A run started
    // before the first check of a just-opened profile answered is stopped by its first failed
    // write instead, nothing sent either: AuditWorkerSink.)
    int startRun(const QList<TriggerTarget> &targets, QString *why = nullptr);
    void cancelRun();
    void pauseRun();
    void resumeRun();
    bool isRunning() const;
    RunProgress progress() const;
    QList<TriggerResult> lastRunResults() const;
    // The last run's rows worth another run: the retryable outcomes, and `cancelled` (never
    // sent: after Cancel or a 401 stop), each with its trigger id.
    QList<TriggerTarget> retryCandidates() const;
    // Source ids of the current (or last) run, in the order they were requested.
    QStringList currentRunSourceIds() const { return m_runSourceIds; }
    // Targets for source ids, with their KB ids; unknown ids are skipped.
    QList<TriggerTarget> targetsFor(const QStringList &sourceIds) const;
    QStringList inFlight(const QList<TriggerTarget> &targets) const;

    void setPollingPaused(bool paused);
    StatusPoller *poller() const { return m_poller.get(); }
    // The open profile's audit log, written on a thread of its own (null when closed).
    AuditWorkerSink *auditSink() const { return m_audit.get(); }

Q_SIGNALS:
    void opened(const QString &profileName);
    void loadingChanged(bool loading);
    void loaded(); // KBs, every source page and the freshness read have ended
    // A source page arrived: pages and sources so far, for a progress display.
    void loadProgress(int pages, int sources);
    void problem(const QString &message); // routine failure, for a dismissible banner
    void runStarted(int total);
    void runProgress(const feather::RunProgress &progress);
    // The run stopped early (401, a failed audit write): also shown as `problem`. runFinished
    // follows once the requests in flight are done.
    void runStopped(const QString &reason);
    void runFinished();
    void statusCountsChanged();

private:
    void setLoading(bool loading);
    void onKbsLoaded();
    void onSourcesLoaded();
    void onAttempt(const TriggerResult &result);
    void onRowFinished(const TriggerResult &result);
    void auditUnsent(const TriggerResult &result);
    void watchSyncing();
    void onJobState(const SyncStatus &status, const SyncJob &job, bool ended);
    void recomputeCounts();

    KnowledgeBaseModel *m_kbModel;
    SourceModel *m_sourceModel;
    ResultModel *m_resultModel;
    Profile m_profile;
    QString m_auditPath;
    std::unique_ptr<Backend> m_backend;
    std::unique_ptr<AuditWorkerSink> m_audit;
    std::unique_ptr<ResyncRunner> m_runner;
    std::unique_ptr<StatusPoller> m_poller;
    QList<TriggerResult> m_lastRun;
    QStringList m_runSourceIds;
    QSet<QString> m_runSent;      // sources of this run with at least one attempt row
    QSet<QString> m_runReported;  // sources of this run whose final row was reported
    QSet<QString> m_jobsRecorded; // jobs whose end is in the audit log already
    bool m_auditFailing = false;  // this run: a write failed, so unsent rows are not written
    bool m_loading = false;
    bool m_loadedOnce = false;
    bool m_kbsDone = false;
    bool m_sourcesDone = false;
    bool m_freshnessDone = false;
    bool m_listComplete = false;
    bool m_countsQueued = false;
};

} // namespace feather
