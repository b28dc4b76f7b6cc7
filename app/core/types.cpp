#include "core/types.h"

namespace feather {

int KnowledgeBase::sourceCount() const
{
    int total = 0;
    for (int n : sourceStatusCounts)
        total += n;
    return total;
}

} // namespace feather
