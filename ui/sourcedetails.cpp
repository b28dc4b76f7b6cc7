#include "ui/sourcedetails.h"

#include "core/json.h"
#include "models/jobhistorymodel.h"
#include "models/presentation.h"
#include "models/sourcedetailssession.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDesktopServices>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLocale>
#include <QMimeData>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTreeWidget>
#include <QUrl>
#include <QVBoxLayout>

namespace feather {

namespace {

QString when(const QDateTime &t)
{
    return t.isValid() ? QLocale().toString(t.toLocalTime(), QLocale::ShortFormat)
                       : SourceDetailsDock::tr("—");
}

QString row(const QString &label, const QString &value)
{
    return QStringLiteral("<tr><td><b>%1</b></td><td>%2</td></tr>")
        .arg(label.toHtmlEscaped(),
             value.isEmpty() ? SourceDetailsDock::tr("—") : value.toHtmlEscaped());
}

} // namespace

SourceDetailsDock::SourceDetailsDock(SourceDetailsSession *session, QWidget *parent)
    : QDockWidget(tr("Source details"), parent)
    , m_session(session)
{
    setObjectName(QStringLiteral("sourceDetailsDock"));
    setAccessibleName(tr("Source details"));
    auto *body = new QWidget(this);
    auto *layout = new QVBoxLayout(body);
    m_title = new QLabel(body);
    m_title->setTextFormat(Qt::PlainText);
    QFont big = m_title->font();
    big.setBold(true);
    big.setPointSizeF(big.pointSizeF() * 1.15);
    m_title->setFont(big);
    m_fields = new QLabel(body);
    m_fields->setTextFormat(Qt::RichText);
    m_fields->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_fields->setAccessibleName(tr("Source fields"));
    m_fields->setWordWrap(true);
    m_status = new QLabel(body);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_status->setAccessibleName(tr("Live sync status"));

    auto *buttons = new QHBoxLayout;
    m_refresh = new QPushButton(themedIcon(QStringLiteral("action-refresh")), tr("Refresh"), body);
    m_copySummary = new QPushButton(tr("Copy summary"), body);
    m_copySummary->setToolTip(tr("Copy the source (or the selected job) as plain text and "
                                 "Markdown, ready for a ticket"));
    m_copyError = new QPushButton(tr("Copy error"), body);
    m_open = new QPushButton(tr("Open in Feather"), body);
    m_retry = new QPushButton(tr("Retry failed items…"), body);
    m_retry->setToolTip(tr("Re-queue the failed items of the selected failed or "
                           "partial_failure job"));
    // No mnemonics here: Alt+letter is taken window-wide; the buttons are on the Tab chain.
    m_refresh->setToolTip(tr("Read the status and the job history again (F5 in this pane)"));
    for (QPushButton *b : {m_refresh, m_copySummary, m_copyError, m_open, m_retry})
        buttons->addWidget(b);
    buttons->addStretch(1);

    m_note = new QLabel(body);
    m_note->setWordWrap(true);
    m_note->setAccessibleName(tr("How jobs are matched"));
    m_history = new QTableView(body);
    m_history->setModel(m_session->history());
    m_history->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_history->setSelectionMode(QAbstractItemView::SingleSelection);
    m_history->setAccessibleName(tr("Job history"));
    m_history->verticalHeader()->hide();
    m_history->horizontalHeader()->setStretchLastSection(true);
    m_history->setAlternatingRowColors(true);

    m_jobTabs = new QTabWidget(body);
    m_documents = new QTableWidget(0, 5, m_jobTabs);
    m_documents->setHorizontalHeaderLabels(
        {tr("Title"), tr("Status"), tr("Stage"), tr("Segments"), tr("Error")});
    m_documents->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_documents->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_documents->verticalHeader()->hide();
    m_documents->horizontalHeader()->setStretchLastSection(true);
    m_documents->setAccessibleName(tr("Job documents"));
    m_logs = new QTreeWidget(m_jobTabs);
    m_logs->setHeaderLabels(
        {tr("Document / task"), tr("Status"), tr("Duration"), tr("Started"), tr("Error")});
    m_logs->setAccessibleName(tr("Job logs by document"));
    m_jobTabs->addTab(m_documents, tr("Documents"));
    m_jobTabs->addTab(m_logs, tr("Logs"));
    m_jobNote = new QLabel(body);
    m_jobNote->setWordWrap(true);

    auto *split = new QSplitter(Qt::Vertical, body);
    auto *top = new QWidget(split);
    auto *topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    topLayout->addWidget(m_note);
    topLayout->addWidget(m_history, 1);
    auto *bottom = new QWidget(split);
    auto *bottomLayout = new QVBoxLayout(bottom);
    bottomLayout->setContentsMargins(0, 0, 0, 0);
    bottomLayout->addWidget(m_jobNote);
    bottomLayout->addWidget(m_jobTabs, 1);
    split->addWidget(top);
    split->addWidget(bottom);
    split->setChildrenCollapsible(false);

    layout->addWidget(m_title);
    layout->addWidget(m_fields);
    layout->addWidget(m_status);
    layout->addLayout(buttons);
    layout->addWidget(split, 1);
    setWidget(body);

    auto *refreshKey = new QAction(this);
    refreshKey->setShortcut(QKeySequence::Refresh);
    refreshKey->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(refreshKey, &QAction::triggered, m_session, &SourceDetailsSession::refresh);
    addAction(refreshKey);

    connect(m_refresh, &QPushButton::clicked, m_session, &SourceDetailsSession::refresh);
    connect(m_copySummary, &QPushButton::clicked, this, &SourceDetailsDock::copySummary);
    connect(m_copyError, &QPushButton::clicked, this, &SourceDetailsDock::copyError);
    connect(m_open, &QPushButton::clicked, this, [this] {
        const QString link = webLink();
        if (!link.isEmpty())
            QDesktopServices::openUrl(QUrl(link));
    });
    connect(m_retry, &QPushButton::clicked, this, [this] {
        const JobHistoryEntry *e = selectedEntry();
        if (!e)
            return;
        Q_EMIT retryRequested(
            JobRetryTarget{e->job.id, m_session->source().knowledgeBaseId, m_session->source().id});
    });
    connect(m_history->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &SourceDetailsDock::onJobSelected);
    connect(m_session, &SourceDetailsSession::sourceChanged, this, &SourceDetailsDock::showSource);
    connect(m_session, &SourceDetailsSession::statusChanged, this, &SourceDetailsDock::showSource);
    connect(m_session, &SourceDetailsSession::historyChanged, this,
            &SourceDetailsDock::showHistory);
    connect(m_session, &SourceDetailsSession::documentsChanged, this,
            &SourceDetailsDock::showDocuments);
    connect(m_session, &SourceDetailsSession::logsChanged, this, &SourceDetailsDock::showLogs);
    showSource();
    showHistory();
}

SourceDetailsDock::~SourceDetailsDock() = default;

void SourceDetailsDock::setWebConsoleTemplate(const QString &urlTemplate)
{
    m_webTemplate = urlTemplate;
    updateButtons();
}

void SourceDetailsDock::setApiMode(bool api)
{
    m_api = api;
    showDocuments();
    updateButtons();
}

const JobHistoryEntry *SourceDetailsDock::selectedEntry() const
{
    const QModelIndexList rows = m_history->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return nullptr;
    return &m_session->history()->jobAt(rows.first().row());
}

void SourceDetailsDock::showSource()
{
    const Source &s = m_session->source();
    if (s.id.isEmpty()) {
        m_title->setText(tr("No source open"));
        m_fields->setText(tr("Double-click a source (or press Enter on it) to see its details "
                             "and job history."));
        m_status->clear();
        updateButtons();
        return;
    }
    m_title->setText(s.connectionNickname.isEmpty() ? s.id : s.connectionNickname);
    const QString schedule =
        s.autoSyncEnabled
            ? (s.syncIntervalSeconds ? tr("every %1").arg(humanDuration(*s.syncIntervalSeconds))
                                     : tr("on"))
            : tr("off");
    QString html = QStringLiteral("<table cellspacing='2'>");
    html += row(tr("Source id"), s.id);
    html += row(tr("Knowledge base"),
                m_context.kbName.isEmpty()
                    ? s.knowledgeBaseId
                    : m_context.kbName + QStringLiteral(" (") + s.knowledgeBaseId + u')');
    html += row(tr("Provider"), s.provider);
    html += row(tr("Nickname"), s.connectionNickname);
    // The live read wins over the listed row, which may be minutes old.
    const std::optional<SyncStatus> &live = m_session->status();
    html += row(tr("Status"), live ? live->sourceStatus : s.status);
    html += row(tr("Auto sync"), schedule);
    html += row(tr("Next sync"), when(s.nextSyncAt));
    html += row(tr("Last auto sync"), when(s.lastAutoSyncAt));
    html += row(tr("Created"), when(s.createdAt));
    html += row(tr("Updated"), when(s.updatedAt));
    html += QStringLiteral("</table>");
    m_fields->setText(html);
    const std::optional<SyncStatus> &st = m_session->status();
    if (st) {
        QString line = tr("Live status: %1").arg(st->sourceStatus);
        if (!st->lastSyncJobId.isEmpty())
            line += tr(" · last job %1 (%2)").arg(st->lastSyncJobId, st->lastSyncStatus);
        if (st->lastSyncStartedAt.isValid())
            line += tr(" · started %1").arg(when(st->lastSyncStartedAt));
        if (st->lastSyncCompletedAt.isValid())
            line += tr(" · ended %1").arg(when(st->lastSyncCompletedAt));
        if (st->totalItems || st->processedCount)
            line += tr(" · %1 of %2 items")
                        .arg(st->processedCount.value_or(0))
                        .arg(st->totalItems ? QString::number(*st->totalItems) : tr("?"));
        if (!st->errorMessage.isEmpty())
            line += u'\n' + tr("Error: %1").arg(st->errorMessage);
        m_status->setText(line);
    } else if (!m_session->statusError().isEmpty()) {
        m_status->setText(tr("Live status could not be read: %1").arg(m_session->statusError()));
    } else {
        m_status->setText(tr("Reading the live status…"));
    }
    updateButtons();
}

void SourceDetailsDock::showHistory()
{
    JobHistoryModel *model = m_session->history();
    QString note;
    if (m_session->isHistoryLoading())
        note = tr("Reading the job history…");
    else if (!m_session->historyError().isEmpty())
        note = tr("The job history could not be read: %1").arg(m_session->historyError());
    else if (m_session->hasSource() && model->rowCount() == 0)
        note = tr("No ingestion jobs found for this source.");
    if (model->inferredCount() > 0)
        note += (note.isEmpty() ? QString() : QStringLiteral(" "))
                + tr("%n job(s) marked Inferred are matched to this source from job fields; "
                     "the API does not name a job's source.",
                     nullptr, model->inferredCount());
    if (!m_session->historyNote().isEmpty())
        note += (note.isEmpty() ? QString() : QStringLiteral(" "))
                + tr("Note: %1.").arg(m_session->historyNote());
    m_note->setText(note);
    m_note->setVisible(!note.isEmpty());
    m_history->resizeColumnsToContents();
    const QString want = !m_pendingJob.isEmpty() ? m_pendingJob : m_session->selectedJobId();
    const int r = want.isEmpty() ? -1 : model->rowOf(want);
    if (r >= 0) {
        m_pendingJob.clear();
        QSignalBlocker block(m_history->selectionModel());
        m_history->selectRow(r);
    }
    if (!want.isEmpty() && r >= 0 && want != m_session->selectedJobId())
        m_session->selectJob(want);
    updateButtons();
}

bool SourceDetailsDock::selectJob(const QString &jobId)
{
    const int r = m_session->history()->rowOf(jobId);
    if (r < 0) {
        m_pendingJob = jobId;
        return false;
    }
    m_history->selectRow(r);
    if (m_session->selectedJobId() != jobId) // the row was selected already
        m_session->selectJob(jobId);
    updateButtons();
    return true;
}

void SourceDetailsDock::onJobSelected()
{
    const JobHistoryEntry *e = selectedEntry();
    m_session->selectJob(e ? e->job.id : QString());
    updateButtons();
}

void SourceDetailsDock::showDocuments()
{
    const QList<JobDocument> &docs = m_session->documents();
    m_documents->setRowCount(int(docs.size()));
    for (int i = 0; i < docs.size(); ++i) {
        const JobDocument &d = docs.at(i);
        const QString segments =
            d.segmentCount ? QStringLiteral("%1/%2").arg(d.processedSegments).arg(*d.segmentCount)
                           : QString::number(d.processedSegments);
        const QStringList cells{d.title.isEmpty() ? d.documentId : d.title, d.status,
                                d.processingStage, segments, d.errorMessage};
        for (int c = 0; c < cells.size(); ++c) {
            auto *item = new QTableWidgetItem(cells.at(c));
            item->setToolTip(cells.at(c));
            m_documents->setItem(i, c, item);
        }
    }
    m_documents->resizeColumnsToContents();
    QString note;
    if (m_session->selectedJobId().isEmpty())
        note = tr("Select a job to see its documents and logs.");
    else if (m_session->isJobLoading())
        note = tr("Reading job %1's documents and logs…").arg(m_session->selectedJobId());
    else if (!m_session->documentsError().isEmpty())
        note = tr("Documents: %1").arg(m_session->documentsError());
    else if (!m_session->logsError().isEmpty())
        note = tr("Logs: %1").arg(m_session->logsError());
    else
        note =
            tr("Job %1: %n document(s)", nullptr, int(docs.size())).arg(m_session->selectedJobId());
    m_jobNote->setText(note);
}

void SourceDetailsDock::showLogs()
{
    m_logs->clear();
    for (const JobLogGroup &g : m_session->logs()) {
        auto *doc = new QTreeWidgetItem(
            m_logs, {g.title.isEmpty() ? g.documentId : g.title, g.status, {}, {}, {}});
        for (const JobLogEntry &e : g.logs) {
            new QTreeWidgetItem(doc, {e.taskName, e.status,
                                      e.durationMs ? tr("%1 ms").arg(*e.durationMs) : QString(),
                                      when(e.startedAt), e.errorMessage});
        }
    }
    m_logs->expandAll();
    for (int c = 0; c < m_logs->columnCount(); ++c)
        m_logs->resizeColumnToContents(c);
    showDocuments(); // the note names a logs error too
}

void SourceDetailsDock::updateButtons()
{
    const bool has = m_session->hasSource();
    const JobHistoryEntry *e = selectedEntry();
    m_refresh->setEnabled(has);
    m_copySummary->setEnabled(has);
    m_copyError->setEnabled(!errorText().isEmpty());
    m_open->setVisible(!m_webTemplate.trimmed().isEmpty());
    m_open->setEnabled(!webLink().isEmpty());
    const bool retryable = e && isRetryableJobStatus(e->job.status);
    m_retry->setEnabled(m_api && retryable);
    m_retry->setToolTip(!m_api ? tr("Retrying a job's failed items needs API mode: the database "
                                    "has no per-document job records")
                        : retryable ? tr("Re-queue the failed items of job %1").arg(e->job.id)
                                    : tr("Select a failed or partial_failure job"));
}

HandoffText SourceDetailsDock::summary() const
{
    if (const JobHistoryEntry *e = selectedEntry()) {
        HandoffText t = sourceSummary(m_session->source(), m_session->status(), m_context);
        t.append(jobSummary(*e, m_session->source().connectionNickname, m_context));
        return t;
    }
    return sourceSummary(m_session->source(), m_session->status(), m_context);
}

QString SourceDetailsDock::errorText() const
{
    if (const JobHistoryEntry *e = selectedEntry(); e && !e->job.errorMessage.isEmpty())
        return e->job.errorMessage;
    if (m_session->status() && !m_session->status()->errorMessage.isEmpty())
        return m_session->status()->errorMessage;
    return m_session->source().lastErrorMessage;
}

QString SourceDetailsDock::webLink() const
{
    const JobHistoryEntry *e = selectedEntry();
    return webConsoleLink(m_webTemplate, m_session->source().knowledgeBaseId,
                          m_session->source().id, e ? e->job.id : QString());
}

void SourceDetailsDock::copySummary()
{
    const HandoffText t = summary();
    auto *mime = new QMimeData;
    mime->setText(t.plain);
    mime->setData(QStringLiteral("text/markdown"), t.markdown.toUtf8());
    QApplication::clipboard()->setMimeData(mime);
    Q_EMIT message(tr("Summary copied (plain text and Markdown)."));
}

void SourceDetailsDock::copyError()
{
    const QString text = errorText();
    if (text.isEmpty())
        return;
    QApplication::clipboard()->setText(text);
    Q_EMIT message(tr("Error message copied."));
}

} // namespace feather
