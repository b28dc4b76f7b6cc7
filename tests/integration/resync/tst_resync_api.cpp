// The engine through ApiBackend against a real feather-devserver process: the first 401 stops
// the batch, and concurrency 8 against 1 at 20 ms server latency (the 10,000-target run is in
// tst_resync_api_bulk).
#include "api/apibackend.h"
#include "resyncintegration.h"
#include "support/testsupport.h"

#include <QStandardPaths>
#include <QtTest>

using namespace feather;
using namespace feather::test;

class TestResyncApi final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void rejectedKey_stopsTheBatchAfterTheFirst401()
    {
        DevServer server;
        QString why;
        QVERIFY2(server.start(200, {}, &why), qPrintable(why));
        const QList<TriggerTarget> targets = allSources(server.dbPath());
        QCOMPARE(targets.size(), 200);
        ApiBackend backend(apiConfig(server, 4, QStringLiteral("fth_test_wrong_key_000000")));
        RunOptions options;
        options.concurrency = 4;
        ResyncRunner runner(&backend, options);
        const qsizetype jobsBefore = jobSources(server.dbPath()).size();
        const RunRecord run = runToCompletion(runner, targets, 30000);
        QCOMPARE(run.rows.size(), 200);
        QVERIFY(count(run.rows, Outcome::Unauthorized) >= 1);
        QVERIFY(count(run.rows, Outcome::Unauthorized) <= 4); // only those already in flight
        QCOMPARE(count(run.rows, Outcome::Unauthorized) + count(run.rows, Outcome::Cancelled), 200);
        for (const TriggerResult &r : run.rows) {
            if (r.outcome == Outcome::Cancelled)
                QCOMPARE(r.message, QStringLiteral("stopped: the API key was rejected (401)"));
        }
        // Nothing was triggered with a rejected key.
        QCOMPARE(jobSources(server.dbPath()).size(), jobsBefore);
    }

    void concurrencyEight_versusOne_atTwentyMsLatency()
    {
        // The latency scales with the build's speed (test::timeFactor()), so the server's wait
        // and not the client's own work dominates a row, as in a release build.
        const int latencyMs = test::scaledMs(20);
        DevServer server;
        QString why;
        QVERIFY2(server.start(600,
                              {QStringLiteral("--latency-ms"), QString::number(latencyMs),
                               QStringLiteral("--sync-seconds"), QStringLiteral("3600")},
                              &why),
                 qPrintable(why));
        const QList<TriggerTarget> all = allSources(server.dbPath());
        QCOMPARE(all.size(), 600);
        auto measure = [&](int concurrency, const QList<TriggerTarget> &targets) {
            ApiBackend backend(apiConfig(server, concurrency));
            RunOptions options;
            options.concurrency = concurrency;
            ResyncRunner runner(&backend, options);
            const RunRecord run = runToCompletion(runner, targets, 60000);
            [&] { QCOMPARE(run.rows.size(), targets.size()); }();
            return 1000.0 * double(targets.size()) / double(qMax<qint64>(1, run.wallMs));
        };
        const double one = measure(1, all.mid(0, 100));
        const double eight = measure(8, all.mid(100, 400));
        const double ratio = eight / one;
        qInfo(
            "--latency-ms %d: concurrency 1 = %.1f rows/s, concurrency 8 = %.1f rows/s, ratio %.2f",
            latencyMs, one, eight, ratio);
        QVERIFY(one < 1000.0 / latencyMs); // each row waits ≥ latencyMs for its answer
        QVERIFY2(ratio > 3.0, qPrintable(QString::number(ratio))); // a serial engine gives ~1
    }
};

QTEST_GUILESS_MAIN(TestResyncApi)
#include "tst_resync_api.moc"
