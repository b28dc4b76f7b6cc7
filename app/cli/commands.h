#pragma once

#include "cli/cliargs.h"
#include "core/backend.h"

#include <QHash>
#include <QMap>
#include <QObject>
#include <functional>
#include <memory>

namespace feather {
struct ErroredSource;
class CredentialStore;
class ResyncRunner;
class AttemptSink;
class AuditWorkerSink;
} // namespace feather

namespace feather::cli {

class SignalWatcher;
struct StuckRow; // stuckcommand.cpp

// Runs one featherctl command on the event loop and ends it with QCoreApplication::exit(code).
// Read commands finish when their future does; resync runs on the shared ResyncRunner engine,
// the same one the console uses, so both report identical outcomes.
class CommandRunner final : public QObject {
    Q_OBJECT
public:
    explicit CommandRunner(CliRequest request, QObject *parent = nullptr);
    ~CommandRunner() override;
    Q_DISABLE_COPY_MOVE(CommandRunner)

    void start();

private:
    void openProfile();
    void runCommand();
    void runKbs();
    void countSources(const QList<KnowledgeBase> &kbs);
    void printKbs(const QList<KnowledgeBase> &kbs,
                  const QHash<QString, QMap<QString, int>> &counts);
    void runSources();
    void listingFailed(const Error &error, qint64 rows);
    void runTriage();
    void collectErrored(std::function<void(const QList<ErroredSource> &errored)> done);
    void fillMessages(std::shared_ptr<QList<ErroredSource>> errored,
                      std::function<void(const QList<ErroredSource> &errored)> done);
    void runStatus();
    void runJob();
    void runHistory();
    void runAuditUpload();
    bool setUpAuditTrail();
    void runReconcile();
    void runInitDb();
    void runResync();
    void resyncFixable();
    void resyncTargets(const QList<TriggerTarget> &targets);
    void startResync(const QList<TriggerTarget> &targets);
    void interrupted(int signal);
    void finish(int code);
    void fail(int code, const QString &reason);
    void reportError(const Error &error);
    // jobcommands.cpp
    void runJobs();
    void runJobDetail();
    void runRetryJob();
    // sources --stuck (stuckcommand.cpp)
    void runStuckSources();
    void readSyncStarts(std::shared_ptr<QList<StuckRow>> rows, qsizetype next);
    void printStuck(const QList<StuckRow> &rows);
    // schedule (schedulecommand.cpp)
    void runSchedule();
    void showSchedule();
    // views, sources --view (viewscommand.cpp). applyView() turns the named view into the
    // listing's KBs, stuck flag and m_rowFilter; false after it failed the command.
    void runViews();
    bool applyView();
    QString viewScopeName() const; // the profile, else the --api-url / --db target

    CliRequest m_request;
    std::unique_ptr<Backend> m_backend;
    ResyncRunner *m_runner = nullptr;
    CredentialStore *m_credentials = nullptr;
    SignalWatcher *m_signals = nullptr;       // resync: SIGINT/SIGTERM cancel the run
    std::unique_ptr<AttemptSink> m_auditSink; // retry-job
    // resync (not a dry run): the audit trail, committed on a writer thread of its own.
    AuditWorkerSink *m_resyncAudit = nullptr;
    bool m_finishing = false;                        // finish() was called: nothing new starts
    std::function<bool(const Source &)> m_rowFilter; // sources --view: rows the view shows
    bool m_viewMatchesNothing = false;               // --view of a last run that started none
};

} // namespace feather::cli
