// MainWindow: saved views (issue 11 item 8). A view is the filter bar's text, statuses, provider
// and stuck flag plus the KB selection, named and kept per profile (SavedViewStore, next to the
// profiles); the built-ins are Errored, Stuck and "Failed again in my last run" (the sources whose
// sync this profile's last run started — here or by featherctl — that are now in error).
#include "config/savedviews.h"
#include "models/sourcefilterproxy.h"
#include "models/workspace.h"
#include "ui/banner.h"
#include "ui/filterbar.h"
#include "ui/kbpanel.h"
#include "ui/mainwindow.h"
#include "ui/sourcepanel.h"
#include "ui/viewsbutton.h"

#include <QAction>
#include <QInputDialog>
#include <QMessageBox>
#include <QStatusBar>

namespace feather {

void MainWindow::setUpViews()
{
    m_views = std::make_unique<SavedViewStore>(m_profiles->settings());
    m_viewsButton = new ViewsButton(this);
    m_sources->addFilterWidget(m_viewsButton);
    auto *open = new QAction(tr("Saved views"), this);
    open->setShortcut(QKeySequence(tr("Ctrl+Shift+V")));
    connect(open, &QAction::triggered, m_viewsButton, &QToolButton::showMenu);
    addAction(open);

    connect(m_viewsButton, &ViewsButton::applyRequested, this, &MainWindow::applyView);
    connect(m_viewsButton, &ViewsButton::saveRequested, this, &MainWindow::saveCurrentView);
    connect(m_viewsButton, &ViewsButton::deleteRequested, this, [this](const QString &name) {
        if (!m_views->remove(viewScopeName(), name))
            return;
        if (m_viewsButton->active() == name)
            m_viewsButton->setActive({});
        refreshViews();
        statusBar()->showMessage(tr("Deleted the view “%1”.").arg(name), 6000);
    });

    // Any filter the user changes makes the filters theirs again; a view's source restriction
    // (the last run's sources) goes with it, since the filter bar cannot show it.
    const auto edited = [this] {
        if (m_applyingView || m_viewsButton->active().isEmpty())
            return;
        m_viewsButton->setActive({});
        m_sources->proxy()->setOnlySources(std::nullopt);
    };
    FilterBar *bar = m_sources->filterBar();
    connect(bar, &FilterBar::textChanged, this, edited);
    connect(bar, &FilterBar::statusesChanged, this, edited);
    connect(bar, &FilterBar::providerChanged, this, edited);
    connect(bar, &FilterBar::stuckChanged, this, edited);
    connect(m_kbs, &KbPanel::selectionChanged, this, edited);

    connect(m_workspace, &Workspace::opened, this, [this] {
        m_viewsButton->setActive({});
        m_sources->proxy()->setOnlySources(std::nullopt);
        refreshViews();
    });
    // The run's started syncs become "my last run" for the built-in view (dry runs never get
    // here: they start nothing).
    connect(m_workspace, &Workspace::runFinished, this, [this] {
        if (!m_workspace->isOpen())
            return;
        const LastRun run =
            lastRunFrom(m_workspace->lastRunResults(), QDateTime::currentDateTimeUtc());
        m_views->setLastRun(viewScopeName(), run);
        refreshViews();
        // "Failed again in my last run" is showing (only it restricts sources): follow the run.
        if (m_sources->proxy()->hasOnlySources()) {
            const QStringList ids = run.sourceIds();
            m_sources->proxy()->setOnlySources(QSet<QString>(ids.cbegin(), ids.cend()));
        }
    });
    refreshViews();
}

QString MainWindow::viewScopeName() const
{
    const Profile &p = m_workspace->profile();
    return viewScope(p.name, p.target());
}

void MainWindow::refreshViews()
{
    if (!m_workspace->isOpen()) {
        m_viewsButton->setViews({}, -1);
        m_viewsButton->setEnabled(false);
        return;
    }
    m_viewsButton->setEnabled(true);
    const LastRun run = m_views->lastRun(viewScopeName());
    m_viewsButton->setViews(m_views->views(viewScopeName()),
                            run.at.isValid() ? int(run.entries.size()) : -1);
}

void MainWindow::showViewNotice(const QString &text, bool warning)
{
    // A notice about an earlier view goes once the next view is applied or saved.
    if (text.isEmpty()) {
        if (!m_viewNotice.isEmpty() && m_banner->isVisible() && m_banner->text() == m_viewNotice)
            m_banner->hide();
        m_viewNotice.clear();
        return;
    }
    m_viewNotice = text;
    m_banner->showMessage(text, warning ? MessageBanner::Kind::Warning : MessageBanner::Kind::Info);
}

void MainWindow::applyView(const SavedView &view)
{
    m_applyingView = true;
    FilterBar *bar = m_sources->filterBar();
    bar->setText(view.text);
    bar->setStatuses(QSet<QString>(view.statuses.cbegin(), view.statuses.cend()));
    bar->setProvider(view.provider);
    bar->setStuck(view.stuck);
    const int kbsShown = m_kbs->selectKbs(QSet<QString>(view.kbIds.cbegin(), view.kbIds.cend()));
    std::optional<QSet<QString>> only;
    QString note;
    if (view.kind == SavedView::Kind::FailedAgain) {
        const LastRun run = m_views->lastRun(viewScopeName());
        const QStringList ids = run.sourceIds();
        only = QSet<QString>(ids.cbegin(), ids.cend());
        if (!run.at.isValid())
            note = tr("No run is recorded for this profile yet, so no source failed again.");
    }
    m_sources->proxy()->setOnlySources(only);
    m_applyingView = false;
    m_viewsButton->setActive(ViewsButton::displayName(view));
    if (!view.kbIds.isEmpty() && kbsShown < view.kbIds.size())
        note = tr("%1 of the view’s %2 knowledge bases are not listed in this profile.")
                   .arg(view.kbIds.size() - kbsShown)
                   .arg(view.kbIds.size());
    showViewNotice(note);
    Q_EMIT viewApplied(ViewsButton::displayName(view));
}

void MainWindow::saveCurrentView()
{
    if (!m_workspace->isOpen())
        return;
    FilterBar *bar = m_sources->filterBar();
    SavedView view;
    view.text = bar->text();
    const QSet<QString> statuses = bar->statuses();
    view.statuses = QStringList(statuses.cbegin(), statuses.cend());
    view.provider = bar->provider();
    view.stuck = bar->stuck();
    const QSet<QString> kbs = m_kbs->selectedKbIds();
    view.kbIds = QStringList(kbs.cbegin(), kbs.cend());

    auto *dialog = new QInputDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Save view"));
    dialog->setLabelText(tr("Name for these filters (%1), kept for the profile “%2”:")
                             .arg(view.criteriaText(), m_workspace->profile().name));
    dialog->setTextValue(m_viewsButton->active());
    dialog->setOkButtonText(tr("&Save"));
    connect(dialog, &QInputDialog::textValueSelected, this, [this, view](const QString &name) {
        SavedView named = view;
        named.name = name.trimmed();
        const QString scope = viewScopeName();
        if (const QString problem = SavedViewStore::nameProblem(named.name); !problem.isEmpty())
            return showViewNotice(tr("The view was not saved: %1.").arg(problem), true);
        if (m_views->view(scope, named.name)
            && QMessageBox::question(this, tr("Replace view"),
                                     tr("A view named “%1” exists. Replace it?").arg(named.name),
                                     QMessageBox::Yes | QMessageBox::No, QMessageBox::No)
                   != QMessageBox::Yes)
            return;
        QString why;
        if (!m_views->save(scope, named, &why))
            return showViewNotice(tr("The view was not saved: %1.").arg(why), true);
        refreshViews();
        showViewNotice({});
        m_viewsButton->setActive(named.name);
        statusBar()->showMessage(tr("Saved the view “%1”.").arg(named.name), 6000);
    });
    Q_EMIT viewSaveDialogShown(dialog);
    dialog->open();
}

} // namespace feather
