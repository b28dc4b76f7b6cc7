#pragma once

#include "api/apiconfig.h"
#include "api/routes.h"
#include "core/types.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QObject>
#include <QSet>
#include <memory>
#include <optional>

class QTimer;

namespace feather::api {

class HttpClient;
struct HttpResult;

// The bounds of one listing call (ApiConfig::listing), shared by every cursor walk it makes:
// rows and bytes received, pages, and an overall deadline from the call's start.
class ListingBudget final {
public:
    explicit ListingBudget(const ListingLimits &limits);

    // Charges one page; a one-line reason naming the bound when it is passed.
    std::optional<QString> charge(qsizetype rows, qsizetype bytes);
    qint64 remainingMs() const; // until the deadline, ≥ 0
    QString deadlineReason() const;

private:
    ListingLimits m_limits;
    QElapsedTimer m_clock;
    qint64 m_rows = 0;
    qint64 m_bytes = 0;
    int m_pages = 0;
};

// One walk of a cursor-paged list (CursorPage[T], docs/feather-api.md §3.5): GET
// route?limit=200, then &cursor=<next_cursor> while has_more is true. Emits `page` for every
// HTTP page, in order, then `finished` exactly once, with an error when the walk stopped early:
// a failed or malformed page, has_more without a cursor, a cursor seen before (a loop of any
// length is caught at its first repeat), a bound of the budget, or its deadline. A page that
// does arrive is emitted before any error, so the caller can tell a partial list.
//
// Deleting the object cancels the walk and aborts its request in flight; slots connected to
// its signals may delete it. 429/503 retries happen below, in HttpClient.
class PagedListing final : public QObject {
    Q_OBJECT
public:
    PagedListing(HttpClient *http, Route route, std::shared_ptr<ListingBudget> budget,
                 QString secret, QObject *parent = nullptr);
    ~PagedListing() override;
    Q_DISABLE_COPY_MOVE(PagedListing)

    void start(); // may emit finished() at once (a refused route, an expired budget)

    // The next page is requested as soon as a page arrives, before that page is emitted: a
    // walk paused from a `page` slot still has one page in flight. While paused, a page that
    // arrives is still emitted, but the next one is not requested until resume(): a caller
    // that buffers pages (ordered concurrent walks) bounds its buffer.
    void pause() { m_paused = true; }
    void resume();

Q_SIGNALS:
    void page(const QJsonArray &items, int httpStatus);
    void finished(const std::optional<feather::Error> &error);

private:
    void requestNext();
    void onAnswer(const HttpResult &result);
    void finish(const std::optional<Error> &error);

    HttpClient *m_http;
    Route m_route;
    std::shared_ptr<ListingBudget> m_budget;
    QString m_secret;
    QString m_cursor;
    QSet<QByteArray> m_seenCursors; // 16-byte digests: bounded memory whatever a cursor's size
    QObject *m_request = nullptr;   // the request in flight's context: deleting it aborts it
    QTimer *m_deadline = nullptr;
    bool m_done = false;
    bool m_paused = false;
    bool m_nextDue = false; // paused with a next page to request
};

} // namespace feather::api
