#include "models/jobhistorymodel.h"

#include "models/presentation.h"
#include "models/resultmodel.h"

#include <QLocale>

namespace feather {

namespace {

QString localTime(const QDateTime &t)
{
    return t.isValid() ? QLocale().toString(t.toLocalTime(), QLocale::ShortFormat) : QString();
}

QString optional(const std::optional<int> &v)
{
    return v ? QLocale().toString(*v) : QString();
}

qint64 durationSeconds(const SyncJob &j)
{
    if (!j.startedAt.isValid())
        return -1;
    const QDateTime end = j.completedAt.isValid() ? j.completedAt : QDateTime::currentDateTimeUtc();
    return qMax<qint64>(0, j.startedAt.secsTo(end));
}

} // namespace

bool isRetryableJobStatus(const QString &status)
{
    return status.compare(QLatin1String("failed"), Qt::CaseInsensitive) == 0
           || status.compare(QLatin1String("partial_failure"), Qt::CaseInsensitive) == 0;
}

JobHistoryModel::JobHistoryModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void JobHistoryModel::setJobs(const QList<JobHistoryEntry> &jobs)
{
    beginResetModel();
    m_jobs = jobs;
    endResetModel();
}

int JobHistoryModel::rowOf(const QString &jobId) const
{
    for (qsizetype i = 0; i < m_jobs.size(); ++i) {
        if (m_jobs.at(i).job.id == jobId)
            return int(i);
    }
    return -1;
}

int JobHistoryModel::inferredCount() const
{
    int n = 0;
    for (const JobHistoryEntry &e : m_jobs)
        n += e.match == JobMatch::Inferred ? 1 : 0;
    return n;
}

int JobHistoryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_jobs.size());
}

int JobHistoryModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant JobHistoryModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_jobs.size())
        return {};
    const JobHistoryEntry &e = m_jobs.at(index.row());
    const SyncJob &j = e.job;
    switch (role) {
    case JobIdRole:
        return j.id;
    case StatusRole:
        return j.status;
    case InferredRole:
        return e.match == JobMatch::Inferred;
    case Qt::DecorationRole:
        if (index.column() == StatusColumn)
            return statusIcon(isRetryableJobStatus(j.status) ? StatusKind::Error
                              : isJobFinished(j.status)      ? StatusKind::Active
                                                             : StatusKind::Syncing);
        return {};
    case Qt::ToolTipRole:
        if (index.column() == MatchColumn || e.match == JobMatch::Inferred)
            return e.match == JobMatch::Inferred
                       ? tr("Inferred: %1. The API does not say which source a job belongs to.")
                             .arg(e.matchReason)
                       : tr("Tied to this source by %1.").arg(e.matchReason);
        if (index.column() == ErrorColumn)
            return j.errorMessage;
        return {};
    case Qt::DisplayRole:
        break;
    default:
        return {};
    }
    switch (Column(index.column())) {
    case JobColumn:
        return j.id;
    case StatusColumn:
        return j.status; // verbatim: job statuses are free strings
    case StartedColumn:
        return localTime(j.startedAt.isValid() ? j.startedAt : j.createdAt);
    case EndedColumn:
        return localTime(j.completedAt);
    case DurationColumn: {
        const qint64 s = durationSeconds(j);
        return s < 0 ? QString() : humanDuration(s);
    }
    case TotalColumn:
        return optional(j.totalDocuments);
    case ProcessedColumn:
        return optional(e.processedCount);
    case FailedColumn:
        return optional(e.failedDocuments);
    case ProgressColumn:
        return QStringLiteral("%1%").arg(j.progressPct, 0, 'f', 0);
    case MatchColumn:
        return e.match == JobMatch::Inferred ? tr("Inferred") : tr("Exact");
    case ErrorColumn:
        return j.errorMessage;
    case ColumnCount:
        break;
    }
    return {};
}

QVariant JobHistoryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case JobColumn:
        return tr("Job");
    case StatusColumn:
        return tr("Status");
    case StartedColumn:
        return tr("Started");
    case EndedColumn:
        return tr("Ended");
    case DurationColumn:
        return tr("Duration");
    case TotalColumn:
        return tr("Documents");
    case ProcessedColumn:
        return tr("Processed");
    case FailedColumn:
        return tr("Failed");
    case ProgressColumn:
        return tr("Progress");
    case MatchColumn:
        return tr("Match");
    case ErrorColumn:
        return tr("Error");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace feather
