#pragma once

#include "core/types.h"

#include <cstddef>
#include <memory>
#include <vector>

namespace feather {

// SourceModel's rows in fixed chunks instead of one contiguous vector (issue 12): growing never
// moves the rows already held, so a 100,000-row load has no moment holding the old and the new
// buffer at once (a std::vector doubling from 65,536 rows briefly held both, ~35 MB at peak),
// and references to a row stay valid while rows are appended.
class SourceRows final {
public:
    static constexpr std::size_t chunkShift = 11; // 2,048 rows (~550 KB) per chunk
    static constexpr std::size_t chunkSize = std::size_t(1) << chunkShift;

    std::size_t size() const { return m_size; }
    bool empty() const { return m_size == 0; }
    Source &operator[](std::size_t i) { return m_chunks[i >> chunkShift][i & (chunkSize - 1)]; }
    const Source &operator[](std::size_t i) const
    {
        return m_chunks[i >> chunkShift][i & (chunkSize - 1)];
    }
    const Source &at(std::size_t i) const;
    Source &back() { return (*this)[m_size - 1]; }

    void push_back(const Source &s);
    // Removes rows [first, last), moving the rows after them down.
    void erase(std::size_t first, std::size_t last);

    template <typename Row, typename Owner>
    class Iterator {
    public:
        Iterator(Owner *rows, std::size_t i)
            : m_rows(rows)
            , m_i(i)
        {}
        Row &operator*() const { return (*m_rows)[m_i]; }
        Iterator &operator++()
        {
            ++m_i;
            return *this;
        }
        bool operator==(const Iterator &other) const { return m_i == other.m_i; }

    private:
        Owner *m_rows;
        std::size_t m_i;
    };
    using const_iterator = Iterator<const Source, const SourceRows>;
    const_iterator begin() const { return {this, 0}; }
    const_iterator end() const { return {this, m_size}; }

private:
    // Each chunk a vector reserved to chunkSize: rows are constructed only as they arrive.
    std::vector<std::vector<Source>> m_chunks;
    std::size_t m_size = 0;
};

} // namespace feather
