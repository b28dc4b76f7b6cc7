#pragma once

#include <QString>

class QAbstractItemView;
class QHeaderView;
class QLabel;
class QTableView;
class QWidget;

namespace feather {

// Common table look (row selection, alternating rows, sortable, compact rows), keyboard
// behaviour (Tab leaves the table, it never moves the current row) and a tooltip with the full
// text of any cell that is shown cut off. The column layout is remembered in QSettings under
// "layout/<key>" (never anything secret).
void setUpTable(QTableView *view, const QString &accessibleName);

// Column layouts, remembered in QSettings under "layout/<key>" (never anything secret).
// restoreHeader first applies the model's column defaults (width hints, hidden columns; see
// ColumnHeaderRole in models/columns.h), then the saved layout. Layouts are versioned and keyed
// by column key, not position: a layout saved with another column set restores the widths, order
// and hidden state of the columns it knows, leaves new columns at their defaults and ignores
// columns that are gone. The unversioned QHeaderView state of earlier builds is read the same way
// (its columns by position, which append-only columns keep valid).
void restoreHeader(QHeaderView *header, const QString &key);
void saveHeader(const QHeaderView *header, const QString &key);
void applyColumnDefaults(QHeaderView *header);
// Right-click on the header lists every column to show or hide (hidden-by-default ids too).
void addColumnMenu(QHeaderView *header);

// A pane's bold title; its mnemonic (the "&" letter) moves the focus to `buddy`.
QLabel *paneTitle(const QString &text, QWidget *buddy, QWidget *parent);

// What "Copy row as text" puts on the clipboard: the selected rows in view order, the visible
// columns in their on-screen order, tab-separated, full (not elided) text.
QString selectedRowsAsText(const QTableView *view);
// One column of the selected rows (`role` of that column), one row per line, blanks skipped.
QString selectedColumnText(const QAbstractItemView *view, int column, int role);

// Shrinks and moves a top-level window so that it fits the available area of its screen
// (restored geometry from a bigger screen or another scale factor, defaults on a small one).
void fitToScreen(QWidget *window);

} // namespace feather
