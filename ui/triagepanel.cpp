#include "ui/triagepanel.h"

#include "models/knowledgebasemodel.h"
#include "models/presentation.h"
#include "models/sourcemodel.h"
#include "models/triagecollector.h"
#include "models/triagehandoff.h"
#include "models/triagemodel.h"
#include "models/workspace.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QTreeView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace feather {

TriagePanel::TriagePanel(Workspace *workspace, QWidget *parent)
    : QWidget(parent)
    , m_workspace(workspace)
    , m_model(new TriageModel(this))
    , m_collector(new TriageCollector(this))
    , m_summary(new QLabel(this))
    , m_view(new QTreeView(this))
    , m_refresh(new QPushButton(themedIcon(u"action-refresh"_s), tr("Re&check errors"), this))
    , m_resyncFixable(new QPushButton(themedIcon(u"action-resync"_s), QString(), this))
    , m_copyCustomer(new QPushButton(tr("Copy for the c&ustomer"), this))
    , m_copyEngineering(new QPushButton(tr("Copy for en&gineering"), this))
    , m_markdown(new QCheckBox(tr("As &Markdown"), this))
    , m_status(new QLabel(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_summary->setAccessibleName(tr("Triage summary"));
    layout->addWidget(m_summary);

    m_view->setModel(m_model);
    m_view->setAccessibleName(tr("Errored sources by cause"));
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setAlternatingRowColors(true);
    m_view->setUniformRowHeights(true);
    m_view->setAllColumnsShowFocus(true);
    m_view->header()->setStretchLastSection(true);
    m_view->setColumnWidth(TriageModel::TitleColumn, 300);
    m_view->setColumnWidth(TriageModel::ActionColumn, 130);
    m_view->setColumnWidth(TriageModel::CountColumn, 70);
    m_view->setColumnWidth(TriageModel::KbColumn, 220);
    m_view->setColumnWidth(TriageModel::ProviderColumn, 110);
    layout->addWidget(m_view, 1);

    auto *buttons = new QHBoxLayout;
    m_refresh->setToolTip(tr("Read every errored source’s last error again"));
    m_resyncFixable->setToolTip(
        tr("Resync only the sources whose cause a resync can fix (resync, wait and resync); "
           "the confirmation lists them first"));
    m_copyCustomer->setToolTip(tr("Copy, for the customer, which sources of the selected cause "
                                  "need what, in plain words"));
    m_copyEngineering->setToolTip(tr("Copy, for engineering, the selected cause’s signatures, "
                                     "counts, example messages and ids"));
    m_markdown->setToolTip(tr("Copy Markdown instead of plain text"));
    buttons->addWidget(m_refresh);
    buttons->addWidget(m_resyncFixable);
    buttons->addStretch(1);
    buttons->addWidget(m_copyCustomer);
    buttons->addWidget(m_copyEngineering);
    buttons->addWidget(m_markdown);
    layout->addLayout(buttons);
    m_status->setAccessibleName(tr("Triage status"));
    layout->addWidget(m_status);

    connect(m_refresh, &QPushButton::clicked, this, &TriagePanel::refresh);
    connect(m_resyncFixable, &QPushButton::clicked, this, &TriagePanel::resyncFixable);
    connect(m_copyCustomer, &QPushButton::clicked, this, &TriagePanel::copyForCustomer);
    connect(m_copyEngineering, &QPushButton::clicked, this, &TriagePanel::copyForEngineering);
    connect(m_collector, &TriageCollector::progress, this, [this](int done, int total) {
        m_summary->setText(tr("Reading the last errors… %1 of %2").arg(done).arg(total));
    });
    connect(m_collector, &TriageCollector::finished, this, &TriagePanel::onCollected);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &TriagePanel::onCurrentChanged);
    // Errors change with loads and runs: recheck now if the tab is shown, else when it is.
    const auto stale = [this] {
        m_stale = true;
        if (isVisible())
            refresh();
    };
    connect(m_workspace, &Workspace::loaded, this, stale);
    connect(m_workspace, &Workspace::runFinished, this, stale);
    connect(m_workspace, &Workspace::opened, this, [this] {
        m_collector->cancel();
        m_model->clear();
        m_stale = true;
        updateSummary();
        updateButtons();
    });
    updateSummary();
    updateButtons();
}

TriagePanel::~TriagePanel() = default;

void TriagePanel::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_stale && m_workspace->hasLoaded() && !m_collector->isCollecting())
        refresh();
}

bool TriagePanel::isCollecting() const
{
    return m_collector->isCollecting();
}

void TriagePanel::refresh()
{
    if (!m_workspace->isOpen())
        return;
    m_stale = false;
    const SourceModel *sources = m_workspace->sources();
    QList<Source> rows;
    for (int r = 0; r < sources->rowCount(); ++r) {
        if (statusKind(sources->sourceAt(r).status) == StatusKind::Error)
            rows << sources->sourceAt(r);
    }
    QHash<QString, QString> names;
    for (const Source &s : std::as_const(rows))
        names.insert(s.knowledgeBaseId, m_workspace->knowledgeBases()->nameOf(s.knowledgeBaseId));
    m_status->clear();
    m_collector->collect(m_workspace->backend(), erroredSources(rows, names));
}

void TriagePanel::onCollected()
{
    // Keep the selected cause selected across a recheck.
    const QString cause = m_view->currentIndex().data(TriageModel::CauseIdRole).toString();
    m_model->setSources(m_collector->result());
    m_view->expandAll();
    if (const QModelIndex at = m_model->indexOfCause(cause); at.isValid()) {
        // A recheck keeps the cause selected but leaves the source table's selection alone.
        m_restoring = true;
        m_view->setCurrentIndex(at);
        m_restoring = false;
    }
    if (m_collector->readsFailed() > 0)
        m_status->setText(tr("%1 last error(s) could not be read: those sources are under "
                             "“Unknown”. Recheck to try again.")
                              .arg(m_collector->readsFailed()));
    updateSummary();
    updateButtons();
    Q_EMIT collected();
}

void TriagePanel::onCurrentChanged()
{
    updateButtons();
    const QStringList ids = m_view->currentIndex().data(TriageModel::SourceIdsRole).toStringList();
    if (!ids.isEmpty() && !m_restoring)
        Q_EMIT sourcesChosen(ids);
}

void TriagePanel::updateSummary()
{
    if (m_collector->isCollecting())
        return;
    const TriageReport &report = m_model->report();
    if (!m_workspace->isOpen() || report.total == 0) {
        m_summary->setText(m_workspace->hasLoaded() && !m_stale ? tr("No errored sources.")
                                                                : QString());
        return;
    }
    const QLocale locale;
    int notFixable = 0;
    for (const CauseGroup &g : report.causes) {
        if (resyncWillNotHelp(g.cause.action))
            notFixable += g.count;
    }
    m_summary->setText(tr("%1 errored source(s) in %2 cause(s): %3 a resync can fix, %4 a "
                          "resync will not fix, %5 unrecognised. Per knowledge base: %6")
                           .arg(locale.toString(report.total))
                           .arg(report.causes.size())
                           .arg(locale.toString(report.fixableCount))
                           .arg(locale.toString(notFixable))
                           .arg(locale.toString(report.total - report.fixableCount - notFixable))
                           .arg(TriageModel::kbSummary(report.perKb, 1000)));
}

void TriagePanel::updateButtons()
{
    const int fixable = m_model->fixableCount();
    m_resyncFixable->setText(tr("Resync &fixable (%1)…").arg(QLocale().toString(fixable)));
    m_resyncFixable->setEnabled(fixable > 0 && m_workspace->isOpen());
    const bool cause = selectedCause() != nullptr;
    m_copyCustomer->setEnabled(cause);
    m_copyEngineering->setEnabled(cause);
}

const CauseGroup *TriagePanel::selectedCause() const
{
    return m_model->causeAt(m_view->currentIndex());
}

QList<ErroredSource> TriagePanel::erroredAmong(const QList<TriggerTarget> &targets) const
{
    QList<ErroredSource> out;
    for (const TriggerTarget &t : targets) {
        if (const ErroredSource *known = m_model->errored(t.sourceId)) {
            out << *known;
            continue;
        }
        const Source *s = m_workspace->sources()->source(t.sourceId);
        if (s && statusKind(s->status) == StatusKind::Error)
            out += erroredSources(
                {*s},
                {{s->knowledgeBaseId, m_workspace->knowledgeBases()->nameOf(s->knowledgeBaseId)}});
    }
    return out;
}

QString TriagePanel::customerText() const
{
    const CauseGroup *cause = selectedCause();
    return cause ? TriageHandoff::forCustomer(*cause, m_markdown->isChecked()
                                                          ? TriageHandoff::Format::Markdown
                                                          : TriageHandoff::Format::PlainText)
                 : QString();
}

QString TriagePanel::engineeringText() const
{
    const CauseGroup *cause = selectedCause();
    return cause ? TriageHandoff::forEngineering(*cause, m_markdown->isChecked()
                                                             ? TriageHandoff::Format::Markdown
                                                             : TriageHandoff::Format::PlainText)
                 : QString();
}

void TriagePanel::copyForCustomer()
{
    const QString text = customerText();
    if (text.isEmpty())
        return;
    QApplication::clipboard()->setText(text);
    m_status->setText(tr("Copied for the customer: %1.").arg(selectedCause()->cause.title));
}

void TriagePanel::copyForEngineering()
{
    const QString text = engineeringText();
    if (text.isEmpty())
        return;
    QApplication::clipboard()->setText(text);
    m_status->setText(tr("Copied for engineering: %1.").arg(selectedCause()->cause.title));
}

void TriagePanel::resyncFixable()
{
    QStringList ids;
    for (const ErroredSource &s : m_model->fixable())
        ids << s.sourceId;
    if (!ids.isEmpty())
        Q_EMIT resyncRequested(m_workspace->targetsFor(ids));
}

} // namespace feather
