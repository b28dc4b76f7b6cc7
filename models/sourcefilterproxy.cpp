#include "models/sourcefilterproxy.h"

#include "models/sourcemodel.h"

#include <algorithm>
#include <limits>
#include <numeric>

using namespace Qt::StringLiterals;

namespace feather {

SourceFilterProxy::SourceFilterProxy(QObject *parent)
    : QAbstractProxyModel(parent)
{}

SourceFilterProxy::~SourceFilterProxy() = default;

void SourceFilterProxy::setSourceModel(QAbstractItemModel *model)
{
    beginResetModel();
    for (const QMetaObject::Connection &c : std::as_const(m_connections))
        disconnect(c);
    m_connections.clear();
    QAbstractProxyModel::setSourceModel(model);
    m_sources = qobject_cast<const SourceModel *>(model);
    if (model) {
        using M = QAbstractItemModel;
        m_connections << connect(model, &M::dataChanged, this, &SourceFilterProxy::onDataChanged)
                      << connect(model, &M::headerDataChanged, this, &M::headerDataChanged)
                      << connect(model, &M::rowsInserted, this,
                                 [this](const QModelIndex &p, int first, int last) {
                                     if (!p.isValid())
                                         onRowsInserted(first, last);
                                 })
                      << connect(model, &M::rowsAboutToBeRemoved, this,
                                 [this](const QModelIndex &p, int first, int last) {
                                     if (!p.isValid())
                                         onRowsAboutToBeRemoved(first, last);
                                 })
                      << connect(model, &M::rowsRemoved, this,
                                 [this](const QModelIndex &p, int first, int last) {
                                     if (!p.isValid())
                                         onRowsRemoved(first, last);
                                 })
                      << connect(model, &QObject::destroyed, this, [this] {
                             beginResetModel();
                             m_sources = nullptr;
                             m_keys.clear();
                             m_order.clear();
                             m_rows.clear();
                             m_proxyOf.clear();
                             endResetModel();
                         });
        // Whatever a flat source does less often than rows and data (a reset, its own re-layout,
        // moved rows or columns) is a reset here: SourceModel does none of them.
        const auto about = [this] { onAboutToReset(); };
        const auto done = [this] { onReset(); };
        m_connections << connect(model, &M::modelAboutToBeReset, this, about)
                      << connect(model, &M::modelReset, this, done)
                      << connect(model, &M::layoutAboutToBeChanged, this, about)
                      << connect(model, &M::layoutChanged, this, done)
                      << connect(model, &M::rowsAboutToBeMoved, this, about)
                      << connect(model, &M::rowsMoved, this, done)
                      << connect(model, &M::columnsAboutToBeInserted, this, about)
                      << connect(model, &M::columnsInserted, this, done)
                      << connect(model, &M::columnsAboutToBeRemoved, this, about)
                      << connect(model, &M::columnsRemoved, this, done)
                      << connect(model, &M::columnsAboutToBeMoved, this, about)
                      << connect(model, &M::columnsMoved, this, done);
    }
    rebuildKeys();
    rebuildOrder();
    rebuildRows();
    rebuildProxyOf();
    endResetModel();
}

// --- filters -----------------------------------------------------------------------------------

void SourceFilterProxy::refilter(bool unpin)
{
    relayout([&] {
        // The user changed what the view is about: rows kept for a run go by the new filters.
        if (unpin)
            m_pinned.clear();
        rebuildRows();
        rebuildProxyOf();
    });
}

void SourceFilterProxy::pinVisible(const QStringList &sourceIds)
{
    QSet<QString> pinned;
    if (m_sources) {
        for (const QString &id : sourceIds) {
            const int row = m_sources->rowOf(id);
            if (row >= 0 && matchesFilters(row))
                pinned.insert(id);
        }
    }
    if (pinned == m_pinned)
        return;
    m_pinned = pinned;
    refilter(false);
}

void SourceFilterProxy::setText(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed == m_text)
        return;
    m_text = trimmed;
    const bool ascii =
        std::all_of(m_text.cbegin(), m_text.cend(), [](QChar c) { return c.unicode() < 0x80; });
    m_asciiText = ascii ? m_text.toLower() : QString();
    refilter(true);
    Q_EMIT textChanged(m_text);
}

void SourceFilterProxy::setStatuses(const QSet<QString> &statuses)
{
    if (statuses == m_statuses)
        return;
    m_statuses = statuses;
    refilter(true);
}

void SourceFilterProxy::setProvider(const QString &provider)
{
    if (provider == m_provider)
        return;
    m_provider = provider;
    refilter(true);
}

void SourceFilterProxy::setKnowledgeBases(const QSet<QString> &kbIds)
{
    if (kbIds == m_kbIds)
        return;
    m_kbIds = kbIds;
    refilter(true);
}

int SourceFilterProxy::keptOutsideFilters() const
{
    int kept = 0;
    for (const QString &id : m_pinned) {
        const int row = m_sources ? m_sources->rowOf(id) : -1;
        kept += row >= 0 && !matchesFilters(row);
    }
    return kept;
}

bool SourceFilterProxy::accepts(int sourceRow) const
{
    if (!m_pinned.isEmpty() && m_pinned.contains(idOf(sourceRow)))
        return true;
    return matchesFilters(sourceRow);
}

QString SourceFilterProxy::idOf(int sourceRow) const
{
    if (m_sources)
        return m_sources->sourceAt(sourceRow).id;
    return sourceModel()->index(sourceRow, 0).data(SourceModel::IdRole).toString();
}

bool SourceFilterProxy::matchesFilters(int sourceRow) const
{
    if (m_stuckOnly && !acceptsStuck(sourceRow))
        return false;
    if (m_onlySources && !m_onlySources->contains(idOf(sourceRow)))
        return false;
    if (!m_sources)
        return acceptsByRoles(sourceModel()->index(sourceRow, 0));
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
    if (field.size() < m_text.size())
        return false;
    if (m_asciiText.isEmpty())
        return field.contains(m_text, Qt::CaseInsensitive);
    // An ASCII needle in an ASCII field: case folding is A-Z to a-z, compared inline (Qt's
    // case-insensitive search folds through the Unicode tables per character, the bulk of a
    // keystroke at 100,000 rows). Any other field takes Qt's path: 'K' (Kelvin) folds to 'k'.
    const QChar *const data = field.constData();
    const qsizetype size = field.size();
    const auto lower = [](char16_t c) -> char16_t {
        return c >= u'A' && c <= u'Z' ? char16_t(c + 32) : c;
    };
    for (qsizetype i = 0; i < size; ++i) {
        if (data[i].unicode() >= 0x80)
            return field.contains(m_text, Qt::CaseInsensitive);
    }
    const char16_t *needle = reinterpret_cast<const char16_t *>(m_asciiText.constData());
    const qsizetype n = m_asciiText.size();
    for (qsizetype i = 0; i + n <= size; ++i) {
        qsizetype k = 0;
        while (k < n && lower(data[i + k].unicode()) == needle[k])
            ++k;
        if (k == n)
            return true;
    }
    return false;
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

// --- sorting -----------------------------------------------------------------------------------

void SourceFilterProxy::sort(int column, Qt::SortOrder order)
{
    if (column >= columnCount())
        column = -1;
    relayout([&] {
        m_sortColumn = column;
        m_sortOrder = order;
        rebuildKeys();
        rebuildOrder();
        // Membership does not change: keep the accepted rows, in the new order.
        m_rows.clear();
        for (const int s : m_order) {
            if (m_proxyOf[std::size_t(s)] >= 0)
                m_rows.push_back(s);
        }
        rebuildProxyOf();
    });
}

SourceFilterProxy::SortKey SourceFilterProxy::keyOf(int sourceRow) const
{
    const QVariant v = m_sources
                           ? SourceModel::columns()[std::size_t(m_sortColumn)].sortKey(
                               *m_sources, m_sources->sourceAt(sourceRow))
                           : sourceModel()->index(sourceRow, m_sortColumn).data(Qt::DisplayRole);
    const QStringView id =
        m_sources ? QStringView(m_sources->sourceAt(sourceRow).id) : QStringView();
    return SortKey::make(v, id);
}

bool SourceFilterProxy::less(int a, int b) const
{
    if (m_sortColumn < 0)
        return a < b;
    if (m_sortOrder == Qt::DescendingOrder)
        std::swap(a, b);
    const SortKey &ka = m_keys[std::size_t(a)];
    const SortKey &kb = m_keys[std::size_t(b)];
    if (const int cmp = SortKey::compare(ka, kb))
        return cmp < 0;
    // A stable tie-break keeps equal rows from jumping around on every live update.
    if (m_sources) {
        if (const int cmp = SortKey::compareIds(ka, kb))
            return cmp < 0;
        if (const int cmp = QString::compare(m_sources->sourceAt(a).id, m_sources->sourceAt(b).id))
            return cmp < 0;
    }
    return a < b;
}

// --- Stuck filter (issue 11), one predicate apart from the rest ---

void SourceFilterProxy::setStuckOnly(bool on)
{
    if (on == m_stuckOnly)
        return;
    m_stuckOnly = on;
    refilter(true);
}

bool SourceFilterProxy::acceptsStuck(int sourceRow) const
{
    if (m_sources)
        return m_sources->isStuck(m_sources->sourceAt(sourceRow));
    return sourceModel()->index(sourceRow, 0).data(SourceModel::StuckRole).toBool();
}

// --- the vectors -------------------------------------------------------------------------------

void SourceFilterProxy::rebuildKeys()
{
    m_keys.clear();
    if (m_sortColumn < 0 || !sourceModel())
        return;
    const int n = sourceModel()->rowCount();
    m_keys.resize(std::size_t(n));
    for (int r = 0; r < n; ++r)
        m_keys[std::size_t(r)] = keyOf(r);
}

void SourceFilterProxy::rebuildOrder()
{
    m_order.resize(std::size_t(sourceModel() ? sourceModel()->rowCount() : 0));
    std::iota(m_order.begin(), m_order.end(), 0);
    if (m_sortColumn >= 0)
        std::sort(m_order.begin(), m_order.end(), [this](int a, int b) { return less(a, b); });
}

void SourceFilterProxy::rebuildRows()
{
    m_rows.clear();
    for (const int s : m_order) {
        if (accepts(s))
            m_rows.push_back(s);
    }
}

void SourceFilterProxy::rebuildProxyOf()
{
    m_proxyOf.assign(m_order.size(), -1);
    for (std::size_t p = 0; p < m_rows.size(); ++p)
        m_proxyOf[std::size_t(m_rows[p])] = int(p);
    m_proxyOfFrom = std::numeric_limits<std::size_t>::max();
}

int SourceFilterProxy::proxyRowOf(int sourceRow) const
{
    const int row = m_proxyOf[std::size_t(sourceRow)];
    if (row < 0 || std::size_t(row) < m_proxyOfFrom)
        return row;
    ensureProxyOf();
    return m_proxyOf[std::size_t(sourceRow)];
}

void SourceFilterProxy::staleProxyOfFrom(std::size_t proxyRow)
{
    m_proxyOfFrom = std::min(m_proxyOfFrom, proxyRow);
}

// Entries of rows shown at or after m_proxyOfFrom may be stale (they moved); every other entry
// is right, since an insertion or removal only moves the rows after it.
void SourceFilterProxy::ensureProxyOf() const
{
    for (std::size_t p = m_proxyOfFrom; p < m_rows.size(); ++p)
        m_proxyOf[std::size_t(m_rows[p])] = int(p);
    m_proxyOfFrom = std::numeric_limits<std::size_t>::max();
}

void SourceFilterProxy::beginRelayout()
{
    Q_EMIT relayoutAboutToStart();
    // VerticalSortHint: columns stay as they are, so the horizontal header keeps its sections and
    // the selection model tracks one index per selected row, not one per cell.
    Q_EMIT layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    m_pendingPersistent = persistentIndexList();
    m_pendingSourceRows.clear();
    m_pendingSourceRows.reserve(std::size_t(m_pendingPersistent.size()));
    for (const QModelIndex &idx : std::as_const(m_pendingPersistent)) {
        const auto row = std::size_t(idx.row());
        m_pendingSourceRows.push_back(row < m_rows.size() ? m_rows[row] : -1);
    }
}

void SourceFilterProxy::endRelayout(const std::function<int(int)> &remap)
{
    ensureProxyOf();
    QModelIndexList to;
    to.reserve(m_pendingPersistent.size());
    for (qsizetype i = 0; i < m_pendingPersistent.size(); ++i) {
        const int old = m_pendingSourceRows[std::size_t(i)];
        const int now = old < 0 ? -1 : remap(old);
        const int row =
            now >= 0 && std::size_t(now) < m_proxyOf.size() ? m_proxyOf[std::size_t(now)] : -1;
        to << (row >= 0 ? createIndex(row, m_pendingPersistent[i].column()) : QModelIndex());
    }
    changePersistentIndexList(m_pendingPersistent, to);
    m_pendingPersistent.clear();
    m_pendingSourceRows.clear();
    Q_EMIT layoutChanged({}, QAbstractItemModel::VerticalSortHint);
}

void SourceFilterProxy::relayout(const std::function<void()> &change)
{
    beginRelayout();
    change();
    endRelayout([](int row) { return row; });
}

// --- QAbstractItemModel ------------------------------------------------------------------------

QModelIndex SourceFilterProxy::index(int row, int column, const QModelIndex &parent) const
{
    if (parent.isValid() || row < 0 || column < 0 || std::size_t(row) >= m_rows.size()
        || column >= columnCount())
        return {};
    return createIndex(row, column);
}

QModelIndex SourceFilterProxy::parent(const QModelIndex &) const
{
    return {};
}

QModelIndex SourceFilterProxy::sibling(int row, int column, const QModelIndex &) const
{
    return index(row, column);
}

int SourceFilterProxy::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int SourceFilterProxy::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() || !sourceModel() ? 0 : sourceModel()->columnCount();
}

bool SourceFilterProxy::hasChildren(const QModelIndex &parent) const
{
    return !parent.isValid() && !m_rows.empty() && columnCount() > 0;
}

QVariant SourceFilterProxy::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (!sourceModel())
        return {};
    if (orientation == Qt::Horizontal)
        return sourceModel()->headerData(section, orientation, role);
    if (section < 0 || std::size_t(section) >= m_rows.size())
        return {};
    return sourceModel()->headerData(m_rows[std::size_t(section)], orientation, role);
}

QModelIndex SourceFilterProxy::mapToSource(const QModelIndex &proxyIndex) const
{
    if (!proxyIndex.isValid() || !sourceModel() || std::size_t(proxyIndex.row()) >= m_rows.size())
        return {};
    return sourceModel()->index(m_rows[std::size_t(proxyIndex.row())], proxyIndex.column());
}

QModelIndex SourceFilterProxy::mapFromSource(const QModelIndex &sourceIndex) const
{
    if (!sourceIndex.isValid() || sourceIndex.parent().isValid()
        || std::size_t(sourceIndex.row()) >= m_proxyOf.size())
        return {};
    const int row = proxyRowOf(sourceIndex.row());
    return row < 0 ? QModelIndex() : index(row, sourceIndex.column());
}

} // namespace feather
