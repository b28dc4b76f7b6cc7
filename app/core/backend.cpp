#include "core/backend.h"

namespace feather {

SourcePage collectSources(const QFuture<SourcePage> &finished)
{
    SourcePage all;
    const QList<SourcePage> pages = finished.results();
    for (const SourcePage &page : pages) {
        if (!page.ok()) {
            all.error = page.error;
            return all;
        }
        all.value += page.value;
    }
    return all;
}

} // namespace feather
