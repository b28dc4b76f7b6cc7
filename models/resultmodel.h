#pragma once

#include "core/types.h"
#include "models/columns.h"

#include <QAbstractTableModel>
#include <QHash>
#include <array>

namespace feather {

// One row per trigger attempt, newest first: what support staff read back after a resync. A
// source never sent (cancelled, stopped by a 401, invalid) still gets one row. A row that started
// or found a job follows that job to its end (the status poller's reads).
struct ResultRow {
    TriggerResult result;
    QString kbName;
    QString sourceName;
    int run = 0;              // 1-based run number in this window
    QString jobStatus;        // the job's latest known status; empty until polled
    QString jobError;         // the job's error message, verbatim
    QDateTime jobCompletedAt; // UTC, when the job ended
    // The source's provider and its last error when the attempt was made: what tells "failed
    // again, same cause" from a new failure once the job ends (issue 15 item 3).
    QString provider;
    QString errorBefore;
};

// How a row's job failed, compared with the source's error before the resync.
enum class FailureKind {
    None,       // the job has not failed (or has not ended, or there is no job)
    SameCause,  // failed again the way it failed before: a resync did not fix it
    NewFailure, // failed, and not as before (or the source had no error before)
};
FailureKind failureKind(const ResultRow &row);

// One run's rows counted per source (its newest row) and per job state.
struct RunSummary {
    int sources = 0;
    int attempts = 0;
    std::array<int, OutcomeCount> outcomes{};
    int jobsRunning = 0; // started or found, not ended yet
    int jobsCompleted = 0;
    int jobsFailed = 0;          // failed or partial_failure (or any other end state)
    int jobsFailedSameCause = 0; // of jobsFailed: failed again the way they failed before
};

class ResultModel final : public QAbstractTableModel {
    Q_OBJECT
public:
    // Logical column order, one descriptor per value (resultcolumns.cpp). Append only.
    enum Column {
        TimeColumn = 0,
        KnowledgeBaseColumn = 1,
        SourceColumn = 2,
        OutcomeColumn = 3,
        JobIdColumn = 4,
        StatusColumn = 5,
        MessageColumn = 6,
        HttpColumn = 7,
        DurationColumn = 8,
        KbIdColumn = 9,      // hidden by default
        SourceIdColumn = 10, // hidden by default
        AttemptsColumn = 11, // hidden by default
        JobErrorColumn = 12,
        CompletedColumn = 13,
        RunColumn = 14,
        FailureColumn = 15, // "Same cause again" / "New failure"
        ColumnCount
    };
    // Raw values for proxies and code.
    enum Role {
        IdRole = Qt::UserRole, // QString source id
        KbIdRole,              // QString knowledge base id
        OutcomeRole,           // int (feather::Outcome)
        OutcomeNameRole,       // QString wire name ("already_syncing")
        JobIdRole,             // QString job id (new job, or the running one)
        StatusRole,            // QString job/source status
        MessageRole,           // QString message verbatim
        HttpStatusRole,        // int, 0 when none
        ElapsedMsRole,         // qint64
        FinishedAtRole,        // QDateTime (UTC)
        AttemptRole,           // int, 1-based attempt number
        RawValueRole,          // the cell's raw value: its column's sort key
        RowRole,               // feather::TriggerResult, the whole attempt
        RunRole,               // int, 1-based run number
        JobStatusRole,         // QString, the job's latest known status (empty: not polled)
        FailureKindRole,       // int (feather::FailureKind)
    };
    Q_ENUM(Role)

    using Spec = ColumnSpec<ResultModel, ResultRow>;
    static const std::array<Spec, ColumnCount> &columns();

    explicit ResultModel(QObject *parent = nullptr);
    Q_DISABLE_COPY_MOVE(ResultModel)

    // Starts a new run: rows added from now on belong to it.
    void beginRun() { ++m_currentRun; }
    int currentRun() const { return m_currentRun; }
    // provider and errorBefore: the source's, as the attempt was made (see ResultRow).
    void addAttempt(const TriggerResult &result, const QString &kbName, const QString &sourceName,
                    const QString &provider = {}, const QString &errorBefore = {});
    // A job's latest state, for every row that started or found it (ids match exactly).
    void applyJobState(const QString &jobId, const QString &status, const QString &error,
                       const QDateTime &completedAt);
    bool hasJob(const QString &jobId) const;
    RunSummary summary(int run) const;
    QList<ResultRow> rowsOfRun(int run) const;
    void clear();
    const ResultRow &rowAt(int row) const { return m_rows.at(row); }
    const QList<ResultRow> &rows() const { return m_rows; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    QVariant rawData(const ResultRow &row, int column, Role role) const;

    QList<ResultRow> m_rows; // newest first
    int m_currentRun = 0;
    // Rows by job id, as insertion serials (row = size - 1 - serial: rows are only prepended,
    // and clear() empties both). A job's state finds its rows without a pass over every row
    // (issue 12: a 10,000-row resync was quadratic).
    QHash<QString, QList<int>> m_serialsByJob;
};

// Whether a job status is an end state (anything but queued / processing / pending / running).
bool isJobFinished(const QString &status);

// RFC 4180 CSV of `rows` with every column of the results table (hidden ones too) under its key.
// Never contains credentials: a TriggerResult carries none. Cells that a spreadsheet would run
// as a formula (=, +, -, @) are prefixed with an apostrophe.
QString resultsToCsv(const QList<ResultRow> &rows);

} // namespace feather
