// ApiBackend's list calls: cursor pagination, per-KB source counts, streamed source pages.
#include "api/apibackend.h"
#include "api/apimapping.h"
#include "api/httpclient.h"
#include "core/ids.h"
#include "core/json.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QPromise>
#include <QSet>

using namespace Qt::StringLiterals;

namespace feather {

using api::HttpRequest;
using api::HttpResult;

namespace {

constexpr auto PageLimit = 200;  // the API's maximum
constexpr int MaxPages = 100000; // a server that never says has_more=false stops here

const QString kbListPath = u"/v1/knowledge-base/knowledge-bases"_s;

QString sourcesPath(const QString &kbId)
{
    return kbListPath + u'/' + kbId + u"/sources"_s;
}

Error malformed(int httpStatus, const QString &why)
{
    api::HttpAnswer a;
    a.status = httpStatus;
    return api::malformedReply(a, why);
}

} // namespace

struct ApiBackend::Walk {
    QString path;
    QList<std::pair<QString, QString>> query;
    PageFn onPage;
    DoneFn done;
    std::function<bool()> cancelled;
    QString cursor;
    QSet<QString> seenCursors;
    int pages = 0;
};

void ApiBackend::walkPages(QString path, QList<std::pair<QString, QString>> query, PageFn onPage,
                           DoneFn done, std::function<bool()> cancelled)
{
    auto walk = std::make_shared<Walk>();
    walk->path = std::move(path);
    walk->query = std::move(query);
    walk->onPage = std::move(onPage);
    walk->done = std::move(done);
    walk->cancelled = std::move(cancelled);
    walkNext(walk);
}

void ApiBackend::walkNext(const std::shared_ptr<Walk> &walk)
{
    HttpRequest request;
    request.path = walk->path;
    request.query = walk->query;
    request.query.append({u"limit"_s, QString::number(PageLimit)});
    if (!walk->cursor.isEmpty())
        request.query.append({u"cursor"_s, walk->cursor});
    m_http->send(std::move(request), [this, walk](const HttpResult &result) {
        if (walk->cancelled && walk->cancelled())
            return walk->done(std::nullopt);
        QJsonObject page;
        if (std::optional<Error> e = api::jsonObjectOf(result, &page, m_config.apiKey))
            return walk->done(e);
        const int status = result.answer.status;
        const QJsonValue items = page.value("items"_L1);
        if (!items.isArray())
            return walk->done(malformed(status, u"no \"items\" array in a list page"_s));
        if (std::optional<Error> e = walk->onPage(items.toArray(), status))
            return walk->done(e);
        if (!page.value("has_more"_L1).toBool(false))
            return walk->done(std::nullopt);
        const QString next = page.value("next_cursor"_L1).toString();
        if (next.isEmpty())
            return walk->done(malformed(status, u"has_more is true but next_cursor is empty"_s));
        if (walk->seenCursors.contains(next) || ++walk->pages >= MaxPages)
            return walk->done(malformed(
                status, u"the list does not end (cursor \"%1\" repeats)"_s.arg(next.left(40))));
        walk->seenCursors.insert(next);
        walk->cursor = next;
        walkNext(walk);
    });
}

void ApiBackend::countSources(const QString &kbId,
                              std::function<void(Result<QMap<QString, int>>)> done)
{
    auto counts = std::make_shared<QMap<QString, int>>();
    walkPages(
        sourcesPath(kbId), {},
        [counts](const QJsonArray &items, int status) -> std::optional<Error> {
            for (const QJsonValue &item : items) {
                QString why;
                const std::optional<Source> s = json::sourceFromJson(item.toObject(), &why);
                if (!s)
                    return malformed(status, u"source: "_s + why);
                ++(*counts)[s->status];
            }
            return std::nullopt;
        },
        [counts, done](const std::optional<Error> &error) {
            Result<QMap<QString, int>> r;
            if (error)
                r.error = error;
            else
                r.value = *counts;
            done(r);
        });
}

QFuture<KnowledgeBasesResult> ApiBackend::listKnowledgeBases()
{
    auto promise = std::make_shared<QPromise<KnowledgeBasesResult>>();
    promise->start();
    auto finish = [promise](KnowledgeBasesResult r) {
        promise->addResult(std::move(r));
        promise->finish();
    };
    onOwnThread([this, finish] {
        if (!m_configError.isEmpty())
            return finish(KnowledgeBasesResult::failure(Outcome::Invalid, m_configError));
        struct State {
            QList<KnowledgeBase> kbs;
            QList<qsizetype> needCounts; // indexes of KBs without source_status_counts
            int outstanding = 0;
            bool finished = false;
        };
        auto state = std::make_shared<State>();
        walkPages(
            kbListPath, {},
            [state](const QJsonArray &items, int status) -> std::optional<Error> {
                for (const QJsonValue &item : items) {
                    QString why;
                    const QJsonObject o = item.toObject();
                    std::optional<KnowledgeBase> kb = json::knowledgeBaseFromJson(o, &why);
                    if (!kb)
                        return malformed(status, u"knowledge base: "_s + why);
                    if (!o.value("source_status_counts"_L1).isObject())
                        state->needCounts << state->kbs.size();
                    state->kbs << *kb;
                }
                return std::nullopt;
            },
            [this, state, finish](const std::optional<Error> &error) {
                if (error) {
                    KnowledgeBasesResult r;
                    r.error = error;
                    return finish(r);
                }
                if (state->needCounts.isEmpty())
                    return finish(KnowledgeBasesResult::success(state->kbs));
                // The server sent no counts: derive them, all KBs at once (the client's queue
                // keeps at most maxConnections requests in flight).
                state->outstanding = int(state->needCounts.size());
                for (const qsizetype index : std::as_const(state->needCounts)) {
                    countSources(state->kbs[index].id,
                                 [state, index, finish](Result<QMap<QString, int>> counts) {
                                     if (state->finished)
                                         return;
                                     if (!counts.ok()) {
                                         state->finished = true;
                                         KnowledgeBasesResult r;
                                         r.error = counts.error;
                                         return finish(r);
                                     }
                                     state->kbs[index].sourceStatusCounts = counts.value;
                                     if (--state->outstanding == 0) {
                                         state->finished = true;
                                         finish(KnowledgeBasesResult::success(state->kbs));
                                     }
                                 });
                }
            });
    });
    return promise->future();
}

QFuture<SourcePage> ApiBackend::listSources(const SourceQuery &query)
{
    auto promise = std::make_shared<QPromise<SourcePage>>();
    promise->start();
    onOwnThread([this, query, promise] {
        auto fail = [promise](const Error &e) {
            SourcePage page;
            page.error = e;
            promise->addResult(page);
            promise->finish();
        };
        if (!m_configError.isEmpty())
            return fail(Error{Outcome::Invalid, 0, m_configError});
        QStringList kbIds;
        for (const QString &id : query.kbIds) {
            const QString normal = normalizedUuid(id);
            if (normal.isNull())
                return fail(Error{Outcome::Invalid, 0, invalidUuidReason(u"kb_id"_s, id)});
            if (!kbIds.contains(normal))
                kbIds << normal;
        }

        // Walks the KBs' sources one KB after the other so pages arrive in order.
        struct State {
            QStringList kbIds;
            qsizetype next = 0;
            std::function<void()> step;
        };
        auto state = std::make_shared<State>();
        QList<std::pair<QString, QString>> filter;
        if (query.statuses.size() == 1)
            filter.append({u"status"_s, query.statuses.first()});
        auto cancelled = [promise] { return promise->isCanceled(); };
        auto onPage = [statuses = query.statuses, promise](const QJsonArray &items,
                                                           int status) -> std::optional<Error> {
            QList<Source> sources;
            for (const QJsonValue &item : items) {
                QString why;
                std::optional<Source> s = json::sourceFromJson(item.toObject(), &why);
                if (!s)
                    return malformed(status, u"source: "_s + why);
                // Servers may ignore status=, so filter here too.
                if (statuses.isEmpty() || statuses.contains(s->status, Qt::CaseInsensitive))
                    sources << *s;
            }
            promise->addResult(SourcePage::success(sources));
            return std::nullopt;
        };
        // `step` holds the state only weakly: the pending request's callbacks keep it alive,
        // so a backend destroyed mid-walk drops everything and the future is cancelled.
        state->step = [this, weak = std::weak_ptr<State>(state), promise, filter, cancelled, onPage,
                       fail] {
            const std::shared_ptr<State> self = weak.lock();
            if (!self)
                return;
            if (self->next >= self->kbIds.size() || promise->isCanceled()) {
                promise->finish();
                return;
            }
            const QString kb = self->kbIds[self->next++];
            walkPages(
                sourcesPath(kb), filter, onPage,
                [self, fail](const std::optional<Error> &error) {
                    if (error)
                        return fail(*error);
                    self->step();
                },
                cancelled);
        };
        if (!kbIds.isEmpty()) {
            state->kbIds = kbIds;
            return state->step();
        }
        // Every KB: read the KB list first.
        walkPages(
            kbListPath, {},
            [state](const QJsonArray &items, int status) -> std::optional<Error> {
                for (const QJsonValue &item : items) {
                    QString why;
                    std::optional<KnowledgeBase> kb =
                        json::knowledgeBaseFromJson(item.toObject(), &why);
                    if (!kb)
                        return malformed(status, u"knowledge base: "_s + why);
                    state->kbIds << kb->id;
                }
                return std::nullopt;
            },
            [state, fail](const std::optional<Error> &error) {
                if (error)
                    return fail(*error);
                state->step();
            },
            cancelled);
    });
    return promise->future();
}

} // namespace feather
