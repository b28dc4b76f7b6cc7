#include "api/pagedlisting.h"

#include "api/httpclient.h"

#include <QCryptographicHash>
#include <QJsonObject>
#include <QPointer>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace feather::api {

namespace {

constexpr auto PageLimit = 200; // the API's maximum

QString duration(qint64 ms)
{
    return ms >= 60000 ? u"%1 min"_s.arg(ms / 60000.0, 0, 'g', 3)
                       : u"%1 s"_s.arg(ms / 1000.0, 0, 'g', 3);
}

QString incomplete(const QString &what)
{
    return u"listing stopped at %1; the list is incomplete"_s.arg(what);
}

} // namespace

ListingBudget::ListingBudget(const ListingLimits &limits)
    : m_limits(limits)
{
    m_clock.start();
}

std::optional<QString> ListingBudget::charge(qsizetype rows, qsizetype bytes)
{
    m_rows += rows;
    m_bytes += bytes;
    ++m_pages;
    if (m_rows > m_limits.maxRows)
        return incomplete(u"the limit of %1 rows"_s.arg(m_limits.maxRows));
    if (m_bytes > m_limits.maxBytes)
        return incomplete(u"the limit of %1 MiB of replies"_s.arg(m_limits.maxBytes / 1048576.0));
    if (m_pages > m_limits.maxPages)
        return incomplete(u"the limit of %1 pages"_s.arg(m_limits.maxPages));
    return std::nullopt;
}

qint64 ListingBudget::remainingMs() const
{
    return std::max<qint64>(0, m_limits.deadlineMs - m_clock.elapsed());
}

QString ListingBudget::deadlineReason() const
{
    return incomplete(u"its time limit of "_s + duration(m_limits.deadlineMs));
}

PagedListing::PagedListing(HttpClient *http, Route route, std::shared_ptr<ListingBudget> budget,
                           QString secret, QObject *parent)
    : QObject(parent)
    , m_http(http)
    , m_route(std::move(route))
    , m_budget(std::move(budget))
    , m_secret(std::move(secret))
    , m_deadline(new QTimer(this))
{
    m_deadline->setSingleShot(true);
    connect(m_deadline, &QTimer::timeout, this, [this] {
        finish(Error{Outcome::ServerError, 0, m_budget->deadlineReason()});
    });
}

PagedListing::~PagedListing() = default; // m_request, a child, goes first: aborts the request

void PagedListing::start()
{
    if (!m_route.ok())
        return finish(Error{Outcome::Invalid, 0, m_route.error});
    const qint64 remaining = m_budget->remainingMs();
    if (remaining <= 0)
        return finish(Error{Outcome::ServerError, 0, m_budget->deadlineReason()});
    m_deadline->start(int(std::min<qint64>(remaining, std::numeric_limits<int>::max())));
    requestNext();
}

void PagedListing::requestNext()
{
    HttpRequest request;
    request.path = m_route.path;
    request.query.append({u"limit"_s, QString::number(PageLimit)});
    if (!m_cursor.isEmpty())
        request.query.append({u"cursor"_s, m_cursor});
    delete m_request;
    m_request = new QObject(this);
    m_http->send(std::move(request), m_request,
                 [this](const HttpResult &result) { onAnswer(result); });
}

void PagedListing::onAnswer(const HttpResult &result)
{
    if (m_done)
        return;
    QJsonObject body;
    if (std::optional<Error> e = jsonObjectOf(result, &body, m_secret))
        return finish(e);
    const HttpAnswer &answer = result.answer;
    const QJsonValue items = body.value("items"_L1);
    if (!items.isArray())
        return finish(malformedReply(answer, u"no \"items\" array in a list page"_s));
    const QJsonArray rows = items.toArray();
    if (std::optional<QString> over = m_budget->charge(rows.size(), answer.body.size()))
        return finish(Error{Outcome::ServerError, 0, *over});

    // The next page is asked for before this one is handed on: the server works on it while
    // the caller parses and prints this one, instead of after (a round trip per page saved).
    std::optional<Error> end; // how the walk ends after this page, if it does
    bool more = body.value("has_more"_L1).toBool(false);
    if (more) {
        const QString next = body.value("next_cursor"_L1).toString();
        const QByteArray digest =
            QCryptographicHash::hash(next.toUtf8(), QCryptographicHash::Sha256).left(16);
        if (next.isEmpty()) {
            end = malformedReply(answer, u"has_more is true but next_cursor is empty"_s);
            more = false;
        } else if (m_seenCursors.contains(digest)) {
            end = malformedReply(
                answer, u"the list does not end (cursor \"%1\" repeats)"_s.arg(next.left(40)));
            more = false;
        } else {
            m_seenCursors.insert(digest);
            m_cursor = next;
            if (m_paused)
                m_nextDue = true;
            else
                requestNext();
        }
    }
    body = QJsonObject(); // rows shares the parsed items; the rest of the page can go

    const QPointer<PagedListing> self(this);
    Q_EMIT page(rows, answer.status);
    if (!self || m_done)
        return; // deleted by a slot, or finished by one
    if (!more)
        finish(end);
}

void PagedListing::resume()
{
    m_paused = false;
    if (m_done || !std::exchange(m_nextDue, false))
        return;
    requestNext();
}

void PagedListing::finish(const std::optional<Error> &error)
{
    if (m_done)
        return;
    m_done = true;
    m_deadline->stop();
    delete m_request; // aborts a request still in flight (the deadline may end a walk)
    m_request = nullptr;
    m_seenCursors.clear();
    Q_EMIT finished(error);
}

} // namespace feather::api
