#include "models/resultmodel.h"

#include "models/presentation.h"

#include <QStringList>

using namespace Qt::StringLiterals;

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

QVariant ResultModel::raw(const ResultRow &row, int column) const
{
    const TriggerResult &r = row.result;
    switch (Column(column)) {
    case TimeColumn:
        return r.finishedAt;
    case KnowledgeBaseColumn:
        return row.kbName.isEmpty() ? r.target.kbId : row.kbName;
    case SourceColumn:
        return row.sourceName.isEmpty() ? r.target.sourceId : row.sourceName;
    case OutcomeColumn:
        return int(r.outcome);
    case JobIdColumn:
        return r.jobId;
    case StatusColumn:
        return r.status;
    case MessageColumn:
        return r.message;
    case HttpColumn:
        return r.httpStatus;
    case DurationColumn:
        return r.elapsedMs;
    case ColumnCount:
        break;
    }
    return {};
}

QVariant ResultModel::display(const ResultRow &row, int column) const
{
    const TriggerResult &r = row.result;
    switch (Column(column)) {
    case TimeColumn:
        return r.finishedAt.toLocalTime().toString(u"HH:mm:ss"_s);
    case OutcomeColumn:
        if (r.attempts > 1)
            return QString(displayName(r.outcome) + u" (attempt "_s + QString::number(r.attempts)
                           + u")"_s);
        return displayName(r.outcome);
    case HttpColumn:
        return r.httpStatus > 0 ? QString::number(r.httpStatus) : u"—"_s;
    case DurationColumn:
        if (r.elapsedMs < 1000)
            return QString(QString::number(r.elapsedMs) + u" ms"_s);
        return QString(QString::number(double(r.elapsedMs) / 1000.0, 'f', 1) + u" s"_s);
    case MessageColumn:
        return r.message.simplified();
    case KnowledgeBaseColumn:
    case SourceColumn:
    case JobIdColumn:
    case StatusColumn:
        return raw(row, column);
    case ColumnCount:
        break;
    }
    return {};
}

QVariant ResultModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ResultRow &row = m_rows[index.row()];
    const TriggerResult &r = row.result;
    switch (role) {
    case Qt::DisplayRole:
    case Qt::AccessibleTextRole:
        return display(row, index.column());
    case Qt::DecorationRole:
        return index.column() == OutcomeColumn ? QVariant(outcomeIcon(r.outcome)) : QVariant();
    case Qt::ForegroundRole:
        return index.column() == OutcomeColumn ? QVariant(outcomeColor(r.outcome)) : QVariant();
    case Qt::ToolTipRole:
        switch (Column(index.column())) {
        case TimeColumn:
            return r.finishedAt.toLocalTime().toString(Qt::ISODateWithMs);
        case MessageColumn:
            return r.message;
        case SourceColumn:
            return r.target.sourceId;
        case KnowledgeBaseColumn:
            return r.target.kbId;
        case OutcomeColumn:
            return outcomeDescription(r.outcome);
        default:
            return {};
        }
    case Qt::TextAlignmentRole:
        return index.column() == HttpColumn || index.column() == DurationColumn
                   ? QVariant(int(Qt::AlignRight | Qt::AlignVCenter))
                   : QVariant();
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
        return raw(row, index.column());
    default:
        return {};
    }
}

QVariant ResultModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case TimeColumn:
        return u"Time"_s;
    case KnowledgeBaseColumn:
        return u"Knowledge base"_s;
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
    case DurationColumn:
        return u"Duration"_s;
    case ColumnCount:
        break;
    }
    return {};
}

namespace {
QString csvCell(QString value)
{
    if (!value.isEmpty() && QStringView(u"=+-@").contains(value.front()))
        value.prepend(u'\'');
    if (value.contains(u',') || value.contains(u'"') || value.contains(u'\n')
        || value.contains(u'\r')) {
        value.replace(u"\""_s, u"\"\""_s);
        return u'"' + value + u'"';
    }
    return value;
}
} // namespace

QString resultsToCsv(const QList<ResultRow> &rows)
{
    QString out = u"finished_at,kb_id,kb_name,source_id,source_name,outcome,job_id,status,message,"
                  u"http_status,attempts,elapsed_ms\r\n"_s;
    for (const ResultRow &row : rows) {
        const TriggerResult &r = row.result;
        const QStringList cells{
            r.finishedAt.toUTC().toString(Qt::ISODateWithMs),
            r.target.kbId,
            row.kbName,
            r.target.sourceId,
            row.sourceName,
            toString(r.outcome),
            r.jobId,
            r.status,
            r.message,
            r.httpStatus > 0 ? QString::number(r.httpStatus) : QString(),
            QString::number(r.attempts),
            QString::number(r.elapsedMs),
        };
        QStringList escaped;
        for (const QString &c : cells)
            escaped.append(csvCell(c));
        out += escaped.join(u',') + u"\r\n"_s;
    }
    return out;
}

} // namespace feather
