#include "ui/viewsbutton.h"

#include <QMenu>

namespace feather {

ViewsButton::ViewsButton(QWidget *parent)
    : QToolButton(parent)
    , m_menu(new QMenu(this))
{
    setPopupMode(QToolButton::InstantPopup);
    setMenu(m_menu);
    setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    setAccessibleName(tr("Saved views"));
    setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
    rebuild();
}

QString ViewsButton::displayName(const SavedView &view)
{
    switch (view.kind) {
    case SavedView::Kind::Custom:
        return view.name;
    case SavedView::Kind::Errored:
        return tr("Errored");
    case SavedView::Kind::Stuck:
        return tr("Stuck");
    case SavedView::Kind::FailedAgain:
        return tr("Failed again in my last run");
    }
    return view.name;
}

void ViewsButton::setViews(const QList<SavedView> &saved, int lastRunSources)
{
    m_saved = saved;
    m_lastRunSources = lastRunSources;
    rebuild();
}

void ViewsButton::setActive(const QString &name)
{
    if (name == m_active)
        return;
    m_active = name;
    rebuild();
}

void ViewsButton::rebuild()
{
    // A long name is elided so the filters beside it keep their room; the tooltip has it whole.
    const QString shown =
        fontMetrics().elidedText(m_active, Qt::ElideRight, 22 * fontMetrics().averageCharWidth());
    setText(m_active.isEmpty() ? tr("Views") : tr("View: %1").arg(shown));
    setToolTip(m_active.isEmpty() ? tr("Recall or save a set of filters (Ctrl+Shift+V)")
                                  : tr("Showing the view “%1” (Ctrl+Shift+V)").arg(m_active));
    m_menu->clear();
    m_menu->addSection(tr("Built-in"));
    for (const SavedView &view : builtinViews()) {
        QString label = displayName(view);
        if (view.kind == SavedView::Kind::FailedAgain)
            label += m_lastRunSources < 0 ? tr(" (no run yet)")
                                          : tr(" (of %n started)", nullptr, m_lastRunSources);
        QAction *a = m_menu->addAction(label);
        a->setCheckable(true);
        a->setChecked(m_active == displayName(view));
        if (view.kind == SavedView::Kind::FailedAgain && m_lastRunSources < 0)
            a->setToolTip(tr("Shows the sources whose sync your last run started and that are "
                             "now in error; no run is recorded for this profile yet"));
        connect(a, &QAction::triggered, this, [this, view] { Q_EMIT applyRequested(view); });
    }
    m_menu->addSection(tr("Saved"));
    if (m_saved.isEmpty()) {
        QAction *none = m_menu->addAction(tr("No saved views for this profile"));
        none->setEnabled(false);
    }
    for (const SavedView &view : std::as_const(m_saved)) {
        QAction *a = m_menu->addAction(view.name);
        a->setCheckable(true);
        a->setChecked(m_active == view.name);
        a->setToolTip(view.criteriaText());
        connect(a, &QAction::triggered, this, [this, view] { Q_EMIT applyRequested(view); });
    }
    m_menu->addSeparator();
    QAction *save = m_menu->addAction(tr("&Save current filters as a view…"));
    connect(save, &QAction::triggered, this, &ViewsButton::saveRequested);
    QMenu *remove = m_menu->addMenu(tr("&Delete a saved view"));
    remove->setEnabled(!m_saved.isEmpty());
    for (const SavedView &view : std::as_const(m_saved)) {
        const QString name = view.name;
        connect(remove->addAction(name), &QAction::triggered, this,
                [this, name] { Q_EMIT deleteRequested(name); });
    }
}

} // namespace feather
