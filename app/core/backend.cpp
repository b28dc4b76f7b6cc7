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
    // Cancelled without an error page (the backend went away mid-listing): never a whole list.
    if (finished.isCanceled())
        all.error = Error{Outcome::Cancelled, 0,
                          QStringLiteral("the listing was cancelled after %1 pages; the list is "
                                         "incomplete")
                              .arg(pages.size())};
    return all;
}

} // namespace feather
