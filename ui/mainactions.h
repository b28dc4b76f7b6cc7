#pragma once

#include <QCoreApplication>

class QAction;
class QWidget;

namespace feather {

// Every window-wide command with its text, icon, shortcut and tooltip, in one place: the
// toolbar, the panels' buttons and the keyboard all trigger these. Created as children of the
// window and added to it, so their shortcuts work from any pane. Wiring is the window's job.
struct MainActions {
    Q_DECLARE_TR_FUNCTIONS(feather::MainActions)
public:
    QAction *refresh = nullptr;
    QAction *resyncSelected = nullptr;
    QAction *resyncErrored = nullptr;
    QAction *retryFailed = nullptr;
    QAction *pause = nullptr;
    QAction *cancel = nullptr;
    QAction *exportCsv = nullptr;
    QAction *profiles = nullptr;
    QAction *find = nullptr;
    QAction *selectAll = nullptr;
    QAction *selectErrored = nullptr;
    QAction *showResults = nullptr;
    QAction *showHistory = nullptr;
    QAction *showTriage = nullptr;
    QAction *schedule = nullptr;

    static MainActions create(QWidget *window);
    // Pause and Resume are one action: its text, icon and tooltip follow the run's state.
    void setPaused(bool paused) const;
};

} // namespace feather
