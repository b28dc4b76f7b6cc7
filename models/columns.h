#pragma once

#include <QList>
#include <QString>
#include <QVariant>
#include <array>
#include <initializer_list>
#include <string_view>

namespace feather {

// Header roles every table model here answers for horizontal sections. The view layer reads them
// to lay columns out and to remember layouts by key rather than by position (ui/viewstate.cpp).
enum ColumnHeaderRole : int {
    ColumnKeyRole = Qt::UserRole + 0x100, // QString: the column's stable key (its CSV/JSON name)
    ColumnWidthRole,                      // int: width hint in pixels; 0 = the view's default
    ColumnHiddenRole,                     // bool: hidden until the user shows it
};

// One column of a table model: everything a view, a proxy or an export needs, as one row of the
// model's column table. Texts are QT_TRANSLATE_NOOP source texts in the model's context,
// translated when asked for. To add a column: append a value to the model's Column enum (before
// ColumnCount), append its row to <model>columns.cpp, append its key to the pinned list in
// tests/unit/models/tst_columns.cpp. Columns are only ever appended: saved layouts, CSV readers
// and scripts rely on the keys.
template <typename Model, typename Row>
struct ColumnSpec {
    using Value = QVariant (*)(const Model &, const Row &);
    using Text = QString (*)(const Model &, const Row &);

    const char *key = nullptr;        // CSV/JSON name: unique, lower_snake_case, never renamed
    const char *header = nullptr;     // header text
    const char *toolTip = nullptr;    // header tooltip
    int width = 0;                    // width hint in pixels; 0 = the view's default
    Qt::Alignment alignment = {};     // {} = the style's default
    bool hidden = false;              // hidden by default (ids); the user may show it
    const char *headerIcon = nullptr; // themedIcon() name shown in the header, if any
    Value display = nullptr;          // DisplayRole and AccessibleTextRole (required)
    Value sortKey = nullptr;          // raw value the proxies sort and filter on (required)
    Text exportText = nullptr;        // the CSV cell; nullptr = sortKey as text
    Value cellToolTip = nullptr;      // optional
    Value decoration = nullptr;       // optional icon
    Value foreground = nullptr;       // optional text colour
};

// Compile-time check of a model's column table: required members set, keys unique.
template <typename Spec, std::size_t N>
constexpr bool isValidColumnTable(const std::array<Spec, N> &columns)
{
    for (std::size_t i = 0; i < N; ++i) {
        const Spec &c = columns[i];
        if (!c.key || !c.header || !c.display || !c.sortKey)
            return false;
        for (std::size_t j = 0; j < i; ++j) {
            if (std::string_view(columns[j].key) == std::string_view(c.key))
                return false;
        }
    }
    return true;
}

// The cell roles every column answers the same way (display, tooltip, icon, colour, alignment).
template <typename Model, typename Row>
QVariant columnCellData(const ColumnSpec<Model, Row> &c, const Model &model, const Row &row,
                        int role)
{
    const auto optional = [&](typename ColumnSpec<Model, Row>::Value fn) {
        return fn ? fn(model, row) : QVariant();
    };
    switch (role) {
    case Qt::DisplayRole:
    case Qt::AccessibleTextRole:
        return c.display(model, row);
    case Qt::ToolTipRole:
        return optional(c.cellToolTip);
    case Qt::DecorationRole:
        return optional(c.decoration);
    case Qt::ForegroundRole:
        return optional(c.foreground);
    case Qt::TextAlignmentRole:
        return c.alignment ? QVariant(int(c.alignment)) : QVariant();
    }
    return {};
}

QVariant columnHeaderIcon(const char *name);

// headerData() for a column table: texts through Model::tr, plus the ColumnHeaderRole values.
template <typename Model, typename Spec, std::size_t N>
QVariant columnHeaderData(const std::array<Spec, N> &columns, int section,
                          Qt::Orientation orientation, int role)
{
    if (orientation != Qt::Horizontal || section < 0 || section >= int(N))
        return {};
    const Spec &c = columns[std::size_t(section)];
    switch (role) {
    case Qt::DisplayRole:
        return Model::tr(c.header);
    case Qt::ToolTipRole:
        return c.toolTip ? QVariant(Model::tr(c.toolTip)) : QVariant();
    case Qt::DecorationRole:
        return c.headerIcon ? columnHeaderIcon(c.headerIcon) : QVariant();
    case ColumnKeyRole:
        return QString::fromLatin1(c.key);
    case ColumnWidthRole:
        return c.width;
    case ColumnHiddenRole:
        return c.hidden;
    }
    return {};
}

// Orders two sort keys: text case-insensitively, numbers and times by value; an invalid value
// (no time yet) sorts first. Returns <0, 0 or >0.
int compareSortKeys(const QVariant &a, const QVariant &b);

// RFC 4180 cell; a cell a spreadsheet would run as a formula (=, +, -, @) gets an apostrophe.
QString csvCell(QString value);

// CSV of `rows` through a column table: a header line of keys, then every column of every row
// (hidden ones too), CRLF line ends. `leading` columns come first, in that order (a model whose
// export predates its column table keeps its field order); the rest follow in table order.
template <typename Model, typename Row, typename Spec, std::size_t N>
QString columnsToCsv(const std::array<Spec, N> &columns, const Model &model, const QList<Row> &rows,
                     std::initializer_list<int> leading = {})
{
    QList<int> order(leading);
    for (int c = 0; c < int(N); ++c) {
        if (!order.contains(c))
            order.append(c);
    }
    QString out;
    for (qsizetype i = 0; i < order.size(); ++i)
        out += (i ? u"," : u"") + csvCell(QString::fromLatin1(columns[std::size_t(order[i])].key));
    out += u"\r\n";
    for (const Row &row : rows) {
        for (qsizetype i = 0; i < order.size(); ++i) {
            const Spec &spec = columns[std::size_t(order[i])];
            const QString cell =
                spec.exportText ? spec.exportText(model, row) : spec.sortKey(model, row).toString();
            out += (i ? u"," : u"") + csvCell(cell);
        }
        out += u"\r\n";
    }
    return out;
}

} // namespace feather
