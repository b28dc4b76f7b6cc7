#pragma once

// What SourceFilterProxy must show, computed the slow, obvious way, for the proxy tests to
// compare against (tst_sourcefilterproxy, tst_sourceproxypages).
#include "models/sourcefilterproxy.h"
#include "models/sourcemodel.h"

#include <QAbstractItemModel>
#include <QSet>
#include <QStringList>
#include <algorithm>

namespace feather::test {

// The ids the proxy shows, top to bottom.
inline QStringList visibleIds(const QAbstractItemModel &proxy)
{
    QStringList out;
    for (int r = 0; r < proxy.rowCount(); ++r)
        out << proxy.index(r, 0).data(SourceModel::IdRole).toString();
    return out;
}

// Every source row through the status filter, sorted on the column's sort key with
// compareSortKeys() and the id as tie-break.
inline QStringList expectedIds(const SourceModel &model, const QSet<QString> &statuses, int column,
                               Qt::SortOrder order)
{
    QList<int> rows;
    for (int r = 0; r < model.rowCount(); ++r) {
        if (statuses.isEmpty() || statuses.contains(model.sourceAt(r).status))
            rows << r;
    }
    const auto &spec = SourceModel::columns()[std::size_t(column)];
    std::sort(rows.begin(), rows.end(), [&](int a, int b) {
        if (order == Qt::DescendingOrder)
            std::swap(a, b);
        const int cmp = compareSortKeys(spec.sortKey(model, model.sourceAt(a)),
                                        spec.sortKey(model, model.sourceAt(b)));
        return cmp ? cmp < 0 : model.sourceAt(a).id < model.sourceAt(b).id;
    });
    QStringList ids;
    for (const int r : std::as_const(rows))
        ids << model.sourceAt(r).id;
    return ids;
}

} // namespace feather::test
