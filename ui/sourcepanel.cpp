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
#include <QVBoxLayout>
#include <algorithm>

using namespace Qt::StringLiterals;

namespace feather {

SourcePanel::SourcePanel(SourceModel *model, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_proxy(new SourceFilterProxy(this))
    , m_filter(new FilterBar(this))
    , m_view(new QTableView(this))
    , m_summary(new QLabel(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *top = new QHBoxLayout;
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

    connect(m_filter, &FilterBar::textChanged, m_proxy, &SourceFilterProxy::setText);
    connect(m_filter, &FilterBar::statusesChanged, m_proxy, &SourceFilterProxy::setStatuses);
    connect(m_filter, &FilterBar::providerChanged, m_proxy, &SourceFilterProxy::setProvider);
    connect(selectAll, &QPushButton::clicked, this, &SourcePanel::selectAllVisible);
    connect(selectErrored, &QPushButton::clicked, this, &SourcePanel::selectErrored);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        updateSummary();
        Q_EMIT selectionChanged(int(m_view->selectionModel()->selectedRows().size()));
    });
    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(m_proxy, signal, this, &SourcePanel::updateSummary);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &SourcePanel::updateSummary);
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, &SourcePanel::updateSummary);
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
    for (const QModelIndex &row : m_view->selectionModel()->selectedRows())
        ids << row.data(SourceModel::IdRole).toString();
    return ids;
}

void SourcePanel::selectSources(const QStringList &sourceIds)
{
    QItemSelection selection;
    for (const QString &id : sourceIds) {
        const int row = m_model->rowOf(id);
        if (row < 0)
            continue;
        const QModelIndex idx = m_proxy->mapFromSource(m_model->index(row, 0));
        if (idx.isValid())
            selection.select(idx, idx);
    }
    m_view->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect
                                                    | QItemSelectionModel::Rows);
    if (!selection.isEmpty())
        m_view->scrollTo(selection.first().topLeft(), QAbstractItemView::PositionAtTop);
}

void SourcePanel::scrollToSelection()
{
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
    QItemSelection selection;
    for (int r = 0; r < m_proxy->rowCount(); ++r) {
        const QModelIndex idx = m_proxy->index(r, 0);
        if (statusKind(idx.data(SourceModel::StatusRole).toString()) == StatusKind::Error)
            selection.select(idx, idx);
    }
    m_view->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect
                                                    | QItemSelectionModel::Rows);
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
    updateSummary();
}

void SourcePanel::updateSummary()
{
    const QLocale locale;
    const int selected = int(m_view->selectionModel()->selectedRows().size());
    QString text = tr("Showing %1 of %2 · %3 selected")
                       .arg(locale.toString(m_proxy->rowCount()),
                            locale.toString(m_model->rowCount()), locale.toString(selected));
    // Rows of the run stay although their new status no longer matches: say so.
    if (const int kept = m_proxy->keptOutsideFilters(); kept > 0)
        text +=
            tr(" · %1 kept from the run (no longer match the filter)").arg(locale.toString(kept));
    m_summary->setText(text);
}

} // namespace feather
