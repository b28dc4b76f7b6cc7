#include "models/resultmodel.h"

#include "triage/triage.h"

#include <QSet>
#include <algorithm>

namespace feather {

ResultModel::ResultModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void ResultModel::addAttempt(const TriggerResult &result, const QString &kbName,
                             const QString &sourceName, const QString &provider,
                             const QString &errorBefore)
{
    beginInsertRows({}, 0, 0);
    ResultRow row;
    row.result = result;
    row.kbName = kbName;
    row.sourceName = sourceName;
    row.run = m_currentRun;
    row.provider = provider;
    row.errorBefore = errorBefore;
    m_serialsByJob[result.jobId].append(int(m_rows.size())); // "" too: hasJob("") as before
    m_rows.prepend(row);
    endInsertRows();
}

void ResultModel::applyJobState(const QString &jobId, const QString &status, const QString &error,
                                const QDateTime &completedAt)
{
    const auto serials = m_serialsByJob.constFind(jobId);
    if (jobId.isEmpty() || serials == m_serialsByJob.cend())
        return;
    // Top to bottom, as a pass over every row met them: newest (highest serial) first.
    for (auto it = serials->crbegin(); it != serials->crend(); ++it) {
        const int r = int(m_rows.size()) - 1 - *it;
        ResultRow &row = m_rows[r];
        if (row.jobStatus == status && row.jobError == error && row.jobCompletedAt == completedAt)
            continue;
        if (!status.isEmpty())
            row.jobStatus = status;
        row.jobError = error;
        row.jobCompletedAt = completedAt;
        Q_EMIT dataChanged(index(r, 0), index(r, ColumnCount - 1));
    }
}

bool ResultModel::hasJob(const QString &jobId) const
{
    return m_serialsByJob.contains(jobId);
}

RunSummary ResultModel::summary(int run) const
{
    RunSummary out;
    QSet<QString> seen;
    for (const ResultRow &row : m_rows) { // newest first: a source's first row is its latest
        if (row.run != run)
            continue;
        if (row.result.attempts > 0)
            ++out.attempts;
        if (seen.contains(row.result.target.sourceId))
            continue;
        seen.insert(row.result.target.sourceId);
        ++out.sources;
        ++out.outcomes[std::size_t(row.result.outcome)];
        if (row.result.jobId.isEmpty())
            continue;
        const QString status = row.jobStatus.isEmpty() ? row.result.status : row.jobStatus;
        if (!isJobFinished(status))
            ++out.jobsRunning;
        else if (status == QLatin1String("completed"))
            ++out.jobsCompleted;
        else
            ++out.jobsFailed;
        if (failureKind(row) == FailureKind::SameCause)
            ++out.jobsFailedSameCause;
    }
    return out;
}

FailureKind failureKind(const ResultRow &row)
{
    if (row.result.jobId.isEmpty() || !isJobFinished(row.jobStatus)
        || row.jobStatus == QLatin1String("completed"))
        return FailureKind::None;
    // The job's own error, else the trigger's answer; classified by the triage rule table.
    return failedAgainSameCause(row.provider, row.errorBefore, row.jobError)
               ? FailureKind::SameCause
               : FailureKind::NewFailure;
}

QList<ResultRow> ResultModel::rowsOfRun(int run) const
{
    QList<ResultRow> out;
    for (const ResultRow &row : m_rows) {
        if (row.run == run)
            out.append(row);
    }
    return out;
}

bool isJobFinished(const QString &status)
{
    // The documented in-progress states; statuses are free strings, so anything else (an
    // unknown value included) counts as ended rather than as running for ever.
    for (const char *running : {"queued", "processing", "pending", "running", "syncing", ""}) {
        if (status == QLatin1String(running))
            return false;
    }
    return true;
}

void ResultModel::clear()
{
    m_currentRun = 0;
    if (m_rows.isEmpty())
        return;
    beginResetModel();
    m_rows.clear();
    m_serialsByJob.clear();
    endResetModel();
}

int ResultModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ResultModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ResultModel::rawData(const ResultRow &row, int column, Role role) const
{
    const TriggerResult &r = row.result;
    switch (role) {
    case IdRole:
        return r.target.sourceId;
    case KbIdRole:
        return r.target.kbId;
    case OutcomeRole:
        return int(r.outcome);
    case OutcomeNameRole:
        return toString(r.outcome);
    case JobIdRole:
        return r.jobId;
    case StatusRole:
        return r.status;
    case MessageRole:
        return r.message;
    case HttpStatusRole:
        return r.httpStatus;
    case ElapsedMsRole:
        return r.elapsedMs;
    case FinishedAtRole:
        return r.finishedAt;
    case AttemptRole:
        return r.attempts;
    case RawValueRole:
        return columns()[std::size_t(column)].sortKey(*this, row);
    case RowRole:
        return QVariant::fromValue(r);
    case RunRole:
        return row.run;
    case JobStatusRole:
        return row.jobStatus;
    case FailureKindRole:
        return int(failureKind(row));
    }
    return {};
}

QVariant ResultModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ResultRow &row = m_rows[index.row()];
    if (role >= IdRole)
        return rawData(row, index.column(), Role(role));
    return columnCellData(columns()[std::size_t(index.column())], *this, row, role);
}

QVariant ResultModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    return columnHeaderData<ResultModel>(columns(), section, orientation, role);
}

QString resultsToCsv(const QList<ResultRow> &rows)
{
    const ResultModel model; // the result columns read nothing from the model but the row
    // Ids before names and attempts before elapsed_ms, as in every earlier export and in
    // featherctl's resync rows; columns added later follow in table order.
    return columnsToCsv(
        ResultModel::columns(), model, rows,
        {ResultModel::TimeColumn, ResultModel::KbIdColumn, ResultModel::KnowledgeBaseColumn,
         ResultModel::SourceIdColumn, ResultModel::SourceColumn, ResultModel::OutcomeColumn,
         ResultModel::JobIdColumn, ResultModel::StatusColumn, ResultModel::MessageColumn,
         ResultModel::HttpColumn, ResultModel::AttemptsColumn, ResultModel::DurationColumn});
}

} // namespace feather
