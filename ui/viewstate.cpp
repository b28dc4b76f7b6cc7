#include "ui/viewstate.h"

#include <QHeaderView>
#include <QSettings>
#include <QTableView>

using namespace Qt::StringLiterals;

namespace feather {

void setUpTable(QTableView *view, const QString &accessibleName)
{
    view->setAccessibleName(accessibleName);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setAlternatingRowColors(true);
    view->setSortingEnabled(true);
    view->setWordWrap(false);
    view->setTextElideMode(Qt::ElideRight);
    view->setShowGrid(false);
    view->verticalHeader()->hide();
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 8);
    view->horizontalHeader()->setHighlightSections(false);
    view->horizontalHeader()->setSectionsMovable(true);
    view->horizontalHeader()->setStretchLastSection(true);
}

void restoreHeader(QHeaderView *header, const QString &key)
{
    const QByteArray state = QSettings().value(u"layout/"_s + key).toByteArray();
    if (!state.isEmpty())
        header->restoreState(state);
}

void saveHeader(const QHeaderView *header, const QString &key)
{
    QSettings().setValue(u"layout/"_s + key, header->saveState());
}

} // namespace feather
