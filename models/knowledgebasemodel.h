#pragma once

#include "core/backend.h"
#include "models/columns.h"

#include <QAbstractTableModel>
#include <QHash>

namespace feather {

// Knowledge bases with their per-status source counts. Row 0 is the synthetic "All knowledge
// bases" row (totals; IdRole is empty) so one click on it clears the KB filter. Rows are keyed
// by KB id: a refresh merges, so a selected KB stays selected.
class KnowledgeBaseModel final : public QAbstractTableModel {
    Q_OBJECT
public:
    // Logical column order, one descriptor per value (knowledgebasecolumns.cpp). Append only.
    enum Column {
        NameColumn = 0,
        SourcesColumn = 1,
        ActiveColumn = 2,
        SyncingColumn = 3,
        ErrorColumn = 4,
        OtherColumn = 5,
        StuckColumn = 6,
        ColumnCount
    };
    // Raw values for proxies and code; DisplayRole is for people.
    enum Role {
        IdRole = Qt::UserRole, // QString kb id; empty on the "All" row
        NameRole,              // QString
        SourceCountRole,       // int, sources in this KB
        StatusCountsRole,      // QVariantMap status -> int
        IsAllRole,             // bool, true on row 0
        RawValueRole,          // the cell's raw value (QString name or int count): sort key
        RowRole,               // feather::KnowledgeBase (row 0: no id, the totals as counts)
        CountsPartialRole,     // bool, the counts cover only the sources loaded so far
    };
    Q_ENUM(Role)

    using Spec = ColumnSpec<KnowledgeBaseModel, KnowledgeBase>;
    static const std::array<Spec, ColumnCount> &columns();

    explicit KnowledgeBaseModel(QObject *parent = nullptr);
    Q_DISABLE_COPY_MOVE(KnowledgeBaseModel)

    // Loads through `backend` (not owned; may be null). refresh() returns at once.
    void setBackend(Backend *backend);
    void refresh();

    // Merges by id: changed rows emit dataChanged, new ones are inserted, missing ones removed.
    void setKnowledgeBases(const QList<KnowledgeBase> &kbs);
    // Replaces the per-status counts. They are computed from the source rows the window has
    // (no per-KB listing), so they survive a KB refresh and apply to KBs that arrive later.
    void setStatusCounts(const QHash<QString, QMap<QString, int>> &countsByKb);
    // While the source listing is still coming in (or stopped part-way) the counts are marked
    // partial: "12…" with a tooltip saying so, never a figure that looks final.
    void setCountsPartial(bool partial);
    bool countsPartial() const { return m_countsPartial; }

    // Stuck syncs per KB (SourceModel::stuckCountsByKb); the "All" row (empty id) the total.
    void setStuckCounts(const QHash<QString, int> &stuckByKb);
    int stuckCount(const QString &kbId) const;

    QString nameOf(const QString &kbId) const;
    QList<KnowledgeBase> knowledgeBases() const { return m_kbs; }
    // The "All knowledge bases" row: no id, every KB's counts added up.
    static bool isAll(const KnowledgeBase &kb) { return kb.id.isEmpty(); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

Q_SIGNALS:
    void loaded(int count);
    // `error` carries the outcome (e.g. Unauthorized: the key was refused) and HTTP status.
    void loadFailed(const QString &message, const feather::Error &error);

private:
    const KnowledgeBase &rowAt(int row) const { return row == 0 ? m_all : m_kbs[row - 1]; }
    QVariant rawData(const KnowledgeBase &kb, int column, Role role) const;
    void recomputeTotals();

    Backend *m_backend = nullptr;
    quint64 m_generation = 0;
    QHash<QString, QMap<QString, int>> m_counts; // the last setStatusCounts
    bool m_countsPartial = false;
    QList<KnowledgeBase> m_kbs;  // model row = index + 1
    KnowledgeBase m_all;         // row 0
    QHash<QString, int> m_stuck; // setStuckCounts
};

} // namespace feather
