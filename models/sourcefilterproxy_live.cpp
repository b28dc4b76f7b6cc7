// SourceFilterProxy, part two: following the source model's changes (rows arriving page by page,
// live status updates, removals, resets) without a full refilter.
#include "models/sourcefilterproxy.h"
#include "models/sourcemodel.h"

#include <algorithm>
#include <numeric>

namespace feather {

namespace {
// Source data changes over more rows than this re-sort and refilter in one layout change
// instead of moving rows one by one.
constexpr int bulkChangeRows = 256;

// Merges the sorted `added` into the sorted `into` in place, from the back: each added row lands
// after one comparison when it goes where the one after it went (a page of a sorted listing lands
// in a few runs), else after a binary search over the rows not yet moved; only the rows after the
// first landing place move, once each, and no buffer is allocated per page (std::merge compares
// every row per page; the copy it replaces allocated and copied every row per page).
template <typename Less>
void mergeInPlace(std::vector<int> &into, const std::vector<int> &added, Less less)
{
    const auto old = std::ptrdiff_t(into.size());
    into.resize(into.size() + added.size());
    auto end = into.begin() + old; // the rows not yet moved: [begin, end)
    auto out = into.end();         // the merged tail: [out, into.end())
    for (auto a = added.crbegin(); a != added.crend(); ++a) {
        auto at = end;
        if (at != into.begin() && less(*a, *(at - 1)))
            at = std::upper_bound(into.begin(), at - 1, *a, less);
        out = std::move_backward(at, end, out);
        *--out = *a;
        end = at;
    }
}

} // namespace

void SourceFilterProxy::onAboutToReset()
{
    beginResetModel();
}

void SourceFilterProxy::onReset()
{
    rebuildKeys();
    rebuildOrder();
    rebuildRows();
    rebuildProxyOf();
    endResetModel();
}

void SourceFilterProxy::onRowsInserted(int first, int last)
{
    const int count = last - first + 1;
    const bool shifted = std::size_t(first) < m_order.size();
    if (shifted) {
        for (int &s : m_order)
            s += s >= first ? count : 0;
        for (int &s : m_rows)
            s += s >= first ? count : 0;
    }
    if (m_sortColumn >= 0) {
        std::vector<SortKey> keys(static_cast<std::size_t>(count));
        for (int r = first; r <= last; ++r)
            keys[std::size_t(r - first)] = keyOf(r);
        m_keys.insert(m_keys.begin() + first, std::make_move_iterator(keys.begin()),
                      std::make_move_iterator(keys.end()));
    }
    m_proxyOf.insert(m_proxyOf.begin() + first, std::size_t(count), -1);
    const auto byView = [this](int a, int b) { return less(a, b); };
    std::vector<int> added(static_cast<std::size_t>(count));
    std::iota(added.begin(), added.end(), first);
    std::sort(added.begin(), added.end(), byView);
    mergeInPlace(m_order, added, byView);
    std::erase_if(added, [this](int s) { return !accepts(s); });
    if (added.empty()) {
        if (shifted)
            rebuildProxyOf();
        return;
    }
    if (m_rows.empty() || less(m_rows.back(), added.front())) {
        // The usual page of a listing (unsorted, or sorting after every row shown): appended.
        const int at = int(m_rows.size());
        beginInsertRows({}, at, at + int(added.size()) - 1);
        m_rows.insert(m_rows.end(), added.begin(), added.end());
        if (shifted)
            rebuildProxyOf();
        else
            for (std::size_t p = std::size_t(at); p < m_rows.size(); ++p)
                m_proxyOf[std::size_t(m_rows[p])] = int(p);
        endInsertRows();
        return;
    }
    if (insertInRuns(added))
        return;
    // Rows landing in many gaps between shown rows: one layout change, not one insertion per gap.
    relayout([&] {
        mergeInPlace(m_rows, added, byView);
        rebuildProxyOf();
    });
}

// Rows (accepted, in view order) that land in at most maxInsertRuns gaps between shown rows: one
// insertion per gap, as QSortFilterProxyModel does (issue 12: a page of a listing sorted by status
// lands in a few runs; a layout change per page remapped every persistent index and made the
// header and the view re-read every row, 2.35x the anchor's page-by-page load).
bool SourceFilterProxy::insertInRuns(const std::vector<int> &added)
{
    const auto byView = [this](int a, int b) { return less(a, b); };
    std::vector<std::pair<std::size_t, std::size_t>> runs; // (gap in m_rows, first of added)
    // `added` is sorted, so each row's gap is at or after the one before it: one comparison says
    // whether it shares that gap, a binary search over the rows after it finds the next.
    std::size_t gap = 0;
    for (std::size_t k = 0; k < added.size(); ++k) {
        if (k > 0 && (gap == m_rows.size() || !less(m_rows[gap], added[k])))
            continue;
        gap = std::size_t(
            std::lower_bound(m_rows.begin() + std::ptrdiff_t(gap), m_rows.end(), added[k], byView)
            - m_rows.begin());
        if (runs.size() == maxInsertRuns)
            return false;
        runs.emplace_back(gap, k);
    }
    std::size_t inserted = 0;
    for (std::size_t r = 0; r < runs.size(); ++r) {
        const std::size_t from = runs[r].second;
        const std::size_t to = r + 1 < runs.size() ? runs[r + 1].second : added.size();
        const auto at = runs[r].first + inserted;
        beginInsertRows({}, int(at), int(at + (to - from)) - 1);
        m_rows.insert(m_rows.begin() + std::ptrdiff_t(at), added.begin() + std::ptrdiff_t(from),
                      added.begin() + std::ptrdiff_t(to));
        // The rows after these moved: their entries (old rows, values >= at) go stale, rewritten
        // when next read.
        staleProxyOfFrom(at);
        for (std::size_t p = at; p < at + (to - from); ++p)
            m_proxyOf[std::size_t(m_rows[p])] = int(p);
        endInsertRows();
        inserted += to - from;
    }
    return true;
}

void SourceFilterProxy::onRowsAboutToBeRemoved(int, int)
{
    beginRelayout();
}

void SourceFilterProxy::onRowsRemoved(int first, int last)
{
    const int count = last - first + 1;
    const auto gone = [&](int s) { return s >= first && s <= last; };
    std::erase_if(m_order, gone);
    std::erase_if(m_rows, gone);
    for (int &s : m_order)
        s -= s > last ? count : 0;
    for (int &s : m_rows)
        s -= s > last ? count : 0;
    if (m_sortColumn >= 0)
        m_keys.erase(m_keys.begin() + first, m_keys.begin() + last + 1);
    rebuildProxyOf();
    endRelayout([&](int s) { return gone(s) ? -1 : (s > last ? s - count : s); });
}

void SourceFilterProxy::onDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight,
                                      const QList<int> &roles)
{
    if (!topLeft.isValid() || topLeft.parent().isValid())
        return;
    const int first = topLeft.row();
    const int last = bottomRight.row();
    if (last - first + 1 > bulkChangeRows) {
        relayout([&] {
            if (m_sortColumn >= 0) {
                for (int r = first; r <= last; ++r)
                    m_keys[std::size_t(r)] = keyOf(r);
            }
            rebuildOrder();
            rebuildRows();
            rebuildProxyOf();
        });
        if (!m_rows.empty())
            Q_EMIT dataChanged(index(0, topLeft.column()),
                               index(int(m_rows.size()) - 1, bottomRight.column()), roles);
        return;
    }
    for (int r = first; r <= last; ++r)
        updateRow(r, topLeft.column(), bottomRight.column(), roles);
}

// One changed source row: it may enter or leave the filter, or move to keep the sort.
void SourceFilterProxy::updateRow(int sourceRow, int firstColumn, int lastColumn,
                                  const QList<int> &roles)
{
    const auto byView = [this](int a, int b) { return less(a, b); };
    const auto s = std::size_t(sourceRow);
    ensureProxyOf();
    bool moved = false;
    if (m_sortColumn >= 0) {
        SortKey key = keyOf(sourceRow);
        if (SortKey::compare(key, m_keys[s]) != 0) {
            // m_order is sorted by the old key: find the row with it, then place it by the new.
            auto it = std::lower_bound(m_order.begin(), m_order.end(), sourceRow, byView);
            if (it == m_order.end() || *it != sourceRow)
                it = std::find(m_order.begin(), m_order.end(), sourceRow);
            m_order.erase(it);
            m_keys[s] = std::move(key);
            m_order.insert(std::lower_bound(m_order.begin(), m_order.end(), sourceRow, byView),
                           sourceRow);
            moved = true;
        } else {
            m_keys[s] = std::move(key);
        }
    }
    const int from = m_proxyOf[s];
    const bool visible = accepts(sourceRow);
    if (from >= 0 && visible && moved) {
        // Its new place among the others (searched without it: they are sorted, it may not be).
        m_rows.erase(m_rows.begin() + from);
        const int to =
            int(std::lower_bound(m_rows.begin(), m_rows.end(), sourceRow, byView) - m_rows.begin());
        m_rows.insert(m_rows.begin() + from, sourceRow);
        if (to != from && beginMoveRows({}, from, from, {}, to > from ? to + 1 : to)) {
            m_rows.erase(m_rows.begin() + from);
            m_rows.insert(m_rows.begin() + to, sourceRow);
            for (int p = std::min(from, to); p <= std::max(from, to); ++p)
                m_proxyOf[std::size_t(m_rows[std::size_t(p)])] = p;
            endMoveRows();
        }
    } else if (from >= 0 && !visible) {
        beginRemoveRows({}, from, from);
        m_rows.erase(m_rows.begin() + from);
        m_proxyOf[s] = -1;
        for (std::size_t p = std::size_t(from); p < m_rows.size(); ++p)
            m_proxyOf[std::size_t(m_rows[p])] = int(p);
        endRemoveRows();
    } else if (from < 0 && visible) {
        const int to =
            int(std::lower_bound(m_rows.begin(), m_rows.end(), sourceRow, byView) - m_rows.begin());
        beginInsertRows({}, to, to);
        m_rows.insert(m_rows.begin() + to, sourceRow);
        for (std::size_t p = std::size_t(to); p < m_rows.size(); ++p)
            m_proxyOf[std::size_t(m_rows[p])] = int(p);
        endInsertRows();
    }
    if (const int row = m_proxyOf[s]; row >= 0)
        Q_EMIT dataChanged(index(row, firstColumn), index(row, lastColumn), roles);
}

} // namespace feather
