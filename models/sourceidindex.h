#pragma once

#include <QHashFunctions>
#include <QString>
#include <cstddef>
#include <vector>

namespace feather {

// SourceModel's source id -> row (issue 12): open addressing over 8-byte slots, a 32-bit hash of
// the id and the row; the id itself is read back from the row (`idOf`) only when the hashes match.
// Growing moves slots without hashing or reading an id again, and a new id is placed without
// comparing any string. (A QHash<QString, int> re-hashed every id at each growth and compared
// ids along its probes: about a quarter of a page-by-page load of 100,000 rows.) No removal:
// SourceModel rebuilds the index when rows go.
class SourceIdIndex final {
public:
    std::size_t size() const { return m_size; }
    void clear();
    // Room for `rows` ids without growing.
    void reserve(std::size_t rows);

    // The row of `id`, or -1; idOf(row) returns the id of a row the index holds.
    template <typename IdOf>
    int find(QStringView id, const IdOf &idOf) const
    {
        if (m_slots.empty())
            return -1;
        const quint32 hash = hashOf(id);
        const std::size_t mask = m_slots.size() - 1;
        for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
            const Slot &slot = m_slots[i];
            if (slot.row < 0)
                return -1;
            if (slot.hash == hash && QStringView(idOf(slot.row)) == id)
                return slot.row;
        }
    }

    // The row of `id` if the index holds it (and nothing changes); else `row` becomes its row
    // and -1 is returned.
    template <typename IdOf>
    int findOrInsert(QStringView id, int row, const IdOf &idOf)
    {
        if (2 * (m_size + 1) > m_slots.size())
            reserve(m_size + 1);
        const quint32 hash = hashOf(id);
        const std::size_t mask = m_slots.size() - 1;
        for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
            Slot &slot = m_slots[i];
            if (slot.row < 0) {
                slot = {hash, row};
                ++m_size;
                return -1;
            }
            if (slot.hash == hash && QStringView(idOf(slot.row)) == id)
                return slot.row;
        }
    }

private:
    struct Slot {
        quint32 hash = 0;
        qint32 row = -1; // -1: empty
    };
    static quint32 hashOf(QStringView id) { return quint32(qHash(id, QHashSeed::globalSeed())); }

    std::vector<Slot> m_slots; // a power of two, at most half full
    std::size_t m_size = 0;
};

} // namespace feather
