#pragma once

#include <QString>

namespace feather {

// Interning for the values that repeat across listed rows (status, provider, last sync status,
// knowledge base id): equal values share one QString (implicit sharing) instead of one
// allocation per row as a parser makes them (issue 12: 100,000 sources held four copies of a
// handful of values, ~24 MB). Thread-safe: listings parse on worker threads. Bounded: values
// longer than maxLength are returned as given, and once the pool holds maxEntries distinct values
// new ones are too, so a column of unique values cannot grow it without end.
class SharedStrings final {
public:
    static constexpr qsizetype maxLength = 64;
    static constexpr qsizetype maxEntries = 16384;

    // The pooled copy of `value` (equal to it), or `value` itself when it is not pooled.
    static QString intern(const QString &value);
    // Distinct values pooled so far (for tests and benchmarks).
    static qsizetype size();
};

} // namespace feather
