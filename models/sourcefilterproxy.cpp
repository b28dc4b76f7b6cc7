#include "models/sourcefilterproxy.h"

#include "models/knowledgebasemodel.h"
#include "models/presentation.h"
#include "models/sourcemodel.h"

#include <QDateTime>

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
    invalidateRowsFilter();
}

void SourceFilterProxy::setText(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed == m_text)
        return;
    m_text = trimmed;
    refilter();
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

bool SourceFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex idx = sourceModel()->index(sourceRow, 0, sourceParent);
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
        if (idx.data(role).toString().contains(m_text, Qt::CaseInsensitive))
            return true;
    }
    return false;
}

namespace {
// Errors first when sorting ascending: they are what staff look for.
int statusRank(const QString &status)
{
    switch (statusKind(status)) {
    case StatusKind::Error:
        return 0;
    case StatusKind::Syncing:
        return 1;
    case StatusKind::Unknown:
        return 2;
    case StatusKind::Active:
        return 3;
    }
    return 2;
}

int compareText(const QString &a, const QString &b)
{
    return QString::compare(a, b, Qt::CaseInsensitive);
}
} // namespace

bool SourceFilterProxy::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    const auto raw = [&](const QModelIndex &i, int role) {
        return i.siblingAtColumn(0).data(role);
    };
    int cmp = 0;
    switch (SourceModel::Column(left.column())) {
    case SourceModel::NicknameColumn:
        cmp = compareText(raw(left, SourceModel::NicknameRole).toString(),
                          raw(right, SourceModel::NicknameRole).toString());
        break;
    case SourceModel::ProviderColumn:
        cmp = compareText(raw(left, SourceModel::ProviderRole).toString(),
                          raw(right, SourceModel::ProviderRole).toString());
        break;
    case SourceModel::StatusColumn: {
        const QString a = raw(left, SourceModel::StatusRole).toString();
        const QString b = raw(right, SourceModel::StatusRole).toString();
        cmp = statusRank(a) - statusRank(b);
        if (cmp == 0)
            cmp = compareText(a, b);
        break;
    }
    case SourceModel::LastJobColumn:
        cmp = compareText(raw(left, SourceModel::LastJobStatusRole).toString(),
                          raw(right, SourceModel::LastJobStatusRole).toString());
        break;
    case SourceModel::UpdatedColumn: {
        const QDateTime a = raw(left, SourceModel::LastSyncedAtRole).toDateTime();
        const QDateTime b = raw(right, SourceModel::LastSyncedAtRole).toDateTime();
        cmp = a < b ? -1 : (b < a ? 1 : 0);
        break;
    }
    case SourceModel::LastErrorColumn:
        cmp = compareText(raw(left, SourceModel::LastErrorRole).toString(),
                          raw(right, SourceModel::LastErrorRole).toString());
        break;
    case SourceModel::KnowledgeBaseColumn:
        cmp = compareText(raw(left, SourceModel::KbNameRole).toString(),
                          raw(right, SourceModel::KbNameRole).toString());
        break;
    case SourceModel::SourceIdColumn:
        cmp = compareText(raw(left, SourceModel::IdRole).toString(),
                          raw(right, SourceModel::IdRole).toString());
        break;
    case SourceModel::KbIdColumn:
        cmp = compareText(raw(left, SourceModel::KbIdRole).toString(),
                          raw(right, SourceModel::KbIdRole).toString());
        break;
    case SourceModel::ColumnCount:
        break;
    }
    if (cmp != 0)
        return cmp < 0;
    // A stable tie-break keeps equal rows from jumping around on every live update.
    return raw(left, SourceModel::IdRole).toString() < raw(right, SourceModel::IdRole).toString();
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
