#include "models/knowledgebasemodel.h"

#include "core/continuation.h"

#include <QFont>
#include <QFuture>

namespace feather {

KnowledgeBaseModel::KnowledgeBaseModel(QObject *parent)
    : QAbstractTableModel(parent)
{
    m_all.name = tr("All knowledge bases");
    m_all.description = tr("Every source in every knowledge base");
}

void KnowledgeBaseModel::setBackend(Backend *backend)
{
    m_backend = backend;
    ++m_generation; // answers for the previous backend are dropped
}

void KnowledgeBaseModel::refresh()
{
    if (!m_backend)
        return;
    const quint64 generation = ++m_generation;
    continueOnFinished(m_backend->listKnowledgeBases(), this,
                       [this, generation](const KnowledgeBasesResult &r) {
                           if (generation != m_generation)
                               return;
                           if (!r.ok()) {
                               Q_EMIT loadFailed(r.error->message, *r.error);
                               return;
                           }
                           setKnowledgeBases(r.value);
                           Q_EMIT loaded(int(m_kbs.size()));
                       });
}

void KnowledgeBaseModel::setKnowledgeBases(const QList<KnowledgeBase> &listed)
{
    QList<KnowledgeBase> kbs = listed;
    for (KnowledgeBase &kb : kbs) { // the counts of the rows we have, when the list has none
        if (kb.sourceStatusCounts.isEmpty())
            kb.sourceStatusCounts = m_counts.value(kb.id);
    }
    QHash<QString, int> incoming;
    for (int i = 0; i < kbs.size(); ++i)
        incoming.insert(kbs[i].id, i);

    // Remove rows that are gone, bottom-up so earlier indexes stay valid.
    for (int i = int(m_kbs.size()) - 1; i >= 0; --i) {
        if (!incoming.contains(m_kbs[i].id)) {
            beginRemoveRows({}, i + 1, i + 1);
            m_kbs.removeAt(i);
            endRemoveRows();
        }
    }
    QHash<QString, int> existing;
    for (int i = 0; i < m_kbs.size(); ++i)
        existing.insert(m_kbs[i].id, i);

    QList<KnowledgeBase> added;
    for (const KnowledgeBase &kb : kbs) {
        const auto it = existing.constFind(kb.id);
        if (it == existing.constEnd()) {
            added.append(kb);
            continue;
        }
        m_kbs[*it] = kb;
        Q_EMIT dataChanged(index(*it + 1, 0), index(*it + 1, ColumnCount - 1));
    }
    if (!added.isEmpty()) {
        const int first = int(m_kbs.size()) + 1;
        beginInsertRows({}, first, first + int(added.size()) - 1);
        m_kbs += added;
        endInsertRows();
    }
    recomputeTotals();
}

void KnowledgeBaseModel::setStatusCounts(const QHash<QString, QMap<QString, int>> &countsByKb)
{
    m_counts = countsByKb;
    for (int i = 0; i < m_kbs.size(); ++i) {
        const QMap<QString, int> counts = countsByKb.value(m_kbs[i].id);
        if (counts == m_kbs[i].sourceStatusCounts)
            continue;
        m_kbs[i].sourceStatusCounts = counts;
        Q_EMIT dataChanged(index(i + 1, SourcesColumn), index(i + 1, ColumnCount - 1));
    }
    recomputeTotals();
}

void KnowledgeBaseModel::setStuckCounts(const QHash<QString, int> &stuckByKb)
{
    if (stuckByKb == m_stuck)
        return;
    m_stuck = stuckByKb;
    Q_EMIT dataChanged(index(0, StuckColumn), index(int(m_kbs.size()), StuckColumn));
}

int KnowledgeBaseModel::stuckCount(const QString &kbId) const
{
    if (!kbId.isEmpty())
        return m_stuck.value(kbId);
    int total = 0;
    for (const int n : m_stuck)
        total += n;
    return total;
}

void KnowledgeBaseModel::setCountsPartial(bool partial)
{
    if (partial == m_countsPartial)
        return;
    m_countsPartial = partial;
    Q_EMIT dataChanged(index(0, SourcesColumn), index(int(m_kbs.size()), ColumnCount - 1));
    Q_EMIT headerDataChanged(Qt::Horizontal, SourcesColumn, ColumnCount - 1);
}

void KnowledgeBaseModel::recomputeTotals()
{
    QMap<QString, int> totals;
    for (const KnowledgeBase &kb : std::as_const(m_kbs)) {
        for (auto it = kb.sourceStatusCounts.cbegin(); it != kb.sourceStatusCounts.cend(); ++it)
            totals[it.key()] += it.value();
    }
    if (totals == m_all.sourceStatusCounts)
        return;
    m_all.sourceStatusCounts = totals;
    Q_EMIT dataChanged(index(0, SourcesColumn), index(0, ColumnCount - 1));
}

QString KnowledgeBaseModel::nameOf(const QString &kbId) const
{
    for (const KnowledgeBase &kb : m_kbs) {
        if (kb.id == kbId)
            return kb.name;
    }
    return {};
}

int KnowledgeBaseModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_kbs.size()) + 1;
}

int KnowledgeBaseModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant KnowledgeBaseModel::rawData(const KnowledgeBase &kb, int column, Role role) const
{
    switch (role) {
    case IdRole:
        return kb.id;
    case NameRole:
        return kb.name;
    case SourceCountRole:
        return kb.sourceCount();
    case StatusCountsRole: {
        QVariantMap map;
        for (auto it = kb.sourceStatusCounts.cbegin(); it != kb.sourceStatusCounts.cend(); ++it)
            map.insert(it.key(), it.value());
        return map;
    }
    case IsAllRole:
        return isAll(kb);
    case RawValueRole:
        return columns()[std::size_t(column)].sortKey(*this, kb);
    case RowRole:
        return QVariant::fromValue(kb);
    case CountsPartialRole:
        return m_countsPartial;
    }
    return {};
}

QVariant KnowledgeBaseModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const KnowledgeBase &kb = rowAt(index.row());
    if (role >= IdRole)
        return rawData(kb, index.column(), Role(role));
    if (role == Qt::FontRole) { // the totals row stands out
        if (!isAll(kb))
            return {};
        QFont bold;
        bold.setBold(true);
        return bold;
    }
    if (m_countsPartial && index.column() >= SourcesColumn) {
        if (role == Qt::DisplayRole) // "so far", never a figure that looks final
            return tr("%1…").arg(
                columnCellData(columns()[std::size_t(index.column())], *this, kb, role).toInt());
        if (role == Qt::ToolTipRole)
            return tr("Still loading: counted from the sources loaded so far");
    }
    return columnCellData(columns()[std::size_t(index.column())], *this, kb, role);
}

QVariant KnowledgeBaseModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    return columnHeaderData<KnowledgeBaseModel>(columns(), section, orientation, role);
}

} // namespace feather
