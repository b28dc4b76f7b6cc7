#pragma once

#include "config/savedviews.h"

#include <QToolButton>

class QMenu;

namespace feather {

// "Views" beside the source filters (issue 11 item 8): the built-in views, the profile's saved
// ones, "Save current filters as a view…" and a Delete submenu. It only offers and reports; the
// window applies a view and stores them (ui/mainwindow_views.cpp).
class ViewsButton final : public QToolButton {
    Q_OBJECT
public:
    explicit ViewsButton(QWidget *parent = nullptr);
    Q_DISABLE_COPY_MOVE(ViewsButton)

    // `lastRunSources`: how many syncs the last recorded run started, -1 when none is recorded.
    void setViews(const QList<SavedView> &saved, int lastRunSources);
    // The view whose filters are showing ("View: Errored"); empty when the filters are the
    // user's own.
    void setActive(const QString &name);
    QString active() const { return m_active; }
    QMenu *viewMenu() const { return m_menu; }

    // A view's name as the console shows it (built-ins translated).
    static QString displayName(const SavedView &view);

Q_SIGNALS:
    void applyRequested(const feather::SavedView &view);
    void saveRequested();
    void deleteRequested(const QString &name);

private:
    void rebuild();

    QMenu *m_menu;
    QList<SavedView> m_saved;
    int m_lastRunSources = -1;
    QString m_active;
};

} // namespace feather
