#pragma once

#include <QString>

class QHeaderView;
class QTableView;

namespace feather {

// Common table look (row selection, alternating rows, sortable, compact rows).
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

} // namespace feather
