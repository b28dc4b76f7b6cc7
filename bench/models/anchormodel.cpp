#include "bench/models/anchormodel.h"

using namespace Qt::StringLiterals;

namespace feather::bench {

AnchorModel::AnchorModel(QHash<QString, QString> kbNames, QObject *parent)
    : QAbstractTableModel(parent)
    , m_kbNames(std::move(kbNames))
{}

void AnchorModel::append(const QList<Source> &rows)
{
    if (rows.isEmpty())
        return;
    beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + rows.size()) - 1);
    m_rows += rows;
    endInsertRows();
}

void AnchorModel::appendPages(const QList<QList<Source>> &pages)
{
    qsizetype n = 0;
    for (const QList<Source> &page : pages)
        n += page.size();
    if (n == 0)
        return;
    beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + n) - 1);
    for (const QList<Source> &page : pages)
        m_rows += page;
    endInsertRows();
}

void AnchorModel::setStatus(const QString &sourceId, const QString &status)
{
    if (m_rowById.isEmpty()) {
        for (int r = 0; r < m_rows.size(); ++r)
            m_rowById.insert(m_rows[r].id, r);
    }
    const int row = m_rowById.value(sourceId, -1);
    if (row < 0 || m_rows[row].status == status)
        return;
    m_rows[row].status = status;
    Q_EMIT dataChanged(index(row, 0), index(row, columnCount() - 1));
}

int AnchorModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int AnchorModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : 9;
}

QVariant AnchorModel::data(const QModelIndex &index, int role) const
{
    if (role != Qt::DisplayRole || !index.isValid())
        return {};
    const Source &s = m_rows.at(index.row());
    switch (index.column()) {
    case 0:
        return s.connectionNickname;
    case 1:
        return s.provider;
    case 2:
        return s.status;
    case 3:
        return s.lastErrorMessage;
    case 4:
        return s.lastSyncJobId;
    case 5:
        return s.lastSyncCompletedAt.isValid() ? s.lastSyncCompletedAt : s.updatedAt;
    case 6:
        return m_kbNames.value(s.knowledgeBaseId);
    case 7:
        return s.id;
    case 8:
        return s.knowledgeBaseId;
    }
    return {};
}

QVariant AnchorModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    static const QStringList headers{u"Source"_s,         u"Provider"_s,  u"Status"_s,
                                     u"Last error"_s,     u"Last job"_s,  u"Last synced"_s,
                                     u"Knowledge base"_s, u"Source id"_s, u"KB id"_s};
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0 || section >= 9)
        return {};
    return headers[section];
}

void AnchorResults::prepend(const TriggerResult &result, const QString &sourceName)
{
    beginInsertRows({}, 0, 0);
    const int serial = int(m_rows.size());
    m_rows.prepend(Row{result, sourceName, {}, serial});
    if (!result.jobId.isEmpty())
        m_serialByJob.insert(result.jobId, serial);
    endInsertRows();
}

void AnchorResults::setJobStatus(const QString &jobId, const QString &status)
{
    const int serial = m_serialByJob.value(jobId, -1);
    if (serial < 0)
        return;
    const int row = int(m_rows.size()) - 1 - serial;
    m_rows[row].jobStatus = status;
    Q_EMIT dataChanged(index(row, 0), index(row, columnCount() - 1));
}

int AnchorResults::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int AnchorResults::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : 6;
}

QVariant AnchorResults::data(const QModelIndex &index, int role) const
{
    if (role != Qt::DisplayRole || !index.isValid())
        return {};
    const Row &row = m_rows.at(index.row());
    switch (index.column()) {
    case 0:
        return row.result.finishedAt;
    case 1:
        return row.sourceName;
    case 2:
        return toString(row.result.outcome);
    case 3:
        return row.result.jobId;
    case 4:
        return row.jobStatus.isEmpty() ? row.result.status : row.jobStatus;
    case 5:
        return row.result.message;
    }
    return {};
}

} // namespace feather::bench
