#pragma once

#include <QString>
#include <QStringList>

namespace feather::cli {

// A plain aligned text table for human output (JSON Lines is the machine format).
class TextTable {
public:
    explicit TextTable(QStringList headers)
        : m_headers(std::move(headers))
    {}
    void addRow(QStringList cells) { m_rows << std::move(cells); }
    bool isEmpty() const { return m_rows.isEmpty(); }
    QString render() const;

private:
    QStringList m_headers;
    QList<QStringList> m_rows;
};

} // namespace feather::cli
