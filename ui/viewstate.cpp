#include "ui/viewstate.h"

#include <QHeaderView>
#include <QHelpEvent>
#include <QLabel>
#include <QScreen>
#include <QSettings>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QToolTip>
#include <algorithm>

using namespace Qt::StringLiterals;

namespace feather {

namespace {
// A cell cut off with "…" shows its whole text as a tooltip (followed by the model's own
// tooltip, when that adds something); cells that fit keep the model's tooltip alone.
class FullTextTooltipDelegate final : public QStyledItemDelegate {
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    Q_DISABLE_COPY_MOVE(FullTextTooltipDelegate)

    bool helpEvent(QHelpEvent *event, QAbstractItemView *view, const QStyleOptionViewItem &option,
                   const QModelIndex &index) override
    {
        if (event->type() != QEvent::ToolTip || !index.isValid() || !view)
            return QStyledItemDelegate::helpEvent(event, view, option, index);
        QStyleOptionViewItem opt = option;
        initStyleOption(&opt, index);
        const QString text = opt.text;
        if (text.isEmpty() || !isElided(opt, view))
            return QStyledItemDelegate::helpEvent(event, view, option, index);
        const QString own = index.data(Qt::ToolTipRole).toString();
        const QString tip = own.isEmpty() || own == text ? text
                            : own.contains(text)         ? own
                                                         : text + u'\n' + own;
        QToolTip::showText(event->globalPos(), tip, view->viewport(), option.rect);
        return true;
    }

private:
    static bool isElided(const QStyleOptionViewItem &opt, const QAbstractItemView *view)
    {
        const QStyle *style = view->style();
        const QRect textRect = style->subElementRect(QStyle::SE_ItemViewItemText, &opt, view);
        // The same margin QCommonStyle keeps on both sides of item text.
        const int margin = style->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, view) + 1;
        return opt.fontMetrics.horizontalAdvance(opt.text) > textRect.width() - 2 * margin;
    }
};

QModelIndexList sortedSelectedRows(const QAbstractItemView *view)
{
    QModelIndexList rows = view->selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end(),
              [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
    return rows;
}
} // namespace

void setUpTable(QTableView *view, const QString &accessibleName)
{
    view->setAccessibleName(accessibleName);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setAlternatingRowColors(true);
    view->setSortingEnabled(true);
    view->setWordWrap(false);
    view->setTextElideMode(Qt::ElideRight);
    view->setShowGrid(false);
    // Tab moves to the next pane; inside a table the arrow keys move. With tab navigation on,
    // Tab moved the current row and replaced a multi-row selection with that one row.
    view->setTabKeyNavigation(false);
    view->setItemDelegate(new FullTextTooltipDelegate(view));
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

QLabel *paneTitle(const QString &text, QWidget *buddy, QWidget *parent)
{
    // Plain text (not <b>): QLabel offers mnemonics on plain text only.
    auto *title = new QLabel(text, parent);
    QFont bold = title->font();
    bold.setBold(true);
    title->setFont(bold);
    title->setBuddy(buddy);
    return title;
}

QString selectedRowsAsText(const QTableView *view)
{
    const QHeaderView *header = view->horizontalHeader();
    QList<int> columns;
    for (int visual = 0; visual < header->count(); ++visual) {
        const int logical = header->logicalIndex(visual);
        if (!header->isSectionHidden(logical))
            columns << logical;
    }
    QStringList lines;
    for (const QModelIndex &row : sortedSelectedRows(view)) {
        QStringList cells;
        for (const int column : std::as_const(columns))
            cells << row.siblingAtColumn(column).data(Qt::DisplayRole).toString();
        lines << cells.join(u'\t');
    }
    return lines.join(u'\n');
}

QString selectedColumnText(const QAbstractItemView *view, int column, int role)
{
    QStringList lines;
    for (const QModelIndex &row : sortedSelectedRows(view)) {
        const QString text = row.siblingAtColumn(column).data(role).toString();
        if (!text.isEmpty())
            lines << text;
    }
    return lines.join(u'\n');
}

void fitToScreen(QWidget *window)
{
    const QScreen *screen = window->screen();
    if (!screen)
        return;
    const QRect available = screen->availableGeometry();
    // The frame is known only once a window manager has decorated the window: until then
    // leave room for a typical title bar and border.
    const QRect inner = window->geometry();
    const QRect outer = window->frameGeometry();
    const QMargins frame =
        window->isVisible() && outer != inner
            ? QMargins(inner.left() - outer.left(), inner.top() - outer.top(),
                       outer.right() - inner.right(), outer.bottom() - inner.bottom())
            : QMargins(4, 32, 4, 4);
    const QSize size = window->size()
                           .boundedTo(available.size().shrunkBy(frame))
                           .expandedTo(window->minimumSize());
    if (size != window->size())
        window->resize(size);
    // A dialog not shown yet is placed by Qt over its parent, on screen; moving it would stop that.
    if (window->parentWidget() && !window->isVisible())
        return;
    // pos() of a window is its frame's top-left corner.
    QRect frameRect(window->pos(), size.grownBy(frame));
    // Keep the title bar reachable: move back inside, top-left first.
    if (frameRect.right() > available.right())
        frameRect.moveRight(available.right());
    if (frameRect.bottom() > available.bottom())
        frameRect.moveBottom(available.bottom());
    if (frameRect.left() < available.left())
        frameRect.moveLeft(available.left());
    if (frameRect.top() < available.top())
        frameRect.moveTop(available.top());
    if (frameRect.topLeft() != window->pos())
        window->move(frameRect.topLeft());
}

} // namespace feather
