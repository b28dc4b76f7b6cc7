// MainWindow: opening profiles and the resync flows (every resync through one confirmation).
#include "backends/backendfactory.h"
#include "config/credentials.h"
#include "core/continuation.h"
#include "models/knowledgebasemodel.h"
#include "models/presentation.h"
#include "models/sourcemodel.h"
#include "models/workspace.h"
#include "ui/banner.h"
#include "ui/confirmdialog.h"
#include "ui/demoworkspace.h"
#include "ui/historypanel.h"
#include "ui/kbpanel.h"
#include "ui/mainwindow.h"
#include "ui/resultspanel.h"
#include "ui/runstatus.h"
#include "ui/sourcepanel.h"
#include "ui/triagepanel.h"

#include <QStatusBar>
#include <QTabWidget>

using namespace Qt::StringLiterals;

namespace feather {

std::optional<Profile> MainWindow::findProfile(const QString &name) const
{
    for (const Profile &p : m_transient) {
        if (p.name == name)
            return p;
    }
    return m_profiles->profile(name);
}

void MainWindow::addTransientProfile(const Profile &profile)
{
    m_transient.removeIf([&](const Profile &p) { return p.name == profile.name; });
    m_transient.append(profile);
    reloadProfileList();
}

void MainWindow::openProfile(const QString &name)
{
    const auto profile = findProfile(name);
    if (!profile) {
        showProblem(tr("There is no profile called “%1”.").arg(name));
        return;
    }
    if (!needsSecret(*profile)) {
        openProfileWith(*profile, m_credentials->sessionSecret(profile->name));
        return;
    }
    statusBar()->showMessage(tr("Reading the secret of “%1”…").arg(name));
    m_credentials->resolve(*profile, this, [this, p = *profile](const CredentialResult &r) {
        statusBar()->clearMessage();
        if (!r.ok()) {
            showKeyRejected(tr("Cannot open “%1”: %2").arg(p.name, r.message));
            return;
        }
        openProfileWith(p, r.secret);
    });
}

bool MainWindow::openProfileWith(const Profile &profile, const QString &secret)
{
    QString why;
    if (!m_workspace->open(profile, secret, &why)) {
        showProblem(tr("Cannot open “%1”: %2").arg(profile.name, why));
        return false;
    }
    if (m_profiles->profile(profile.name))
        m_profiles->setLastUsed(profile.name);
    reloadProfileList();
    updateTitleAndBanner();
    updateActions();
    return true;
}

void MainWindow::offerDemoWorkspace()
{
    m_banner->showMessage(
        tr("Welcome. There is no profile yet: open the demo workspace (a local SQLite database "
           "with sample knowledge bases, created in your data folder) or add a profile with "
           "Profiles…"),
        MessageBanner::Kind::Info, tr("Open demo workspace"), [this] { openDemoWorkspace(); });
}

void MainWindow::openDemoWorkspace()
{
    statusBar()->showMessage(tr("Creating the demo workspace…"));
    continueOnFinished(createDemoWorkspace(), this, [this](const Result<QString> &r) {
        statusBar()->clearMessage();
        if (!r.ok()) {
            showProblem(tr("Could not create the demo workspace: %1").arg(r.error->message));
            return;
        }
        const Profile demo = demoProfile();
        m_profiles->save(demo);
        m_profiles->sync();
        openProfileWith(demo, {});
    });
}

void MainWindow::resyncSelected()
{
    requestResync(m_workspace->targetsFor(m_sources->selectedSourceIds()));
}

void MainWindow::resyncAllErrored()
{
    // Every errored source in the chosen KBs, whatever the text/status filters show: the
    // confirmation lists them all before anything is sent.
    const QSet<QString> kbs = m_kbs->selectedKbIds();
    QStringList ids;
    const SourceModel *model = m_workspace->sources();
    for (int r = 0; r < model->rowCount(); ++r) {
        const Source &s = model->sourceAt(r);
        if (statusKind(s.status) == StatusKind::Error
            && (kbs.isEmpty() || kbs.contains(s.knowledgeBaseId)))
            ids << s.id;
    }
    if (ids.isEmpty()) {
        statusBar()->showMessage(tr("No errored sources to resync."), 5000);
        return;
    }
    requestResync(m_workspace->targetsFor(ids));
}

void MainWindow::retryFailed()
{
    const QList<TriggerTarget> targets = m_workspace->retryCandidates();
    if (targets.isEmpty()) {
        statusBar()->showMessage(tr("Nothing to retry: no row of the last run can be retried."),
                                 5000);
        return;
    }
    requestResync(targets);
}

void MainWindow::requestResync(const QList<TriggerTarget> &requested)
{
    if (!m_workspace->isOpen() || m_confirming)
        return;
    if (m_workspace->isRunning()) {
        showProblem(tr("A resync is already running: wait for it or cancel it first."));
        return;
    }
    const QStringList inFlight = m_workspace->inFlight(requested);
    QList<TriggerTarget> targets;
    for (const TriggerTarget &t : requested) {
        if (!inFlight.contains(t.sourceId))
            targets.append(t);
    }
    if (targets.isEmpty()) {
        statusBar()->showMessage(requested.isEmpty()
                                     ? tr("Select one or more sources first.")
                                     : tr("Those sources are already being resynced."),
                                 5000);
        return;
    }
    ConfirmRequest request;
    request.targets = targets;
    request.excludedInFlight = int(inFlight.size());
    const Profile &profile = m_workspace->profile();
    request.profileName = profile.name;
    request.environment = profile.environmentLabel();
    request.target = displayTarget(profile);
    request.production = profile.production;
    for (const TriggerTarget &t : std::as_const(targets)) {
        if (const Source *s = m_workspace->sources()->source(t.sourceId))
            request.sourceNames.insert(t.sourceId, s->connectionNickname);
        request.kbNames.insert(t.kbId, m_workspace->knowledgeBases()->nameOf(t.kbId));
    }
    request.errored = m_triage->erroredAmong(targets);
    auto *dialog = new ResyncConfirmDialog(request, m_workspace->backend(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_confirming = true;
    connect(dialog, &QDialog::finished, this, [this, dialog](int result) {
        m_confirming = false;
        if (result == QDialog::Accepted) {
            QString why;
            // The dialog's targets: "Leave them out" may have dropped some.
            const int started = m_workspace->startRun(dialog->targets(), &why);
            if (started == 0)
                showProblem(why.isEmpty()
                                ? tr("Nothing was started: every target is already in flight.")
                                : why);
        }
        updateActions();
    });
    dialog->open(); // window-modal, non-blocking: the event loop (and live refresh) keeps going
    Q_EMIT confirmationShown(dialog);
}

void MainWindow::cancelRun()
{
    if (!m_workspace->isRunning())
        return;
    m_workspace->cancelRun();
    statusBar()->showMessage(
        tr("Cancelling: requests already sent finish; the rest end as cancelled."), 6000);
}

void MainWindow::onRunFinished()
{
    // The runner's final counts: one per target, whatever the number of attempts.
    const RunProgress progress = m_workspace->progress();
    const auto &counts = progress.counts;
    const QString summary = tr("Resync finished: %1.").arg(outcomeCountsText(counts));
    if (counts[std::size_t(Outcome::Unauthorized)] > 0) {
        showKeyRejected(tr("The server refused the credentials (401); the run was stopped. "
                           "Check the profile’s API key."));
    }
    statusBar()->showMessage(summary, 10000);
    m_runStatus->setProgress(progress, false);
    // Nobody may be looking at the window: tell assistive technology the run is over.
    m_runStatus->announce(summary);
    if (m_tabs->currentWidget() == m_history)
        m_history->reload();
    updateActions();
}

} // namespace feather
