#pragma once

#include "core/types.h"

#include <QSortFilterProxyModel>
#include <QTableView>
#include <memory>

class QSortFilterProxyModel;

namespace feather {
class ResultModel;
class ResultsPanel;
class SourceModel;
class SourcePanel;
} // namespace feather

namespace feather::bench {

class AnchorModel;
class AnchorResults;

// One side of a benchmark: a visible table (offscreen) and the user operations measured on it.
// Every operation ends painted: pending events are processed and the viewport repainted.
class BenchTable {
public:
    virtual ~BenchTable() = default;
    virtual void loadPage(const QList<Source> &page) = 0;
    // Every page of a listing at once (all in memory): returns at once; done() says when every
    // row has landed (the project merges on later event-loop turns).
    virtual void loadAll(const QList<QList<Source>> &pages) = 0;
    virtual bool loadDone() const { return true; }
    // A resync as Workspace drives it: the rows go in flight, then each attempt's result lands
    // (a results row, the source row syncing), then each job's end (both rows updated).
    virtual void startResync(const QList<TriggerTarget> &targets) = 0;
    virtual void attemptFinished(const TriggerResult &result) = 0;
    virtual void jobFinished(const TriggerResult &result) = 0;
    virtual int resultRows() const = 0;
    virtual void sortByName(Qt::SortOrder order) = 0;
    virtual void sortByStatus() = 0;
    virtual void filter(const QString &text) = 0;
    virtual void selectErrored() = 0;
    virtual void selectAll() = 0;
    virtual QTableView *view() const = 0;
    // Rows the view shows whose raw status is "error" (for checks, never timed).
    virtual int visibleErrored() const = 0;
    int visibleRows() const { return view()->model()->rowCount(); }
    int selectedRows() const;
    void paint();
};

// The console's own source table: SourceModel behind the real SourcePanel (its proxy, view,
// selection code and summary line), exactly as the main window builds it.
class ProjectTable final : public BenchTable {
public:
    explicit ProjectTable(const QHash<QString, QString> &kbNames);
    ~ProjectTable() override;
    void loadPage(const QList<Source> &page) override;
    void loadAll(const QList<QList<Source>> &pages) override;
    bool loadDone() const override;
    void startResync(const QList<TriggerTarget> &targets) override;
    void attemptFinished(const TriggerResult &result) override;
    void jobFinished(const TriggerResult &result) override;
    int resultRows() const override;
    void sortByName(Qt::SortOrder order) override;
    void sortByStatus() override;
    void filter(const QString &text) override;
    void selectErrored() override;
    void selectAll() override;
    QTableView *view() const override;
    int visibleErrored() const override;

private:
    std::unique_ptr<SourceModel> m_model;
    std::unique_ptr<SourcePanel> m_panel;
    QHash<QString, QString> m_kbNames;
    std::unique_ptr<ResultModel> m_results;       // made by the first resync
    std::unique_ptr<ResultsPanel> m_resultsPanel; // the console's results table
};

// The anchor: AnchorModel behind a stock QSortFilterProxyModel and QTableView, set up the way
// a minimal Qt program would (row selection, sorting, case-insensitive fixed-string filter).
class AnchorTable final : public BenchTable {
public:
    explicit AnchorTable(const QHash<QString, QString> &kbNames);
    ~AnchorTable() override;
    void loadPage(const QList<Source> &page) override;
    void loadAll(const QList<QList<Source>> &pages) override;
    void startResync(const QList<TriggerTarget> &targets) override;
    void attemptFinished(const TriggerResult &result) override;
    void jobFinished(const TriggerResult &result) override;
    int resultRows() const override;
    void sortByName(Qt::SortOrder order) override;
    void sortByStatus() override;
    void filter(const QString &text) override;
    void selectErrored() override;
    void selectAll() override;
    QTableView *view() const override { return m_view.get(); }
    int visibleErrored() const override;

private:
    std::unique_ptr<AnchorModel> m_model;
    std::unique_ptr<QSortFilterProxyModel> m_proxy;
    std::unique_ptr<QTableView> m_view;
    std::unique_ptr<AnchorResults> m_results; // a plain results table, made by the first resync
    std::unique_ptr<QSortFilterProxyModel> m_resultsProxy;
    std::unique_ptr<QTableView> m_resultsView;
};

} // namespace feather::bench
