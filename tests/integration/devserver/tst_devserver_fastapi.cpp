// feather-devserver behaves as a FastAPI service does where clients can see it: trailing
// slashes, UUID spellings, routing errors, times to the second and a Date header; and the
// job endpoints (list with the active sugar, documents and logs that add up to the job's
// counters, retry) and connectors freshness answer as feather-api.md documents.
#include "devserverharness.h"
#include "rawhttp.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QTest>
#include <QUuid>

using namespace feather::test;

class TestDevServerFastApi final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void trailingSlash_redirects307ToThePathWithoutIt_keepingTheQuery();
    void uuidSpellings_acceptedAsFastApiDoes();
    void routingErrors_areFastApiShaped_withoutAKey();
    void everyAnswer_hasADateHeader_andTimesStampedToTheSecond();
    void percentEncodedSlashInAPath_logsOneIntactLine();
    void jobList_filtersByStatusWithActiveSugar_newestFirst_pages();
    void jobDocumentsAndLogs_addUpToTheJobsCounters();
    void retry_requeuesOnlyFailedJobs_andTheSimulationFinishesIt();
    void freshness_oneRowPerSyncedSource_filteredByKnowledgeBase();

private:
    DevServerProcess m_server;
    std::unique_ptr<ApiClient> m_client;
    QString m_kb;
    QStringList m_active, m_errored;
};

void TestDevServerFastApi::initTestCase()
{
    QString why;
    QVERIFY2(m_server.start({QStringLiteral("--sync-seconds"), QStringLiteral("2"),
                             QStringLiteral("--job-fail-every"), QStringLiteral("0")},
                            &why, 200),
             qPrintable(why));
    m_client = std::make_unique<ApiClient>(m_server);
    // One KB with enough active and errored sources for every test below.
    const HttpReply kbs = m_client->get(QStringLiteral("/knowledge-bases?limit=200"));
    for (const QJsonValue &kb : kbs.json.value(QLatin1String("items")).toArray()) {
        const QString id = kb.toObject().value(QLatin1String("id")).toString();
        QStringList active, errored;
        for (const QJsonValue &s :
             m_client->get(QStringLiteral("/knowledge-bases/%1/sources?limit=200").arg(id))
                 .json.value(QLatin1String("items"))
                 .toArray()) {
            const QString status = s.toObject().value(QLatin1String("status")).toString();
            const QString sourceId = s.toObject().value(QLatin1String("id")).toString();
            if (status == QLatin1String("active"))
                active << sourceId;
            else if (status == QLatin1String("error"))
                errored << sourceId;
        }
        if (active.size() >= 3 && errored.size() >= 1
            && (m_kb.isEmpty() || errored.size() > m_errored.size())) {
            m_kb = id;
            m_active = active;
            m_errored = errored;
        }
    }
    QVERIFY2(!m_kb.isEmpty(), "no KB with 3 active and 1 errored source in the demo seed");
}

void TestDevServerFastApi::trailingSlash_redirects307ToThePathWithoutIt_keepingTheQuery()
{
    const RawReply r = rawExchange(
        m_server.port(), rawRequest("GET", "/v1/knowledge-base/knowledge-bases/?limit=2", {}));
    QCOMPARE(r.status, 307);
    QCOMPARE(r.header("location"),
             QByteArray("http://127.0.0.1/v1/knowledge-base/knowledge-bases?limit=2"));
    QVERIFY(r.body.isEmpty());
    const QByteArray source = "/v1/knowledge-base/knowledge-bases/" + m_kb.toLatin1() + "/sources/"
                              + m_active.first().toLatin1() + "/sync/status/";
    const RawReply deep =
        rawExchange(m_server.port(), rawRequest("GET", source, m_server.apiKey()));
    QCOMPARE(deep.status, 307);
    QCOMPARE(deep.header("location"), "http://127.0.0.1" + source.chopped(1));
    // Not for a path that does not exist without the slash either.
    QCOMPARE(rawExchange(m_server.port(), rawRequest("GET", "/v1/nope/", {})).status, 404);
}

void TestDevServerFastApi::uuidSpellings_acceptedAsFastApiDoes()
{
    const QString src = m_active.first();
    const QString hex = QString(src).remove(u'-');
    for (const QString &spelling : QStringList{src.toUpper(), hex, QStringLiteral("{%1}").arg(src),
                                               QStringLiteral("urn:uuid:") + src}) {
        const HttpReply r =
            m_client->get(QStringLiteral("/knowledge-bases/%1/sources/%2")
                              .arg(QString(m_kb).remove(u'-'),
                                   QString::fromLatin1(QUrl::toPercentEncoding(spelling))));
        QVERIFY2(r.status == 200, qPrintable(spelling));
        QCOMPARE(r.json.value(QLatin1String("id")).toString(), src); // answered canonically
    }
    const HttpReply bad = m_client->get(QStringLiteral("/knowledge-bases/%1-0").arg(m_kb));
    QCOMPARE(bad.status, 422);
    const QJsonObject entry = bad.json.value(QLatin1String("detail")).toArray().first().toObject();
    QCOMPARE(entry.value(QLatin1String("type")).toString(), QStringLiteral("uuid_parsing"));
    QVERIFY(entry.value(QLatin1String("msg")).toString().contains(QLatin1String("group")));
}

void TestDevServerFastApi::routingErrors_areFastApiShaped_withoutAKey()
{
    // Routing comes before the key, as with FastAPI's per-operation security dependency.
    const RawReply unknown = rawExchange(m_server.port(), rawRequest("GET", "/v1/whatever", {}));
    QCOMPARE(unknown.status, 404);
    QCOMPARE(unknown.body, QByteArray(R"({"detail":"Not Found"})"));
    const RawReply method =
        rawExchange(m_server.port(), rawRequest("PUT", "/v1/knowledge-base/knowledge-bases", {}));
    QCOMPARE(method.status, 405);
    QCOMPARE(method.body, QByteArray(R"({"detail":"Method Not Allowed"})"));
    QCOMPARE(method.header("allow"), QByteArray("GET"));
    const RawReply head =
        rawExchange(m_server.port(), rawRequest("HEAD", "/v1/knowledge-base/knowledge-bases", {}));
    QCOMPARE(head.status, 405);
    QCOMPARE(head.header("allow"), QByteArray("GET"));
    // A segment holding an encoded slash is two segments once decoded (Starlette matches the
    // decoded path).
    const RawReply slash =
        rawExchange(m_server.port(), rawRequest("GET", "/v1/knowledge-base/knowledge-bases/a%2Fb",
                                                m_server.apiKey()));
    QCOMPARE(slash.status, 404);
    // A known route without the key is 401 with the documented body.
    const RawReply noKey =
        rawExchange(m_server.port(), rawRequest("GET", "/v1/knowledge-base/knowledge-bases", {}));
    QCOMPARE(noKey.status, 401);
    QCOMPARE(noKey.json().object().value(QLatin1String("error")).toString(),
             QStringLiteral("authentication_required"));
}

void TestDevServerFastApi::everyAnswer_hasADateHeader_andTimesStampedToTheSecond()
{
    const QRegularExpression second(QStringLiteral("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ$"));
    const QString source = sourcePath(m_kb, m_active.first());
    int times = 0;
    for (const QString &path : QStringList{QStringLiteral("/knowledge-bases/") + m_kb, source,
                                           source + QStringLiteral("/sync/status")}) {
        const HttpReply r = m_client->get(path);
        QCOMPARE(r.status, 200);
        // IMF-fixdate: RFC 2822 with "GMT" for the zone.
        QString text = QString::fromLatin1(r.header("date"));
        QVERIFY(text.endsWith(QLatin1String(" GMT")));
        const QDateTime date = QDateTime::fromString(
            text.replace(QLatin1String("GMT"), QLatin1String("+0000")), Qt::RFC2822Date);
        QVERIFY2(date.isValid(), r.header("date").constData());
        QVERIFY(qAbs(date.secsTo(QDateTime::currentDateTimeUtc())) < 60);
        for (auto it = r.json.constBegin(); it != r.json.constEnd(); ++it) {
            if (it.key().endsWith(QLatin1String("_at")) && it.value().isString()) {
                ++times;
                QVERIFY2(second.match(it.value().toString()).hasMatch(),
                         qPrintable(it.key() + u'=' + it.value().toString()));
            }
        }
    }
    QVERIFY(times >= 4);
    for (const RawReply &r :
         {rawExchange(m_server.port(), rawRequest("GET", "/nope", {})),
          rawExchange(m_server.port(), "GET / HTTP/1.1\r\nHost: x\r\nBad Header: 1\r\n\r\n")})
        QVERIFY(!r.header("date").isEmpty());
}

void TestDevServerFastApi::percentEncodedSlashInAPath_logsOneIntactLine()
{
    const QByteArray marker = QUuid::createUuid().toByteArray(QUuid::Id128);
    const QByteArray path = "/v1/knowledge-base/knowledge-bases/" + marker + "%2F%1%25%2";
    QCOMPARE(rawExchange(m_server.port(), rawRequest("GET", path, m_server.apiKey())).status, 404);
    QByteArray line;
    for (const QByteArray &l : m_server.stderrLog().split('\n')) {
        if (l.contains(marker))
            line = l;
    }
    // "<time> GET <path as sent> 404 <n>ms"
    const QList<QByteArray> fields = line.split(' ');
    QCOMPARE(fields.size(), 5);
    QCOMPARE(fields.at(1), QByteArray("GET"));
    QCOMPARE(fields.at(2), path);
    QCOMPARE(fields.at(3), QByteArray("404"));
}

void TestDevServerFastApi::jobList_filtersByStatusWithActiveSugar_newestFirst_pages()
{
    const QString base = QStringLiteral("/knowledge-bases/%1/ingestion-jobs").arg(m_kb);
    const HttpReply triggered =
        m_client->post(sourcePath(m_kb, m_active.at(0), QStringLiteral("/sync")));
    QCOMPARE(triggered.status, 200);
    const QString jobId = triggered.json.value(QLatin1String("job_id")).toString();
    const HttpReply active = m_client->get(base + QStringLiteral("?status=active&limit=200"));
    QCOMPARE(active.status, 200);
    QSet<QString> activeIds;
    for (const QJsonValue &j : active.json.value(QLatin1String("items")).toArray()) {
        const QString status = j.toObject().value(QLatin1String("status")).toString();
        QVERIFY2(status == QLatin1String("queued") || status == QLatin1String("processing"),
                 qPrintable(status));
        activeIds.insert(j.toObject().value(QLatin1String("id")).toString());
    }
    QVERIFY(activeIds.contains(jobId));
    // Newest first: our new job heads the unfiltered list; paging returns every job once.
    int pages = 0;
    QString why;
    const auto all = m_client->walk(base, 2, &pages, &why);
    QVERIFY2(all, qPrintable(why));
    QVERIFY(pages >= 2);
    QCOMPARE(all->first().toObject().value(QLatin1String("id")).toString(), jobId);
    QSet<QString> ids;
    QDateTime previous;
    for (const QJsonValue &j : *all) {
        const QJsonObject o = j.toObject();
        QVERIFY(!ids.contains(o.value(QLatin1String("id")).toString()));
        ids.insert(o.value(QLatin1String("id")).toString());
        const QDateTime created =
            QDateTime::fromString(o.value(QLatin1String("created_at")).toString(), Qt::ISODate);
        QVERIFY(!previous.isValid() || created <= previous);
        previous = created;
    }
    // Failed jobs do not change here (--job-fail-every 0): the filter returns exactly those.
    const HttpReply failed = m_client->get(base + QStringLiteral("?status=failed&limit=200"));
    for (const QJsonValue &j : failed.json.value(QLatin1String("items")).toArray())
        QCOMPARE(j.toObject().value(QLatin1String("status")).toString(), QStringLiteral("failed"));
    qsizetype failedInAll = 0;
    for (const QJsonValue &j : *all)
        failedInAll +=
            j.toObject().value(QLatin1String("status")).toString() == QLatin1String("failed");
    QCOMPARE(failed.json.value(QLatin1String("items")).toArray().size(), failedInAll);
    QVERIFY(failedInAll > 0);
}

void TestDevServerFastApi::jobDocumentsAndLogs_addUpToTheJobsCounters()
{
    const QString failedJob = m_client->get(sourcePath(m_kb, m_errored.first()))
                                  .json.value(QLatin1String("last_sync_job_id"))
                                  .toString();
    const HttpReply job = m_client->get(QStringLiteral("/ingestion-jobs/") + failedJob);
    QCOMPARE(job.status, 200);
    QCOMPARE(job.json.value(QLatin1String("status")).toString(), QStringLiteral("failed"));
    const int total = job.json.value(QLatin1String("total_documents")).toInt();
    QVERIFY(total > 0);
    int pages = 0;
    QString why;
    const auto docs = m_client->walk(QStringLiteral("/ingestion-jobs/%1/documents").arg(failedJob),
                                     37, &pages, &why);
    QVERIFY2(docs, qPrintable(why));
    QCOMPARE(docs->size(), total);
    QMap<QString, int> byStatus;
    for (const QJsonValue &d : *docs) {
        const QJsonObject o = d.toObject();
        ++byStatus[o.value(QLatin1String("status")).toString()];
        if (o.value(QLatin1String("status")).toString() == QLatin1String("failed"))
            QVERIFY(!o.value(QLatin1String("error_message")).toString().isEmpty());
    }
    QCOMPARE(byStatus.value(QStringLiteral("completed")),
             job.json.value(QLatin1String("completed")).toInt());
    QCOMPARE(byStatus.value(QStringLiteral("failed")),
             job.json.value(QLatin1String("failed")).toInt());
    QVERIFY(byStatus.value(QStringLiteral("failed")) > 0);
    // Deterministic: the same documents a second time.
    QCOMPARE(m_client->walk(QStringLiteral("/ingestion-jobs/%1/documents").arg(failedJob), 37,
                            &pages, &why),
             docs);
    const auto logs =
        m_client->walk(QStringLiteral("/ingestion-jobs/%1/logs").arg(failedJob), 50, &pages, &why);
    QVERIFY2(logs, qPrintable(why));
    QCOMPARE(logs->size(), total); // every document of a finished job has logs
    int failedGroups = 0;
    for (const QJsonValue &g : *logs) {
        const QJsonObject o = g.toObject();
        const QJsonArray entries = o.value(QLatin1String("logs")).toArray();
        QVERIFY(!entries.isEmpty());
        if (o.value(QLatin1String("status")).toString() == QLatin1String("failed")) {
            ++failedGroups;
            QCOMPARE(entries.last().toObject().value(QLatin1String("status")).toString(),
                     QStringLiteral("failed"));
        }
    }
    QCOMPARE(failedGroups, byStatus.value(QStringLiteral("failed")));
}

void TestDevServerFastApi::retry_requeuesOnlyFailedJobs_andTheSimulationFinishesIt()
{
    const QString source = m_errored.first();
    const QString failedJob = m_client->get(sourcePath(m_kb, source))
                                  .json.value(QLatin1String("last_sync_job_id"))
                                  .toString();
    const HttpReply before = m_client->get(QStringLiteral("/ingestion-jobs/") + failedJob);
    const int completedBefore = before.json.value(QLatin1String("completed")).toInt();
    const HttpReply retry =
        m_client
            ->collect(
                {m_client->send("POST", QStringLiteral("/ingestion-jobs/%1/retry").arg(failedJob))})
            .constFirst();
    QCOMPARE(retry.status, 202);
    QCOMPARE(retry.json.value(QLatin1String("job_id")).toString(), failedJob);
    // The source is syncing that job now; a second retry is refused (the job is in flight).
    QCOMPARE(m_client->get(sourcePath(m_kb, source)).json.value(QLatin1String("status")).toString(),
             QStringLiteral("syncing"));
    const HttpReply again =
        m_client
            ->collect(
                {m_client->send("POST", QStringLiteral("/ingestion-jobs/%1/retry").arg(failedJob))})
            .constFirst();
    QCOMPARE(again.status, 400);
    // --sync-seconds 2, --job-fail-every 0: it completes, keeping what had completed before.
    QJsonObject job;
    for (int i = 0; i < 100; ++i) {
        job = m_client->get(QStringLiteral("/ingestion-jobs/") + failedJob).json;
        if (job.value(QLatin1String("status")).toString() == QLatin1String("completed"))
            break;
        QVERIFY(job.value(QLatin1String("completed")).toInt() >= completedBefore);
        QTest::qWait(100);
    }
    QCOMPARE(job.value(QLatin1String("status")).toString(), QStringLiteral("completed"));
    QCOMPARE(job.value(QLatin1String("failed")).toInt(), 0);
    QCOMPARE(m_client->get(sourcePath(m_kb, source)).json.value(QLatin1String("status")).toString(),
             QStringLiteral("active"));
    // A completed job is not retried.
    const HttpReply done =
        m_client
            ->collect(
                {m_client->send("POST", QStringLiteral("/ingestion-jobs/%1/retry").arg(failedJob))})
            .constFirst();
    QCOMPARE(done.status, 400);
    QCOMPARE(done.json.value(QLatin1String("error")).toString(), QStringLiteral("bad_request"));
}

void TestDevServerFastApi::freshness_oneRowPerSyncedSource_filteredByKnowledgeBase()
{
    const QUrl url(QStringLiteral("http://127.0.0.1:%1/v1/analytics/knowledge/connectors/freshness")
                       .arg(m_server.port()));
    auto fetch = [&](const QString &query) {
        const RawReply r =
            rawExchange(m_server.port(), rawRequest("GET", url.path().toLatin1() + query.toLatin1(),
                                                    m_server.apiKey()));
        return r;
    };
    const RawReply all = fetch({});
    QCOMPARE(all.status, 200);
    QVERIFY(all.json().isArray());            // a bare array, not a CursorPage
    QCOMPARE(all.json().array().size(), 200); // every demo source has synced
    const RawReply one = fetch(QStringLiteral("?knowledge_base_id=") + m_kb);
    const QJsonArray rows = one.json().array();
    int pages = 0;
    QString why;
    const auto sources =
        m_client->walk(QStringLiteral("/knowledge-bases/%1/sources").arg(m_kb), 200, &pages, &why);
    QVERIFY2(sources, qPrintable(why));
    QCOMPARE(rows.size(), sources->size());
    for (const QJsonValue &row : rows) {
        const QJsonObject o = row.toObject();
        QCOMPARE(o.value(QLatin1String("knowledge_base_id")).toString(), m_kb);
        QVERIFY(o.value(QLatin1String("time_since_last_event_seconds")).toInt() >= 0);
        if (o.value(QLatin1String("last_status")).toString() == QLatin1String("failed"))
            QVERIFY(!o.value(QLatin1String("last_error_message")).toString().isEmpty());
    }
    QCOMPARE(fetch(QStringLiteral("?knowledge_base_id=")
                   + QUuid::createUuid().toString(QUuid::WithoutBraces))
                 .json()
                 .array()
                 .size(),
             0);
}

QTEST_GUILESS_MAIN(TestDevServerFastApi)
#include "tst_devserver_fastapi.moc"
