// MainWindow: when every job of a run has ended, say so in the window ("34 resynced: 29
// completed, 5 failed again", with a button that shows those 5) and on the desktop.
#include "models/runcompletion.h"
#include "ui/banner.h"
#include "ui/desktopnotifier.h"
#include "ui/filterbar.h"
#include "ui/mainwindow.h"
#include "ui/sourcepanel.h"

namespace feather {

void MainWindow::setUpRunNotifications()
{
    m_completion = new RunCompletionWatcher(m_workspace, this);
    m_notifier = new DesktopNotifier(this);
    connect(m_completion, &RunCompletionWatcher::jobsFinished, this,
            [this](const RunCompletion &c) {
                const QString text = c.text();
                const QStringList failed = c.failedSourceIds;
                if (failed.isEmpty()) {
                    m_banner->showMessage(text, MessageBanner::Kind::Info);
                } else {
                    m_banner->showMessage(text, MessageBanner::Kind::Warning,
                                          tr("Show the %1").arg(failed.size()), [this, failed] {
                                              // Those sources, whatever the filters showed: clear
                                              // them, select.
                                              m_sources->filterBar()->clear();
                                              m_sources->selectSources(failed);
                                              m_sources->scrollToSelection();
                                          });
                }
                m_notifier->notify(tr("Feather resync finished"), text);
                Q_EMIT runJobsFinished(text, failed);
            });
}

} // namespace feather
