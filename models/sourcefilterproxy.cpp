#include "models/sourcefilterproxy.h"

#include "models/knowledgebasemodel.h"
#include "models/sourcemodel.h"

using namespace Qt::StringLiterals;

namespace feather {

SourceFilterProxy::SourceFilterProxy(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSortCaseSensitivity(Qt::CaseInsensitive);
    // Live updates re-sort and re-filter changed rows (a source leaving "error" leaves the
    // "errored" filter by itself).
    setDynamicSortFilter(true);
}

void SourceFilterProxy::refilter()
{
    Q_EMIT refilterAboutToStart();
    // The user changed what the view is about: rows kept for a run go by the new filters.
    m_pinned.clear();
    invalidateRowsFilter();
    Q_EMIT refilterFinished();
}

void SourceFilterProxy::pinVisible(const QStringList &sourceIds)
{
    QSet<QString> pinned;
    if (m_sources) {
        for (const QString &id : sourceIds) {
            const int row = m_sources->rowOf(id);
            if (row >= 0 && matchesFilters(row, {}))
                pinned.insert(id);
        }
    }
    if (pinned == m_pinned)
        return;
    m_pinned = pinned;
    Q_EMIT refilterAboutToStart();
    invalidateRowsFilter();
    Q_EMIT refilterFinished();
}

void SourceFilterProxy::setText(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed == m_text)
        return;
    m_text = trimmed;
    refilter();
    Q_EMIT textChanged(m_text);
}

void SourceFilterProxy::setStatuses(const QSet<QString> &statuses)
{
    if (statuses == m_statuses)
        return;
    m_statuses = statuses;
    refilter();
}

void SourceFilterProxy::setProvider(const QString &provider)
{
    if (provider == m_provider)
        return;
    m_provider = provider;
    refilter();
}

void SourceFilterProxy::setKnowledgeBases(const QSet<QString> &kbIds)
{
    if (kbIds == m_kbIds)
        return;
    m_kbIds = kbIds;
    refilter();
}

int SourceFilterProxy::keptOutsideFilters() const
{
    int kept = 0;
    for (const QString &id : m_pinned) {
        const int row = m_sources ? m_sources->rowOf(id) : -1;
        kept += row >= 0 && !matchesFilters(row, {});
    }
    return kept;
}

bool SourceFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (!m_pinned.isEmpty()) {
        const QString id = m_sources ? m_sources->sourceAt(sourceRow).id
                                     : sourceModel()
                                           ->index(sourceRow, 0, sourceParent)
                                           .data(SourceModel::IdRole)
                                           .toString();
        if (m_pinned.contains(id))
            return true;
    }
    return matchesFilters(sourceRow, sourceParent);
}

bool SourceFilterProxy::matchesFilters(int sourceRow, const QModelIndex &sourceParent) const
{
    if (m_stuckOnly && !acceptsStuck(sourceRow, sourceParent))
        return false;
    if (!m_sources)
        return acceptsByRoles(sourceModel()->index(sourceRow, 0, sourceParent));
    // Straight from the row: no QModelIndex and six QVariants per row per keystroke.
    const Source &s = m_sources->sourceAt(sourceRow);
    if (!m_kbIds.isEmpty() && !m_kbIds.contains(s.knowledgeBaseId))
        return false;
    if (!m_statuses.isEmpty() && !m_statuses.contains(s.status))
        return false;
    if (!m_provider.isEmpty() && s.provider != m_provider)
        return false;
    if (m_text.isEmpty())
        return true;
    return matchesText(s.connectionNickname) || matchesText(s.id) || matchesText(s.provider)
           || matchesText(s.knowledgeBaseId) || matchesText(m_sources->kbName(s.knowledgeBaseId))
           || matchesText(s.lastSyncJobId);
}

bool SourceFilterProxy::matchesText(const QString &field) const
{
    return field.size() >= m_text.size() && field.contains(m_text, Qt::CaseInsensitive);
}

// Any other model: the same test through the roles.
bool SourceFilterProxy::acceptsByRoles(const QModelIndex &idx) const
{
    if (!m_kbIds.isEmpty() && !m_kbIds.contains(idx.data(SourceModel::KbIdRole).toString()))
        return false;
    if (!m_statuses.isEmpty() && !m_statuses.contains(idx.data(SourceModel::StatusRole).toString()))
        return false;
    if (!m_provider.isEmpty() && idx.data(SourceModel::ProviderRole).toString() != m_provider)
        return false;
    if (m_text.isEmpty())
        return true;
    for (const int role : {int(SourceModel::NicknameRole), int(SourceModel::IdRole),
                           int(SourceModel::ProviderRole), int(SourceModel::KbIdRole),
                           int(SourceModel::KbNameRole), int(SourceModel::LastJobIdRole)}) {
        if (matchesText(idx.data(role).toString()))
            return true;
    }
    return false;
}

void SourceFilterProxy::setSourceModel(QAbstractItemModel *model)
{
    m_sources = qobject_cast<const SourceModel *>(model);
    QSortFilterProxyModel::setSourceModel(model);
}

bool SourceFilterProxy::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    if (!m_sources)
        return QSortFilterProxyModel::lessThan(left, right);
    // The column's own sort key (dates as dates, statuses by severity), straight from the rows.
    const Source &a = m_sources->sourceAt(left.row());
    const Source &b = m_sources->sourceAt(right.row());
    const SourceModel::Spec &column = SourceModel::columns()[std::size_t(left.column())];
    if (const int cmp =
            compareSortKeys(column.sortKey(*m_sources, a), column.sortKey(*m_sources, b)))
        return cmp < 0;
    // A stable tie-break keeps equal rows from jumping around on every live update.
    return a.id < b.id;
}

// --- Stuck filter (issue 11), one predicate apart from the rest ---

void SourceFilterProxy::setStuckOnly(bool on)
{
    if (on == m_stuckOnly)
        return;
    m_stuckOnly = on;
    refilter();
}

bool SourceFilterProxy::acceptsStuck(int sourceRow, const QModelIndex &sourceParent) const
{
    if (m_sources)
        return m_sources->isStuck(m_sources->sourceAt(sourceRow));
    return sourceModel()->index(sourceRow, 0, sourceParent).data(SourceModel::StuckRole).toBool();
}

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
