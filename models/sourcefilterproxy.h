#pragma once

#include "models/sourcesortkey.h"

#include <QAbstractProxyModel>
#include <QCollator>
#include <QSet>
#include <QSortFilterProxyModel>
#include <functional>
#include <limits>
#include <optional>
#include <vector>

namespace feather {

class SourceModel;

// Filters a SourceModel by free text (nickname, source id, KB id, provider, KB name), a set of raw
// statuses, one provider and a set of KB ids; sorts each column on its descriptor's sort key
// (SourceModel::columns()), never on display strings. An empty criterion matches everything.
//
// Its own flat proxy over two row-index vectors, not a QSortFilterProxyModel (issue 12): a
// refilter of 100,000 rows is ONE layout change (QSortFilterProxyModel removes and inserts rows
// in thousands of ranges, and QHeaderView rescans every section per range), and a sort is a
// permutation built once from precomputed keys. Persistent indexes (the view's selection) follow
// every change; rows a filter hides leave the selection.
class SourceFilterProxy final : public QAbstractProxyModel {
    Q_OBJECT
public:
    explicit SourceFilterProxy(QObject *parent = nullptr);
    ~SourceFilterProxy() override;
    Q_DISABLE_COPY_MOVE(SourceFilterProxy)

    void setSourceModel(QAbstractItemModel *model) override;
    void setText(const QString &text);
    void setStatuses(const QSet<QString> &statuses);
    void setProvider(const QString &provider);
    void setKnowledgeBases(const QSet<QString> &kbIds);

    QString text() const { return m_text; }
    QSet<QString> statuses() const { return m_statuses; }
    QString provider() const { return m_provider; }
    QSet<QString> knowledgeBases() const { return m_kbIds; }
    int sortColumn() const { return m_sortColumn; }
    Qt::SortOrder sortOrder() const { return m_sortOrder; }

    // Stuck filter (issue 11): only rows SourceModel::isStuck() calls stuck. Kept apart from the
    // status set on purpose: "stuck" is not a status the server has.
    void setStuckOnly(bool on);
    bool stuckOnly() const { return m_stuckOnly; }

    // Keeps those of `sourceIds` that the filters show now visible while their status changes
    // (a run's rows must not vanish from an "error" view as they start syncing), until any
    // filter changes. An empty list unpins.
    void pinVisible(const QStringList &sourceIds);
    int pinnedCount() const { return int(m_pinned.size()); }
    // Pinned rows the filters alone would hide now (what the view says it kept).
    int keptOutsideFilters() const;

    // QAbstractItemModel / QAbstractProxyModel
    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    QModelIndex sibling(int row, int column, const QModelIndex &idx) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    bool hasChildren(const QModelIndex &parent = {}) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
    QModelIndex mapToSource(const QModelIndex &proxyIndex) const override;
    QModelIndex mapFromSource(const QModelIndex &sourceIndex) const override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

Q_SIGNALS:
    // The text filter changed (after trimming); each emission is one refilter.
    void textChanged(const QString &text);
    // Just before a layout change that may change the row count (refilter, a loaded page that
    // lands between rows): a view may prepare its selection (see SourcePanel).
    void relayoutAboutToStart();

private:
    using SortKey = SourceSortKey;

    void refilter(bool unpin);
    bool accepts(int sourceRow) const;
    bool matchesFilters(int sourceRow) const;
    bool matchesText(const QString &field) const;
    bool acceptsByRoles(const QModelIndex &idx) const;
    SortKey keyOf(int sourceRow) const;
    // Gaps between shown rows a batch of inserted rows may land in as separate insertions.
    static constexpr std::size_t maxInsertRuns = 16;
    bool insertInRuns(const std::vector<int> &added);
    bool less(int a, int b) const; // in view order
    QString idOf(int sourceRow) const;
    void rebuildKeys();
    void rebuildOrder();
    void rebuildRows();
    void rebuildProxyOf();
    // m_proxyOf is brought up to date lazily: rows a loaded page inserts in front of others move
    // the proxy rows after them, and rewriting every one of those per page was O(rows) per gap.
    void ensureProxyOf() const;
    int proxyRowOf(int sourceRow) const; // m_proxyOf[sourceRow], brought up to date if need be
    void staleProxyOfFrom(std::size_t proxyRow);
    // Runs `change` (which rewrites the vectors) inside one layout change; persistent indexes
    // move with their source rows (endRelayout's `remap` turns an old source row into a new one,
    // -1 = gone).
    void relayout(const std::function<void()> &change);
    void beginRelayout();
    void endRelayout(const std::function<int(int)> &remap);

    void onDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight,
                       const QList<int> &roles);
    void updateRow(int sourceRow, int firstColumn, int lastColumn, const QList<int> &roles);
    void onRowsInserted(int first, int last);
    void onRowsAboutToBeRemoved(int first, int last);
    void onRowsRemoved(int first, int last);
    void onAboutToReset();
    void onReset();

    QString m_text;
    QString m_asciiText; // m_text in lower case when it is all ASCII, else empty
    QSet<QString> m_statuses;
    QString m_provider;
    QSet<QString> m_kbIds;
    QSet<QString> m_pinned;
    const SourceModel *m_sources = nullptr; // the source model, when it is a SourceModel
    int m_sortColumn = -1;
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;
    std::vector<SortKey> m_keys; // per source row, for m_sortColumn (empty when unsorted)
    std::vector<int> m_order;    // every source row, in view order
    std::vector<int> m_rows;     // proxy row -> source row: m_order's accepted rows
    // Source row -> proxy row, -1 when filtered out. Whether a row is shown (>= 0) is always
    // right; the proxy row only for those below m_proxyOfFrom (see ensureProxyOf).
    mutable std::vector<int> m_proxyOf;
    mutable std::size_t m_proxyOfFrom = std::numeric_limits<std::size_t>::max();
    QList<QMetaObject::Connection> m_connections;
    // Between rowsAboutToBeRemoved and rowsRemoved: the persistent indexes and their source rows.
    QModelIndexList m_pendingPersistent;
    std::vector<int> m_pendingSourceRows;
    bool m_stuckOnly = false; // setStuckOnly
    bool acceptsStuck(int sourceRow) const;

public:
    // Only these sources (a saved view's "last run", issue 11 item 8), on top of every other
    // criterion; nullopt lifts the restriction. Like pins, an id set is not a criterion the filter
    // bar shows: the window lifts it when the user changes a filter (ui/mainwindow_views.cpp).
    void setOnlySources(const std::optional<QSet<QString>> &sourceIds);
    bool hasOnlySources() const { return m_onlySources.has_value(); }

private:
    std::optional<QSet<QString>> m_onlySources;
};

// Keeps the "All knowledge bases" row on top in either sort order and whatever the name filter;
// sorts the rest on raw values, names naturally ("Billing Support 2" before "… 10").
class KnowledgeBaseSortProxy final : public QSortFilterProxyModel {
    Q_OBJECT
public:
    explicit KnowledgeBaseSortProxy(QObject *parent = nullptr);
    Q_DISABLE_COPY_MOVE(KnowledgeBaseSortProxy)

    // Shows the KBs whose name contains `text` (case-insensitive); empty shows all.
    void setNameFilter(const QString &text);
    QString nameFilter() const { return m_nameFilter; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    QString m_nameFilter;
    QCollator m_collator;
};

} // namespace feather
