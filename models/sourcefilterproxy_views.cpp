// SourceFilterProxy: the id restriction a saved view may bring (issue 11 item 8).
#include "models/sourcefilterproxy.h"

namespace feather {

void SourceFilterProxy::setOnlySources(const std::optional<QSet<QString>> &sourceIds)
{
    if (sourceIds == m_onlySources)
        return;
    m_onlySources = sourceIds;
    refilter(true);
}

} // namespace feather
