// The console's start-up load (models/workspace.h) against a scripted server that answers the
// documented API: the KB list and every source page are read once, the connectors freshness
// once; per-KB counts come from the streamed source pages; a list that is not all in is never
// presented as complete (counts partial, "whole list" actions off).
#include "listingfixtures.h"
#include "models/knowledgebasemodel.h"
#include "models/sourcemodel.h"
#include "models/workspace.h"

#include <QSignalSpy>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace feather;
using namespace feather::test;

namespace {

constexpr int kKbs = 3;
constexpr int kSourcesPerKb = 5; // three pages of two, per KB
const QByteArray FreshnessPath = "/v1/analytics/knowledge/connectors/freshness";

QByteArray sourcesPath(int kb)
{
    return (KbPath + u"/"_s + idFor(kb) + u"/sources"_s).toLatin1();
}

QJsonObject freshnessJson(int kb, int source, const QString &lastStatus, const QString &error)
{
    return QJsonObject{{u"knowledge_base_source_id"_s, idFor(kb, source)},
                       {u"knowledge_base_id"_s, idFor(kb)},
                       {u"provider"_s, u"notion"_s},
                       {u"last_status"_s, lastStatus},
                       {u"last_event_type"_s, lastStatus},
                       {u"last_items_processed"_s, 3},
                       {u"last_items_succeeded"_s, 2},
                       {u"last_items_failed"_s, 1},
                       {u"last_items_unchanged"_s, 0},
                       {u"last_event_at"_s, u"2026-11-29T10:05:00Z"_s},
                       {u"time_since_last_event_seconds"_s, 5400},
                       {u"last_sync_completed_at"_s, u"2026-11-29T10:05:00Z"_s},
                       {u"last_error_message"_s,
                        error.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(error)}};
}

// A documented-API world: 3 KBs (no source_status_counts: the documented KB has none), 5
// sources each, freshness rows for every source; `slowPage` / `failPath` shape one test.
struct World {
    ScriptedHttpServer server;
    QByteArray freshness;
    QByteArray failPath;   // this path's second page answers 500
    int slowSourcesMs = 0; // delay for every source page after the first
    int sourcePagesServed = 0;

    bool start()
    {
        QJsonArray rows;
        for (int kb = 1; kb <= kKbs; ++kb) {
            for (int s = 1; s <= kSourcesPerKb; ++s)
                rows << freshnessJson(
                    kb, s, statusOf(s) == u"error"_s ? u"failed"_s : u"completed"_s,
                    statusOf(s) == u"error"_s ? u"Notion token expired (KB %1)"_s.arg(kb)
                                              : QString());
        }
        freshness = QJsonDocument(rows).toJson(QJsonDocument::Compact);
        server.setHandler([this](const RecordedRequest &r) {
            if (r.path == KbPath.toLatin1()) {
                QJsonArray kbs;
                for (int kb = 1; kb <= kKbs; ++kb)
                    kbs << kbJson(kb, false);
                return pageOf(kbs, r);
            }
            if (r.path == FreshnessPath)
                return ScriptedReply::json(200, freshness);
            for (int kb = 1; kb <= kKbs; ++kb) {
                if (r.path != sourcesPath(kb))
                    continue;
                if (r.path == failPath && !r.queryValue(u"cursor"_s).isEmpty())
                    return ScriptedReply::json(500, R"({"detail":"database went away"})");
                QJsonArray items;
                for (int s = 1; s <= kSourcesPerKb; ++s)
                    items << sourceJson(kb, s, statusOf(s));
                ScriptedReply reply = pageOf(items, r);
                if (sourcePagesServed++ > 0)
                    reply.delayMs = slowSourcesMs;
                return reply;
            }
            return ScriptedReply::json(404, R"({"detail":"Not Found"})");
        });
        return server.listen();
    }

    int requestsTo(const QByteArray &path) const
    {
        int n = 0;
        for (const RecordedRequest &r : server.requests())
            n += r.path == path ? 1 : 0;
        return n;
    }
};

Profile profileFor(const World &world)
{
    Profile p;
    p.name = u"scripted"_s;
    p.mode = BackendMode::Api;
    p.baseUrl = world.server.baseUrl().toString();
    p.concurrency = 4;
    return p;
}

bool open(feather::Workspace &ws, const World &world)
{
    QString why;
    if (!ws.open(profileFor(world), u"fth_test_key"_s, &why)) {
        qWarning("open: %s", qPrintable(why));
        return false;
    }
    return true;
}

} // namespace

class TestWorkspaceLoading final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void startup_readsKbListAndEverySourcePageOnce();
    void startup_lastErrorAndStalenessFromFreshness();
    void midLoad_countsPartialAndListNotComplete();
    void listingFailsPartWay_countsStayPartial();
    void malformedFreshness_saysWhy_listStillComplete();
};

void TestWorkspaceLoading::startup_readsKbListAndEverySourcePageOnce()
{
    World world;
    QVERIFY(world.start());
    feather::Workspace ws;
    QSignalSpy loaded(&ws, &feather::Workspace::loaded);
    QVERIFY(open(ws, world));
    QVERIFY(loaded.wait(20000));
    QCOMPARE(ws.sources()->rowCount(), kKbs * kSourcesPerKb);

    // Two pages of KBs (two per page), three pages of sources per KB, one freshness read:
    // each exactly once. Before: a second KB walk for listSources and a third, with every
    // KB's sources again, for the per-KB counts.
    QCOMPARE(world.requestsTo(KbPath.toLatin1()), 2);
    for (int kb = 1; kb <= kKbs; ++kb)
        QCOMPARE(world.requestsTo(sourcesPath(kb)), 3);
    QCOMPARE(world.requestsTo(FreshnessPath), 1);
    QCOMPARE(world.server.requests().size(), 2 + 3 * kKbs + 1);

    // The counts come from the streamed pages, and they are final now.
    const KnowledgeBaseModel *kbs = ws.knowledgeBases();
    QVERIFY(!kbs->countsPartial());
    QVERIFY(ws.isListComplete());
    QCOMPARE(kbs->data(kbs->index(0, KnowledgeBaseModel::SourcesColumn)).toInt(),
             kKbs * kSourcesPerKb);
    const QVariantMap counts =
        kbs->data(kbs->index(1, 0), KnowledgeBaseModel::StatusCountsRole).toMap();
    QCOMPARE(counts.value(u"error"_s).toInt(), 2); // statusOf(1), statusOf(5)
    QCOMPARE(counts.value(u"active"_s).toInt(), 1);
    QCOMPARE(counts.value(u"syncing"_s).toInt(), 1);
    QCOMPARE(counts.value(u"weird_new_state"_s).toInt(), 1);

    // F5: once more, and again only once each.
    loaded.clear();
    ws.refresh();
    QVERIFY(loaded.wait(20000));
    QCOMPARE(world.server.requests().size(), 2 * (2 + 3 * kKbs + 1));
}

void TestWorkspaceLoading::startup_lastErrorAndStalenessFromFreshness()
{
    World world;
    QVERIFY(world.start());
    feather::Workspace ws;
    QSignalSpy loaded(&ws, &feather::Workspace::loaded);
    QVERIFY(open(ws, world));
    QVERIFY(loaded.wait(20000));
    const SourceModel *model = ws.sources();
    const Source *errored = model->source(idFor(2, 1)); // statusOf(1) == "error"
    QVERIFY(errored);
    QCOMPARE(errored->status, u"error"_s);
    QCOMPARE(errored->lastErrorMessage, u"Notion token expired (KB 2)"_s);
    QCOMPARE(errored->lastSyncStatus, u"failed"_s);
    QCOMPARE(errored->secondsSinceLastEvent, std::optional<qint64>(5400));
    const int row = model->rowOf(errored->id);
    QCOMPARE(model->data(model->index(row, SourceModel::LastErrorColumn)).toString(),
             u"Notion token expired (KB 2)"_s);
    const Source *fine = model->source(idFor(2, 4));
    QVERIFY(fine);
    QCOMPARE(fine->lastSyncStatus, u"completed"_s);
    QVERIFY(fine->lastErrorMessage.isEmpty());

    // A refresh merges pages without those fields: they stay.
    loaded.clear();
    ws.refresh();
    QVERIFY(loaded.wait(20000));
    QCOMPARE(model->source(idFor(2, 1))->lastErrorMessage, u"Notion token expired (KB 2)"_s);
}

void TestWorkspaceLoading::midLoad_countsPartialAndListNotComplete()
{
    World world;
    world.slowSourcesMs = 300;
    QVERIFY(world.start());
    feather::Workspace ws;
    QSignalSpy loaded(&ws, &feather::Workspace::loaded);
    QSignalSpy progress(&ws, &feather::Workspace::loadProgress);
    QVERIFY(open(ws, world));
    QVERIFY(progress.wait(20000));
    QVERIFY(loaded.isEmpty());
    QCOMPARE(progress.last().at(0).toInt(), 1); // pages so far
    QCOMPARE(progress.last().at(1).toInt(), 2); // sources so far
    const KnowledgeBaseModel *kbs = ws.knowledgeBases();
    QVERIFY(kbs->countsPartial());
    QVERIFY(!ws.isListComplete());
    QVERIFY(!ws.sources()->isComplete());
    const QString shown = kbs->data(kbs->index(0, KnowledgeBaseModel::SourcesColumn)).toString();
    QVERIFY2(shown.endsWith(u"…"_s), qPrintable(shown));
    QVERIFY(loaded.wait(20000));
    QVERIFY(!kbs->countsPartial());
    QVERIFY(ws.isListComplete());
    QCOMPARE(kbs->data(kbs->index(0, KnowledgeBaseModel::SourcesColumn)).toString(),
             QString::number(kKbs * kSourcesPerKb));
    QCOMPARE(progress.last().at(0).toInt(), 3 * kKbs);
}

void TestWorkspaceLoading::listingFailsPartWay_countsStayPartial()
{
    World world;
    world.failPath = sourcesPath(2);
    QVERIFY(world.start());
    feather::Workspace ws;
    QSignalSpy loaded(&ws, &feather::Workspace::loaded);
    QSignalSpy problem(&ws, &feather::Workspace::problem);
    QVERIFY(open(ws, world));
    QVERIFY(loaded.wait(20000));
    QVERIFY(!problem.isEmpty());
    QVERIFY2(problem.first().at(0).toString().contains(u"database went away"_s),
             qPrintable(problem.first().at(0).toString()));
    QVERIFY(!ws.isListComplete());
    QVERIFY(ws.knowledgeBases()->countsPartial());
    QCOMPARE(ws.sources()->rowCount(), kSourcesPerKb + 2); // KB 1 and KB 2's first page
}

void TestWorkspaceLoading::malformedFreshness_saysWhy_listStillComplete()
{
    World world;
    QVERIFY(world.start());
    world.freshness = R"([{"knowledge_base_source_id":"x"}])";
    feather::Workspace ws;
    QSignalSpy loaded(&ws, &feather::Workspace::loaded);
    QSignalSpy problem(&ws, &feather::Workspace::problem);
    QVERIFY(open(ws, world));
    QVERIFY(loaded.wait(20000));
    QCOMPARE(problem.size(), 1);
    const QString text = problem.first().at(0).toString();
    QVERIFY2(text.contains(u"malformed reply"_s) && text.contains(u"Last error"_s),
             qPrintable(text));
    QVERIFY(ws.isListComplete());
    QVERIFY(!ws.knowledgeBases()->countsPartial());
    QVERIFY(ws.sources()->source(idFor(1, 1))->lastErrorMessage.isEmpty());
}

QTEST_GUILESS_MAIN(TestWorkspaceLoading)
#include "tst_workspace_loading.moc"
