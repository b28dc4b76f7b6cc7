#pragma once

#include "cli/cliargs.h"
#include "core/backend.h"

#include <QObject>
#include <memory>

namespace feather {
class CredentialStore;
class ResyncRunner;
} // namespace feather

namespace feather::cli {

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
    void runSources();
    void runStatus();
    void runJob();
    void runHistory();
    void runReconcile();
    void runInitDb();
    void runResync();
    void resyncTargets(const QList<TriggerTarget> &targets);
    void finish(int code);
    void fail(int code, const QString &reason);
    void reportError(const Error &error);

    CliRequest m_request;
    std::unique_ptr<Backend> m_backend;
    ResyncRunner *m_runner = nullptr;
    CredentialStore *m_credentials = nullptr;
};

} // namespace feather::cli
