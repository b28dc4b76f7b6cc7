// ApiBackend's list calls: streamed source pages and the KB list with per-KB source counts,
// each a small object over api::PagedListing that ends (and deletes itself) with the call.
#include "api/apibackend.h"
#include "api/apiparse.h"
#include "api/httpclient.h"
#include "api/pagedlisting.h"
#include "core/ids.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QPointer>
#include <deque>
#include <memory>

using namespace Qt::StringLiterals;

namespace feather {

using api::ListingBudget;
using api::PagedListing;
using api::Routes;

namespace {

// Parses every item of a page with `parse`; the first bad one is the page's error.
template <typename T, typename Parse>
std::optional<Error> parseItems(const QJsonArray &items, int httpStatus, const QString &what,
                                Parse parse, QList<T> *out)
{
    for (const QJsonValue &item : items) {
        QString why;
        std::optional<T> value = parse(item.toObject(), &why);
        if (!value) {
            api::HttpAnswer answer;
            answer.status = httpStatus;
            return api::malformedReply(answer, what + u": "_s + why);
        }
        out->append(std::move(*value));
    }
    return std::nullopt;
}

// listSources: the KB list (when no KB is named) and KBs' source walks, up to maxConnections
// requests in flight, so a listing of many small KBs is not one round trip after the other.
// Pages still come out exactly as a sequential walk gives them: KB after KB in the KB list's
// order, each KB's pages in order, and nothing before the KB list is complete (a KB list that
// fails part-way yields no rows, as before). Pages of KBs behind the head are held: at most
// kHeldPages per KB (its walk then pauses and frees its connection for a later KB) and
// kMaxHeldRows in all (no new KB starts), so memory stays flat in the number of sources. A
// KB's error shows once every KB before it is out. One SourcePage per HTTP page of sources.
// Deleted when done; a destroyed backend deletes it too (its promise then cancels the future).
class SourceStream final : public QObject {
public:
    SourceStream(api::HttpClient *http, const ApiConfig &config, QStringList kbIds,
                 QStringList statuses, QPromise<SourcePage> promise, QObject *parent)
        : QObject(parent)
        , m_http(http)
        , m_secret(config.apiKey)
        , m_budget(std::make_shared<ListingBudget>(config.listing))
        , m_kbIds(std::move(kbIds))
        , m_statuses(std::move(statuses))
        , m_promise(std::move(promise))
        , m_window(qMax(1, config.maxConnections))
    {}

    void start()
    {
        if (!m_kbIds.isEmpty()) {
            m_kbListDone = true;
            return pump();
        }
        // Every KB: read the KB list; each page's KBs start walking as it arrives.
        m_kbList = new PagedListing(m_http, Routes::knowledgeBases(), m_budget, m_secret, this);
        connect(m_kbList, &PagedListing::page, this, [this](const QJsonArray &items, int status) {
            if (m_promise.isCanceled())
                return end(std::nullopt); // the consumer lost interest
            QList<KnowledgeBase> kbs;
            if (std::optional<Error> e =
                    parseItems(items, status, u"knowledge base"_s, api::parseKnowledgeBase, &kbs))
                return end(e);
            for (const KnowledgeBase &kb : std::as_const(kbs))
                m_kbIds << kb.id;
            pump();
        });
        connect(m_kbList, &PagedListing::finished, this, [this](const std::optional<Error> &e) {
            if (e)
                return end(e);
            m_kbListDone = true;
            pump();
        });
        m_kbList->start();
    }

private:
    static constexpr qsizetype kHeldPages = 2;
    // While the KB list is still walking (a second at 100,000 sources), every KB is behind:
    // enough rows to keep the connections busy meanwhile, about 10 MB.
    static constexpr qsizetype kMaxHeldRows = 10000;
    static constexpr size_t kMaxWalks = 1000; // KBs ahead, however few rows they hold

    struct KbWalk {
        PagedListing *listing = nullptr;
        std::deque<QList<Source>> held; // pages not handed out yet (not at the head)
        std::optional<Error> error;
        bool done = false;
        bool paused = false;
    };

    bool isHead(const KbWalk *walk) const
    {
        return m_kbListDone && !m_walks.empty() && m_walks.front().get() == walk;
    }

    void startWalk(const QString &kbId)
    {
        m_walks.push_back(std::make_unique<KbWalk>());
        KbWalk *walk = m_walks.back().get();
        walk->listing = new PagedListing(m_http, Routes::sources(kbId), m_budget, m_secret, this);
        connect(walk->listing, &PagedListing::page, this,
                [this, walk](const QJsonArray &items, int status) {
                    if (m_promise.isCanceled())
                        return end(std::nullopt);
                    QList<Source> sources;
                    if (std::optional<Error> e =
                            parseItems(items, status, u"source"_s, api::parseSource, &sources)) {
                        // This KB's error, in its turn; its walk stops here.
                        walk->error = e;
                        walk->done = true;
                        delete std::exchange(walk->listing, nullptr);
                        return pump();
                    }
                    // Client-side only: the documented List Sources takes no status filter.
                    if (!m_statuses.isEmpty())
                        sources.removeIf([this](const Source &s) {
                            return !m_statuses.contains(s.status, Qt::CaseInsensitive);
                        });
                    if (isHead(walk)) {
                        m_promise.addResult(SourcePage::success(std::move(sources)));
                        return;
                    }
                    walk->held.push_back(std::move(sources));
                    m_heldRows += walk->held.back().size();
                    // Its next page is on its way already (PagedListing asks before it
                    // hands a page on): pause one early to hold at most kHeldPages.
                    if (walk->held.size() + 1 >= kHeldPages) {
                        walk->paused = true;
                        walk->listing->pause();
                        pump(); // its connection is free for a later KB
                    }
                });
        connect(walk->listing, &PagedListing::finished, this,
                [this, walk](const std::optional<Error> &error) {
                    walk->error = error;
                    walk->done = true;
                    // Done: only its held pages stay (PagedListing may be deleted by a slot).
                    delete std::exchange(walk->listing, nullptr);
                    pump();
                });
        walk->listing->start();
    }

    // Walks with a request in flight (or about to send one).
    int walking() const
    {
        int n = 0;
        for (const std::unique_ptr<KbWalk> &walk : m_walks)
            n += walk->done || walk->paused ? 0 : 1;
        return n;
    }

    // Hands out what the head KBs hold, retires finished head walks and starts new ones up to
    // the window. Re-entered from a walk that finishes at once (start): runs again instead.
    void pump()
    {
        if (m_pumping) {
            m_pumpAgain = true;
            return;
        }
        m_pumping = true;
        do {
            m_pumpAgain = false;
            while (!m_ended && m_kbListDone && !m_walks.empty()) {
                KbWalk &head = *m_walks.front();
                while (!head.held.empty()) {
                    m_heldRows -= head.held.front().size();
                    m_promise.addResult(SourcePage::success(std::move(head.held.front())));
                    head.held.pop_front();
                }
                if (!head.done) {
                    if (head.paused) {
                        head.paused = false;
                        head.listing->resume();
                    }
                    break;
                }
                if (head.error) {
                    m_pumping = false;
                    return end(head.error);
                }
                // Its finished() may be the signal being handled, which PagedListing allows.
                delete head.listing;
                m_walks.pop_front();
            }
            while (!m_ended && m_next < m_kbIds.size() && walking() < m_window
                   && m_heldRows < kMaxHeldRows && m_walks.size() < kMaxWalks)
                startWalk(m_kbIds[m_next++]);
        } while (m_pumpAgain && !m_ended);
        m_pumping = false;
        if (!m_ended && m_kbListDone && m_walks.empty() && m_next >= m_kbIds.size())
            end(std::nullopt);
    }

    // The last result: an error page after whatever arrived, then the end.
    void end(const std::optional<Error> &error)
    {
        if (m_ended)
            return;
        m_ended = true;
        if (error) {
            SourcePage page;
            page.error = error;
            m_promise.addResult(page);
        }
        m_promise.finish();
        // No more signals from any walk; one of them may be the sender being handled.
        delete std::exchange(m_kbList, nullptr);
        for (const std::unique_ptr<KbWalk> &walk : m_walks)
            delete std::exchange(walk->listing, nullptr);
        m_walks.clear();
        deleteLater();
    }

    api::HttpClient *m_http;
    QString m_secret;
    std::shared_ptr<ListingBudget> m_budget;
    QStringList m_kbIds;
    QStringList m_statuses;
    QPromise<SourcePage> m_promise;
    int m_window;
    qsizetype m_next = 0; // first KB without a walk yet
    PagedListing *m_kbList = nullptr;
    std::deque<std::unique_ptr<KbWalk>> m_walks; // KBs in order, the front is the head
    qsizetype m_heldRows = 0;
    bool m_kbListDone = false;
    bool m_pumping = false;
    bool m_pumpAgain = false;
    bool m_ended = false;
};

// listKnowledgeBases: the KB list, then (only for KBs the server sent without
// `source_status_counts`) each one's sources counted by status, all at once (HttpClient keeps
// at most maxConnections requests in flight). The first error fails the call.
class KbCollector final : public QObject {
public:
    KbCollector(api::HttpClient *http, const ApiConfig &config,
                std::function<void(KnowledgeBasesResult)> done, QObject *parent)
        : QObject(parent)
        , m_http(http)
        , m_secret(config.apiKey)
        , m_budget(std::make_shared<ListingBudget>(config.listing))
        , m_done(std::move(done))
        , m_countSources(config.countSources)
    {}

    void start()
    {
        auto *kbList = listing(Routes::knowledgeBases());
        connect(kbList, &PagedListing::page, this, [this](const QJsonArray &items, int status) {
            for (const QJsonValue &item : items) {
                QList<KnowledgeBase> one;
                if (std::optional<Error> e =
                        parseItems(QJsonArray{item}, status, u"knowledge base"_s,
                                   api::parseKnowledgeBase, &one))
                    return end(e);
                if (m_countSources && !item.toObject().value("source_status_counts"_L1).isObject())
                    m_needCounts << m_kbs.size();
                m_kbs << one.first();
            }
        });
        connect(kbList, &PagedListing::finished, this, [this](const std::optional<Error> &e) {
            if (e)
                return end(e);
            countSources();
        });
        kbList->start();
    }

private:
    PagedListing *listing(const api::Route &route)
    {
        return new PagedListing(m_http, route, m_budget, m_secret, this);
    }

    void countSources()
    {
        m_outstanding = int(m_needCounts.size());
        if (m_outstanding == 0)
            return end(std::nullopt);
        const QList<qsizetype> indexes = m_needCounts;
        for (const qsizetype index : indexes) {
            QPointer<PagedListing> walk = listing(Routes::sources(m_kbs[index].id));
            connect(walk, &PagedListing::page, this,
                    [this, index](const QJsonArray &items, int status) {
                        QList<Source> sources;
                        if (std::optional<Error> e =
                                parseItems(items, status, u"source"_s, api::parseSource, &sources))
                            return end(e);
                        for (const Source &s : std::as_const(sources))
                            ++m_kbs[index].sourceStatusCounts[s.status];
                    });
            connect(walk, &PagedListing::finished, this, [this](const std::optional<Error> &e) {
                if (e)
                    return end(e);
                if (--m_outstanding == 0)
                    end(std::nullopt);
            });
            if (m_ended)
                return;
            walk->start();
        }
    }

    void end(const std::optional<Error> &error)
    {
        if (m_ended)
            return;
        m_ended = true;
        KnowledgeBasesResult r;
        if (error)
            r.error = error;
        else
            r.value = m_kbs;
        m_done(r);
        // Walks still going stop now (deleting one aborts its request); one of them may be
        // the sender of the signal being handled, which PagedListing allows.
        qDeleteAll(findChildren<PagedListing *>(Qt::FindDirectChildrenOnly));
        deleteLater();
    }

    api::HttpClient *m_http;
    QString m_secret;
    std::shared_ptr<ListingBudget> m_budget;
    std::function<void(KnowledgeBasesResult)> m_done;
    QList<KnowledgeBase> m_kbs;
    QList<qsizetype> m_needCounts; // indexes of KBs without source_status_counts
    int m_outstanding = 0;
    bool m_countSources = true;
    bool m_ended = false;
};

} // namespace

QFuture<KnowledgeBasesResult> ApiBackend::listKnowledgeBases()
{
    return run<KnowledgeBasesResult>([this](Done<KnowledgeBasesResult> done) {
        if (!m_configError.isEmpty())
            return done(KnowledgeBasesResult::failure(Outcome::Invalid, m_configError));
        (new KbCollector(m_http, m_config, std::move(done), this))->start();
    });
}

QFuture<SourcePage> ApiBackend::listSources(const SourceQuery &query)
{
    auto promise = std::make_shared<QPromise<SourcePage>>();
    promise->start();
    QFuture<SourcePage> future = promise->future(); // before the promise moves on
    onOwnThread([this, query, promise] {
        auto fail = [promise](const QString &why) {
            promise->addResult(SourcePage::failure(Outcome::Invalid, why));
            promise->finish();
        };
        if (!m_configError.isEmpty())
            return fail(m_configError);
        QStringList kbIds;
        for (const QString &id : query.kbIds) {
            const QString normal = normalizedUuid(id);
            if (normal.isNull())
                return fail(invalidUuidReason(u"kb_id"_s, id));
            if (!kbIds.contains(normal))
                kbIds << normal;
        }
        (new SourceStream(m_http, m_config, kbIds, query.statuses, std::move(*promise), this))
            ->start();
    });
    return future;
}

} // namespace feather
