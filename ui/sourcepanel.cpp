#include "ui/sourcepanel.h"

#include "models/presentation.h"
#include "models/sourcefilterproxy.h"
#include "models/sourcemodel.h"
#include "ui/filterbar.h"
#include "ui/viewstate.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>
#include <algorithm>
#include <memory>

using namespace Qt::StringLiterals;

namespace feather {

namespace {
using Run = std::pair<int, int>; // first and last proxy row, inclusive

// The selected rows as sorted, disjoint runs, from the selection's ranges in
// O(ranges log ranges): QItemSelectionModel::selectedRows() tests every row of every range against
// every range (O(rows x ranges)) and builds a persistent index per row, seconds at 100,000 rows.
// Returns false when a range does not span whole rows (only code selects cells here); the caller
// then falls back to selectedRows(), which decides per row.
bool selectedRuns(const QItemSelectionModel *selection, QList<Run> &runs)
{
    const int lastColumn = selection->model()->columnCount() - 1;
    runs.clear();
    for (const QItemSelectionRange &range : selection->selection()) {
        if (range.parent().isValid() || range.left() > 0 || range.right() < lastColumn)
            return false;
        runs.append({range.top(), range.bottom()});
    }
    std::sort(runs.begin(), runs.end());
    qsizetype kept = 0;
    for (const Run &run : std::as_const(runs)) {
        if (kept > 0 && run.first <= runs[kept - 1].second + 1)
            runs[kept - 1].second = std::max(runs[kept - 1].second, run.second);
        else
            runs[kept++] = run;
    }
    runs.resize(kept);
    return true;
}
} // namespace

SourcePanel::SourcePanel(SourceModel *model, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_proxy(new SourceFilterProxy(this))
    , m_filter(new FilterBar(this))
    , m_view(new QTableView(this))
    , m_summary(new QLabel(this))
    , m_filterDelay(new QTimer(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *top = m_top = new QHBoxLayout;
    QLabel *title = paneTitle(tr("&Sources"), m_view, this);
    top->addWidget(title);
    top->addWidget(m_filter, 1);
    layout->addLayout(top);
    layout->addWidget(m_view, 1);

    auto *bottom = new QHBoxLayout;
    auto *selectAll =
        new QPushButton(themedIcon(u"action-select-all"_s), tr("Select all visible"), this);
    selectAll->setAccessibleName(tr("Select all visible sources"));
    selectAll->setToolTip(tr("Select every source the filters show (Ctrl+A)"));
    auto *selectErrored =
        new QPushButton(themedIcon(u"action-select-errored"_s), tr("Select errored"), this);
    selectErrored->setAccessibleName(tr("Select errored sources"));
    selectErrored->setToolTip(tr("Select the visible sources whose status is error (Ctrl+E)"));
    m_summary->setAccessibleName(tr("Source count"));
    bottom->addWidget(selectAll);
    bottom->addWidget(selectErrored);
    bottom->addStretch(1);
    bottom->addWidget(m_summary);
    layout->addLayout(bottom);

    m_proxy->setSourceModel(model);
    m_view->setModel(m_proxy);
    setUpTable(m_view, tr("Sources"));
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->sortByColumn(SourceModel::StatusColumn, Qt::AscendingOrder);
    // Widths and the hidden id columns come from the model's column descriptors.
    restoreHeader(m_view->horizontalHeader(), u"sources"_s);
    addColumnMenu(m_view->horizontalHeader());

    // The table's context menu; the copy actions work on the selected rows (a right-click
    // selects the row under the pointer first).
    auto *resync = new QAction(themedIcon(u"action-resync"_s), tr("Resync selected…"), m_view);
    connect(resync, &QAction::triggered, this, &SourcePanel::resyncRequested);
    auto *copyIds = new QAction(tr("Copy source id(s)"), m_view);
    copyIds->setShortcut(QKeySequence::Copy);
    connect(copyIds, &QAction::triggered, this,
            [this] { QApplication::clipboard()->setText(selectedSourceIds().join(u'\n')); });
    auto *copyError = new QAction(tr("Copy error"), m_view);
    connect(copyError, &QAction::triggered, this, [this] {
        QApplication::clipboard()->setText(
            selectedColumnText(m_view, SourceModel::LastErrorColumn, SourceModel::LastErrorRole));
    });
    auto *copyRows = new QAction(tr("Copy row as text"), m_view);
    copyRows->setShortcut(QKeySequence(tr("Ctrl+Shift+C")));
    connect(copyRows, &QAction::triggered, this,
            [this] { QApplication::clipboard()->setText(selectedRowsAsText(m_view)); });
    for (QAction *a : {resync, copyIds, copyError, copyRows}) {
        a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        m_view->addAction(a);
    }
    m_view->setContextMenuPolicy(Qt::ActionsContextMenu);

    m_filterDelay->setSingleShot(true);
    m_filterDelay->setInterval(filterDelayMs);
    connect(m_filterDelay, &QTimer::timeout, this, &SourcePanel::applyFilterText);
    connect(m_filter, &FilterBar::textChanged, this, [this](const QString &text) {
        m_pendingText = text;
        // Emptying the field (Clear filters, Esc) shows everything at once: nothing to coalesce.
        if (text.trimmed().isEmpty())
            applyFilterText();
        else
            m_filterDelay->start();
    });
    connect(m_filter, &FilterBar::statusesChanged, m_proxy, &SourceFilterProxy::setStatuses);
    connect(m_filter, &FilterBar::providerChanged, m_proxy, &SourceFilterProxy::setProvider);
    connect(m_filter, &FilterBar::stuckChanged, m_proxy, &SourceFilterProxy::setStuckOnly);
    connect(m_model, &SourceModel::stuckCountChanged, m_filter, &FilterBar::setStuckCount);
    // A whole-table selection is kept by QItemSelectionModel as "everything" across a layout
    // change only while the row count stays; committed as a range first, it follows the rows
    // (a refilter keeps the still-visible selected rows selected, as row removal did).
    connect(m_proxy, &SourceFilterProxy::relayoutAboutToStart, this, [this] {
        m_view->selectionModel()->select(QItemSelection(), QItemSelectionModel::Select);
    });
    // A layout change moves the selection without selectionChanged: recount after it.
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, &SourcePanel::onSelectionChanged);
    connect(selectAll, &QPushButton::clicked, this, &SourcePanel::selectAllVisible);
    connect(selectErrored, &QPushButton::clicked, this, &SourcePanel::selectErrored);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &SourcePanel::onSelectionChanged);
    // A load or refilter arrives as many row signals; the count line is redrawn once after them.
    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(m_proxy, signal, this, &SourcePanel::scheduleSummary);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &SourcePanel::scheduleSummary);
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, &SourcePanel::scheduleSummary);
    connect(m_model, &SourceModel::loaded, this, &SourcePanel::scheduleSummary);
    connect(m_model, &SourceModel::loadFailed, this, &SourcePanel::scheduleSummary);
    // A kept row's status change alters the "kept from the run" note without moving any row.
    connect(m_proxy, &QAbstractItemModel::dataChanged, this, [this] {
        if (m_proxy->pinnedCount() > 0)
            updateSummary();
    });
    updateSummary();
}

SourcePanel::~SourcePanel()
{
    saveHeader(m_view->horizontalHeader(), u"sources"_s);
}

QStringList SourcePanel::selectedSourceIds() const
{
    QStringList ids;
    QList<Run> runs;
    if (!selectedRuns(m_view->selectionModel(), runs)) {
        for (const QModelIndex &row : m_view->selectionModel()->selectedRows())
            ids << row.data(SourceModel::IdRole).toString();
        return ids;
    }
    for (const auto &[first, last] : std::as_const(runs)) {
        for (int r = first; r <= last; ++r)
            ids << m_model->sourceAt(m_proxy->mapToSource(m_proxy->index(r, 0)).row()).id;
    }
    return ids;
}

int SourcePanel::selectedCount() const
{
    QList<Run> runs;
    if (!selectedRuns(m_view->selectionModel(), runs))
        return int(m_view->selectionModel()->selectedRows().size());
    int count = 0;
    for (const auto &[first, last] : std::as_const(runs))
        count += last - first + 1;
    return count;
}

void SourcePanel::onSelectionChanged()
{
    updateSummary();
    Q_EMIT selectionChanged(selectedCount());
}

void SourcePanel::applyFilterText()
{
    m_filterDelay->stop();
    m_proxy->setText(m_pendingText);
}

void SourcePanel::selectSources(const QStringList &sourceIds)
{
    QList<int> rows;
    for (const QString &id : sourceIds) {
        const int row = m_model->rowOf(id);
        if (row < 0)
            continue;
        const QModelIndex idx = m_proxy->mapFromSource(m_model->index(row, 0));
        if (idx.isValid())
            rows << idx.row();
    }
    std::sort(rows.begin(), rows.end());
    // Adjacent rows share one range (see selectErrored).
    QItemSelection selection;
    const int lastColumn = m_proxy->columnCount() - 1;
    for (qsizetype i = 0; i < rows.size();) {
        const qsizetype first = i;
        while (i + 1 < rows.size() && rows[i + 1] <= rows[i] + 1)
            ++i;
        selection.append(QItemSelectionRange(m_proxy->index(rows[first], 0),
                                             m_proxy->index(rows[i], lastColumn)));
        ++i;
    }
    m_view->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect
                                                    | QItemSelectionModel::Rows);
    if (!rows.isEmpty())
        m_view->scrollTo(m_proxy->index(rows.first(), 0), QAbstractItemView::PositionAtTop);
}

void SourcePanel::scrollToSelection()
{
    QList<Run> runs;
    if (selectedRuns(m_view->selectionModel(), runs)) {
        if (!runs.isEmpty())
            m_view->scrollTo(m_proxy->index(runs.first().first, 0),
                             QAbstractItemView::PositionAtTop);
        return;
    }
    QModelIndexList rows = m_view->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return;
    std::sort(rows.begin(), rows.end(),
              [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
    m_view->scrollTo(rows.first(), QAbstractItemView::PositionAtTop);
}

void SourcePanel::selectAllVisible()
{
    m_view->selectAll();
}

void SourcePanel::selectErrored()
{
    // One range per run of adjacent errored rows (sorted by status they are one run) and one
    // select(): per-row ranges cost a persistent index each and made every later selection query
    // O(rows x ranges).
    QItemSelection selection;
    const int rows = m_proxy->rowCount();
    const int lastColumn = m_proxy->columnCount() - 1;
    const auto errored = [this](int row) {
        const int source = m_proxy->mapToSource(m_proxy->index(row, 0)).row();
        return statusKind(m_model->sourceAt(source).status) == StatusKind::Error;
    };
    for (int r = 0; r < rows;) {
        if (!errored(r)) {
            ++r;
            continue;
        }
        const int first = r;
        while (r < rows && errored(r))
            ++r;
        selection.append(
            QItemSelectionRange(m_proxy->index(first, 0), m_proxy->index(r - 1, lastColumn)));
    }
    m_view->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect
                                                    | QItemSelectionModel::Rows);
}

void SourcePanel::addFilterWidget(QWidget *widget)
{
    m_top->addWidget(widget);
}

void SourcePanel::setKnowledgeBases(const QSet<QString> &kbIds)
{
    m_proxy->setKnowledgeBases(kbIds);
}

void SourcePanel::updateFilterChoices()
{
    QSet<QString> providers;
    for (int r = 0; r < m_model->rowCount(); ++r)
        providers.insert(m_model->sourceAt(r).provider);
    QStringList sorted(providers.cbegin(), providers.cend());
    sorted.sort();
    m_filter->setAvailable(m_model->statusCounts(), sorted);
    m_filter->setStuckCount(m_model->stuckCount());
    updateSummary();
}

void SourcePanel::scheduleSummary()
{
    if (std::exchange(m_summaryPending, true))
        return;
    QMetaObject::invokeMethod(this, &SourcePanel::updateSummary, Qt::QueuedConnection);
}

void SourcePanel::updateSummary()
{
    m_summaryPending = false;
    const QLocale locale;
    const int selected = selectedCount();
    // A list still loading (or stopped part-way) must not read as complete (issue 10 item 8).
    QString text = (m_model->isComplete() ? tr("Showing %1 of %2 · %3 selected")
                                          : tr("Showing %1 of %2 loaded so far · %3 selected"))
                       .arg(locale.toString(m_proxy->rowCount()),
                            locale.toString(m_model->rowCount()), locale.toString(selected));
    // Rows of the run stay although their new status no longer matches: say so.
    if (const int kept = m_proxy->keptOutsideFilters(); kept > 0)
        text +=
            tr(" · %1 kept from the run (no longer match the filter)").arg(locale.toString(kept));
    m_summary->setText(text);
}

} // namespace feather
