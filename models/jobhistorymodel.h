#pragma once

#include "core/jobtypes.h"

#include <QAbstractTableModel>

namespace feather {

// A source's ingestion jobs, newest first (Backend::sourceJobs): the details pane's history
// table. A job tied to the source by inference says so in its Match column and tooltip.
class JobHistoryModel final : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        JobColumn,
        StatusColumn,
        StartedColumn,
        EndedColumn,
        DurationColumn,
        TotalColumn,
        ProcessedColumn,
        FailedColumn,
        ProgressColumn,
        MatchColumn,
        ErrorColumn,
        ColumnCount
    };
    enum Role {
        JobIdRole = Qt::UserRole, // QString
        StatusRole,               // QString, verbatim
        InferredRole,             // bool
    };

    explicit JobHistoryModel(QObject *parent = nullptr);
    Q_DISABLE_COPY_MOVE(JobHistoryModel)

    void setJobs(const QList<JobHistoryEntry> &jobs);
    void clear() { setJobs({}); }
    const QList<JobHistoryEntry> &jobs() const { return m_jobs; }
    const JobHistoryEntry &jobAt(int row) const { return m_jobs.at(row); }
    int rowOf(const QString &jobId) const; // -1 when absent
    int inferredCount() const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    QList<JobHistoryEntry> m_jobs;
};

// Whether a job in this status can have its failed items retried (failed, partial_failure).
bool isRetryableJobStatus(const QString &status);

} // namespace feather
