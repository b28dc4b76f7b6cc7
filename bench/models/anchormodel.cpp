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

} // namespace feather::bench
