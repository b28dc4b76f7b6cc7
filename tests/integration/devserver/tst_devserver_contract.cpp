// Contract test: every operation feather-devserver serves, its success answers and each error
// it can give, validated against the OpenAPI document it serves (app/devserver/openapi.json)
// by tests/integration/devserver/contract/validate.py with Debian's python3-jsonschema.
#include "devserverharness.h"
#include "rawhttp.h"
#include "support/testsupport.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using namespace feather::test;

namespace {

const QString kKbs = QStringLiteral("/v1/knowledge-base/knowledge-bases");
const QString kKb = kKbs + QStringLiteral("/{kb_id}");
const QString kSources = kKb + QStringLiteral("/sources");
const QString kSource = kSources + QStringLiteral("/{source_id}");
const QString kSync = kSource + QStringLiteral("/sync");
const QString kStatus = kSource + QStringLiteral("/sync/status");
const QString kSchedule = kSource + QStringLiteral("/schedule");
const QString kJobs = kKb + QStringLiteral("/ingestion-jobs");
const QString kJob = QStringLiteral("/v1/knowledge-base/ingestion-jobs/{job_id}");
const QString kDocs = kJob + QStringLiteral("/documents");
const QString kLogs = kJob + QStringLiteral("/logs");
const QString kRetry = kJob + QStringLiteral("/retry");
const QString kFresh = QStringLiteral("/v1/analytics/knowledge/connectors/freshness");

QString fill(QString templ, const QString &kb, const QString &source = {}, const QString &job = {})
{
    return templ.replace(QLatin1String("{kb_id}"), kb)
        .replace(QLatin1String("{source_id}"), source)
        .replace(QLatin1String("{job_id}"), job);
}

QString sourcePath(const QString &relative)
{
    return qEnvironmentVariable("FEATHER_SOURCE_DIR") + u'/' + relative;
}

QString nobody()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

} // namespace

class TestDevServerContract final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void openApiDocument_isServedAndIsTheCheckedInFile();
    void everyOperation_successAndEachError_matchTheDocument();

private:
    RawReply call(const QByteArray &method, const QString &target, const QString &templ,
                  const QByteArray &body = QByteArray(), const QList<QByteArray> &extra = {},
                  bool withKey = true, quint16 port = 0);
    void record(const QByteArray &method, const QString &templ, const RawReply &reply,
                const QString &component = {});
    void sourcesOf(const QString &kbId, QJsonArray *out);

    DevServerProcess m_server;
    QTemporaryDir m_dir;
    QList<QByteArray> m_cases;
    QJsonArray m_sources; // every source of the demo workspace
};

void TestDevServerContract::initTestCase()
{
    QString why;
    QVERIFY2(m_server.start({QStringLiteral("--sync-seconds"), QStringLiteral("600"),
                             QStringLiteral("--job-fail-every"), QStringLiteral("0")},
                            &why, 120),
             qPrintable(why));
    const RawReply kbs = rawExchange(
        m_server.port(),
        rawRequest("GET", "/v1/knowledge-base/knowledge-bases?limit=200", m_server.apiKey()));
    QCOMPARE(kbs.status, 200);
    for (const QJsonValue &kb : kbs.json().object().value(QLatin1String("items")).toArray())
        sourcesOf(kb.toObject().value(QLatin1String("id")).toString(), &m_sources);
    QVERIFY(m_sources.size() >= 100);
}

void TestDevServerContract::sourcesOf(const QString &kbId, QJsonArray *out)
{
    const RawReply page = rawExchange(
        m_server.port(),
        rawRequest("GET", fill(kSources, kbId).toLatin1() + "?limit=200", m_server.apiKey()));
    for (const QJsonValue &s : page.json().object().value(QLatin1String("items")).toArray())
        out->append(s);
}

RawReply TestDevServerContract::call(const QByteArray &method, const QString &target,
                                     const QString &templ, const QByteArray &body,
                                     const QList<QByteArray> &extra, bool withKey, quint16 port)
{
    const RawReply reply =
        rawExchange(port ? port : m_server.port(),
                    rawRequest(method, target.toLatin1(),
                               withKey ? m_server.apiKey() : QByteArray(), body, extra));
    record(method, templ, reply);
    return reply;
}

void TestDevServerContract::record(const QByteArray &method, const QString &templ,
                                   const RawReply &reply, const QString &component)
{
    QJsonObject headers;
    for (auto it = reply.headers.cbegin(); it != reply.headers.cend(); ++it)
        headers.insert(QString::fromLatin1(it.key()), QString::fromLatin1(it.value()));
    QJsonParseError error;
    const QJsonDocument body = QJsonDocument::fromJson(reply.body, &error);
    QJsonObject c{{QStringLiteral("method"), QString::fromLatin1(method)},
                  {QStringLiteral("path"), component.isEmpty() ? templ : QStringLiteral("*")},
                  {QStringLiteral("status"), reply.status},
                  {QStringLiteral("headers"), headers}};
    if (!component.isEmpty())
        c.insert(QStringLiteral("response"), component);
    if (reply.body.isEmpty())
        c.insert(QStringLiteral("body"), QJsonValue::Null);
    else if (body.isArray())
        c.insert(QStringLiteral("body"), body.array());
    else if (body.isObject())
        c.insert(QStringLiteral("body"), body.object());
    else
        c.insert(QStringLiteral("body"), QString::fromUtf8(reply.body)); // fails validation
    m_cases.append(QJsonDocument(c).toJson(QJsonDocument::Compact));
}

void TestDevServerContract::openApiDocument_isServedAndIsTheCheckedInFile()
{
    // Served without a key, like FastAPI's own /openapi.json.
    const RawReply served = rawExchange(m_server.port(), rawRequest("GET", "/openapi.json", {}));
    QCOMPARE(served.status, 200);
    QVERIFY(served.header("content-type").startsWith("application/json"));
    QFile file(sourcePath(QStringLiteral("app/devserver/openapi.json")));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(served.body, file.readAll());
    QCOMPARE(served.json().object().value(QLatin1String("openapi")).toString(),
             QStringLiteral("3.1.0"));
}

void TestDevServerContract::everyOperation_successAndEachError_matchTheDocument()
{
    QStringList active, errored;
    QString kb, completedJob, failedJob, otherFailedJob;
    for (const QJsonValue &v : std::as_const(m_sources)) {
        const QJsonObject s = v.toObject();
        const QString status = s.value(QLatin1String("status")).toString();
        if (kb.isEmpty())
            kb = s.value(QLatin1String("knowledge_base_id")).toString();
        if (s.value(QLatin1String("knowledge_base_id")).toString() != kb)
            continue;
        if (status == QLatin1String("active"))
            active << s.value(QLatin1String("id")).toString();
        if (status == QLatin1String("error"))
            errored << s.value(QLatin1String("id")).toString();
    }
    // The demo's KBs are small: gather sources of one KB with enough of each kind.
    if (active.size() < 4 || errored.size() < 2) {
        active.clear();
        errored.clear();
        QHash<QString, QPair<QStringList, QStringList>> byKb;
        for (const QJsonValue &v : std::as_const(m_sources)) {
            const QJsonObject s = v.toObject();
            auto &lists = byKb[s.value(QLatin1String("knowledge_base_id")).toString()];
            if (s.value(QLatin1String("status")).toString() == QLatin1String("active"))
                lists.first << s.value(QLatin1String("id")).toString();
            if (s.value(QLatin1String("status")).toString() == QLatin1String("error"))
                lists.second << s.value(QLatin1String("id")).toString();
        }
        for (auto it = byKb.cbegin(); it != byKb.cend(); ++it) {
            if (it->first.size() >= 4 && it->second.size() >= 2) {
                kb = it.key();
                active = it->first;
                errored = it->second;
                break;
            }
        }
    }
    QVERIFY2(active.size() >= 4 && errored.size() >= 2, "no KB with 4 active and 2 error sources");
    const quint16 port = m_server.port();
    const QByteArray key = m_server.apiKey();
    auto lastJob = [&](const QString &source) {
        return rawExchange(port, rawRequest("GET", fill(kSource, kb, source).toLatin1(), key))
            .json()
            .object()
            .value(QLatin1String("last_sync_job_id"))
            .toString();
    };
    completedJob = lastJob(active.at(0));
    failedJob = lastJob(errored.at(0));
    otherFailedJob = lastJob(errored.at(1));
    QVERIFY(!completedJob.isEmpty() && !failedJob.isEmpty() && !otherFailedJob.isEmpty());
    QString why;
    QVERIFY2(
        execDb(m_server.dbUrl(),
               QStringLiteral("UPDATE knowledge_base_sources SET status = 'paused' WHERE id = ?"),
               {active.at(3)}, &why),
        qPrintable(why));

    // Lists.
    QCOMPARE(call("GET", kKbs + QStringLiteral("?limit=2"), kKbs).status, 200);
    QCOMPARE(call("GET", kKbs + QStringLiteral("?cursor=bm9wZQ"), kKbs).status, 400);
    QCOMPARE(call("GET", kKbs + QStringLiteral("?limit=0"), kKbs).status, 422);
    QCOMPARE(call("GET", fill(kKb, kb), kKb).status, 200);
    QCOMPARE(call("GET", fill(kKb, nobody()), kKb).status, 404);
    QCOMPARE(call("GET", fill(kKb, QStringLiteral("nope")), kKb).status, 422);
    QCOMPARE(call("GET", fill(kSources, kb) + QStringLiteral("?limit=3"), kSources).status, 200);
    QCOMPARE(call("GET", fill(kSources, kb) + QStringLiteral("?cursor=%25%25"), kSources).status,
             400);
    QCOMPARE(call("GET", fill(kSources, nobody()), kSources).status, 404);
    QCOMPARE(call("GET", fill(kSources, kb) + QStringLiteral("?limit=x"), kSources).status, 422);
    QCOMPARE(call("GET", fill(kSource, kb, errored.at(0)), kSource).status, 200);
    QCOMPARE(call("GET", fill(kSource, kb, nobody()), kSource).status, 404);
    QCOMPARE(call("GET", fill(kSource, kb, QStringLiteral("1234")), kSource).status, 422);

    // Trigger: 200, then 409 (syncing), 409 (paused), 404, 422.
    const RawReply triggered = call("POST", fill(kSync, kb, active.at(1)), kSync);
    QCOMPARE(triggered.status, 200);
    const RawReply again = call("POST", fill(kSync, kb, active.at(1)), kSync);
    QCOMPARE(again.status, 409);
    QCOMPARE(again.json().object().value(QLatin1String("error")).toString(),
             QStringLiteral("sync_in_progress"));
    const RawReply paused = call("POST", fill(kSync, kb, active.at(3)), kSync);
    QCOMPARE(paused.status, 409);
    QCOMPARE(paused.json().object().value(QLatin1String("error")).toString(),
             QStringLiteral("source_not_eligible"));
    QCOMPARE(call("POST", fill(kSync, kb, nobody()), kSync).status, 404);
    QCOMPARE(call("POST", fill(kSync, QStringLiteral("x"), QStringLiteral("y")), kSync).status,
             422);
    QCOMPARE(call("GET", fill(kStatus, kb, active.at(1)), kStatus).status, 200);
    QCOMPARE(call("GET", fill(kStatus, kb, active.at(0)), kStatus).status, 200);
    QCOMPARE(call("GET", fill(kStatus, kb, nobody()), kStatus).status, 404);
    QCOMPARE(call("GET", fill(kStatus, QStringLiteral("x"), active.at(0)), kStatus).status, 422);

    // Schedule.
    QCOMPARE(call("PATCH", fill(kSchedule, kb, active.at(2)), kSchedule,
                  R"({"auto_sync_enabled": true, "sync_interval_seconds": 3600})")
                 .status,
             200);
    QCOMPARE(call("PATCH", fill(kSchedule, kb, active.at(2)), kSchedule,
                  R"({"auto_sync_enabled": false})")
                 .status,
             200);
    QCOMPARE(
        call("PATCH", fill(kSchedule, kb, nobody()), kSchedule, R"({"auto_sync_enabled": false})")
            .status,
        404);
    for (const QByteArray &bad :
         QList<QByteArray>{QByteArray(R"({"auto_sync_enabled": "yes"})"), QByteArray("{nope"),
                           QByteArray(""), QByteArray("[1, 2]")})
        QCOMPARE(call("PATCH", fill(kSchedule, kb, active.at(2)), kSchedule, bad).status, 422);

    // Jobs of a KB, one job, its documents and logs.
    for (const char *query : {"", "?status=active", "?status=failed&limit=1", "?status=nope"})
        QCOMPARE(call("GET", fill(kJobs, kb) + QLatin1String(query), kJobs).status, 200);
    const RawReply firstJobs = call("GET", fill(kJobs, kb) + QStringLiteral("?limit=1"), kJobs);
    const QString next = firstJobs.json().object().value(QLatin1String("next_cursor")).toString();
    QVERIFY(!next.isEmpty());
    QCOMPARE(call("GET", fill(kJobs, kb) + QStringLiteral("?limit=1&cursor=") + next, kJobs).status,
             200);
    QCOMPARE(call("GET", fill(kJobs, kb) + QStringLiteral("?cursor=zz"), kJobs).status, 400);
    QCOMPARE(call("GET", fill(kJobs, nobody()), kJobs).status, 404);
    QCOMPARE(call("GET", fill(kJobs, kb) + QStringLiteral("?limit=500"), kJobs).status, 422);
    const QString runningJob = triggered.json().object().value(QLatin1String("job_id")).toString();
    for (const QString &job : QStringList{completedJob, failedJob, runningJob}) {
        QCOMPARE(call("GET", fill(kJob, {}, {}, job), kJob).status, 200);
        const RawReply docs =
            call("GET", fill(kDocs, {}, {}, job) + QStringLiteral("?limit=5"), kDocs);
        QCOMPARE(docs.status, 200);
        const QString cursor = docs.json().object().value(QLatin1String("next_cursor")).toString();
        if (!cursor.isEmpty())
            QCOMPARE(
                call("GET", fill(kDocs, {}, {}, job) + QStringLiteral("?cursor=") + cursor, kDocs)
                    .status,
                200);
        QCOMPARE(call("GET", fill(kLogs, {}, {}, job) + QStringLiteral("?limit=3"), kLogs).status,
                 200);
    }
    for (const QString &templ : QStringList{kJob, kDocs, kLogs}) {
        QCOMPARE(call("GET", fill(templ, {}, {}, nobody()), templ).status, 404);
        QCOMPARE(call("GET", fill(templ, {}, {}, QStringLiteral("j0b")), templ).status, 422);
    }
    for (const QString &templ : QStringList{kDocs, kLogs}) {
        QCOMPARE(
            call("GET", fill(templ, {}, {}, failedJob) + QStringLiteral("?cursor=x"), templ).status,
            400);
        QCOMPARE(
            call("GET", fill(templ, {}, {}, failedJob) + QStringLiteral("?limit=-1"), templ).status,
            422);
    }

    // Retry: 202 for a failed job; 400 for a completed one; 409 when its source is syncing.
    QCOMPARE(call("POST", fill(kSync, kb, errored.at(1)), kSync).status, 200);
    QCOMPARE(call("POST", fill(kRetry, {}, {}, failedJob), kRetry).status, 202);
    QCOMPARE(call("POST", fill(kRetry, {}, {}, completedJob), kRetry).status, 400);
    QCOMPARE(call("POST", fill(kRetry, {}, {}, otherFailedJob), kRetry).status, 409);
    QCOMPARE(call("POST", fill(kRetry, {}, {}, nobody()), kRetry).status, 404);
    QCOMPARE(call("POST", fill(kRetry, {}, {}, QStringLiteral("x")), kRetry).status, 422);

    // Freshness: all, one KB, a filter that matches nothing.
    QCOMPARE(call("GET", kFresh, kFresh).status, 200);
    const RawReply oneKb = call("GET", kFresh + QStringLiteral("?knowledge_base_id=") + kb, kFresh);
    QCOMPARE(oneKb.status, 200);
    QVERIFY(!oneKb.json().array().isEmpty());
    QCOMPARE(call("GET", kFresh + QStringLiteral("?knowledge_base_id=x"), kFresh).json().array(),
             QJsonArray());

    // Every operation: no key → 401; a body past the limit → 413, answered unread.
    const QList<QPair<QByteArray, QString>> operations{
        {"GET", kKbs},   {"GET", kKb},     {"GET", kSources},    {"GET", kSource},
        {"POST", kSync}, {"GET", kStatus}, {"PATCH", kSchedule}, {"GET", kJobs},
        {"GET", kJob},   {"GET", kDocs},   {"GET", kLogs},       {"POST", kRetry},
        {"GET", kFresh}};
    for (const auto &[method, templ] : operations) {
        const QString target = fill(templ, kb, active.at(0), completedJob);
        QCOMPARE(call(method, target, templ, QByteArray(), {}, false).status, 401);
        const RawReply big = call(method, target, templ, QByteArray(),
                                  {QByteArrayLiteral("Content-Length: 5000000")});
        QCOMPARE(big.status, 413);
        QVERIFY(big.closedByServer);
    }

    // Answers given before any operation is known: malformed requests and huge heads.
    const RawReply malformed =
        rawExchange(port, "GET /x HTTP/1.1\r\nHost: a\r\nBad Name: 1\r\n\r\n");
    QCOMPARE(malformed.status, 400);
    record("GET", {}, malformed, QStringLiteral("BadRequest"));
    const RawReply negative =
        rawExchange(port, rawRequest("POST", fill(kSync, kb, active.at(0)).toLatin1(), key,
                                     QByteArray(), {QByteArrayLiteral("Content-Length: -5")}));
    QCOMPARE(negative.status, 400);
    record("POST", {}, negative, QStringLiteral("BadRequest"));
    const RawReply huge =
        rawExchange(port, rawRequest("GET", "/v1/knowledge-base/knowledge-bases", key, QByteArray(),
                                     {"X-Filler: " + QByteArray(20000, 'a')}));
    QCOMPARE(huge.status, 431);
    record("GET", {}, huge, QStringLiteral("HeadersTooLarge"));

    // A server with a rate limit of 1/s that fails every trigger: 500, then 429.
    {
        DevServerProcess limited;
        QVERIFY2(limited.start({QStringLiteral("--rate-limit"), QStringLiteral("1"),
                                QStringLiteral("--fail-every"), QStringLiteral("1")},
                               &why, 0, m_server.dbUrl()),
                 qPrintable(why));
        const auto limitedCall = [&](const QByteArray &method, const QString &target,
                                     const QString &templ) {
            const RawReply r = rawExchange(limited.port(),
                                           rawRequest(method, target.toLatin1(), limited.apiKey()));
            record(method, templ, r);
            return r;
        };
        QCOMPARE(limitedCall("POST", fill(kSync, kb, active.at(0)), kSync).status, 500);
        const RawReply tooFast = limitedCall("GET", kKbs, kKbs);
        QCOMPARE(tooFast.status, 429);
        QVERIFY(!tooFast.header("retry-after").isEmpty());
    }
    // A server that takes one connection at a time and waits 1 s for headers: 503, then 408.
    {
        DevServerProcess tight;
        QVERIFY2(tight.start({QStringLiteral("--max-connections"), QStringLiteral("1"),
                              QStringLiteral("--header-timeout"), QStringLiteral("1")},
                             &why, 0, m_server.dbUrl()),
                 qPrintable(why));
        QTcpSocket slow;
        slow.connectToHost(QStringLiteral("127.0.0.1"), tight.port());
        QVERIFY(slow.waitForConnected(5000));
        slow.write("GET /v1/knowledge-base/knowledge-bases HTTP/1.1\r\nHost: x\r\n");
        QVERIFY(slow.waitForBytesWritten(5000));
        QTest::qWait(200);
        const RawReply busy = rawExchange(tight.port(), rawRequest("GET", "/openapi.json", {}));
        QCOMPARE(busy.status, 503);
        QCOMPARE(busy.header("retry-after"), QByteArray("1"));
        record("GET", {}, busy, QStringLiteral("Unavailable"));
        QByteArray answer;
        while (slow.waitForReadyRead(5000))
            answer += slow.readAll();
        answer += slow.readAll();
        QVERIFY2(answer.startsWith("HTTP/1.1 408 "), answer.constData());
        RawReply timeout;
        timeout.status = 408;
        const qsizetype headEnd = answer.indexOf("\r\n\r\n");
        for (const QByteArray &line : answer.left(headEnd).split('\n').mid(1)) {
            const qsizetype colon = line.indexOf(':');
            timeout.headers.insert(line.left(colon).trimmed().toLower(),
                                   line.mid(colon + 1).trimmed());
        }
        timeout.body = answer.mid(headEnd + 4);
        record("GET", {}, timeout, QStringLiteral("RequestTimeout"));
    }

    // Validate everything recorded.
    QVERIFY(m_dir.isValid());
    const QString casesFile = m_dir.filePath(QStringLiteral("cases.jsonl"));
    QFile out(casesFile);
    QVERIFY(out.open(QIODevice::WriteOnly));
    for (const QByteArray &line : std::as_const(m_cases))
        out.write(line + '\n');
    out.close();
    QProcess validator;
    validator.setProcessChannelMode(QProcess::MergedChannels);
    validator.start(QStringLiteral("python3"),
                    {sourcePath(QStringLiteral("tests/integration/devserver/contract/validate.py")),
                     sourcePath(QStringLiteral("app/devserver/openapi.json")), casesFile});
    QVERIFY(validator.waitForFinished(120000));
    const QByteArray report = validator.readAll();
    qInfo().noquote() << QString::fromUtf8(report).trimmed();
    QVERIFY2(validator.exitStatus() == QProcess::NormalExit && validator.exitCode() == 0,
             report.constData());
    QVERIFY(report.contains(QByteArray(QByteArray("validated ") + QByteArray::number(m_cases.size())
                                       + " responses: 13 operations")));
}

QTEST_GUILESS_MAIN(TestDevServerContract)
#include "tst_devserver_contract.moc"
