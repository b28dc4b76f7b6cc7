#include "models/historymodel.h"

#include "models/presentation.h"

using namespace Qt::StringLiterals;

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

QVariant HistoryModel::raw(const AuditEntry &e, int column) const
{
    switch (Column(column)) {
    case TimeColumn:
        return e.at;
    case OperatorColumn:
        return e.operatorName;
    case ProfileColumn:
        return e.profile;
    case ModeColumn:
        return e.mode == BackendMode::Api ? u"API"_s : u"direct"_s;
    case KbColumn:
        return e.kbId;
    case SourceColumn:
        return e.sourceId;
    case OutcomeColumn:
        return e.outcomeName;
    case JobIdColumn:
        return e.jobId;
    case StatusColumn:
        return e.status;
    case MessageColumn:
        return e.message;
    case HttpColumn:
        return e.httpStatus;
    case AttemptColumn:
        return e.attempt;
    case ColumnCount:
        break;
    }
    return {};
}

QVariant HistoryModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const AuditEntry &e = m_entries[index.row()];
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
    case Qt::AccessibleTextRole:
        switch (Column(column)) {
        case TimeColumn:
            return e.at.toLocalTime().toString(u"yyyy-MM-dd HH:mm:ss"_s);
        case OutcomeColumn:
            // A name this build does not know is shown verbatim, never dropped.
            return outcomeFromString(e.outcomeName) ? displayName(e.outcome) : e.outcomeName;
        case HttpColumn:
            return e.httpStatus > 0 ? QString::number(e.httpStatus) : u"—"_s;
        case KbColumn:
        case SourceColumn: {
            const QString id = raw(e, column).toString();
            const QString name = m_names.value(id);
            return name.isEmpty() ? id.left(8) : name;
        }
        case MessageColumn:
            return e.message.simplified();
        default:
            return raw(e, column);
        }
    case Qt::ToolTipRole:
        return column == KbColumn || column == SourceColumn || column == MessageColumn
                   ? raw(e, column)
                   : QVariant();
    case Qt::DecorationRole:
        return column == OutcomeColumn && outcomeFromString(e.outcomeName)
                   ? QVariant(outcomeIcon(e.outcome))
                   : QVariant();
    case Qt::ForegroundRole:
        return column == OutcomeColumn && outcomeFromString(e.outcomeName)
                   ? QVariant(outcomeColor(e.outcome))
                   : QVariant();
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
        return raw(e, column);
    default:
        return {};
    }
}

QVariant HistoryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case TimeColumn:
        return u"Time"_s;
    case OperatorColumn:
        return u"Operator"_s;
    case ProfileColumn:
        return u"Profile"_s;
    case ModeColumn:
        return u"Mode"_s;
    case KbColumn:
        return u"KB"_s;
    case SourceColumn:
        return u"Source"_s;
    case OutcomeColumn:
        return u"Outcome"_s;
    case JobIdColumn:
        return u"Job id"_s;
    case StatusColumn:
        return u"Status"_s;
    case MessageColumn:
        return u"Message"_s;
    case HttpColumn:
        return u"HTTP"_s;
    case AttemptColumn:
        return u"Attempt"_s;
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace feather
