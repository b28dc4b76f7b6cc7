#include "models/runcompletion.h"

#include "models/resultmodel.h"
#include "models/workspace.h"

#include <QCoreApplication>

namespace feather {

QString RunCompletion::text() const
{
    return QCoreApplication::translate("feather::RunCompletion",
                                       "%1 resynced: %2 completed, %3 failed again")
        .arg(resynced)
        .arg(completed)
        .arg(failed);
}

RunCompletionWatcher::RunCompletionWatcher(Workspace *workspace, QObject *parent)
    : QObject(parent)
    , m_workspace(workspace)
{
    ResultModel *results = workspace->results();
    connect(results, &QAbstractItemModel::dataChanged, this, &RunCompletionWatcher::check);
    connect(results, &QAbstractItemModel::rowsInserted, this, &RunCompletionWatcher::check);
    connect(workspace, &Workspace::runFinished, this, &RunCompletionWatcher::check);
}

void RunCompletionWatcher::check()
{
    const ResultModel *results = m_workspace->results();
    const int run = results->currentRun();
    if (run == 0 || m_announced.contains(run) || m_workspace->isRunning())
        return;
    const RunSummary s = results->summary(run);
    if (s.jobsRunning > 0 || s.jobsCompleted + s.jobsFailed == 0)
        return;
    RunCompletion c;
    c.run = run;
    c.completed = s.jobsCompleted;
    c.failed = s.jobsFailed;
    c.resynced = s.jobsCompleted + s.jobsFailed;
    QSet<QString> seen;
    for (const ResultRow &row : results->rows()) { // newest first: a source's latest row
        if (row.run != run || row.result.jobId.isEmpty())
            continue;
        if (seen.contains(row.result.target.sourceId))
            continue;
        seen.insert(row.result.target.sourceId);
        const QString status = row.jobStatus.isEmpty() ? row.result.status : row.jobStatus;
        if (isJobFinished(status) && status != QLatin1String("completed"))
            c.failedSourceIds << row.result.target.sourceId;
    }
    m_announced.insert(run);
    Q_EMIT jobsFinished(c);
}

} // namespace feather
