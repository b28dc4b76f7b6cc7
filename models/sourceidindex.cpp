#include "models/sourceidindex.h"

#include <bit>

namespace feather {

void SourceIdIndex::clear()
{
    m_slots.clear();
    m_size = 0;
}

void SourceIdIndex::reserve(std::size_t rows)
{
    // At most half full; doubling at least, so a load of many pages grows O(log rows) times.
    const std::size_t wanted = std::max<std::size_t>(std::bit_ceil(2 * rows), 16);
    if (wanted <= m_slots.size())
        return;
    std::vector<Slot> slots(std::max(wanted, 2 * m_slots.size()));
    const std::size_t mask = slots.size() - 1;
    for (const Slot &slot : m_slots) {
        if (slot.row < 0)
            continue;
        std::size_t i = slot.hash & mask;
        while (slots[i].row >= 0)
            i = (i + 1) & mask;
        slots[i] = slot;
    }
    m_slots.swap(slots);
}

} // namespace feather
