#include "models/knowledgebasemodel.h"
#include "models/sourcefilterproxy.h"

namespace feather {

KnowledgeBaseSortProxy::KnowledgeBaseSortProxy(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setDynamicSortFilter(true);
    // Qt's "C" locale collator compares code points and ignores numeric mode (a bare CI or
    // service environment has no LANG): English sorting is the better guess there.
    if (m_collator.locale().language() == QLocale::C)
        m_collator.setLocale(QLocale(QLocale::English));
    m_collator.setNumericMode(true);
    m_collator.setCaseSensitivity(Qt::CaseInsensitive);
}

void KnowledgeBaseSortProxy::setNameFilter(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed == m_nameFilter)
        return;
    m_nameFilter = trimmed;
    invalidateRowsFilter();
}

bool KnowledgeBaseSortProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (m_nameFilter.isEmpty())
        return true;
    const QModelIndex idx = sourceModel()->index(sourceRow, 0, sourceParent);
    return idx.data(KnowledgeBaseModel::IsAllRole).toBool()
           || idx.data(KnowledgeBaseModel::NameRole)
                  .toString()
                  .contains(m_nameFilter, Qt::CaseInsensitive);
}

bool KnowledgeBaseSortProxy::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    const bool leftAll = left.data(KnowledgeBaseModel::IsAllRole).toBool();
    const bool rightAll = right.data(KnowledgeBaseModel::IsAllRole).toBool();
    if (leftAll != rightAll) {
        // "All" sorts first whichever way the column is ordered.
        return sortOrder() == Qt::AscendingOrder ? leftAll : rightAll;
    }
    const QVariant a = left.data(KnowledgeBaseModel::RawValueRole);
    const QVariant b = right.data(KnowledgeBaseModel::RawValueRole);
    if (a.typeId() == QMetaType::Int)
        return a.toInt() < b.toInt();
    return m_collator.compare(a.toString(), b.toString()) < 0;
}

} // namespace feather
