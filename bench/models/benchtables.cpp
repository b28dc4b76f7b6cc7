#include "bench/models/benchtables.h"

#include "bench/models/anchormodel.h"
#include "models/resultmodel.h"
#include "models/sourcefilterproxy.h"
#include "models/sourcemodel.h"
#include "ui/resultspanel.h"
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
    , m_kbNames(kbNames)
{
    m_model->setKnowledgeBaseNames(kbNames);
    m_panel = std::make_unique<SourcePanel>(m_model.get());
    m_panel->resize(windowSize);
    m_panel->show();
    paint();
}

ProjectTable::~ProjectTable()
{
    m_resultsPanel.reset();
    m_panel.reset(); // the panel's view and proxy go before the model they watch
}

void ProjectTable::loadPage(const QList<Source> &page)
{
    m_model->mergeSources(page);
}

void ProjectTable::loadAll(const QList<QList<Source>> &pages)
{
    m_model->appendPages(pages); // what a listing whose pages are all ready does
}

bool ProjectTable::loadDone() const
{
    return !m_model->isMerging();
}

// Workspace::startRun, onAttempt + onRowFinished and the poller's syncFinished, in that order.
void ProjectTable::startResync(const QList<TriggerTarget> &targets)
{
    if (!m_results) {
        m_results = std::make_unique<ResultModel>();
        m_resultsPanel = std::make_unique<ResultsPanel>(m_results.get());
        m_resultsPanel->resize(windowSize);
        m_resultsPanel->show();
    }
    QStringList ids;
    for (const TriggerTarget &t : targets)
        ids << t.sourceId;
    m_model->setInFlight(ids, true);
    m_results->beginRun();
}

void ProjectTable::attemptFinished(const TriggerResult &result)
{
    const Source *s = m_model->source(result.target.sourceId);
    m_results->addAttempt(result, m_kbNames.value(result.target.kbId),
                          s ? s->connectionNickname : QString(), s ? s->provider : QString(),
                          s ? s->lastErrorMessage : QString());
    m_model->setInFlight({result.target.sourceId}, false);
    m_model->markSyncing(result.target.sourceId, result.jobId, result.finishedAt);
}

void ProjectTable::jobFinished(const TriggerResult &result)
{
    SyncStatus status;
    status.sourceId = result.target.sourceId;
    status.sourceStatus = u"active"_s;
    status.lastSyncJobId = result.jobId;
    status.lastSyncStatus = u"completed"_s;
    status.lastSyncCompletedAt = result.finishedAt.addSecs(30);
    m_model->applySyncStatus(status);
    if (m_results->hasJob(result.jobId))
        m_results->applyJobState(result.jobId, u"completed"_s, {}, status.lastSyncCompletedAt);
}

int ProjectTable::resultRows() const
{
    return m_results ? m_results->rowCount() : 0;
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
    m_resultsView.reset();
    m_resultsProxy.reset();
    m_view.reset();
    m_proxy.reset();
}

void AnchorTable::loadPage(const QList<Source> &page)
{
    m_model->append(page);
}

void AnchorTable::loadAll(const QList<QList<Source>> &pages)
{
    m_model->appendPages(pages);
}

void AnchorTable::startResync(const QList<TriggerTarget> &)
{
    if (m_results)
        return;
    m_results = std::make_unique<AnchorResults>();
    m_resultsProxy = std::make_unique<QSortFilterProxyModel>();
    m_resultsProxy->setSourceModel(m_results.get());
    m_resultsView = std::make_unique<QTableView>();
    m_resultsView->setModel(m_resultsProxy.get());
    m_resultsView->setSortingEnabled(true);
    m_resultsView->sortByColumn(0, Qt::DescendingOrder);
    m_resultsView->resize(windowSize);
    m_resultsView->show();
}

void AnchorTable::attemptFinished(const TriggerResult &result)
{
    m_results->prepend(result, result.message);
    m_model->setStatus(result.target.sourceId, u"syncing"_s);
}

void AnchorTable::jobFinished(const TriggerResult &result)
{
    m_model->setStatus(result.target.sourceId, u"active"_s);
    m_results->setJobStatus(result.jobId, u"completed"_s);
}

int AnchorTable::resultRows() const
{
    return m_results ? m_results->rowCount() : 0;
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
