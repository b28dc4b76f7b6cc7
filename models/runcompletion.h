#pragma once

#include <QObject>
#include <QSet>
#include <QStringList>

namespace feather {

class Workspace;

// What a run's jobs came to, once every job it started (or found running) has ended.
struct RunCompletion {
    int run = 0;
    int resynced = 0; // sources whose job the run followed to its end
    int completed = 0;
    int failed = 0;              // failed, partial_failure or any other end but completed
    QStringList failedSourceIds; // those sources, for "show me the ones that failed again"
    // "34 resynced: 29 completed, 5 failed again" (translated).
    QString text() const;
};

// Watches the workspace's results and says once per run when the run has stopped sending and
// every job it started has ended: what the window and the desktop notification announce.
// Widget-free; a run that started no job (everything skipped) announces nothing.
class RunCompletionWatcher final : public QObject {
    Q_OBJECT
public:
    explicit RunCompletionWatcher(Workspace *workspace, QObject *parent = nullptr);
    Q_DISABLE_COPY_MOVE(RunCompletionWatcher)

    // Looks now (the model and the runner signal changes; tests may call it).
    void check();

Q_SIGNALS:
    void jobsFinished(const feather::RunCompletion &completion);

private:
    Workspace *m_workspace;
    QSet<int> m_announced;
};

} // namespace feather
