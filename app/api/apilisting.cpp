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

// listSources: the KB list first when no KB is named, then each KB's sources one KB after the
// other, so pages arrive in order; one SourcePage per HTTP page of sources. Deleted when done;
// a destroyed backend deletes it too (its promise then cancels the future).
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
    {}

    void start()
    {
        if (!m_kbIds.isEmpty())
            return nextKb();
        // Every KB: read the KB list first.
        walk(
            Routes::knowledgeBases(),
            [this](const QJsonArray &items, int status) {
                QList<KnowledgeBase> kbs;
                if (std::optional<Error> e = parseItems(items, status, u"knowledge base"_s,
                                                        api::parseKnowledgeBase, &kbs))
                    return end(e);
                for (const KnowledgeBase &kb : std::as_const(kbs))
                    m_kbIds << kb.id;
            },
            [this] { nextKb(); });
    }

private:
    template <typename OnPage, typename OnDone>
    void walk(const api::Route &route, OnPage onPage, OnDone onDone)
    {
        delete m_listing;
        m_listing = new PagedListing(m_http, route, m_budget, m_secret, this);
        connect(m_listing, &PagedListing::page, this,
                [this, onPage](const QJsonArray &items, int status) {
                    if (m_promise.isCanceled())
                        return end(std::nullopt); // the consumer lost interest
                    onPage(items, status);
                });
        connect(m_listing, &PagedListing::finished, this,
                [this, onDone](const std::optional<Error> &error) {
                    if (error)
                        return end(error);
                    onDone();
                });
        m_listing->start();
    }

    void nextKb()
    {
        if (m_next >= m_kbIds.size())
            return end(std::nullopt);
        walk(
            Routes::sources(m_kbIds[m_next++]),
            [this](const QJsonArray &items, int status) {
                QList<Source> sources;
                const std::optional<Error> e =
                    parseItems(items, status, u"source"_s, api::parseSource, &sources);
                if (e)
                    return end(e);
                // Client-side only: the documented List Sources takes no status filter.
                if (!m_statuses.isEmpty())
                    sources.removeIf([this](const Source &s) {
                        return !m_statuses.contains(s.status, Qt::CaseInsensitive);
                    });
                m_promise.addResult(SourcePage::success(sources));
            },
            [this] { nextKb(); });
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
        delete std::exchange(m_listing, nullptr); // no more signals from it
        deleteLater();
    }

    api::HttpClient *m_http;
    QString m_secret;
    std::shared_ptr<ListingBudget> m_budget;
    QStringList m_kbIds;
    QStringList m_statuses;
    QPromise<SourcePage> m_promise;
    qsizetype m_next = 0;
    PagedListing *m_listing = nullptr;
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
                if (!item.toObject().value("source_status_counts"_L1).isObject())
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
