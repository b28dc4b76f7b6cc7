#pragma once

#include <QString>
#include <QVariant>

namespace feather {

// One row's sort key for SourceFilterProxy, computed once per row and sort column and compared
// without QVariant and mostly without reading a string (issue 12: string comparisons were most
// of a loaded page's merge): a text's first code units are packed into an integer that orders as
// the text does, and so is the row's id, the tie-break (a canonical UUID whole, as 128 bits);
// strings are compared only when those are equal. 56 bytes (was 72).
class SourceSortKey final {
public:
    SourceSortKey() {}
    ~SourceSortKey() { reset(); }
    SourceSortKey(SourceSortKey &&other) noexcept { take(other); }
    SourceSortKey &operator=(SourceSortKey &&other) noexcept;
    SourceSortKey(const SourceSortKey &) = delete;
    SourceSortKey &operator=(const SourceSortKey &) = delete;

    // `value` as a column's sortKey gives it; `id` the row's id, for compareIds (may be empty).
    static SourceSortKey make(const QVariant &value, QStringView id);
    // The order compareSortKeys() gives the values: text case-insensitively (folded once here),
    // times and integers as numbers, an empty value first; keys of different kinds by kind.
    static int compare(const SourceSortKey &a, const SourceSortKey &b);
    // The order of the two rows' ids when their packed forms tell it, else 0: then compare the ids.
    static int compareIds(const SourceSortKey &a, const SourceSortKey &b);

private:
    enum Kind : quint8 { Invalid, Number, Text, Other };
    enum Flag : quint8 {
        TextPacked = 1, // m_number holds the text's first 8 code units (all below 256)
        TextWhole = 2,  // … and that is the whole text
        IdPrefix = 4,   // m_idHigh holds the id's first 8 code units (all below 256)
        IdUuid = 8,     // the id is a canonical lower-case UUID: m_idHigh, m_idLow its 128 bits
    };
    void reset();
    void take(SourceSortKey &other);

    Kind m_kind = Invalid;
    quint8 m_flags = 0;
    qint64 m_number = 0; // Number: the value; Text: see TextPacked
    quint64 m_idHigh = 0;
    quint64 m_idLow = 0;
    union {
        QString m_text;    // Text: case-folded
        QVariant *m_other; // Other (owned)
    };
};

} // namespace feather
