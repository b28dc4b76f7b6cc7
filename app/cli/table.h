#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>
#include <QStringView>
#include <functional>
#include <memory>

class QTemporaryFile;

namespace feather::cli {

// A plain aligned text table for human output (JSON Lines is the machine format).
//
// Every cell goes through visibleText(): control characters, ESC sequences and bidi overrides
// from a server show up escaped ("\x1b[2J"), never act on the terminal, and tabs and newlines
// become spaces so each row stays one line.
//
// Columns are exactly as wide as their widest cell (counted in code points), so the table can
// only be printed once every row is known. Rows are therefore spooled as compact UTF-8: in
// memory up to kSpillBytes, then in an unlinked temporary file — memory stays flat however
// many rows a listing has (100,000 sources are about 20 MB of cells), and a listing that fails
// part-way prints nothing at all instead of a partial table.
class TextTable {
public:
    static constexpr qsizetype kSpillBytes = 4 * 1024 * 1024;

    explicit TextTable(const QStringList &headers, qsizetype spillBytes = kSpillBytes);
    ~TextTable();
    TextTable(const TextTable &) = delete;
    TextTable &operator=(const TextTable &) = delete;

    void addRow(const QStringList &cells);
    // The same, one cell at a time (no QStringList per row for large listings).
    void beginRow();
    void addCell(QStringView text);
    void addCell(QByteArrayView plainAscii); // caller guarantees printable ASCII, no tab
    void endRow();

    bool isEmpty() const { return m_rows == 0; }
    bool spilled() const { return m_file != nullptr; } // rows went to a temporary file
    qsizetype rowCount() const { return m_rows; }

    // The whole table as text (for small tables).
    QString render();
    // Streams the table to stdout (appendOut); false with *why when the spool file failed.
    bool write(QString *why = nullptr);

private:
    void noteWidth(qsizetype width);
    void spill();
    void renderLine(QByteArray &out, QByteArrayView line) const;
    bool forEachLine(const std::function<void(QByteArrayView)> &fn, QString *why);

    QList<qsizetype> m_widths;
    QByteArray m_header; // escaped, tab-separated
    QByteArray m_spool;  // rows not yet in the file
    std::unique_ptr<QTemporaryFile> m_file;
    bool m_fileFailed = false; // no temporary file: rows stay in memory
    QString m_spoolError;      // a write to the file failed: rows were lost
    qsizetype m_spillBytes;
    qsizetype m_rows = 0;
    int m_column = 0;
};

} // namespace feather::cli
