// The main window's source details dock and job retries (issue 11 items 1, 2, 5): opening the
// dock from a source, result or history row, the "retry failed items" confirmation and run
// (JobRetrier, audited like a resync, rows in the results table), and the results' Copy
// summary.
#include "config/auditlog.h"
#include "models/handoff.h"
#include "models/historymodel.h"
#include "models/jobhistorymodel.h"
#include "models/knowledgebasemodel.h"
#include "models/resultmodel.h"
#include "models/sourcedetailssession.h"
#include "models/sourcemodel.h"
#include "models/workspace.h"
#include "resync/auditworkersink.h"
#include "resync/jobretrier.h"
#include "ui/historypanel.h"
#include "ui/mainwindow.h"
#include "ui/resultspanel.h"
#include "ui/sourcedetails.h"
#include "ui/sourcepanel.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QKeyEvent>
#include <QMessageBox>
#include <QMimeData>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QStatusBar>
#include <QTableView>

namespace feather {

namespace {

// Enter / Return on a view's current row runs `open` (double-click does too).
class EnterOpens final : public QObject {
public:
    EnterOpens(QAbstractItemView *view, std::function<void(const QModelIndex &)> open)
        : QObject(view)
        , m_view(view)
        , m_open(std::move(open))
    {
        view->installEventFilter(this);
        QObject::connect(view, &QAbstractItemView::doubleClicked, this,
                         [this](const QModelIndex &i) { m_open(i); });
    }
    Q_DISABLE_COPY_MOVE(EnterOpens)

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (watched == m_view && event->type() == QEvent::KeyPress) {
            const auto *key = static_cast<QKeyEvent *>(event);
            if ((key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter)
                && key->modifiers() == Qt::NoModifier && m_view->currentIndex().isValid()) {
                m_open(m_view->currentIndex());
                return true;
            }
        }
        return QObject::eventFilter(watched, event);
    }

private:
    QAbstractItemView *m_view;
    std::function<void(const QModelIndex &)> m_open;
};

} // namespace

void MainWindow::buildDetails()
{
    m_detailsSession = new SourceDetailsSession(this);
    m_detailsSession->setBackendSource([this] { return m_workspace->backend(); });
    m_details = new SourceDetailsDock(m_detailsSession, this);
    addDockWidget(Qt::RightDockWidgetArea, m_details);
    m_details->hide();
    m_details->toggleViewAction()->setText(tr("Source &details"));
    m_details->toggleViewAction()->setShortcut(QKeySequence(tr("Ctrl+I")));
    addAction(m_details->toggleViewAction());
    connect(m_details, &SourceDetailsDock::message, this,
            [this](const QString &text) { statusBar()->showMessage(text, 6000); });
    connect(m_details, &SourceDetailsDock::retryRequested, this,
            [this](const JobRetryTarget &t) { requestJobRetry({t}); });

    new EnterOpens(m_sources->view(), [this](const QModelIndex &i) {
        openSourceDetails(i.data(SourceModel::IdRole).toString());
    });
    new EnterOpens(m_results->view(), [this](const QModelIndex &i) {
        openSourceDetails(i.data(ResultModel::IdRole).toString(),
                          i.data(ResultModel::JobIdRole).toString());
    });
    new EnterOpens(m_history->view(), [this](const QModelIndex &i) {
        openSourceDetails(i.data(HistoryModel::SourceIdRole).toString(),
                          i.data(HistoryModel::JobIdRole).toString());
    });

    // The results table: Copy summary and the bulk retry of failed jobs.
    auto *copySummary = new QAction(tr("Copy &summary"), m_results->view());
    copySummary->setShortcut(QKeySequence(tr("Ctrl+Alt+C")));
    copySummary->setShortcutContext(Qt::WidgetShortcut);
    connect(copySummary, &QAction::triggered, this, [this] { copyResultSummaries(); });
    auto *retryJobs = new QAction(tr("Retry failed &items of these jobs…"), m_results->view());
    connect(retryJobs, &QAction::triggered, this, [this] {
        const QList<JobRetryTarget> targets = failedJobTargets();
        if (targets.isEmpty())
            return statusBar()->showMessage(
                tr("No selected result has a failed or partial_failure job."), 6000);
        requestJobRetry(targets);
    });
    auto *showDetails = new QAction(tr("Show source &details"), m_results->view());
    connect(showDetails, &QAction::triggered, this, [this] {
        const QModelIndex i = m_results->view()->currentIndex();
        if (i.isValid())
            openSourceDetails(i.data(ResultModel::IdRole).toString(),
                              i.data(ResultModel::JobIdRole).toString());
    });
    for (QAction *a : {showDetails, copySummary, retryJobs})
        m_results->view()->addAction(a);
    m_results->view()->setContextMenuPolicy(Qt::ActionsContextMenu);
    connect(m_workspace, &Workspace::opened, this, [this] { updateDetailsBackend(); });
}

void MainWindow::updateDetailsBackend()
{
    // A new profile: the open source and a retry of the old one's jobs end here (the retry's
    // backend is gone; its unanswered requests stay "sent, outcome unknown" in the audit log).
    m_detailsSession->reset();
    if (m_jobRetrier) {
        m_jobRetrier->disconnect(this);
        m_jobRetrier->deleteLater();
        m_jobRetrier = nullptr;
    }
    const Profile &p = m_workspace->profile();
    m_details->setApiMode(p.mode == BackendMode::Api);
    m_details->setWebConsoleTemplate(p.webConsoleUrl);
}

HandoffContext MainWindow::handoffContext(const QString &kbId) const
{
    const Profile &p = m_workspace->profile();
    HandoffContext c;
    c.profile = p.name;
    c.environment = p.environmentLabel();
    c.target = m_workspace->backend() ? m_workspace->backend()->info().target : QString();
    c.kbName = m_workspace->knowledgeBases()->nameOf(kbId);
    return c;
}

bool MainWindow::openSourceDetails(const QString &sourceId, const QString &jobId)
{
    const Source *s = m_workspace->sources()->source(sourceId);
    if (!s) {
        statusBar()->showMessage(tr("Source %1 is not in the loaded list.").arg(sourceId), 6000);
        return false;
    }
    // Jobs this console started for the source are its own for certain (the audit log).
    QHash<QString, QString> known;
    for (const ResultRow &r : m_workspace->results()->rows()) {
        if (r.result.target.sourceId == sourceId && !r.result.jobId.isEmpty())
            known.insert(r.result.jobId, tr("started for this source by this console"));
    }
    m_detailsSession->setKnownJobs(known);
    m_details->setContext(handoffContext(s->knowledgeBaseId));
    m_detailsSession->open(*s);
    if (!jobId.isEmpty())
        m_details->selectJob(jobId);
    m_details->show();
    m_details->raise();
    return true;
}

QList<JobRetryTarget> MainWindow::failedJobTargets() const
{
    QList<JobRetryTarget> out;
    QSet<QString> seen;
    const QModelIndexList rows = m_results->view()->selectionModel()->selectedRows();
    for (const QModelIndex &i : rows) {
        const QString job = i.data(ResultModel::JobIdRole).toString();
        const QString status = i.data(ResultModel::JobStatusRole).toString();
        if (job.isEmpty() || !isRetryableJobStatus(status) || seen.contains(job))
            continue;
        seen.insert(job);
        out.append({job, i.data(ResultModel::KbIdRole).toString(),
                    i.data(ResultModel::IdRole).toString()});
    }
    return out;
}

void MainWindow::copyResultSummaries()
{
    HandoffText all;
    const QModelIndexList rows = m_results->view()->selectionModel()->selectedRows();
    const auto *proxy = qobject_cast<const QSortFilterProxyModel *>(m_results->view()->model());
    for (const QModelIndex &i : rows) {
        const QModelIndex source = proxy ? proxy->mapToSource(i) : i;
        const ResultRow &row = m_workspace->results()->rowAt(source.row());
        all.append(resultSummary(row, handoffContext(row.result.target.kbId)));
    }
    if (all.plain.isEmpty())
        return;
    auto *mime = new QMimeData;
    mime->setText(all.plain);
    mime->setData(QStringLiteral("text/markdown"), all.markdown.toUtf8());
    QApplication::clipboard()->setMimeData(mime);
    statusBar()->showMessage(
        tr("%n summary(s) copied (plain text and Markdown).", nullptr, int(rows.size())), 6000);
}

// The same confirmation rules as a resync: the count, the profile, environment and target,
// the jobs; nothing is the default button on production profiles.
void MainWindow::requestJobRetry(const QList<JobRetryTarget> &targets)
{
    if (targets.isEmpty() || !m_workspace->backend() || m_jobRetrier)
        return;
    const Profile &p = m_workspace->profile();
    if (p.mode != BackendMode::Api)
        return statusBar()->showMessage(
            tr("Retrying a job's failed items needs API mode: the database has no per-document "
               "job records."),
            8000);
    QStringList jobs;
    for (const JobRetryTarget &t : targets)
        jobs << t.jobId;
    auto *box = new QMessageBox(
        QMessageBox::Question, tr("Retry failed items"),
        tr("Retry the failed items of %n job(s) on %1 (%2, %3)?", nullptr, int(targets.size()))
            .arg(p.name, p.environmentLabel(), m_workspace->backend()->info().target),
        QMessageBox::NoButton, this);
    box->setInformativeText(jobs.join(u'\n'));
    QPushButton *go = box->addButton(tr("Retry %n job(s)", nullptr, int(targets.size())),
                                     QMessageBox::AcceptRole);
    QPushButton *cancel = box->addButton(QMessageBox::Cancel);
    box->setDefaultButton(p.production ? cancel : go);
    box->setEscapeButton(cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::buttonClicked, this, [this, go, targets](QAbstractButton *b) {
        if (b == go)
            startJobRetry(targets);
    });
    Q_EMIT jobRetryConfirmationShown(box);
    box->open();
}

void MainWindow::startJobRetry(const QList<JobRetryTarget> &targets)
{
    Backend *backend = m_workspace->backend();
    if (!backend)
        return;
    // The workspace's sink (open with the workspace): its writer thread holds the team
    // database, so a retry neither waits on the network here nor bypasses the profile's
    // audit.url.
    m_jobRetrier = new JobRetrier(backend, m_workspace->auditSink(), this);
    m_workspace->results()->beginRun();
    connect(m_jobRetrier, &JobRetrier::rowFinished, this, [this](const TriggerResult &r) {
        const Source *s = m_workspace->sources()->source(r.target.sourceId);
        m_workspace->results()->addAttempt(r, m_workspace->knowledgeBases()->nameOf(r.target.kbId),
                                           s ? s->connectionNickname : QString());
    });
    connect(m_jobRetrier, &JobRetrier::stopped, this,
            [this](const QString &reason) { showProblem(reason); });
    connect(m_jobRetrier, &JobRetrier::finished, this, [this] {
        int accepted = 0;
        for (const TriggerResult &r : m_jobRetrier->results())
            accepted += r.outcome == Outcome::Triggered ? 1 : 0;
        statusBar()->showMessage(tr("Retry of failed items: %1 of %2 accepted.")
                                     .arg(accepted)
                                     .arg(m_jobRetrier->results().size()),
                                 8000);
        m_jobRetrier->deleteLater();
        m_jobRetrier = nullptr;
        m_detailsSession->refresh();
        Q_EMIT jobRetryFinished();
    });
    showTab(0);
    QString why;
    if (!m_jobRetrier->start(targets, &why)) {
        showProblem(tr("Nothing was sent: the audit log cannot be written: %1").arg(why));
        m_jobRetrier->deleteLater();
        m_jobRetrier = nullptr;
    }
}

} // namespace feather
