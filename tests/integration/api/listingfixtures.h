#pragma once

// A scripted workspace for the listing tests: KBs and sources served two per page with opaque
// cursors, the way CursorPage[T] is documented (docs/feather-api.md §3.5).
#include "scriptedhttpserver.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringList>

namespace feather::test {

using namespace Qt::StringLiterals;

inline const QString KbPath = u"/v1/knowledge-base/knowledge-bases"_s;

inline QString idFor(int kb, int source = 0)
{
    return u"%1-0000-4000-8000-%2"_s.arg(kb, 8, 10, QChar(u'0')).arg(source, 12, 10, QChar(u'0'));
}

// The cursor of page n: opaque, with characters that need escaping in a query.
inline QString cursorFor(int n)
{
    return u"c+/=&%1 x"_s.arg(n);
}

inline QJsonObject kbJson(int kb, bool withCounts)
{
    QJsonObject o{{u"id"_s, idFor(kb)},
                  {u"organization_id"_s, idFor(99)},
                  {u"name"_s, u"KB %1"_s.arg(kb)},
                  {u"description"_s, QJsonValue::Null},
                  {u"is_active"_s, true},
                  {u"document_count"_s, kb * 10},
                  {u"embedding_model"_s, u"text-embedding-3-small"_s},
                  {u"created_at"_s, u"2026-11-01T10:00:00Z"_s},
                  {u"updated_at"_s, u"2026-11-02T10:00:00Z"_s}};
    if (withCounts)
        o.insert(u"source_status_counts"_s, QJsonObject{{u"active"_s, kb}, {u"error"_s, 1}});
    return o;
}

inline QJsonObject sourceJson(int kb, int source, const QString &status)
{
    return QJsonObject{{u"id"_s, idFor(kb, source)},
                       {u"knowledge_base_id"_s, idFor(kb)},
                       {u"provider"_s, u"notion"_s},
                       {u"status"_s, status},
                       {u"last_sync_job_id"_s, QJsonValue::Null},
                       {u"connection_metadata"_s, QJsonObject{}},
                       {u"created_at"_s, u"2026-11-01T10:00:00Z"_s},
                       {u"updated_at"_s, u"2026-11-02T10:00:00Z"_s}};
}

// Serves `items` two per page (whatever limit says), passing cursorFor(n) between pages.
inline ScriptedReply pageOf(const QJsonArray &items, const RecordedRequest &req)
{
    const QString cursor = req.queryValue(u"cursor"_s);
    int page = 0;
    while (!cursor.isEmpty() && cursorFor(page) != cursor && page < 1000)
        ++page;
    if (!cursor.isEmpty())
        ++page;
    QJsonArray slice;
    for (int i = page * 2; i < std::min<int>(items.size(), page * 2 + 2); ++i)
        slice << items[i];
    const bool more = items.size() > page * 2 + 2;
    QJsonObject body{{u"items"_s, slice}, {u"has_more"_s, more}};
    body.insert(u"next_cursor"_s,
                more ? QJsonValue(cursorFor(page)) : QJsonValue(QJsonValue::Null));
    return ScriptedReply::json(200, QJsonDocument(body).toJson(QJsonDocument::Compact));
}

inline QString statusOf(int source)
{
    static const QStringList statuses{u"active"_s, u"error"_s, u"syncing"_s, u"weird_new_state"_s};
    return statuses[source % statuses.size()];
}

// A small workspace: KBs 1..kbCount, KB k holding k*2+1 sources with rotating statuses.
struct Workspace {
    int kbCount = 3;
    bool counts = true;
    QJsonArray kbs() const
    {
        QJsonArray a;
        for (int k = 1; k <= kbCount; ++k)
            a << kbJson(k, counts);
        return a;
    }
    QJsonArray sources(int kb) const
    {
        QJsonArray a;
        for (int s = 0; s < kb * 2 + 1; ++s)
            a << sourceJson(kb, s, statusOf(s));
        return a;
    }
    ScriptedReply serve(const RecordedRequest &req) const
    {
        const QString path = QString::fromLatin1(req.path);
        if (path == KbPath)
            return pageOf(kbs(), req);
        for (int k = 1; k <= kbCount; ++k) {
            if (path == KbPath + u'/' + idFor(k) + u"/sources"_s)
                return pageOf(sources(k), req);
        }
        return ScriptedReply::json(404,
                                   R"({"error":"not_found","message":"Knowledge base not found"})");
    }
};

inline QList<RecordedRequest> requestsTo(const ScriptedHttpServer &server, const QString &path)
{
    QList<RecordedRequest> out;
    for (const RecordedRequest &r : server.requests()) {
        if (QString::fromLatin1(r.path) == path)
            out << r;
    }
    return out;
}

} // namespace feather::test
