// Lost answers reconciled from documented reads alone (issue 9 item 2), against a scripted
// server whose clock is not ours and which stamps times to the second: it answers only the
// documented schemas, knows no Idempotency-Key and refuses a second trigger while the first
// one's sync runs with 409, as the real API's guard would. A lost answer is one POST (Qt cannot
// re-send it, api/oneshotbody.h); the engine's lookup decides whose the running job is.
#include "apitestutil.h"
#include "resync/resyncrunner.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QLocale>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace feather;
using namespace feather::test;
using Kind = ScriptedReply::Kind;

namespace {

// A Feather server with a skewed clock and one source: a POST starts a job (once: the guard
// refuses the next with 409 while it runs), or, when told, the job is someone else's, started
// `jobAgeSeconds` before the POST.
struct FakeFeather {
    qint64 skewSeconds = 0;      // server clock minus ours
    bool sendDate = true;        // Date header on every answer
    bool loseFirstAnswer = true; // close the connection after the first POST without answering
    bool omitJobId = false;      // a 200 without job_id
    int jobAgeSeconds = -1;      // ≥ 0: a job already running, that old, before any POST
    QDateTime jobCreated;        // server time, whole seconds
    int posts = 0;

    QDateTime serverNow() const
    {
        const QDateTime t = QDateTime::currentDateTimeUtc().addSecs(skewSeconds);
        return QDateTime::fromSecsSinceEpoch(t.toSecsSinceEpoch(), Qt::UTC); // to the second
    }
    QList<std::pair<QByteArray, QByteArray>> headers() const
    {
        if (!sendDate)
            return {};
        return {
            {"Date",
             QLocale::c().toString(serverNow(), u"ddd, dd MMM yyyy HH:mm:ss 'GMT'"_s).toLatin1()}};
    }
    ScriptedReply reply(const RecordedRequest &req)
    {
        if (jobAgeSeconds >= 0 && !jobCreated.isValid())
            jobCreated = serverNow().addSecs(-jobAgeSeconds);
        if (req.method == "POST") {
            ++posts;
            if (jobCreated.isValid())
                return ScriptedReply::json(
                    409, R"({"error":"sync_in_progress","message":"Source is already syncing"})",
                    headers());
            jobCreated = serverNow();
            if (posts == 1 && loseFirstAnswer)
                return ScriptedReply::of(Kind::CloseAfterRead);
            return ScriptedReply::json(
                200,
                omitJobId ? QByteArray(R"({"status":"queued","message":"Sync has been queued"})")
                          : triggerOk(),
                headers());
        }
        const QString created = jobCreated.toString(Qt::ISODate);
        if (req.path.endsWith("/sync/status"))
            return ScriptedReply::json(
                200,
                QStringLiteral(R"({"source_id":"%1","source_status":"syncing",)"
                               R"("last_sync_job_id":"%2","last_sync_status":"processing",)"
                               R"("last_sync_started_at":"%3"})")
                    .arg(Src1, Job1, created)
                    .toUtf8(),
                headers());
        if (req.path.endsWith(Job1.toLatin1()))
            return ScriptedReply::json(
                200,
                QStringLiteral(R"({"id":"%1","job_type":"connector_sync","status":"processing",)"
                               R"("knowledge_base_id":"%2","created_at":"%3"})")
                    .arg(Job1, Kb1, created)
                    .toUtf8(),
                headers());
        return ScriptedReply::json(404, R"({"detail":"Not Found"})", headers());
    }
};

struct Setup {
    ScriptedHttpServer server;
    FakeFeather feather;
    Setup()
    {
        server.setHandler([this](const RecordedRequest &r) { return feather.reply(r); });
    }
};

template <typename T>
T await(QFuture<T> f)
{
    QDeadlineTimer deadline(20000);
    while (!f.isFinished() && !deadline.hasExpired())
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    return f.isFinished() && f.resultCount() > 0 ? f.result() : T{};
}

int postsTo(const ScriptedHttpServer &server)
{
    int n = 0;
    for (const RecordedRequest &r : server.requests())
        n += r.method == "POST";
    return n;
}

} // namespace

class TestApiReconcile final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void lostAnswer_notResent_lookupFindsJobAfterOurSend_isTriggeredWithItsJob_data()
    {
        QTest::addColumn<qint64>("skew");
        QTest::newRow("server clock 3 min behind") << qint64(-180);
        QTest::newRow("server clock 2 h ahead") << qint64(7200);
        QTest::newRow("same clock") << qint64(0);
    }
    void lostAnswer_notResent_lookupFindsJobAfterOurSend_isTriggeredWithItsJob()
    {
        QFETCH(qint64, skew);
        Setup s;
        QVERIFY(s.server.listen());
        s.feather.skewSeconds = skew;
        ApiBackend backend(configFor(s.server.baseUrl()));

        const TriggerResult lost = await(backend.trigger(target1()));
        QCOMPARE(postsTo(s.server), 1); // Qt did not re-send it
        QCOMPARE_OUTCOME(lost.outcome, Outcome::UnknownOutcome);
        QVERIFY2(lost.message.contains(u"not re-sent"_s), qPrintable(lost.message));

        const JobResult found = await(backend.jobByTrigger(target1()));
        QVERIFY2(found.ok(), found.ok() ? "" : qPrintable(found.error->message));
        QCOMPARE(found.value.id, Job1);
        QCOMPARE(postsTo(s.server), 1);
    }

    void lostAnswer_runner_looksUpBeforeAnyRetry_oneTriggerPost_triggered()
    {
        Setup s;
        QVERIFY(s.server.listen());
        s.feather.skewSeconds = 7200;
        ApiBackend backend(configFor(s.server.baseUrl()));
        RunOptions options;
        options.concurrency = 1;
        ResyncRunner runner(&backend, options);
        QSignalSpy finished(&runner, &ResyncRunner::finished);
        runner.start({target1()});
        QVERIFY(finished.wait(20000));

        const QList<TriggerResult> rows = runner.results();
        QCOMPARE(rows.size(), 1);
        QCOMPARE_OUTCOME(rows[0].outcome, Outcome::Triggered);
        QCOMPARE(rows[0].jobId, Job1);
        QCOMPARE(postsTo(s.server), 1);
    }

    void retryRefused_jobOlderThanOurSend_isAlreadySyncingNamingIt_data()
    {
        QTest::addColumn<qint64>("skew");
        // Two hours ahead: by our clock the job would look created after our send.
        QTest::newRow("server clock 2 h ahead") << qint64(7200);
        QTest::newRow("same clock") << qint64(0);
    }
    void retryRefused_jobOlderThanOurSend_isAlreadySyncingNamingIt()
    {
        QFETCH(qint64, skew);
        Setup s;
        QVERIFY(s.server.listen());
        s.feather.skewSeconds = skew;
        s.feather.loseFirstAnswer = false;
        ApiBackend backend(configFor(s.server.baseUrl()));
        // Someone else's sync started five minutes ago; our first POST is refused, and the
        // engine's retry with the same trigger id is too.
        s.feather.jobAgeSeconds = 300;
        const TriggerResult first = await(backend.trigger(target1()));
        QCOMPARE_OUTCOME(first.outcome, Outcome::AlreadySyncing);
        const TriggerResult again = await(backend.trigger(target1()));

        QCOMPARE_OUTCOME(again.outcome, Outcome::AlreadySyncing);
        QCOMPARE(again.jobId, Job1);
        QVERIFY2(again.message.contains(u"not ours"_s), qPrintable(again.message));
    }

    void retryRefused_noDateHeader_isUnknownOutcomeNamingTheRunningJob()
    {
        Setup s;
        QVERIFY(s.server.listen());
        s.feather.sendDate = false;
        ApiBackend backend(configFor(s.server.baseUrl()));
        QCOMPARE_OUTCOME(await(backend.trigger(target1())).outcome, Outcome::UnknownOutcome);

        // A retry with the same trigger id (what a lookup that could not decide would never
        // allow, but a reconcile by hand might): refused, and still undecidable without Date.
        const TriggerResult r = await(backend.trigger(target1()));

        QCOMPARE(postsTo(s.server), 2);
        QCOMPARE_OUTCOME(r.outcome, Outcome::UnknownOutcome);
        QVERIFY2(r.message.contains(Job1), qPrintable(r.message));
        QVERIFY2(r.message.contains(u"Date header"_s), qPrintable(r.message));
    }

    void lookupAfterACrash_usesTheIntentTime_notThisProcessesMemory()
    {
        Setup s;
        QVERIFY(s.server.listen());
        s.feather.skewSeconds = 3600;
        s.feather.loseFirstAnswer = false;
        {
            ApiBackend crashed(configFor(s.server.baseUrl()));
            QCOMPARE_OUTCOME(await(crashed.trigger(target1())).outcome, Outcome::Triggered);
        }
        ApiBackend fresh(configFor(s.server.baseUrl()));
        TriggerTarget t = target1();
        const JobResult blind = await(fresh.jobByTrigger(t));
        QVERIFY(!blind.ok());
        QCOMPARE_OUTCOME(blind.error->outcome, Outcome::UnknownOutcome);

        t.firstSentNoLaterThan = QDateTime::currentDateTimeUtc().addSecs(-5); // the intent row
        const JobResult found = await(fresh.jobByTrigger(t));
        QVERIFY2(found.ok(), found.ok() ? "" : qPrintable(found.error->message));
        QCOMPARE(found.value.id, Job1);

        t.firstSentNoLaterThan = QDateTime::currentDateTimeUtc().addSecs(60); // intent after it
        const JobResult older = await(fresh.jobByTrigger(t));
        QVERIFY(!older.ok());
        QCOMPARE_OUTCOME(older.error->outcome, Outcome::NotFound);
    }

    void okWithoutJobId_runnerLooksItUp_triggeredOnce_neverPostsAgain()
    {
        Setup s;
        QVERIFY(s.server.listen());
        s.feather.skewSeconds = -600;
        s.feather.loseFirstAnswer = false;
        s.feather.omitJobId = true;
        ApiBackend backend(configFor(s.server.baseUrl()));
        RunOptions options;
        options.concurrency = 1;
        ResyncRunner runner(&backend, options);
        QSignalSpy finished(&runner, &ResyncRunner::finished);
        runner.start({target1()});
        QVERIFY(finished.wait(20000));

        const QList<TriggerResult> rows = runner.results();
        QCOMPARE(rows.size(), 1);
        QCOMPARE_OUTCOME(rows[0].outcome, Outcome::Triggered);
        QCOMPARE(rows[0].jobId, Job1);
        QCOMPARE(postsTo(s.server), 1);
    }
};

QTEST_GUILESS_MAIN(TestApiReconcile)
#include "tst_apireconcile.moc"
