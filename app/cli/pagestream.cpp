#include "cli/pagestream.h"

#include <QMutexLocker>

namespace feather::cli {

namespace {

// Moves result `index` out of the future's store, leaving an empty page behind. Under the
// future's mutex: the producer thread inserts later pages into the same store meanwhile.
SourcePage takePage(const QFuture<SourcePage> &future, int index)
{
    QFutureInterfaceBase base = QFutureInterfaceBase::get(future);
    QMutexLocker lock(&base.mutex());
    QtPrivate::ResultIteratorBase it = base.resultStoreBase().resultAt(index);
    if (!it.isValid() || it.isVector())
        return future.resultAt(index); // not how our backends report; copy it then
    return std::exchange(it.value<SourcePage>(), SourcePage{});
}

} // namespace

PageStream::PageStream(QFuture<SourcePage> future, PageFn onPage, EndFn onEnd, QObject *parent)
    : QObject(parent)
    , m_future(std::move(future))
    , m_onPage(std::move(onPage))
    , m_onEnd(std::move(onEnd))
{
    connect(&m_watcher, &QFutureWatcherBase::resultsReadyAt, this,
            [this](int begin, int stop) { take(begin, stop); });
    connect(&m_watcher, &QFutureWatcherBase::finished, this, [this] { end(); });
    m_watcher.setFuture(m_future);
}

PageStream::~PageStream() = default;

void PageStream::take(int begin, int stop)
{
    // Results arrive in order (the backends add them one after the other); catch up from the
    // first one not taken, so a page is never handed over twice or skipped.
    Q_UNUSED(begin);
    while (m_next < stop && !m_stopped && !m_error) {
        SourcePage page = takePage(m_future, m_next++);
        if (!page.ok()) {
            m_error = page.error; // the last page of a failed listing
            break;
        }
        m_rows += page.value.size();
        if (!m_onPage(std::move(page.value)))
            m_stopped = true;
    }
    if (m_stopped) {
        // Nobody reads the output any more: stop the listing and end now.
        m_future.cancel();
        end();
    }
}

void PageStream::end()
{
    if (m_ended)
        return;
    m_ended = true;
    m_watcher.disconnect(this);
    take(m_next, m_future.resultCount());
    if (!m_stopped && !m_error && m_future.isCanceled())
        m_error = Error{Outcome::Cancelled, 0,
                        QStringLiteral("the listing was cancelled after %1 rows; the list is "
                                       "incomplete")
                            .arg(m_rows)};
    m_onEnd(m_stopped ? std::nullopt : m_error);
}

} // namespace feather::cli
