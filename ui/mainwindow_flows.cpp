// MainWindow: opening profiles and the resync flows (every resync through one confirmation).
#include "backends/backendfactory.h"
#include "config/credentials.h"
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
        showProblem(u"There is no profile called “%1”."_s.arg(name));
        return;
    }
    if (!needsSecret(*profile)) {
        openProfileWith(*profile, m_credentials->sessionSecret(profile->name));
        return;
    }
    statusBar()->showMessage(u"Reading the secret of “%1”…"_s.arg(name));
    m_credentials->resolve(*profile, this, [this, p = *profile](const CredentialResult &r) {
        statusBar()->clearMessage();
        if (!r.ok()) {
            m_banner->showMessage(u"Cannot open “%1”: %2"_s.arg(p.name, r.message),
                                  MessageBanner::Kind::Error, u"Edit profiles…"_s,
                                  [this] { showProfilesDialog(); });
            return;
        }
        openProfileWith(p, r.secret);
    });
}

bool MainWindow::openProfileWith(const Profile &profile, const QString &secret)
{
    QString why;
    if (!m_workspace->open(profile, secret, &why)) {
        showProblem(u"Cannot open “%1”: %2"_s.arg(profile.name, why));
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
        u"Welcome. There is no profile yet: open the demo workspace (a local SQLite database "
        u"with sample knowledge bases, created in your data folder) or add a profile with Profiles…"_s,
        MessageBanner::Kind::Info, u"Open demo workspace"_s, [this] { openDemoWorkspace(); });
}

void MainWindow::openDemoWorkspace()
{
    statusBar()->showMessage(u"Creating the demo workspace…"_s);
    createDemoWorkspace().then(this, [this](const Result<QString> &r) {
        statusBar()->clearMessage();
        if (!r.ok()) {
            showProblem(u"Could not create the demo workspace: "_s + r.error->message);
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
        statusBar()->showMessage(u"No errored sources to resync."_s, 5000);
        return;
    }
    requestResync(m_workspace->targetsFor(ids));
}

void MainWindow::retryFailed()
{
    const QList<TriggerTarget> targets = m_workspace->retryCandidates();
    if (targets.isEmpty()) {
        statusBar()->showMessage(u"Nothing to retry: no row of the last run can be retried."_s,
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
        showProblem(u"A resync is already running: wait for it or cancel it first."_s);
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
                                     ? u"Select one or more sources first."_s
                                     : u"Those sources are already being resynced."_s,
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
    auto *dialog = new ResyncConfirmDialog(request, m_workspace->backend(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_confirming = true;
    connect(dialog, &QDialog::finished, this, [this, dialog, targets](int result) {
        m_confirming = false;
        if (result == QDialog::Accepted) {
            QString why;
            const int started = m_workspace->startRun(targets, &why);
            if (started == 0)
                showProblem(why.isEmpty()
                                ? u"Nothing was started: every target is already in flight."_s
                                : why);
        }
        Q_UNUSED(dialog)
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
        u"Cancelling: requests already sent finish; the rest end as cancelled."_s, 6000);
}

void MainWindow::onRunFinished()
{
    // The runner's final counts: one per target, whatever the number of attempts.
    const RunProgress progress = m_workspace->progress();
    const auto &counts = progress.counts;
    const QString summary = u"Resync finished: "_s + outcomeCountsText(counts) + u"."_s;
    if (counts[std::size_t(Outcome::Unauthorized)] > 0) {
        m_banner->showMessage(
            u"The server refused the credentials (401); the run was stopped. Check the "
            u"profile’s API key."_s,
            MessageBanner::Kind::Error, u"Edit profiles…"_s, [this] { showProfilesDialog(); });
    } else {
        statusBar()->showMessage(summary, 10000);
    }
    m_runStatus->setProgress(progress, false);
    if (m_tabs->currentWidget() == m_history)
        m_history->reload();
    updateActions();
}

} // namespace feather
