#include "models/sourcemodelrows.h"

#include <stdexcept>
#include <utility>

namespace feather {

const Source &SourceRows::at(std::size_t i) const
{
    if (i >= m_size)
        throw std::out_of_range("SourceRows::at");
    return (*this)[i];
}

void SourceRows::push_back(const Source &s)
{
    if (m_chunks.empty() || m_chunks.back().size() == chunkSize) {
        m_chunks.emplace_back();
        m_chunks.back().reserve(chunkSize);
    }
    m_chunks.back().push_back(s);
    ++m_size;
}

void SourceRows::erase(std::size_t first, std::size_t last)
{
    if (first >= last)
        return;
    const std::size_t gone = last - first;
    for (std::size_t i = last; i < m_size; ++i)
        (*this)[i - gone] = std::move((*this)[i]);
    std::size_t keep = m_size - gone;
    m_size = keep;
    // Drop the tail: whole chunks past the new end, then the rest of the last one.
    m_chunks.resize((keep + chunkSize - 1) >> chunkShift);
    if (!m_chunks.empty())
        m_chunks.back().resize(keep - ((m_chunks.size() - 1) << chunkShift));
}

} // namespace feather
