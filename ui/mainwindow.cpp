#include "ui/mainwindow.h"

#include "backends/backendfactory.h"
#include "config/credentials.h"
#include "models/knowledgebasemodel.h"
#include "models/presentation.h"
#include "models/sourcemodel.h"
#include "models/workspace.h"
#include "ui/banner.h"
#include "ui/demoworkspace.h"
#include "ui/filterbar.h"
#include "ui/historypanel.h"
#include "ui/kbpanel.h"
#include "ui/profilesdialog.h"
#include "ui/resultspanel.h"
#include "ui/runstatus.h"
#include "ui/sourcepanel.h"

#include <QAction>
#include <QCloseEvent>
#include <QComboBox>
#include <QLabel>
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
    setWindowTitle(u"Feather Ops Console"_s);
    setWindowIcon(QIcon(u":/icons/feather-ops-console.svg"_s));
    setAccessibleName(u"Feather Ops Console"_s);
    buildActions();
    buildLayout();
    connectWorkspace();
    reloadProfileList();
    restoreLayout();
    updateActions();
}

MainWindow::~MainWindow()
{
    // The workspace outlives the panels (they save their column layout while their models are
    // still there), and it must not call back into a window that is half destroyed.
    m_workspace->disconnect(this);
    saveLayout();
    delete takeCentralWidget();
}

void MainWindow::buildActions()
{
    const auto make = [this](const QString &icon, const QString &text, const QKeySequence &keys,
                             const QString &tip) {
        auto *a = new QAction(icon.isEmpty() ? QIcon() : themedIcon(icon), text, this);
        if (!keys.isEmpty())
            a->setShortcut(keys);
        a->setToolTip(keys.isEmpty()
                          ? tip
                          : tip + u" ("_s + keys.toString(QKeySequence::NativeText) + u")"_s);
        a->setStatusTip(tip);
        addAction(a);
        return a;
    };
    m_refresh = make(u"action-refresh"_s, u"Refresh"_s, QKeySequence::Refresh,
                     u"Reload knowledge bases and sources"_s);
    m_resyncSelected = make(u"action-resync"_s, u"Resync selected…"_s, QKeySequence(u"Ctrl+R"_s),
                            u"Resync the selected sources (asks for confirmation)"_s);
    m_resyncErrored = make(
        u"action-resync-errored"_s, u"Resync all errored…"_s, QKeySequence(u"Ctrl+Shift+R"_s),
        u"Resync every errored source in the selected knowledge bases (asks for confirmation)"_s);
    m_cancel = make(u"action-cancel"_s, u"Cancel"_s, QKeySequence(u"Ctrl+."_s),
                    u"Stop the run: nothing new is sent; rows not sent yet end as cancelled"_s);
    m_pause = make(u"action-pause"_s, u"Pause"_s, QKeySequence(), u"Pause or resume the run"_s);
    m_profilesAction = make(u"action-profiles"_s, u"Profiles…"_s, QKeySequence(u"Ctrl+P"_s),
                            u"Add or edit profiles"_s);
    m_findAction = make(QString(), u"Find"_s, QKeySequence::Find, u"Filter sources"_s);
    auto *selectAll = make(QString(), u"Select all visible"_s, QKeySequence(u"Ctrl+A"_s),
                           u"Select every visible source"_s);
    auto *selectErrored = make(QString(), u"Select errored"_s, QKeySequence(u"Ctrl+E"_s),
                               u"Select the visible errored sources"_s);

    connect(m_refresh, &QAction::triggered, m_workspace, &Workspace::refresh);
    connect(m_resyncSelected, &QAction::triggered, this, &MainWindow::resyncSelected);
    connect(m_resyncErrored, &QAction::triggered, this, &MainWindow::resyncAllErrored);
    connect(m_cancel, &QAction::triggered, this, &MainWindow::cancelRun);
    connect(m_pause, &QAction::triggered, this, [this] {
        if (m_workspace->progress().paused)
            m_workspace->resumeRun();
        else
            m_workspace->pauseRun();
    });
    connect(m_profilesAction, &QAction::triggered, this, &MainWindow::showProfilesDialog);
    connect(m_findAction, &QAction::triggered, this,
            [this] { m_sources->filterBar()->focusText(); });
    connect(selectAll, &QAction::triggered, this, [this] { m_sources->selectAllVisible(); });
    connect(selectErrored, &QAction::triggered, this, [this] { m_sources->selectErrored(); });
}

void MainWindow::buildLayout()
{
    auto *toolbar = addToolBar(u"Main"_s);
    toolbar->setObjectName(u"mainToolbar"_s);
    toolbar->setMovable(false);
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolbar->setAccessibleName(u"Main toolbar"_s);
    auto *profileLabel = new QLabel(u" &Profile: "_s, toolbar);
    m_profileBox = new QComboBox(toolbar);
    m_profileBox->setMinimumContentsLength(18);
    m_profileBox->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_profileBox->setAccessibleName(u"Profile"_s);
    m_profileBox->setToolTip(u"Switch profile (environment)"_s);
    profileLabel->setBuddy(m_profileBox);
    toolbar->addWidget(profileLabel);
    toolbar->addWidget(m_profileBox);
    toolbar->addAction(m_profilesAction);
    toolbar->addSeparator();
    toolbar->addAction(m_refresh);
    toolbar->addAction(m_resyncSelected);
    toolbar->addAction(m_resyncErrored);
    toolbar->addAction(m_pause);
    toolbar->addAction(m_cancel);
    connect(m_profileBox, &QComboBox::activated, this, &MainWindow::onProfileChosen);

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
    m_horizontal = new QSplitter(Qt::Horizontal, central);
    m_horizontal->setObjectName(u"kbSourceSplitter"_s);
    m_horizontal->addWidget(m_kbs);
    m_horizontal->addWidget(m_sources);
    m_horizontal->setStretchFactor(1, 3);
    m_horizontal->setSizes({520, 840});
    m_tabs = new QTabWidget(central);
    m_tabs->setAccessibleName(u"Results and history"_s);
    m_tabs->addTab(m_results, themedIcon(u"action-resync"_s), u"Results"_s);
    m_tabs->addTab(m_history, themedIcon(u"action-history"_s), u"History"_s);
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

    m_runStatus = new RunStatusWidget(this);
    statusBar()->addPermanentWidget(m_runStatus, 1);
    statusBar()->setAccessibleName(u"Status bar"_s);

    connect(m_kbs, &KbPanel::selectionChanged, m_sources, &SourcePanel::setKnowledgeBases);
    connect(m_sources, &SourcePanel::selectionChanged, this, &MainWindow::updateActions);
    connect(m_sources, &SourcePanel::resyncRequested, this, &MainWindow::resyncSelected);
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
        statusBar()->showMessage(loading ? u"Loading…"_s : QString(), loading ? 0 : 1);
        updateActions();
    });
    connect(m_workspace->sources(), &SourceModel::pageLoaded, this, [this](int rows) {
        statusBar()->showMessage(u"Loading… %1 sources so far"_s.arg(rows));
    });
    connect(m_workspace, &Workspace::loaded, this, [this] {
        m_sources->updateFilterChoices();
        QHash<QString, QString> names;
        for (const KnowledgeBase &kb : m_workspace->knowledgeBases()->knowledgeBases())
            names.insert(kb.id, kb.name);
        const SourceModel *sources = m_workspace->sources();
        for (int r = 0; r < sources->rowCount(); ++r)
            names.insert(sources->sourceAt(r).id, sources->sourceAt(r).connectionNickname);
        m_history->setNames(names);
        statusBar()->showMessage(
            u"Loaded %1 sources in %2 knowledge bases."_s.arg(m_workspace->sources()->rowCount())
                .arg(m_workspace->knowledgeBases()->rowCount() - 1),
            5000);
        updateActions();
    });
    connect(m_workspace, &Workspace::statusCountsChanged, this,
            [this] { m_runStatus->setStatusCounts(m_workspace->sources()->statusCounts()); });
    connect(m_workspace, &Workspace::problem, this, &MainWindow::showProblem);
    connect(m_workspace, &Workspace::runStarted, this, [this](int total) {
        showTab(0);
        statusBar()->showMessage(u"Resync of %1 source(s) started."_s.arg(total), 4000);
        updateActions();
    });
    connect(m_workspace, &Workspace::runProgress, this, [this](const RunProgress &p) {
        m_runStatus->setProgress(p, m_workspace->isRunning());
        m_pause->setText(p.paused ? u"Resume"_s : u"Pause"_s);
        m_pause->setIcon(themedIcon(p.paused ? u"action-resume"_s : u"action-pause"_s));
    });
    connect(m_workspace, &Workspace::runFinished, this, &MainWindow::onRunFinished);
    connect(m_workspace, &Workspace::opened, this, [this](const QString &name) {
        m_history->setAuditLogPath(m_workspace->auditLogPath());
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
    m_banner->showMessage(text, MessageBanner::Kind::Error, u"Retry"_s,
                          [this] { m_workspace->refresh(); });
}

void MainWindow::updateActions()
{
    const bool open = m_workspace->isOpen();
    const bool running = m_workspace->isRunning();
    const bool hasSelection = !m_sources->selectedSourceIds().isEmpty();
    m_refresh->setEnabled(open && !m_workspace->isLoading());
    // One run at a time: rows in flight can never be triggered twice.
    m_resyncSelected->setEnabled(open && !running && hasSelection);
    m_resyncErrored->setEnabled(open && !running);
    m_cancel->setEnabled(running);
    m_pause->setEnabled(running);
    m_results->setRetryEnabled(open && !running, int(m_workspace->retryCandidates().size()));
}

void MainWindow::updateTitleAndBanner()
{
    const Profile &p = m_workspace->profile();
    setWindowTitle(u"%1 (%2) — Feather Ops Console"_s.arg(p.name, p.environmentLabel()));
    if (p.production) {
        m_prodBanner->showMessage(
            u"PRODUCTION — profile “%1” · %2. Every resync here touches live data."_s.arg(
                p.name, displayTarget(p)),
            MessageBanner::Kind::Production);
    } else {
        m_prodBanner->hide();
    }
    const int index = m_profileBox->findText(p.name);
    if (index >= 0)
        m_profileBox->setCurrentIndex(index);
}

void MainWindow::reloadProfileList()
{
    const QSignalBlocker block(m_profileBox);
    const QString current =
        m_workspace->isOpen() ? m_workspace->profile().name : m_profileBox->currentText();
    m_profileBox->clear();
    QList<Profile> all = m_transient;
    for (const Profile &p : m_profiles->profiles()) {
        if (!std::any_of(all.cbegin(), all.cend(),
                         [&](const Profile &t) { return t.name == p.name; }))
            all.append(p);
    }
    for (const Profile &p : std::as_const(all)) {
        m_profileBox->addItem(p.production ? themedIcon(u"status-error"_s) : QIcon(), p.name);
        m_profileBox->setItemData(m_profileBox->count() - 1,
                                  QString(p.environmentLabel() + u" · "_s + displayTarget(p)),
                                  Qt::ToolTipRole);
    }
    m_profileBox->setCurrentIndex(qMax(0, m_profileBox->findText(current)));
}

void MainWindow::onProfileChosen(int index)
{
    const QString name = m_profileBox->itemText(index);
    if (m_workspace->isOpen() && name == m_workspace->profile().name)
        return;
    if (m_workspace->isRunning()) {
        showProblem(u"A resync is running: cancel it or wait before switching profiles."_s);
        updateTitleAndBanner();
        return;
    }
    openProfile(name);
}

void MainWindow::showProfilesDialog()
{
    ProfilesDialog dialog(m_profiles, m_credentials, this);
    if (m_workspace->isOpen())
        dialog.selectProfile(m_workspace->profile().name);
    dialog.exec();
    reloadProfileList();
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
