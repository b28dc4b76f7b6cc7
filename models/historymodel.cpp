#include "models/historymodel.h"

namespace feather {

HistoryModel::HistoryModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void HistoryModel::setEntries(const QList<AuditEntry> &entries)
{
    // The log is append-only and re-queried as a whole: a reset is the honest signal.
    beginResetModel();
    m_entries = entries;
    endResetModel();
}

void HistoryModel::setNames(const QHash<QString, QString> &names)
{
    if (names == m_names)
        return;
    m_names = names;
    if (!m_entries.isEmpty())
        Q_EMIT dataChanged(index(0, KbColumn), index(int(m_entries.size()) - 1, SourceColumn));
}

int HistoryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int HistoryModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant HistoryModel::rawData(const AuditEntry &e, int column, Role role) const
{
    switch (role) {
    case IdRole:
        return e.id;
    case SourceIdRole:
        return e.sourceId;
    case KbIdRole:
        return e.kbId;
    case OutcomeRole:
        return int(e.outcome);
    case JobIdRole:
        return e.jobId;
    case AtRole:
        return e.at;
    case RawValueRole:
        return columns()[std::size_t(column)].sortKey(*this, e);
    case RowRole:
        return QVariant::fromValue(e);
    }
    return {};
}

QVariant HistoryModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const AuditEntry &e = m_entries[index.row()];
    if (role >= IdRole)
        return rawData(e, index.column(), Role(role));
    return columnCellData(columns()[std::size_t(index.column())], *this, e, role);
}

QVariant HistoryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    return columnHeaderData<HistoryModel>(columns(), section, orientation, role);
}

} // namespace feather
