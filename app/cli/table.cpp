#include "cli/table.h"

#include "cli/output.h"
#include "cli/visibletext.h"

#include <QTemporaryFile>

namespace feather::cli {

namespace {

constexpr qsizetype kChunk = 1024 * 1024;

// Code points in UTF-8 bytes: every byte that is not a continuation byte.
qsizetype displayWidth(QByteArrayView utf8)
{
    qsizetype n = 0;
    for (const char c : utf8)
        n += (uchar(c) & 0xc0) != 0x80 ? 1 : 0;
    return n;
}

} // namespace

TextTable::TextTable(const QStringList &headers, qsizetype spillBytes)
    : m_spillBytes(spillBytes)
{
    for (const QString &h : headers) {
        if (!m_header.isEmpty())
            m_header.append('\t');
        const QByteArray cell = visibleText(h).toUtf8();
        m_header.append(cell);
        m_widths << displayWidth(cell);
    }
}

TextTable::~TextTable() = default;

void TextTable::noteWidth(qsizetype width)
{
    if (m_column < m_widths.size())
        m_widths[m_column] = qMax(m_widths[m_column], width);
    ++m_column;
}

void TextTable::addRow(const QStringList &cells)
{
    beginRow();
    for (const QString &cell : cells)
        addCell(cell);
    endRow();
}

void TextTable::beginRow()
{
    m_column = 0;
}

void TextTable::addCell(QStringView text)
{
    if (m_column > 0)
        m_spool.append('\t');
    const qsizetype before = m_spool.size();
    if (isVisibleText(text))
        m_spool.append(text.toUtf8());
    else
        m_spool.append(visibleText(text).toUtf8());
    noteWidth(displayWidth(QByteArrayView(m_spool).sliced(before)));
}

void TextTable::addCell(QByteArrayView plainAscii)
{
    if (m_column > 0)
        m_spool.append('\t');
    m_spool.append(plainAscii);
    noteWidth(plainAscii.size());
}

void TextTable::endRow()
{
    m_spool.append('\n');
    ++m_rows;
    if (m_spool.size() >= (m_file ? kChunk : m_spillBytes))
        spill();
}

void TextTable::spill()
{
    if (m_fileFailed || !m_spoolError.isEmpty())
        return; // keep rows in memory rather than lose them
    if (!m_file) {
        m_file = std::make_unique<QTemporaryFile>();
        if (!m_file->open()) {
            m_file.reset();
            m_fileFailed = true;
            return;
        }
        // Nobody else needs the name; an unlinked file also disappears if we are killed.
        QFile::remove(m_file->fileName());
    }
    if (m_file->write(m_spool) != m_spool.size()) {
        m_spoolError = m_file->errorString(); // part of the rows are gone: the table is lost
        return;
    }
    m_spool.resize(0);
}

void TextTable::renderLine(QByteArray &out, QByteArrayView line) const
{
    qsizetype column = 0;
    qsizetype start = 0;
    while (true) {
        const qsizetype tab = line.indexOf('\t', start);
        const QByteArrayView cell = line.sliced(start, (tab < 0 ? line.size() : tab) - start);
        out.append(cell);
        const bool last = tab < 0 || column + 1 >= m_widths.size();
        // The last column is not padded: no trailing blanks.
        if (last) {
            if (tab >= 0) // more cells than headers: keep them, separated by one space
                out.append(' ').append(line.sliced(tab + 1));
            break;
        }
        out.append(QByteArray(m_widths[column] - displayWidth(cell) + 2, ' '));
        ++column;
        start = tab + 1;
    }
    // Fewer cells than headers: nothing to pad after the last one given.
    out.append('\n');
}

bool TextTable::forEachLine(const std::function<void(QByteArrayView)> &fn, QString *why)
{
    if (m_file) {
        if (!m_spool.isEmpty())
            spill();
        if (m_spoolError.isEmpty() && !m_file->seek(0))
            m_spoolError = m_file->errorString();
        if (!m_spoolError.isEmpty()) {
            if (why)
                *why = QStringLiteral("cannot spool the table to a temporary file: %1")
                           .arg(m_spoolError);
            return false;
        }
        QByteArray carry;
        while (!m_file->atEnd()) {
            const QByteArray chunk = m_file->read(kChunk);
            if (chunk.isEmpty()) {
                if (why)
                    *why = QStringLiteral("cannot read back the table's spool file: %1")
                               .arg(m_file->errorString());
                return false;
            }
            carry += chunk;
            qsizetype start = 0;
            for (qsizetype nl = carry.indexOf('\n'); nl >= 0; nl = carry.indexOf('\n', start)) {
                fn(QByteArrayView(carry).sliced(start, nl - start));
                start = nl + 1;
            }
            carry.remove(0, start);
        }
    }
    qsizetype start = 0;
    for (qsizetype nl = m_spool.indexOf('\n'); nl >= 0; nl = m_spool.indexOf('\n', start)) {
        fn(QByteArrayView(m_spool).sliced(start, nl - start));
        start = nl + 1;
    }
    return true;
}

QString TextTable::render()
{
    QByteArray out;
    renderLine(out, m_header);
    forEachLine([&](QByteArrayView line) { renderLine(out, line); }, nullptr);
    return QString::fromUtf8(out);
}

bool TextTable::write(QString *why)
{
    QByteArray out;
    renderLine(out, m_header);
    const bool ok = forEachLine(
        [&](QByteArrayView line) {
            renderLine(out, line);
            if (out.size() >= kChunk) {
                appendOut(out);
                out.resize(0);
            }
        },
        why);
    if (!ok)
        return false;
    appendOut(out);
    flushOut();
    return true;
}

} // namespace feather::cli
