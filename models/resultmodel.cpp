#include "models/resultmodel.h"

namespace feather {

ResultModel::ResultModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void ResultModel::addAttempt(const TriggerResult &result, const QString &kbName,
                             const QString &sourceName)
{
    beginInsertRows({}, 0, 0);
    m_rows.prepend(ResultRow{result, kbName, sourceName});
    endInsertRows();
}

void ResultModel::clear()
{
    if (m_rows.isEmpty())
        return;
    beginResetModel();
    m_rows.clear();
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
