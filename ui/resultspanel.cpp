#include "ui/resultspanel.h"

#include "config/privatefiles.h"
#include "models/presentation.h"
#include "models/resultmodel.h"
#include "ui/viewstate.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSaveFile>
#include <QSortFilterProxyModel>
#include <QStandardPaths>
#include <QTableView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

#include <utility>

namespace feather {

ResultsPanel::ResultsPanel(ResultModel *model, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_proxy(new QSortFilterProxyModel(this))
    , m_view(new QTableView(this))
    , m_summary(new QLabel(this))
    , m_currentRunOnly(new QCheckBox(tr("This run &only"), this))
    , m_retry(new QPushButton(themedIcon(u"action-retry"_s), tr("Retry failed"), this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 4, 0, 0);
    auto *bar = new QHBoxLayout;
    auto *copy = new QPushButton(themedIcon(u"action-copy"_s), tr("Copy job ids"), this);
    copy->setToolTip(tr("Copy the job ids of the selected rows, or of every row (Ctrl+C)"));
    copy->setAccessibleName(tr("Copy job ids"));
    m_retry->setToolTip(tr("Run again the rows of the last run that can be retried, with their "
                           "trigger ids (Ctrl+Shift+T)"));
    m_retry->setAccessibleName(tr("Retry failed"));
    m_retry->setEnabled(false);
    auto *exportButton = new QPushButton(themedIcon(u"action-export"_s), tr("Export CSV…"), this);
    exportButton->setAccessibleName(tr("Export results as CSV"));
    exportButton->setToolTip(tr("Save the results as a CSV file (Ctrl+S)"));
    m_summary->setAccessibleName(tr("Results summary"));
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_summary->setWordWrap(true);
    m_currentRunOnly->setChecked(true);
    m_currentRunOnly->setToolTip(tr("Show only the rows of the latest run; untick to see every "
                                    "run of this window (the Run column tells them apart)"));
    bar->addWidget(m_summary, 1);
    bar->addWidget(m_currentRunOnly);
    bar->addWidget(copy);
    bar->addWidget(m_retry);
    bar->addWidget(exportButton);
    layout->addLayout(bar);
    layout->addWidget(m_view, 1);

    m_proxy->setSourceModel(model);
    m_proxy->setSortRole(ResultModel::RawValueRole);
    m_proxy->setFilterRole(ResultModel::RunRole);
    m_view->setModel(m_proxy);
    setUpTable(m_view, tr("Resync results"));
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->sortByColumn(ResultModel::TimeColumn, Qt::DescendingOrder);
    // Widths and hidden id columns come from the model's column descriptors.
    restoreHeader(m_view->horizontalHeader(), u"results"_s);
    addColumnMenu(m_view->horizontalHeader());

    // Ctrl+C anywhere in the panel copies job ids; the table's context menu also copies the
    // full server message and whole rows.
    auto *copyAction = new QAction(tr("Copy job id(s)"), this);
    copyAction->setShortcut(QKeySequence::Copy);
    copyAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(copyAction);
    auto *copyMessage = new QAction(tr("Copy message"), m_view);
    connect(copyMessage, &QAction::triggered, this, [this] {
        QApplication::clipboard()->setText(
            selectedColumnText(m_view, ResultModel::MessageColumn, Qt::ToolTipRole));
    });
    auto *copyRows = new QAction(tr("Copy row as text"), m_view);
    copyRows->setShortcut(QKeySequence(tr("Ctrl+Shift+C")));
    copyRows->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(copyRows, &QAction::triggered, this,
            [this] { QApplication::clipboard()->setText(selectedRowsAsText(m_view)); });
    for (QAction *a : {copyAction, copyMessage, copyRows})
        m_view->addAction(a);
    m_view->setContextMenuPolicy(Qt::ActionsContextMenu);

    connect(copyAction, &QAction::triggered, this, &ResultsPanel::copyJobIds);
    connect(copy, &QPushButton::clicked, this, &ResultsPanel::copyJobIds);
    connect(m_retry, &QPushButton::clicked, this, &ResultsPanel::retryFailedRequested);
    connect(exportButton, &QPushButton::clicked, this, &ResultsPanel::exportWithDialog);
    connect(m_currentRunOnly, &QCheckBox::toggled, this, &ResultsPanel::updateSummary);
    // Job states arrive by dataChanged as the poller follows the jobs to their end.
    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(model, signal, this, &ResultsPanel::scheduleSummary);
    connect(model, &QAbstractItemModel::modelReset, this, &ResultsPanel::scheduleSummary);
    connect(model, &QAbstractItemModel::dataChanged, this, &ResultsPanel::scheduleSummary);
    updateSummary();
}

ResultsPanel::~ResultsPanel()
{
    saveHeader(m_view->horizontalHeader(), u"results"_s);
}

QStringList ResultsPanel::jobIdsForCopy() const
{
    QModelIndexList rows = m_view->selectionModel()->selectedRows();
    if (rows.isEmpty()) {
        // No selection: the current run's rows only, whatever the view shows.
        for (int r = 0; r < m_proxy->rowCount(); ++r) {
            const QModelIndex idx = m_proxy->index(r, 0);
            if (idx.data(ResultModel::RunRole).toInt() == m_model->currentRun())
                rows << idx;
        }
    }
    std::sort(rows.begin(), rows.end(),
              [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
    QStringList ids;
    for (const QModelIndex &row : std::as_const(rows)) {
        const QString id = row.data(ResultModel::JobIdRole).toString();
        if (!id.isEmpty() && !ids.contains(id))
            ids << id;
    }
    return ids;
}

void ResultsPanel::copyJobIds()
{
    const QStringList ids = jobIdsForCopy();
    QApplication::clipboard()->setText(ids.join(u'\n'));
    Q_EMIT message(ids.isEmpty() ? tr("No job ids to copy.")
                                 : tr("Copied %1 job id(s).").arg(ids.size()));
}

void ResultsPanel::setRetryEnabled(bool enabled, int count)
{
    m_retry->setEnabled(enabled && count > 0);
    m_retry->setText(count > 0 ? tr("Retry failed (%1)").arg(count) : tr("Retry failed"));
}

bool ResultsPanel::exportCsv(const QString &path, QString *why) const
{
    if (!makePrivateFile(path, why)) // 0600 from the start; QSaveFile keeps the mode
        return false;
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        *why = file.errorString();
        return false;
    }
    file.write(resultsToCsv(m_model->rows()).toUtf8());
    if (!file.commit()) {
        *why = file.errorString();
        return false;
    }
    return true;
}

void ResultsPanel::exportWithDialog()
{
    const QString suggested =
        QDir(QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation))
            .filePath(u"feather-resync-"_s
                      + QDateTime::currentDateTime().toString(u"yyyyMMdd-HHmmss"_s) + u".csv"_s);
    const QString path = QFileDialog::getSaveFileName(this, tr("Export results"), suggested,
                                                      tr("CSV files (*.csv)"));
    if (path.isEmpty())
        return;
    QString why;
    if (exportCsv(path, &why))
        Q_EMIT message(tr("Exported %1 row(s) to %2.")
                           .arg(m_model->rowCount())
                           .arg(QDir::toNativeSeparators(path)));
    else
        Q_EMIT message(tr("Could not export: %1").arg(why));
}

void ResultsPanel::applyRunFilter()
{
    const QString pattern =
        m_currentRunOnly->isChecked() ? u"^%1$"_s.arg(m_model->currentRun()) : QString();
    if (m_proxy->filterRegularExpression().pattern() != pattern)
        m_proxy->setFilterRegularExpression(pattern);
}

QString ResultsPanel::summaryText() const
{
    return m_summaryPending ? computeSummary() : m_summary->text();
}

void ResultsPanel::scheduleSummary()
{
    applyRunFilter(); // at once: a new run's first rows must not wait to be shown
    if (std::exchange(m_summaryPending, true))
        return;
    QMetaObject::invokeMethod(this, &ResultsPanel::updateSummary, Qt::QueuedConnection);
}

void ResultsPanel::updateSummary()
{
    m_summaryPending = false;
    applyRunFilter();
    m_summary->setText(computeSummary());
}

QString ResultsPanel::computeSummary() const
{
    if (m_model->rowCount() == 0)
        return tr("No resync has run in this window yet.");
    // Counted per source (its latest row) for the current run only: earlier runs and retries
    // never inflate it.
    const int run = m_model->currentRun();
    const RunSummary s = m_model->summary(run);
    QString text =
        tr("Run %1: %2 source(s): %3").arg(run).arg(s.sources).arg(outcomeCountsText(s.outcomes));
    if (s.jobsRunning + s.jobsCompleted + s.jobsFailed > 0)
        text += s.jobsFailedSameCause > 0
                    ? tr(" · jobs: %1 completed, %2 failed (%3 the same way as before), %4 "
                         "still running")
                          .arg(s.jobsCompleted)
                          .arg(s.jobsFailed)
                          .arg(s.jobsFailedSameCause)
                          .arg(s.jobsRunning)
                    : tr(" · jobs: %1 completed, %2 failed, %3 still running")
                          .arg(s.jobsCompleted)
                          .arg(s.jobsFailed)
                          .arg(s.jobsRunning);
    if (run > 1 && !m_currentRunOnly->isChecked())
        text += tr(" · showing all %1 runs").arg(run);
    return text;
}

} // namespace feather
