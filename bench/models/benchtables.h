#pragma once

#include "core/types.h"

#include <QSortFilterProxyModel>
#include <QTableView>
#include <memory>

namespace feather {
class SourceModel;
class SourcePanel;
} // namespace feather

namespace feather::bench {

class AnchorModel;

// One side of a benchmark: a visible table (offscreen) and the user operations measured on it.
// Every operation ends painted: pending events are processed and the viewport repainted.
class BenchTable {
public:
    virtual ~BenchTable() = default;
    virtual void loadPage(const QList<Source> &page) = 0;
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
};

// The anchor: AnchorModel behind a stock QSortFilterProxyModel and QTableView, set up the way
// a minimal Qt program would (row selection, sorting, case-insensitive fixed-string filter).
class AnchorTable final : public BenchTable {
public:
    explicit AnchorTable(const QHash<QString, QString> &kbNames);
    ~AnchorTable() override;
    void loadPage(const QList<Source> &page) override;
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
};

} // namespace feather::bench
