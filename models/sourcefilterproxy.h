#pragma once

#include <QCollator>
#include <QSet>
#include <QSortFilterProxyModel>

namespace feather {

class SourceModel;

// Filters a SourceModel by free text (nickname, source id, KB id, provider, KB name), a set of raw
// statuses, one provider and a set of KB ids; sorts each column on its descriptor's sort key
// (SourceModel::columns()), never on display strings. An empty criterion matches everything.
class SourceFilterProxy final : public QSortFilterProxyModel {
    Q_OBJECT
public:
    explicit SourceFilterProxy(QObject *parent = nullptr);
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

Q_SIGNALS:
    // The text filter changed (after trimming); each emission is one refilter.
    void textChanged(const QString &text);
    // Around every refilter: a view may detach what scales badly with many row-removal ranges
    // (QHeaderView walks all its sections once per removed range in Qt 6.4).
    void refilterAboutToStart();
    void refilterFinished();

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    void refilter();
    bool matchesText(const QString &field) const;
    bool acceptsByRoles(const QModelIndex &idx) const;
    bool matchesFilters(int sourceRow, const QModelIndex &sourceParent) const;

    QString m_text;
    QSet<QString> m_statuses;
    QString m_provider;
    QSet<QString> m_kbIds;
    QSet<QString> m_pinned;
    const SourceModel *m_sources = nullptr; // the source model, when it is a SourceModel
    bool m_stuckOnly = false;               // setStuckOnly
    bool acceptsStuck(int sourceRow, const QModelIndex &sourceParent) const;
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
