#include "ui/mainwindow.h"

#include "backends/backendfactory.h"
#include "config/auditlog.h"
#include "config/credentials.h"
#include "config/savedviews.h"
#include "models/knowledgebasemodel.h"
#include "models/presentation.h"
#include "models/resultmodel.h"
#include "models/sourcefilterproxy.h"
#include "models/sourcemodel.h"
#include "models/workspace.h"
#include "resync/jobretrier.h"
#include "ui/banner.h"
#include "ui/demoworkspace.h"
#include "ui/filterbar.h"
#include "ui/historypanel.h"
#include "ui/kbpanel.h"
#include "ui/mainactions.h"
#include "ui/profilesdialog.h"
#include "ui/profileswitcher.h"
#include "ui/resultspanel.h"
#include "ui/runstatus.h"
#include "ui/sourcedetails.h"
#include "ui/sourcepanel.h"
#include "ui/triagepanel.h"
#include "ui/viewstate.h"

#include <QAction>
#include <QCloseEvent>
#include <QPointer>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QToolBar>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace feather {

MainWindow::MainWindow(ProfileStore *profiles, CredentialStore *credentials, QWidget *parent)
    : QMainWindow(parent)
    , m_profiles(profiles)
    , m_credentials(credentials)
    , m_workspace(new Workspace(this))
{
    setWindowTitle(tr("Feather Ops Console"));
    setWindowIcon(QIcon(u":/icons/feather-ops-console.svg"_s));
    setAccessibleName(tr("Feather Ops Console"));
    buildActions();
    buildLayout();
    buildDetails();
    connectWorkspace();
    setUpSchedule();
    setUpRunNotifications();
    setUpViews();
    reloadProfileList();
    restoreLayout();
    updateActions();
    // The team audit database went away (a run, or the History tab's worker): say so in the
    // banner; rows go to the local log meanwhile and upload later.
    AuditLog::setWarningHandler([window = QPointer<MainWindow>(this)](const QString &text) {
        QMetaObject::invokeMethod(
            window.data(),
            [window, text] {
                if (window)
                    window->m_banner->showMessage(text, MessageBanner::Kind::Warning);
            },
            Qt::QueuedConnection);
    });
}

MainWindow::~MainWindow()
{
    AuditLog::setWarningHandler({});
    // The workspace outlives the panels (they save their column layout while their models are
    // still there), and it must not call back into a window that is half destroyed.
    m_workspace->disconnect(this);
    saveLayout();
    delete takeCentralWidget();
}

void MainWindow::buildActions()
{
    m_actions = MainActions::create(this);
    const MainActions &a = m_actions;
    connect(a.refresh, &QAction::triggered, m_workspace, &Workspace::refresh);
    connect(a.resyncSelected, &QAction::triggered, this, &MainWindow::resyncSelected);
    connect(a.resyncErrored, &QAction::triggered, this, &MainWindow::resyncAllErrored);
    connect(a.retryFailed, &QAction::triggered, this, &MainWindow::retryFailed);
    connect(a.cancel, &QAction::triggered, this, &MainWindow::cancelRun);
    connect(a.pause, &QAction::triggered, this, [this] {
        if (m_workspace->progress().paused)
            m_workspace->resumeRun();
        else
            m_workspace->pauseRun();
    });
    connect(a.exportCsv, &QAction::triggered, this, [this] {
        showTab(0);
        m_results->exportWithDialog();
    });
    connect(a.profiles, &QAction::triggered, this, [this] { showProfilesDialog(); });
    connect(a.find, &QAction::triggered, this, [this] { m_sources->filterBar()->focusText(); });
    connect(a.selectAll, &QAction::triggered, this, [this] { m_sources->selectAllVisible(); });
    connect(a.selectErrored, &QAction::triggered, this, [this] { m_sources->selectErrored(); });
    connect(a.showResults, &QAction::triggered, this, [this] { showTab(0); });
    connect(a.showHistory, &QAction::triggered, this, [this] { showTab(1); });
    connect(a.showTriage, &QAction::triggered, this, [this] { showTab(2); });
    connect(a.schedule, &QAction::triggered, this, &MainWindow::editSchedule);
}

void MainWindow::buildLayout()
{
    auto *toolbar = addToolBar(tr("Main"));
    toolbar->setObjectName(u"mainToolbar"_s);
    toolbar->setMovable(false);
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolbar->setAccessibleName(tr("Main toolbar"));
    m_profileSwitcher = new ProfileSwitcher(toolbar);
    toolbar->addWidget(m_profileSwitcher);
    toolbar->addAction(m_actions.profiles);
    toolbar->addSeparator();
    for (QAction *a : {m_actions.refresh, m_actions.resyncSelected, m_actions.resyncErrored,
                       m_actions.pause, m_actions.cancel})
        toolbar->addAction(a);
    connect(m_profileSwitcher, &ProfileSwitcher::profileChosen, this, &MainWindow::onProfileChosen);

    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    m_prodBanner = new MessageBanner(central);
    m_prodBanner->setDismissible(false);
    m_banner = new MessageBanner(central);
    layout->addWidget(m_prodBanner);
    layout->addWidget(m_banner);

    m_kbs = new KbPanel(m_workspace->knowledgeBases(), central);
    m_sources = new SourcePanel(m_workspace->sources(), central);
    m_results = new ResultsPanel(m_workspace->results(), central);
    m_history = new HistoryPanel(central);
    m_triage = new TriagePanel(m_workspace, central);
    m_horizontal = new QSplitter(Qt::Horizontal, central);
    m_horizontal->setObjectName(u"kbSourceSplitter"_s);
    m_horizontal->addWidget(m_kbs);
    m_horizontal->addWidget(m_sources);
    m_horizontal->setStretchFactor(1, 3);
    m_horizontal->setSizes({520, 840});
    m_tabs = new QTabWidget(central);
    m_tabs->setAccessibleName(tr("Results and history"));
    m_tabs->addTab(m_results, themedIcon(u"action-resync"_s), tr("&Results"));
    m_tabs->addTab(m_history, themedIcon(u"action-history"_s), tr("&History"));
    m_tabs->addTab(m_triage, themedIcon(u"status-error"_s), tr("&Triage"));
    m_vertical = new QSplitter(Qt::Vertical, central);
    m_vertical->setObjectName(u"mainSplitter"_s);
    m_vertical->addWidget(m_horizontal);
    m_vertical->addWidget(m_tabs);
    m_vertical->setStretchFactor(0, 3);
    m_vertical->setStretchFactor(1, 2);
    m_vertical->setSizes({520, 300});
    for (QSplitter *s : {m_horizontal, m_vertical})
        s->setChildrenCollapsible(false);
    layout->addWidget(m_vertical, 1);
    for (int i = 0; i < layout->count(); ++i)
        layout->itemAt(i)->widget()->setContentsMargins(i >= 2 ? 6 : 0, 0, i >= 2 ? 6 : 0, 0);
    setCentralWidget(central);

    // Counts are a normal widget (a temporary message shows in their place); the run's progress
    // is permanent but only as wide as it needs, so messages keep the rest of the line.
    m_runStatus = new RunStatusWidget(this);
    statusBar()->addWidget(m_runStatus->countsLabel(), 1);
    statusBar()->addPermanentWidget(m_runStatus);
    statusBar()->setAccessibleName(tr("Status bar"));

    connect(m_kbs, &KbPanel::selectionChanged, m_sources, &SourcePanel::setKnowledgeBases);
    connect(m_sources, &SourcePanel::selectionChanged, this, &MainWindow::updateActions);
    connect(m_sources, &SourcePanel::resyncRequested, this, &MainWindow::resyncSelected);
    connect(m_triage, &TriagePanel::sourcesChosen, this, [this](const QStringList &ids) {
        m_sources->selectSources(ids);
        const qsizetype shown = m_sources->selectedSourceIds().size();
        if (shown < ids.size())
            statusBar()->showMessage(tr("%1 of %2 sources of this cause are hidden by the source "
                                        "filters or the knowledge base selection.")
                                         .arg(ids.size() - shown)
                                         .arg(ids.size()),
                                     8000);
    });
    connect(m_triage, &TriagePanel::resyncRequested, this, &MainWindow::requestResync);
    connect(m_results, &ResultsPanel::retryFailedRequested, this, &MainWindow::retryFailed);
    connect(m_results, &ResultsPanel::message, this,
            [this](const QString &text) { statusBar()->showMessage(text, 6000); });
    connect(m_tabs, &QTabWidget::currentChanged, this, [this](int index) {
        if (m_tabs->widget(index) == m_history)
            m_history->reload();
    });
    resize(1280, 820);
}

void MainWindow::connectWorkspace()
{
    connect(m_workspace, &Workspace::loadingChanged, this, [this](bool loading) {
        if (loading) {
            m_loadFailed = false;
            m_kbs->setLoadProgress(0, 0);
        } else {
            m_kbs->setLoadFinished(m_workspace->isListComplete());
        }
        statusBar()->showMessage(loading ? tr("Loading…") : QString(), loading ? 0 : 1);
        updateActions();
    });
    connect(m_workspace, &Workspace::loadProgress, this, [this](int pages, int rows) {
        m_kbs->setLoadProgress(pages, rows);
        statusBar()->showMessage(
            tr("Loading… %n page(s), %1 sources so far", nullptr, pages).arg(rows));
    });
    connect(m_workspace->knowledgeBases(), &KnowledgeBaseModel::loadFailed, this,
            &MainWindow::onLoadFailed);
    connect(m_workspace->sources(), &SourceModel::loadFailed, this, &MainWindow::onLoadFailed);
    connect(m_workspace, &Workspace::loaded, this, [this] {
        m_sources->updateFilterChoices();
        m_history->setNames(m_workspace->knowledgeBases(), m_workspace->sources());
        // A load that went through clears what an earlier failed one said ("Connection refused").
        if (!m_loadFailed && m_loadProblemShown)
            m_banner->hide();
        if (!m_loadFailed)
            statusBar()->showMessage(tr("Loaded %1 sources in %2 knowledge bases.")
                                         .arg(m_workspace->sources()->rowCount())
                                         .arg(m_workspace->knowledgeBases()->rowCount() - 1),
                                     5000);
        updateActions();
    });
    connect(m_workspace, &Workspace::statusCountsChanged, this,
            [this] { m_runStatus->setStatusCounts(m_workspace->sources()->statusCounts()); });
    connect(m_workspace, &Workspace::problem, this, [this](const QString &text) {
        const bool loading = m_workspace->isLoading();
        m_loadFailed = m_loadFailed || loading;
        showProblem(text);
        m_loadProblemShown = loading;
    });
    connect(m_workspace, &Workspace::runStarted, this, [this](int total) {
        // The run's rows stay in a filtered view while they change status (issue 10 item 10).
        m_sources->proxy()->pinVisible(m_workspace->currentRunSourceIds());
        showTab(0);
        statusBar()->showMessage(tr("Resync of %1 source(s) started.").arg(total), 4000);
        updateActions();
    });
    connect(m_workspace, &Workspace::runProgress, this, [this](const RunProgress &p) {
        m_runStatus->setProgress(p, m_workspace->isRunning());
        m_actions.setPaused(p.paused);
    });
    connect(m_workspace, &Workspace::runFinished, this, &MainWindow::onRunFinished);
    connect(m_workspace, &Workspace::opened, this, [this](const QString &name) {
        m_history->setAuditLogPath(m_workspace->auditLogPath());
        m_history->setTeamUrl(m_workspace->teamAuditUrl());
        updateTitleAndBanner();
        m_banner->hide();
        Q_EMIT profileOpened(name);
    });
}

void MainWindow::showTab(int index)
{
    m_tabs->setCurrentIndex(index);
}

void MainWindow::showProblem(const QString &text)
{
    m_loadProblemShown = false;
    m_banner->showMessage(text, MessageBanner::Kind::Error, tr("Retry"),
                          [this] { m_workspace->refresh(); });
}

void MainWindow::onLoadFailed(const QString &message, const Error &error)
{
    Q_UNUSED(message)
    m_loadFailed = true;
    if (error.outcome != Outcome::Unauthorized)
        return;
    // Retrying with the same key cannot help: say what was refused and where to fix it.
    const Profile &p = m_workspace->profile();
    showKeyRejected(
        p.mode == BackendMode::Api
            ? tr("The server rejected the API key of profile “%1” (HTTP 401). Enter "
                 "a valid key in the profile.")
                  .arg(p.name)
            : tr("The database refused the login of profile “%1”: %2").arg(p.name, error.message));
    m_loadProblemShown = true;
}

void MainWindow::showKeyRejected(const QString &text)
{
    m_loadProblemShown = false;
    m_banner->showMessage(text, MessageBanner::Kind::Error, tr("Edit profile…"),
                          [this] { showProfilesDialog(); });
}

void MainWindow::updateActions()
{
    const bool open = m_workspace->isOpen();
    const bool running = m_workspace->isRunning();
    const bool hasSelection = m_sources->selectedCount() > 0;
    const int retryable = int(m_workspace->retryCandidates().size());
    m_actions.refresh->setEnabled(open && !m_workspace->isLoading());
    // One run at a time: rows in flight can never be triggered twice.
    m_actions.resyncSelected->setEnabled(open && !running && hasSelection);
    // "All errored" means the whole list: not before every page is in (issue 10 item 8).
    m_actions.resyncErrored->setEnabled(open && !running && m_workspace->isListComplete());
    m_actions.retryFailed->setEnabled(open && !running && retryable > 0);
    m_actions.cancel->setEnabled(running);
    m_actions.pause->setEnabled(running);
    m_actions.exportCsv->setEnabled(m_workspace->results()->rowCount() > 0);
    m_results->setRetryEnabled(open && !running, retryable);
}

void MainWindow::updateTitleAndBanner()
{
    const Profile &p = m_workspace->profile();
    setWindowTitle(tr("%1 (%2) — Feather Ops Console").arg(p.name, p.environmentLabel()));
    if (p.production) {
        m_prodBanner->showMessage(
            tr("PRODUCTION — profile “%1” · %2. Every resync here touches live data.")
                .arg(p.name, displayTarget(p)),
            MessageBanner::Kind::Production);
    } else {
        m_prodBanner->hide();
    }
    m_profileSwitcher->setCurrent(p.name);
}

void MainWindow::reloadProfileList()
{
    const QString current =
        m_workspace->isOpen() ? m_workspace->profile().name : m_profileSwitcher->current();
    QList<Profile> all = m_transient;
    for (const Profile &p : m_profiles->profiles()) {
        if (!std::any_of(all.cbegin(), all.cend(),
                         [&](const Profile &t) { return t.name == p.name; }))
            all.append(p);
    }
    m_profileSwitcher->setProfiles(all, current);
}

void MainWindow::onProfileChosen(const QString &name)
{
    if (m_workspace->isOpen() && name == m_workspace->profile().name)
        return;
    if (m_workspace->isRunning()) {
        showProblem(tr("A resync is running: cancel it or wait before switching profiles."));
        updateTitleAndBanner();
        return;
    }
    openProfile(name);
}

void MainWindow::showProfilesDialog()
{
    ProfilesDialog dialog(m_profiles, m_credentials, this);
    const QString current = m_workspace->isOpen() ? m_workspace->profile().name : QString();
    if (!current.isEmpty())
        dialog.selectProfile(current);
    bool currentSaved = false;
    connect(&dialog, &ProfilesDialog::profileSaved, this,
            [&](const QString &name) { currentSaved = currentSaved || name == current; });
    dialog.exec();
    reloadProfileList();
    // A new key or URL for the open profile takes effect now, not at the next start.
    if (currentSaved && !m_workspace->isRunning())
        openProfile(current);
}

void MainWindow::changeEvent(QEvent *event)
{
    // Nobody watches a minimised window: stop polling until it comes back.
    if (event->type() == QEvent::WindowStateChange)
        m_workspace->setPollingPaused(isMinimized());
    QMainWindow::changeEvent(event);
}

void MainWindow::showEvent(QShowEvent *event)
{
    m_workspace->setPollingPaused(isMinimized());
    QMainWindow::showEvent(event);
}

void MainWindow::hideEvent(QHideEvent *event)
{
    if (!event->spontaneous())
        m_workspace->setPollingPaused(true);
    QMainWindow::hideEvent(event);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveLayout();
    QMainWindow::closeEvent(event);
}

void MainWindow::restoreLayout()
{
    QSettings settings;
    restoreGeometry(settings.value(u"window/geometry"_s).toByteArray());
    restoreState(settings.value(u"window/state"_s).toByteArray());
    m_vertical->restoreState(settings.value(u"window/mainSplitter"_s).toByteArray());
    m_horizontal->restoreState(settings.value(u"window/kbSourceSplitter"_s).toByteArray());
    // Saved on a bigger screen or at another scale factor (or the default size on a small
    // screen): never open larger than the screen or off it.
    fitToScreen(this);
}

void MainWindow::saveLayout()
{
    QSettings settings;
    settings.setValue(u"window/geometry"_s, saveGeometry());
    settings.setValue(u"window/state"_s, saveState());
    settings.setValue(u"window/mainSplitter"_s, m_vertical->saveState());
    settings.setValue(u"window/kbSourceSplitter"_s, m_horizontal->saveState());
}

} // namespace feather
