#include "ui/mainactions.h"

#include "models/presentation.h"

#include <QAction>
#include <QWidget>

using namespace Qt::StringLiterals;

namespace feather {

namespace {
QAction *make(QWidget *window, const QString &icon, const QString &text,
              const QList<QKeySequence> &keys, const QString &tip)
{
    auto *a = new QAction(icon.isEmpty() ? QIcon() : themedIcon(icon), text, window);
    a->setShortcuts(keys);
    a->setToolTip(keys.isEmpty()
                      ? tip
                      : tip + u" ("_s + keys.first().toString(QKeySequence::NativeText) + u')');
    a->setStatusTip(tip);
    window->addAction(a);
    return a;
}
} // namespace

MainActions MainActions::create(QWidget *window)
{
    MainActions a;
    a.refresh = make(window, u"action-refresh"_s, tr("Refresh"), {QKeySequence::Refresh},
                     tr("Reload knowledge bases and sources"));
    a.resyncSelected =
        make(window, u"action-resync"_s, tr("Resync selected…"), {QKeySequence(tr("Ctrl+R"))},
             tr("Resync the selected sources (asks for confirmation)"));
    a.resyncErrored = make(window, u"action-resync-errored"_s, tr("Resync all errored…"),
                           {QKeySequence(tr("Ctrl+Shift+R"))},
                           tr("Resync every errored source in the selected knowledge bases (asks "
                              "for confirmation)"));
    a.retryFailed =
        make(window, u"action-retry"_s, tr("Retry failed…"), {QKeySequence(tr("Ctrl+Shift+T"))},
             tr("Run again the rows of the last run that can be retried, with their "
                "trigger ids (asks for confirmation)"));
    a.pause = make(window, u"action-pause"_s, tr("Pause"),
                   {QKeySequence(tr("Ctrl+Shift+P")), QKeySequence(Qt::Key_Pause)},
                   tr("Pause the run: requests in flight finish, nothing new is sent"));
    a.cancel = make(window, u"action-cancel"_s, tr("Cancel"), {QKeySequence(tr("Ctrl+."))},
                    tr("Stop the run: nothing new is sent; rows not sent yet end as cancelled"));
    a.exportCsv = make(window, u"action-export"_s, tr("Export CSV…"), {QKeySequence::Save},
                       tr("Save the results as a CSV file"));
    a.profiles = make(window, u"action-profiles"_s, tr("Profiles…"), {QKeySequence(tr("Ctrl+P"))},
                      tr("Add or edit profiles"));
    a.find = make(window, {}, tr("Find"), {QKeySequence::Find}, tr("Filter sources"));
    a.selectAll = make(window, {}, tr("Select all visible"), {QKeySequence(tr("Ctrl+A"))},
                       tr("Select every visible source"));
    a.selectErrored = make(window, {}, tr("Select errored"), {QKeySequence(tr("Ctrl+E"))},
                           tr("Select the visible errored sources"));
    a.showResults = make(window, {}, tr("Show results"), {QKeySequence(tr("Ctrl+1"))},
                         tr("Show the results of this window's runs"));
    a.showHistory = make(window, {}, tr("Show history"), {QKeySequence(tr("Ctrl+2"))},
                         tr("Show the local audit log"));
    a.showTriage = make(window, {}, tr("Show triage"), {QKeySequence(tr("Ctrl+3"))},
                        tr("Show the errored sources grouped by cause"));
    a.schedule = make(window, {}, tr("Auto-sync schedule…"), {QKeySequence(tr("Ctrl+Shift+S"))},
                      tr("View or change the automatic sync schedule of the selected sources "
                         "(asks for confirmation)"));
    return a;
}

void MainActions::setPaused(bool paused) const
{
    pause->setText(paused ? tr("Resume") : tr("Pause"));
    pause->setIcon(themedIcon(paused ? u"action-resume"_s : u"action-pause"_s));
    const QString tip = paused ? tr("Resume the run")
                               : tr("Pause the run: requests in flight "
                                    "finish, nothing new is sent");
    pause->setToolTip(tip + u" ("_s + pause->shortcut().toString(QKeySequence::NativeText) + u')');
    pause->setStatusTip(tip);
}

} // namespace feather
