#pragma once

#include "core/types.h"

#include <QFuture>
#include <QFutureWatcher>
#include <QObject>
#include <functional>

namespace feather::cli {

// Reads a Backend::listSources() future page by page on the caller's thread, as the pages
// arrive, and hands each page to `onPage` exactly once. The page is moved out of the future's
// result store (Qt 6.4's QFuture keeps every result until the future dies and has no public
// way to drop one), so a listing holds the pages not yet printed, not all 100,000 sources.
//
// `onPage` returns false to stop reading (the output went away); `onEnd` then follows with no
// error. Otherwise `onEnd` gets the listing's error: the error page's, or Outcome::Cancelled
// when the future was cancelled (the backend went away) — the list is then incomplete.
class PageStream final : public QObject {
    Q_OBJECT
public:
    using PageFn = std::function<bool(QList<Source> &&page)>;
    using EndFn = std::function<void(const std::optional<Error> &error)>;

    PageStream(QFuture<SourcePage> future, PageFn onPage, EndFn onEnd, QObject *parent);
    ~PageStream() override;
    Q_DISABLE_COPY_MOVE(PageStream)

    qint64 rows() const { return m_rows; }

private:
    void take(int begin, int stop);
    void end();

    QFuture<SourcePage> m_future;
    QFutureWatcher<SourcePage> m_watcher;
    PageFn m_onPage;
    EndFn m_onEnd;
    int m_next = 0; // first page not handed over yet
    qint64 m_rows = 0;
    std::optional<Error> m_error;
    bool m_stopped = false;
    bool m_ended = false;
};

} // namespace feather::cli
