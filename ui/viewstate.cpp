#include "ui/viewstate.h"

#include "models/columns.h"

#include <QHeaderView>
#include <QHelpEvent>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QMenu>
#include <QScreen>
#include <QSettings>
#include <QStandardItemModel>
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

namespace {
// 1: QHeaderView::saveState() bytes (positional, unversioned); 2: this JSON, keyed by column.
constexpr int layoutVersion = 2;

QString settingsKey(const QString &key)
{
    return u"layout/"_s + key;
}

QVariant headerValue(const QHeaderView *header, int logical, int role)
{
    return header->model() ? header->model()->headerData(logical, Qt::Horizontal, role)
                           : QVariant();
}

// A model without column keys still gets a layout, by position.
QString columnKey(const QHeaderView *header, int logical)
{
    const QString key = headerValue(header, logical, ColumnKeyRole).toString();
    return key.isEmpty() ? u"#"_s + QString::number(logical) : key;
}

struct SavedColumn {
    QString key;
    int width = 0; // 0: keep the default
    bool hidden = false;
};

struct SavedLayout {
    QList<SavedColumn> columns; // in visual order
    QString sortKey;            // empty: keep the view's sort
    Qt::SortOrder sortOrder = Qt::AscendingOrder;
};

SavedLayout fromJson(const QJsonObject &o)
{
    SavedLayout layout;
    for (const QJsonValue &v : o.value(u"columns"_s).toArray()) {
        const QJsonObject c = v.toObject();
        if (c.value(u"key"_s).isString())
            layout.columns.append({c.value(u"key"_s).toString(), c.value(u"width"_s).toInt(),
                                   c.value(u"hidden"_s).toBool()});
    }
    const QJsonObject sort = o.value(u"sort"_s).toObject();
    layout.sortKey = sort.value(u"key"_s).toString();
    layout.sortOrder = sort.value(u"order"_s).toString() == u"descending"_s ? Qt::DescendingOrder
                                                                            : Qt::AscendingOrder;
    return layout;
}

// Reads an unversioned QHeaderView state on a scratch header with no columns of its own, so it
// takes exactly the sections that were saved; they are today's first columns (append-only).
SavedLayout fromLegacyState(const QByteArray &state, const QHeaderView *header)
{
    // (A header outside a view restores no sections: use a view's.)
    QStandardItemModel empty;
    QTableView view;
    view.setModel(&empty);
    QHeaderView &scratch = *view.horizontalHeader();
    SavedLayout layout;
    if (!scratch.restoreState(state))
        return layout;
    const int known = qMin(scratch.count(), header->count());
    for (int visual = 0; visual < scratch.count(); ++visual) {
        const int logical = scratch.logicalIndex(visual);
        if (logical >= known)
            continue;
        const bool hidden = scratch.isSectionHidden(logical);
        scratch.showSection(logical); // a hidden section reports no size
        layout.columns.append({columnKey(header, logical), scratch.sectionSize(logical), hidden});
    }
    if (const int sorted = scratch.sortIndicatorSection(); sorted >= 0 && sorted < known) {
        layout.sortKey = columnKey(header, sorted);
        layout.sortOrder = scratch.sortIndicatorOrder();
    }
    return layout;
}

void apply(QHeaderView *header, const SavedLayout &layout)
{
    QHash<QString, int> logicalByKey;
    for (int logical = 0; logical < header->count(); ++logical)
        logicalByKey.insert(columnKey(header, logical), logical);
    int position = 0; // known columns take the first places, in the saved order
    for (const SavedColumn &c : layout.columns) {
        const int logical = logicalByKey.value(c.key, -1);
        if (logical < 0)
            continue; // a column this build does not have
        header->setSectionHidden(logical, false);
        if (c.width > 0)
            header->resizeSection(logical, c.width);
        header->setSectionHidden(logical, c.hidden);
        header->moveSection(header->visualIndex(logical), position++);
    }
    if (const int sorted = logicalByKey.value(layout.sortKey, -1); sorted >= 0)
        header->setSortIndicator(sorted, layout.sortOrder);
}
} // namespace

void applyColumnDefaults(QHeaderView *header)
{
    for (int logical = 0; logical < header->count(); ++logical) {
        if (const int width = headerValue(header, logical, ColumnWidthRole).toInt(); width > 0)
            header->resizeSection(logical, width);
        header->setSectionHidden(logical, headerValue(header, logical, ColumnHiddenRole).toBool());
    }
}

void addColumnMenu(QHeaderView *header)
{
    header->setContextMenuPolicy(Qt::CustomContextMenu);
    QObject::connect(
        header, &QHeaderView::customContextMenuRequested, header, [header](const QPoint &pos) {
            QMenu menu;
            for (int c = 0; c < header->count(); ++c) {
                QAction *a = menu.addAction(headerValue(header, c, Qt::DisplayRole).toString());
                a->setCheckable(true);
                a->setChecked(!header->isSectionHidden(c));
                QObject::connect(a, &QAction::toggled, header,
                                 [header, c](bool on) { header->setSectionHidden(c, !on); });
            }
            menu.exec(header->mapToGlobal(pos));
        });
}

void restoreHeader(QHeaderView *header, const QString &key)
{
    applyColumnDefaults(header);
    const QVariant saved = QSettings().value(settingsKey(key));
    if (saved.typeId() == QMetaType::QByteArray) {
        apply(header, fromLegacyState(saved.toByteArray(), header));
        return;
    }
    // Any version of the keyed format (a newer build may add fields): read what is known.
    const QJsonObject o = QJsonDocument::fromJson(saved.toString().toUtf8()).object();
    if (o.value(u"version"_s).toInt() >= layoutVersion)
        apply(header, fromJson(o));
}

void saveHeader(const QHeaderView *header, const QString &key)
{
    QJsonArray columns;
    for (int visual = 0; visual < header->count(); ++visual) {
        const int logical = header->logicalIndex(visual);
        const bool hidden = header->isSectionHidden(logical);
        QJsonObject c{{u"key"_s, columnKey(header, logical)}, {u"hidden"_s, hidden}};
        if (!hidden)
            c.insert(u"width"_s, header->sectionSize(logical));
        columns.append(c);
    }
    QJsonObject layout{{u"version"_s, layoutVersion}, {u"columns"_s, columns}};
    if (header->isSortIndicatorShown() && header->sortIndicatorSection() >= 0
        && header->sortIndicatorSection() < header->count())
        layout.insert(u"sort"_s,
                      QJsonObject{{u"key"_s, columnKey(header, header->sortIndicatorSection())},
                                  {u"order"_s, header->sortIndicatorOrder() == Qt::DescendingOrder
                                                   ? u"descending"_s
                                                   : u"ascending"_s}});
    QSettings().setValue(settingsKey(key),
                         QString::fromUtf8(QJsonDocument(layout).toJson(QJsonDocument::Compact)));
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
