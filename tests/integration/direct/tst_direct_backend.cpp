// DirectBackend: SQL on worker threads (never the caller's), streamed source pages, every
// call end to end, clean shutdown with calls in flight, and throughput with 4 workers on
// SQLite and PostgreSQL. A message handler fails on Qt SQL's thread-affinity warnings.
#include "direct/directbackend.h"
#include "direct/directstore.h"
#include "directtestutil.h"
#include "support/testsupport.h"

#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QMutex>
#include <QSet>
#include <QSqlDatabase>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace feather;
using namespace feather::test;
using namespace Qt::StringLiterals;

class TestDirectBackend final : public QObject {
    Q_OBJECT
private:
    SqlMessageGuard m_guard;
    QTemporaryDir m_dir;
    int m_dbs = 0;

    DbConfig seededSqlite(int sources)
    {
        const DbConfig config = sqliteConfig(m_dir.filePath(u"ws-%1.sqlite"_s.arg(++m_dbs)));
        DirectStore store(config, u"seed-%1"_s.arg(m_dbs));
        if (!store.migrate().ok() || !store.seedDemo(sources, 3).ok())
            qWarning("seeding failed");
        return config;
    }
    static QList<Source> allSources(const DbConfig &config)
    {
        DirectStore store(config, u"peek-"_s + uuid());
        return store.listSources({}).value;
    }
    // Triggers every source through `backend`, waiting on the event loop; returns the results.
    static QList<TriggerResult> triggerAll(DirectBackend &backend, const QList<Source> &sources)
    {
        QList<QFuture<TriggerResult>> futures;
        for (const Source &s : sources)
            futures << backend.trigger({s.knowledgeBaseId, s.id, uuid()});
        QList<TriggerResult> out;
        for (const auto &f : futures)
            out << await(f, 60000);
        return out;
    }
    static int count(const QList<TriggerResult> &results, Outcome outcome)
    {
        return int(std::count_if(results.begin(), results.end(), [outcome](const TriggerResult &r) {
            return r.outcome == outcome;
        }));
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }
    void cleanup() { QCOMPARE(SqlMessageGuard::offending(), QStringList()); }

    void twoHundredTriggers_resolveWhileCallerEventLoopKeepsBeating()
    {
        const DbConfig config = seededSqlite(250);
        const QList<Source> sources = allSources(config).mid(0, 200);
        QCOMPARE(sources.size(), 200);
        int eligible = 0;
        for (const Source &s : sources)
            eligible += s.status == u"active"_s || s.status == u"error"_s;

        DirectBackend backend(config, 4, u"tester@ci"_s);
        QElapsedTimer sinceBeat;
        qint64 maxGap = 0;
        int beats = 0;
        QTimer heartbeat;
        heartbeat.setInterval(5);
        connect(&heartbeat, &QTimer::timeout, this, [&] {
            if (beats++ > 0)
                maxGap = qMax(maxGap, sinceBeat.elapsed());
            sinceBeat.restart();
        });
        heartbeat.start();
        sinceBeat.start();

        QElapsedTimer dispatch;
        dispatch.start();
        QList<QFuture<TriggerResult>> futures;
        for (const Source &s : sources)
            futures << backend.trigger({s.knowledgeBaseId, s.id, uuid()});
        const qint64 dispatchMs = dispatch.elapsed();
        const int beatsBefore = beats;
        QList<TriggerResult> results;
        for (const auto &f : futures)
            results << await(f, 60000);
        const qint64 totalMs = dispatch.elapsed();
        heartbeat.stop();
        qInfo(
            "200 triggers via DirectBackend(4 workers, SQLite): dispatch %lld ms, done in %lld ms,"
            " %d heartbeats, longest gap %lld ms",
            dispatchMs, totalMs, beats - beatsBefore, maxGap);
        QVERIFY2(dispatchMs < 200, qPrintable(QString::number(dispatchMs))); // calls return at once
        QVERIFY(beats - beatsBefore >= 2);
        QVERIFY2(maxGap < 1000, qPrintable(QString::number(maxGap)));
        QCOMPARE(results.size(), 200);
        QCOMPARE(count(results, Outcome::Triggered), eligible);
        QCOMPARE(count(results, Outcome::AlreadySyncing), 200 - eligible);
        RawDb raw(config);
        QCOMPARE(raw.count(u"ingestion_jobs"_s, u"triggered_by = 'tester@ci'"_s), eligible);
    }

    void listSources_streamsPagesOf500AsSeparateResults()
    {
        const DbConfig config = seededSqlite(1200);
        DirectBackend backend(config, 2, u"t"_s);
        QFutureWatcher<SourcePage> watcher;
        int readySignals = 0;
        connect(&watcher, &QFutureWatcherBase::resultsReadyAt, this,
                [&](int, int) { ++readySignals; });
        const QFuture<SourcePage> future = backend.listSources({});
        watcher.setFuture(future);
        QVERIFY(waitFor(future, 60000));
        QTRY_VERIFY(readySignals >= 1);
        QCOMPARE(future.resultCount(), 3);
        QCOMPARE(future.resultAt(0).value.size(), 500);
        QCOMPARE(future.resultAt(1).value.size(), 500);
        QCOMPARE(future.resultAt(2).value.size(), 200);
        const SourcePage all = collectSources(future);
        QVERIFY(all.ok());
        QSet<QString> ids;
        for (const Source &s : all.value)
            ids.insert(s.id);
        QCOMPARE(ids.size(), 1200);
        // Filters pass through; an exact multiple of the page size ends without an empty page.
        const DbConfig even = seededSqlite(1000);
        DirectBackend evenBackend(even, 1, u"t"_s);
        const QFuture<SourcePage> evenFuture = evenBackend.listSources({});
        QVERIFY(waitFor(evenFuture, 60000));
        QCOMPARE(evenFuture.resultCount(), 2);
        const QFuture<SourcePage> errors = evenBackend.listSources({{}, {u"error"_s}});
        QVERIFY(waitFor(errors, 60000));
        QCOMPARE(collectSources(errors).value.size(), 80);
        const QFuture<SourcePage> bad = evenBackend.listSources({{u"kb'; --"_s}, {}});
        QVERIFY(waitFor(bad));
        QCOMPARE(bad.resultCount(), 1);
        QCOMPARE_OUTCOME(bad.resultAt(0).error->outcome, Outcome::Invalid);
    }

    void everyCall_worksThroughWorkers()
    {
        const DbConfig config = seededSqlite(30);
        DirectBackend backend(config, 3, u"ops@host"_s);
        QCOMPARE(backend.info().mode, BackendMode::Direct);
        QCOMPARE(backend.info().target, config.displayTarget());
        const KnowledgeBasesResult kbs = await(backend.listKnowledgeBases());
        QVERIFY(kbs.ok());
        QCOMPARE(kbs.value.size(), 3);
        Source active;
        for (const Source &s : allSources(config))
            if (s.status == u"active"_s)
                active = s;
        QVERIFY(!active.id.isEmpty());
        const TriggerTarget target{active.knowledgeBaseId, active.id, uuid()};
        QCOMPARE_OUTCOME(await(backend.preflight(target)).outcome, Outcome::Triggered);
        const TriggerResult r = await(backend.trigger(target));
        QCOMPARE_OUTCOME(r.outcome, Outcome::Triggered);
        QCOMPARE(await(backend.job(r.jobId)).value.triggeredBy, u"ops@host"_s);
        QCOMPARE(await(backend.jobByTrigger(target)).value.id, r.jobId);
        QCOMPARE(await(backend.syncStatus(target.kbId, target.sourceId)).value.sourceStatus,
                 u"syncing"_s);
        const SourceResult scheduled =
            await(backend.updateSchedule(target.kbId, target.sourceId, {true, 900}));
        QCOMPARE(scheduled.value.syncIntervalSeconds, std::optional<int>(900));
        QCOMPARE_OUTCOME(await(backend.trigger({u"nope"_s, active.id, uuid()})).outcome,
                         Outcome::Invalid);
        QCOMPARE_OUTCOME(
            await(backend.jobByTrigger({active.knowledgeBaseId, active.id, {}})).error->outcome,
            Outcome::Invalid);
    }

    void destruction_withCallsInFlight_finishesThemAndRemovesConnections()
    {
        const DbConfig config = seededSqlite(100);
        const QList<Source> sources = allSources(config);
        const QStringList before = QSqlDatabase::connectionNames();
        QList<QFuture<TriggerResult>> futures;
        {
            DirectBackend backend(config, 4, u"t"_s);
            for (const Source &s : sources)
                futures << backend.trigger({s.knowledgeBaseId, s.id, uuid()});
        } // destroyed at once: queued calls still run, then each worker closes its connection
        for (const auto &f : futures) {
            QVERIFY(f.isFinished());
            QVERIFY(!f.isCanceled());
            QCOMPARE(f.resultCount(), 1);
        }
        QCOMPARE(QSqlDatabase::connectionNames(), before);
        RawDb raw(config);
        QCOMPARE(raw.count(u"ingestion_jobs"_s, u"triggered_by = 't'"_s),
                 100 - 3); // all but the syncing ones
    }

    void oneWorker_runsCallsInTheOrderTheyWerePosted()
    {
        // Calls wait in one queue per worker: first posted, first run.
        const DbConfig config = seededSqlite(30);
        QList<Source> sources;
        for (const Source &s : allSources(config))
            if (s.status == u"active"_s || s.status == u"error"_s)
                sources << s;
        QVERIFY(sources.size() >= 20);
        sources = sources.mid(0, 20);
        DirectBackend backend(config, 1, u"order"_s);
        QMutex mutex;
        QList<int> finishedOrder;
        QList<QFuture<TriggerResult>> futures;
        for (int i = 0; i < sources.size(); ++i) {
            QFuture<TriggerResult> f =
                backend.trigger({sources[i].knowledgeBaseId, sources[i].id, uuid()});
            // Sync: runs on the worker right as the call's result is reported.
            f.then(QtFuture::Launch::Sync, [&mutex, &finishedOrder, i](const TriggerResult &) {
                const QMutexLocker lock(&mutex);
                finishedOrder << i;
            });
            futures << f;
        }
        for (const auto &f : futures)
            QCOMPARE_OUTCOME(await(f, 60000).outcome, Outcome::Triggered);
        // A continuation runs on the worker right after its future finished: wait for the last.
        const auto appended = [&] {
            const QMutexLocker lock(&mutex);
            return finishedOrder.size();
        };
        QTRY_COMPARE_WITH_TIMEOUT(appended(), sources.size(), 10000);
        const QMutexLocker lock(&mutex);
        QList<int> expected;
        for (int i = 0; i < sources.size(); ++i)
            expected << i;
        QCOMPARE(finishedOrder, expected);
        RawDb raw(config);
        QCOMPARE(raw.count(u"ingestion_jobs"_s, u"triggered_by = 'order'"_s), 20);
    }

    void throughput_fourWorkers_sqliteAndPostgres()
    {
        const DbConfig lite = seededSqlite(400);
        QString why;
        const auto pg = freshPgConfig(u"backend"_s, {}, &why);
        QVERIFY2(pg, qPrintable(why));
        {
            DirectStore store(*pg, u"pg-seed"_s);
            QVERIFY(store.migrate().ok());
            QVERIFY(store.seedDemo(400, 3).ok());
        }
        for (const DbConfig &config : {lite, *pg}) {
            const QList<Source> sources = allSources(config);
            QCOMPARE(sources.size(), 400);
            DirectBackend backend(config, 4, u"bench"_s);
            await(backend.listKnowledgeBases()); // workers warm: not every one is connected yet
            QElapsedTimer timer;
            timer.start();
            const QList<TriggerResult> results = triggerAll(backend, sources);
            const double seconds = timer.nsecsElapsed() / 1e9;
            QCOMPARE(count(results, Outcome::Triggered), 400 - 12); // active and error are eligible
            QCOMPARE(count(results, Outcome::AlreadySyncing), 12);
            qInfo("%s: %.0f triggers/s with 4 workers (%d triggers in %.2f s)",
                  config.driver == DbConfig::Driver::Postgres ? "PostgreSQL" : "SQLite",
                  results.size() / seconds, int(results.size()), seconds);
        }
    }
};

QTEST_GUILESS_MAIN(TestDirectBackend)
#include "tst_direct_backend.moc"
