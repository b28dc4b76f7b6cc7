// MainWindow: the auto-sync schedule flow (issue 11 item 4). The dialog is the confirmation; the
// change itself runs in ScheduleSession (models/), widget-free.
#include "models/schedulesession.h"
#include "models/sourcemodel.h"
#include "models/workspace.h"
#include "ui/banner.h"
#include "ui/mainwindow.h"
#include "ui/scheduledialog.h"
#include "ui/sourcepanel.h"

#include <QStatusBar>
#include <QTableView>

namespace feather {

void MainWindow::setUpSchedule()
{
    m_schedule = new ScheduleSession(m_workspace, this);
    connect(m_schedule, &ScheduleSession::finished, this,
            [this](const QString &summary, bool allChanged) {
                if (allChanged)
                    statusBar()->showMessage(summary, 8000);
                else
                    m_banner->showMessage(summary, MessageBanner::Kind::Error);
                Q_EMIT scheduleFinished(summary, allChanged);
            });
    // The source table's context menu offers it (the view has no other context menu yet).
    m_sources->view()->addAction(m_actions.schedule);
    if (m_sources->view()->contextMenuPolicy() == Qt::DefaultContextMenu)
        m_sources->view()->setContextMenuPolicy(Qt::ActionsContextMenu);
}

void MainWindow::editSchedule()
{
    QList<Source> sources;
    for (const QString &id : m_sources->selectedSourceIds()) {
        if (const Source *s = m_workspace->sources()->source(id))
            sources.append(*s);
    }
    if (!m_workspace->isOpen() || sources.isEmpty()) {
        statusBar()->showMessage(tr("Select the sources whose schedule to view or change."), 5000);
        return;
    }
    const Profile &p = m_workspace->profile();
    ScheduleDialog dialog(sources, p.environmentLabel(), p.production, this);
    Q_EMIT scheduleDialogShown(&dialog);
    if (dialog.exec() != QDialog::Accepted)
        return;
    QStringList ids;
    for (const Source &s : std::as_const(sources))
        ids << s.id;
    QString why;
    if (!m_schedule->start(ids, dialog.change(), &why))
        m_banner->showMessage(why, MessageBanner::Kind::Error);
    else
        statusBar()->showMessage(
            tr("Changing the schedule of %n source(s)…", nullptr, int(ids.size())));
}

} // namespace feather
