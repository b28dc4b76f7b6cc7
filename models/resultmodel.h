#pragma once

#include "core/types.h"
#include "models/columns.h"

#include <QAbstractTableModel>

namespace feather {

// One row per trigger attempt, newest first: what support staff read back after a resync.
struct ResultRow {
    TriggerResult result;
    QString kbName;
    QString sourceName;
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
    };
    Q_ENUM(Role)

    using Spec = ColumnSpec<ResultModel, ResultRow>;
    static const std::array<Spec, ColumnCount> &columns();

    explicit ResultModel(QObject *parent = nullptr);
    Q_DISABLE_COPY_MOVE(ResultModel)

    void addAttempt(const TriggerResult &result, const QString &kbName, const QString &sourceName);
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
};

// RFC 4180 CSV of `rows` with every column of the results table (hidden ones too) under its key.
// Never contains credentials: a TriggerResult carries none. Cells that a spreadsheet would run
// as a formula (=, +, -, @) are prefixed with an apostrophe.
QString resultsToCsv(const QList<ResultRow> &rows);

} // namespace feather
