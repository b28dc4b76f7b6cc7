// featherctl end to end against a scripted, misbehaving HTTP server (real sockets, the real
// featherctl binary): listings that fail part-way, streamed pages, resync rows streamed and
// written ahead, hostile text, signals, oversized inputs and what `kbs` costs.
#include "integration/api/listingfixtures.h"
#include "support/testsupport.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <csignal>

using namespace feather::test;
using namespace Qt::StringLiterals;

namespace {

const QString kKey = u"fth_test_faults_key_77"_s;

int nonEmptyLines(const QByteArray &out)
{
    int n = 0;
    for (const QByteArray &line : out.split('\n'))
        n += line.trimmed().isEmpty() ? 0 : 1;
    return n;
}

// featherctl as a child process while this thread's event loop keeps serving the scripted
// server (runProcess() would block it).
class Ctl {
public:
    Ctl(const QProcessEnvironment &env, const QStringList &args)
    {
        m_process.setProcessEnvironment(env);
        QObject::connect(&m_process, &QProcess::readyReadStandardOutput, &m_process,
                         [this] { out += m_process.readAllStandardOutput(); });
        QObject::connect(&m_process, &QProcess::readyReadStandardError, &m_process,
                         [this] { err += m_process.readAllStandardError(); });
        m_process.start(binaryPath(u"featherctl"_s), args);
        m_process.waitForStarted(30000);
    }
    ~Ctl()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
    }
    bool running() const { return m_process.state() == QProcess::Running; }
    qint64 pid() const { return m_process.processId(); }
    void kill() { m_process.kill(); }
    // Waits (event loop running) until the process ended; false after timeoutMs.
    bool wait(int timeoutMs = 60000)
    {
        QElapsedTimer t;
        t.start();
        while (m_process.state() != QProcess::NotRunning && t.elapsed() < timeoutMs)
            QTest::qWait(20);
        QTest::qWait(0);
        out += m_process.readAllStandardOutput();
        err += m_process.readAllStandardError();
        return m_process.state() == QProcess::NotRunning;
    }
    bool crashed() const { return m_process.exitStatus() == QProcess::CrashExit; }
    int exitCode() const { return m_process.exitCode(); }

    QByteArray out;
    QByteArray err;

private:
    QProcess m_process;
};

// A trigger's answer: the job it queued.
QByteArray queuedJob(const QString &jobId)
{
    const QJsonObject body{{u"job_id"_s, jobId},
                           {u"status"_s, u"queued"_s},
                           {u"message"_s, u"Sync has been queued"_s}};
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

QByteArray hostileSourcesPage(int kb, int from, int count, const QString &nickname, bool more)
{
    QJsonArray items;
    for (int s = from; s < from + count; ++s) {
        QJsonObject o = sourceJson(kb, s, u"active"_s);
        o.insert(u"connection_nickname"_s, nickname);
        items << o;
    }
    QJsonObject body{{u"items"_s, items}, {u"has_more"_s, more}};
    body.insert(u"next_cursor"_s, more ? QJsonValue(u"page2"_s) : QJsonValue(QJsonValue::Null));
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

} // namespace

class TestFeatherctlFaults final : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_home;
    QProcessEnvironment m_env;

    QStringList api(const ScriptedHttpServer &server, const QStringList &rest) const
    {
        return QStringList{u"--api-url"_s, server.baseUrl().toString()} + rest;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_home.isValid());
        m_env = isolatedEnvironment(m_home.path());
        m_env.insert(u"FEATHER_API_KEY"_s, kKey);
        QVERIFY(QFile::exists(binaryPath(u"featherctl"_s)));
    }

    // Issue 9: "a listing that fails part-way prints the rows it got, then exits 1".
    void sourcesFailingOnPageTwo_printsNoTable_jsonEndsWithPartialError_exitsThree()
    {
        ScriptedHttpServer server;
        QVERIFY(server.listen());
        server.setHandler([](const RecordedRequest &r) {
            if (r.queryValue(u"cursor"_s) == u"page2"_s) // hostile text in the error, too
                return ScriptedReply::json(500, "{\"detail\":\"\\u001b[31mdatabase on fire\"}");
            return ScriptedReply::json(200, hostileSourcesPage(1, 0, 3, u"ok"_s, true));
        });
        const QString kb = idFor(1);

        Ctl table(m_env, api(server, {u"sources"_s, u"--kb"_s, kb}));
        QVERIFY(table.wait());
        QVERIFY(!table.crashed());
        QCOMPARE(table.exitCode(), 3);
        QVERIFY2(table.out.isEmpty(), table.out.constData()); // no partial table
        QVERIFY2(table.err.contains("listing incomplete after 3 rows"), table.err.constData());
        QVERIFY2(!table.err.contains('\x1b'), table.err.constData());
        QVERIFY2(table.err.contains("\\x1b[31mdatabase on fire"), table.err.constData());

        Ctl json(m_env, api(server, {u"--json"_s, u"sources"_s, u"--kb"_s, kb}));
        QVERIFY(json.wait());
        QCOMPARE(json.exitCode(), 3);
        const QList<QJsonObject> rows = jsonLines(json.out, JsonLines::Lenient);
        QCOMPARE(rows.size(), 4);
        for (int i = 0; i < 3; ++i)
            QCOMPARE(rows[i].value(u"id"_s).toString(), idFor(1, i));
        QCOMPARE(rows[3].value(u"partial"_s).toBool(), true);
        QCOMPARE(rows[3].value(u"rows"_s).toInt(), 3);
        QCOMPARE(rows[3].value(u"http_status"_s).toInt(), 500);
        QVERIFY(!rows[3].value(u"error"_s).toString().isEmpty());
    }

    // Issue 12 item 3: page 1's rows reach stdout while page 2 has not been answered.
    void jsonSources_streamPageOneBeforePageTwoAnswers()
    {
        ScriptedHttpServer server;
        QVERIFY(server.listen());
        server.setHandler([](const RecordedRequest &r) {
            if (r.queryValue(u"cursor"_s) == u"page2"_s)
                return ScriptedReply::of(ScriptedReply::Kind::NeverAnswer);
            return ScriptedReply::json(200, hostileSourcesPage(1, 0, 5, u"n"_s, true));
        });
        Ctl ctl(m_env, api(server, {u"--timeout-ms"_s, u"600000"_s, u"--json"_s, u"sources"_s,
                                    u"--kb"_s, idFor(1)}));
        // Page 2 is never answered, so any row on stdout was streamed from page 1.
        QTRY_VERIFY_WITH_TIMEOUT(nonEmptyLines(ctl.out) == 5 || !ctl.running(), 30000);
        QVERIFY2(ctl.running(), ctl.err.constData());
        QCOMPARE(nonEmptyLines(ctl.out), 5);
        QCOMPARE(jsonLines(ctl.out, JsonLines::Lenient).value(4).value(u"id"_s).toString(),
                 idFor(1, 4));
        ctl.kill();
    }

    // Issue 13 item 6: nothing a server sends acts on the terminal, in listings, resync rows
    // and the history replayed from the audit log; JSON keeps it JSON-escaped.
    void hostileServerText_isEscapedInTablesAndHistory()
    {
        const QString evil = u"\x1b]0;pwned\x07\x1b[2Jx\u202e"_s;
        ScriptedHttpServer server;
        QVERIFY(server.listen());
        server.setHandler([evil](const RecordedRequest &r) {
            if (r.method == "POST") {
                QJsonObject body{{u"job_id"_s, idFor(7, 7)},
                                 {u"status"_s, u"queued"_s},
                                 {u"message"_s, QString(evil + u" queued"_s)}};
                return ScriptedReply::json(200, QJsonDocument(body).toJson());
            }
            return ScriptedReply::json(200, hostileSourcesPage(1, 0, 2, evil, false));
        });
        Ctl table(m_env, api(server, {u"sources"_s, u"--kb"_s, idFor(1)}));
        QVERIFY(table.wait());
        QCOMPARE(table.exitCode(), 0);
        QVERIFY2(!table.out.contains('\x1b') && !table.out.contains('\x07'), table.out.constData());
        QVERIFY2(table.out.contains("\\x1b]0;pwned\\x07\\x1b[2Jx\\u202e"), table.out.constData());
        QCOMPARE(nonEmptyLines(table.out), 3); // header + 2 rows: no line was broken

        Ctl json(m_env, api(server, {u"--json"_s, u"sources"_s, u"--kb"_s, idFor(1)}));
        QVERIFY(json.wait());
        QVERIFY(!json.out.contains('\x1b'));
        QVERIFY(json.out.contains("\\u001b]0;pwned\\u0007"));
        QCOMPARE(jsonLines(json.out, JsonLines::Lenient)
                     .value(0)
                     .value(u"connection_nickname"_s)
                     .toString(),
                 evil);

        Ctl resync(m_env,
                   api(server, {u"resync"_s, u"--kb"_s, idFor(1), u"--source"_s, idFor(1, 0)}));
        QVERIFY(resync.wait());
        QCOMPARE(resync.exitCode(), 0);
        QVERIFY2(!resync.out.contains('\x1b') && !resync.err.contains('\x1b'),
                 resync.out.constData());
        QVERIFY2(resync.out.contains("\\x1b[2Jx"), resync.out.constData());

        Ctl history(m_env, {u"history"_s});
        QVERIFY(history.wait());
        QCOMPARE(history.exitCode(), 0);
        QVERIFY2(history.out.contains("\\x1b[2Jx"), history.out.constData());
        QVERIFY2(!history.out.contains('\x1b'), history.out.constData());
    }

    // Issue 9 item 8: Ctrl-C mid-run gives cancelled rows, a summary and exit 1.
    void sigint_duringResync_cancelsUnsentRows_printsSummary_exitsOne()
    {
        ScriptedHttpServer server;
        QVERIFY(server.listen());
        server.setHandler([](const RecordedRequest &r) {
            if (r.method == "POST") {
                const QJsonObject body{{u"job_id"_s, idFor(9, 9)},
                                       {u"status"_s, u"queued"_s},
                                       {u"message"_s, u"Sync has been queued"_s}};
                ScriptedReply reply = ScriptedReply::json(200, QJsonDocument(body).toJson());
                reply.delayMs = 1500; // long enough for the signal to land mid-request
                return reply;
            }
            return ScriptedReply::json(404, R"({"detail":"Not Found"})");
        });
        QStringList args{u"--json"_s, u"--concurrency"_s, u"1"_s, u"resync"_s, u"--kb"_s, idFor(1)};
        for (int s = 0; s < 6; ++s)
            args << u"--source"_s << idFor(1, s);
        Ctl ctl(m_env, api(server, args));
        const auto posts = [&server] {
            int n = 0;
            for (const RecordedRequest &r : server.requests())
                n += r.method == "POST" ? 1 : 0;
            return n;
        };
        QTRY_VERIFY_WITH_TIMEOUT(posts() == 1 || !ctl.running(), 30000);
        QVERIFY2(ctl.running(), ctl.err.constData());
        QCOMPARE(::kill(pid_t(ctl.pid()), SIGINT), 0);
        QVERIFY(ctl.wait());
        QVERIFY2(!ctl.crashed(), "featherctl died of SIGINT");
        QCOMPARE(ctl.exitCode(), 1);
        QCOMPARE(posts(), 1); // nothing was sent after the signal
        QMap<QString, int> outcomes;
        const QList<QJsonObject> rows = jsonLines(ctl.out, JsonLines::Lenient);
        for (const QJsonObject &row : rows)
            ++outcomes[row.value(u"outcome"_s).toString()];
        QCOMPARE(rows.size(), 6);
        QCOMPARE(outcomes.value(u"triggered"_s), 1); // the one in flight finished
        QCOMPARE(outcomes.value(u"cancelled"_s), 5);
        QVERIFY2(ctl.err.contains("interrupted by SIGINT"), ctl.err.constData());
        QVERIFY2(ctl.err.contains("cancelled"), ctl.err.constData()); // the summary
    }

    // Issue 12 goal 4: resync --json buffers its rows (one write for many), yet a pipe sees
    // each finished row while the run is still going on: here the last request is never
    // answered, so any row on stdout was flushed mid-run.
    void jsonResync_rowsReachThePipeWhileTheRunGoesOn()
    {
        ScriptedHttpServer server;
        QVERIFY(server.listen());
        const QByteArray silent =
            u"/v1/knowledge-base/knowledge-bases/%1/sources/%2/sync"_s.arg(idFor(1), idFor(1, 5))
                .toLatin1();
        server.setHandler([silent](const RecordedRequest &r) {
            if (r.method == "POST" && r.path == silent)
                return ScriptedReply::of(ScriptedReply::Kind::NeverAnswer);
            if (r.method == "POST")
                return ScriptedReply::json(200, queuedJob(idFor(9, 9)));
            return ScriptedReply::json(404, R"({"detail":"Not Found"})");
        });
        QStringList args{u"--timeout-ms"_s, u"600000"_s, u"--json"_s, u"--concurrency"_s, u"8"_s,
                         u"resync"_s,       u"--kb"_s,   idFor(1)};
        for (int s = 0; s < 6; ++s)
            args << u"--source"_s << idFor(1, s);
        Ctl ctl(m_env, api(server, args));
        QTRY_VERIFY_WITH_TIMEOUT(nonEmptyLines(ctl.out) == 5 || !ctl.running(), 30000);
        QVERIFY2(ctl.running(), ctl.err.constData());
        const QList<QJsonObject> rows = jsonLines(ctl.out, JsonLines::Strict);
        QCOMPARE(rows.size(), 5);
        for (const QJsonObject &row : rows) {
            QCOMPARE(row.value(u"outcome"_s).toString(), u"triggered"_s);
            QVERIFY(row.value(u"source_id"_s).toString() != idFor(1, 5));
        }
        ctl.kill();
    }

    // Issue 12 goal 4: featherctl commits its audit trail on a writer thread, in groups; still
    // each POST reaches the server only after its intent row is committed (read from the
    // audit file, through a connection of this process, as the POST arrives), and every
    // reported row's outcome is in the file when the run has ended.
    void resync_everyPostArrivesAfterItsIntentRowIsCommitted()
    {
        const QString audit =
            m_env.value(u"XDG_DATA_HOME"_s) + u"/Feather/feather-ops-console/audit.sqlite"_s;
        const QString observer = u"featherctl-faults-observer"_s;
        constexpr int kTargets = 120;
        int posts = 0;
        int beforeIntent = 0;
        QStringList triggerIds;
        {
            ScriptedHttpServer server;
            QVERIFY(server.listen());
            server.setHandler([&](const RecordedRequest &r) {
                if (r.method != "POST")
                    return ScriptedReply::json(404, R"({"detail":"Not Found"})");
                ++posts;
                QSqlDatabase db = QSqlDatabase::database(observer, false);
                if (!db.isOpen()) { // the file exists once the first intent is committed
                    db.setDatabaseName(audit);
                    db.open();
                }
                const QString trigger = QString::fromLatin1(r.header("idempotency-key"));
                triggerIds << trigger;
                QSqlQuery q(db);
                q.prepare(u"SELECT COUNT(*) FROM audit_log WHERE kind = 'intent'"
                          " AND trigger_id = ?"_s);
                q.addBindValue(trigger);
                if (!q.exec() || !q.next() || q.value(0).toInt() != 1)
                    ++beforeIntent;
                return ScriptedReply::json(200, queuedJob(idFor(9, posts)));
            });
            QSqlDatabase::addDatabase(u"QSQLITE"_s, observer);
            QStringList args{u"--json"_s, u"--concurrency"_s, u"8"_s,    u"--retries"_s,
                             u"0"_s,      u"resync"_s,        u"--kb"_s, idFor(2)};
            for (int s = 0; s < kTargets; ++s)
                args << u"--source"_s << idFor(2, s);
            Ctl ctl(m_env, api(server, args));
            QVERIFY(ctl.wait(120000));
            QCOMPARE(ctl.exitCode(), 0);
            const QList<QJsonObject> rows = jsonLines(ctl.out, JsonLines::Strict);
            QCOMPARE(rows.size(), kTargets);
            for (const QJsonObject &row : rows)
                QCOMPARE(row.value(u"outcome"_s).toString(), u"triggered"_s);
        }
        QSqlDatabase::removeDatabase(observer);
        QCOMPARE(posts, kTargets);
        QCOMPARE(beforeIntent, 0);
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, observer);
            db.setDatabaseName(audit);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(u"SELECT kind, trigger_id FROM audit_log"_s));
            QHash<QString, int> outcomes;
            while (q.next()) {
                if (q.value(0).toString() == u"outcome"_s)
                    ++outcomes[q.value(1).toString()];
            }
            for (const QString &trigger : std::as_const(triggerIds))
                QVERIFY2(outcomes.value(trigger) == 1, qPrintable(trigger));
        }
        QSqlDatabase::removeDatabase(observer);
    }

    // Issue 13 item 3: a target file that never ends or is too big fails at once, sends nothing.
    void hugeTargetFiles_failAtOnce_sendNothing()
    {
        ScriptedHttpServer server;
        QVERIFY(server.listen());
        server.setHandler(
            [](const RecordedRequest &) { return ScriptedReply::json(500, R"({"detail":"x"})"); });
        Ctl zero(m_env, api(server, {u"resync"_s, u"--file"_s, u"/dev/zero"_s}));
        QVERIFY2(zero.wait(30000), "featherctl kept reading /dev/zero");
        QCOMPARE(zero.exitCode(), 2);
        QVERIFY2(zero.err.contains("line longer than 1024 KiB"), zero.err.constData());

        QTemporaryDir dir;
        QFile big(dir.filePath(u"big.csv"_s));
        QVERIFY(big.open(QIODevice::WriteOnly));
        QVERIFY(big.resize(qint64(64) * 1024 * 1024 + 1)); // sparse
        big.close();
        Ctl large(m_env, api(server, {u"resync"_s, u"--file"_s, big.fileName()}));
        QVERIFY(large.wait(30000));
        QCOMPARE(large.exitCode(), 2);
        QVERIFY2(large.err.contains("larger than 64 MiB"), large.err.constData());
        QCOMPARE(server.requests().size(), 0);
    }

    // Issue 9 item 4: plain `kbs` is the KB pages alone; `--counts` lists the sources and
    // counts them.
    void kbs_listsSourcesOnlyWithCounts()
    {
        Workspace ws;
        ws.kbCount = 3;
        ws.counts = false; // the documented KnowledgeBaseResponse has none
        ScriptedHttpServer server;
        QVERIFY(server.listen());
        server.setHandler([&ws](const RecordedRequest &r) { return ws.serve(r); });

        Ctl plain(m_env, api(server, {u"--json"_s, u"kbs"_s}));
        QVERIFY(plain.wait());
        QCOMPARE(plain.exitCode(), 0);
        QCOMPARE(jsonLines(plain.out, JsonLines::Lenient).size(), 3);
        QVERIFY(!jsonLines(plain.out, JsonLines::Lenient).value(0).contains(u"source_count"_s));
        for (const RecordedRequest &r : server.requests())
            QVERIFY2(!r.path.endsWith("/sources"), r.path.constData());
        const qsizetype kbPages = server.requests().size();

        Ctl counted(m_env, api(server, {u"--json"_s, u"kbs"_s, u"--counts"_s}));
        QVERIFY(counted.wait());
        QCOMPARE(counted.exitCode(), 0);
        const QList<QJsonObject> kbs = jsonLines(counted.out, JsonLines::Lenient);
        QCOMPARE(kbs.size(), 3);
        for (int k = 1; k <= 3; ++k) {
            const QJsonObject kb = kbs[k - 1];
            QCOMPARE(kb.value(u"id"_s).toString(), idFor(k));
            QCOMPARE(kb.value(u"source_count"_s).toInt(), k * 2 + 1);
            int expectedErrors = 0;
            for (int s = 0; s < k * 2 + 1; ++s)
                expectedErrors += statusOf(s) == u"error"_s ? 1 : 0;
            QCOMPARE(kb.value(u"source_status_counts"_s).toObject().value(u"error"_s).toInt(),
                     expectedErrors);
        }
        // The KB pages once more, then each KB's source pages (two rows a page), nothing else.
        int sourcePages = 0;
        for (int k = 1; k <= 3; ++k)
            sourcePages += (k * 2 + 1 + 1) / 2;
        QCOMPARE(server.requests().size(), 2 * kbPages + sourcePages);
        QVERIFY2(!plain.err.contains("unknown option"), plain.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestFeatherctlFaults)
#include "tst_featherctl_faults.moc"
