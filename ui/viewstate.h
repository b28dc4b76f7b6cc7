#pragma once

#include <QString>

class QHeaderView;
class QTableView;

namespace feather {

// Common table look (row selection, alternating rows, sortable, compact rows) and the column
// layout remembered in QSettings under "layout/<key>" (never anything secret).
void setUpTable(QTableView *view, const QString &accessibleName);
void restoreHeader(QHeaderView *header, const QString &key);
void saveHeader(const QHeaderView *header, const QString &key);

} // namespace feather
