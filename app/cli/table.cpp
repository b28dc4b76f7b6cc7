#include "cli/table.h"

namespace feather::cli {

namespace {
// Messages can carry newlines from servers; a table row must stay on one line.
QString oneLine(QString s)
{
    s.replace(u'\n', u' ').replace(u'\r', u' ').replace(u'\t', u' ');
    return s;
}
} // namespace

QString TextTable::render() const
{
    QList<qsizetype> widths;
    for (const QString &h : m_headers)
        widths << h.size();
    for (const QStringList &row : m_rows) {
        for (qsizetype i = 0; i < row.size() && i < widths.size(); ++i)
            widths[i] = qMax(widths[i], oneLine(row[i]).size());
    }
    auto line = [&widths](const QStringList &cells) -> QString {
        QString out;
        for (qsizetype i = 0; i < widths.size(); ++i) {
            const QString cell = i < cells.size() ? oneLine(cells[i]) : QString();
            // The last column is not padded: no trailing blanks.
            out += (i + 1 == widths.size()) ? cell
                                            : cell.leftJustified(widths[i]) + QStringLiteral("  ");
        }
        return out + u'\n';
    };
    QString out = line(m_headers);
    for (const QStringList &row : m_rows)
        out += line(row);
    return out;
}

} // namespace feather::cli
