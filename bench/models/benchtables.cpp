#include "bench/models/benchtables.h"

#include "bench/models/anchormodel.h"
#include "models/sourcefilterproxy.h"
#include "models/sourcemodel.h"
#include "ui/sourcepanel.h"

#include <QCoreApplication>
#include <QHeaderView>
#include <QItemSelection>

using namespace Qt::StringLiterals;

namespace feather::bench {

namespace {
constexpr QSize windowSize(1200, 800);
constexpr int anchorNameColumn = 0;
constexpr int anchorStatusColumn = 2;
} // namespace

int BenchTable::selectedRows() const
{
    return int(view()->selectionModel()->selectedRows().size());
}

void BenchTable::paint()
{
    QCoreApplication::processEvents();
    view()->viewport()->repaint();
}

ProjectTable::ProjectTable(const QHash<QString, QString> &kbNames)
    : m_model(std::make_unique<SourceModel>())
{
    m_model->setKnowledgeBaseNames(kbNames);
    m_panel = std::make_unique<SourcePanel>(m_model.get());
    m_panel->resize(windowSize);
    m_panel->show();
    paint();
}

ProjectTable::~ProjectTable()
{
    m_panel.reset(); // the panel's view and proxy go before the model they watch
}

void ProjectTable::loadPage(const QList<Source> &page)
{
    m_model->mergeSources(page);
}

void ProjectTable::sortByName(Qt::SortOrder order)
{
    m_panel->view()->sortByColumn(SourceModel::NicknameColumn, order);
}

void ProjectTable::sortByStatus()
{
    m_panel->view()->sortByColumn(SourceModel::StatusColumn, Qt::AscendingOrder);
}

void ProjectTable::filter(const QString &text)
{
    m_panel->proxy()->setText(text);
}

void ProjectTable::selectErrored()
{
    m_panel->selectErrored();
}

void ProjectTable::selectAll()
{
    m_panel->selectAllVisible();
}

QTableView *ProjectTable::view() const
{
    return m_panel->view();
}

int ProjectTable::visibleErrored() const
{
    const QAbstractItemModel *proxy = m_panel->proxy();
    int n = 0;
    for (int r = 0; r < proxy->rowCount(); ++r)
        n += proxy->index(r, 0).data(SourceModel::StatusRole).toString() == u"error"_s;
    return n;
}

AnchorTable::AnchorTable(const QHash<QString, QString> &kbNames)
    : m_model(std::make_unique<AnchorModel>(kbNames))
    , m_proxy(std::make_unique<QSortFilterProxyModel>())
    , m_view(std::make_unique<QTableView>())
{
    m_proxy->setSourceModel(m_model.get());
    m_proxy->setSortCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setFilterKeyColumn(anchorNameColumn);
    m_view->setModel(m_proxy.get());
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(anchorStatusColumn, Qt::AscendingOrder);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->resize(windowSize);
    m_view->show();
    paint();
}

AnchorTable::~AnchorTable()
{
    m_view.reset();
    m_proxy.reset();
}

void AnchorTable::loadPage(const QList<Source> &page)
{
    m_model->append(page);
}

void AnchorTable::sortByName(Qt::SortOrder order)
{
    m_view->sortByColumn(anchorNameColumn, order);
}

void AnchorTable::sortByStatus()
{
    m_view->sortByColumn(anchorStatusColumn, Qt::AscendingOrder);
}

void AnchorTable::filter(const QString &text)
{
    m_proxy->setFilterFixedString(text);
}

void AnchorTable::selectErrored()
{
    // What a Qt programmer writes: one range per run of adjacent matching rows, one select().
    QItemSelection selection;
    const int rows = m_proxy->rowCount();
    for (int r = 0; r < rows;) {
        if (m_proxy->index(r, anchorStatusColumn).data().toString() != u"error"_s) {
            ++r;
            continue;
        }
        const int first = r;
        while (r < rows && m_proxy->index(r, anchorStatusColumn).data().toString() == u"error"_s)
            ++r;
        selection.append(QItemSelectionRange(m_proxy->index(first, 0), m_proxy->index(r - 1, 0)));
    }
    m_view->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect
                                                    | QItemSelectionModel::Rows);
}

void AnchorTable::selectAll()
{
    m_view->selectAll();
}

int AnchorTable::visibleErrored() const
{
    int n = 0;
    for (int r = 0; r < m_proxy->rowCount(); ++r)
        n += m_proxy->index(r, anchorStatusColumn).data().toString() == u"error"_s;
    return n;
}

} // namespace feather::bench
