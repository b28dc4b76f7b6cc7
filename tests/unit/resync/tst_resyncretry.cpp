// Retry policy of the engine: which outcomes are retried, full-jitter exponential backoff,
// Retry-After (seconds and HTTP-date, clamped) and the whole-batch hold after a 429.
#include "harness.h"
#include "resync/retrypolicy.h"

#include <QHash>
#include <QtTest>

using namespace feather;
using namespace feather::test;

namespace {

// Send times of every trigger call, per source, in order.
QHash<QString, QList<qint64>> sendTimes(const FakeBackend &backend)
{
    QHash<QString, QList<qint64>> out;
    for (const auto &call : backend.calls(QStringLiteral("trigger")))
        out[call.target.sourceId].append(call.atMs);
    return out;
}

} // namespace

class TestResyncRetry final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void retryableOutcomes_areRetriedUpToMaxAttemptsWithTheSameTriggerId_data()
    {
        QTest::addColumn<Outcome>("outcome");
        QTest::addColumn<int>("http");
        QTest::newRow("rate_limited") << Outcome::RateLimited << 429;
        QTest::newRow("server_error") << Outcome::ServerError << 500;
        QTest::newRow("network_error") << Outcome::NetworkError << 0;
    }

    void retryableOutcomes_areRetriedUpToMaxAttemptsWithTheSameTriggerId()
    {
        QFETCH(Outcome, outcome);
        QFETCH(int, http);
        Harness h;
        h.backend.script(sourceIdFor(0), {step(outcome, http)});
        h.runner->start(makeTargets(2));
        h.runToEnd();
        const auto calls = h.backend.calls(QStringLiteral("trigger"));
        QList<QString> triggerIds;
        for (const auto &call : calls) {
            if (call.target.sourceId == sourceIdFor(0))
                triggerIds.append(call.target.triggerId);
        }
        QCOMPARE(triggerIds.size(), 3);
        QCOMPARE(triggerIds.at(1), triggerIds.at(0));
        QCOMPARE(triggerIds.at(2), triggerIds.at(0));
        const TriggerResult r = *h.row(sourceIdFor(0));
        QCOMPARE_OUTCOME(r.outcome, outcome);
        QCOMPARE(r.attempts, 3);
        QCOMPARE(r.httpStatus, http);
        QList<int> attemptNumbers;
        for (const TriggerResult &a : h.attempts) {
            if (a.target.sourceId == sourceIdFor(0))
                attemptNumbers.append(a.attempts);
        }
        QCOMPARE(attemptNumbers, (QList<int>{1, 2, 3}));
        QCOMPARE(h.rows.size(), 2);
    }

    void failureThenSuccess_endsTriggered_withElapsedCoveringTheWait()
    {
        Harness h;
        h.backend.script(sourceIdFor(0),
                         {step(Outcome::ServerError, 502), step(Outcome::Triggered)});
        h.runner->start(makeTargets(1));
        h.runToEnd();
        const TriggerResult r = *h.row(sourceIdFor(0));
        QCOMPARE_OUTCOME(r.outcome, Outcome::Triggered);
        QCOMPARE(r.attempts, 2);
        const QList<qint64> sends = sendTimes(h.backend).value(sourceIdFor(0));
        QCOMPARE(r.elapsedMs, sends.at(1) + 100); // first send at 0, answer 100 ms after the second
        QCOMPARE(h.attempts.at(0).elapsedMs, 100); // an attempt's own duration
    }

    void backoffCeiling_doublesFromTheBaseUpToTheCap()
    {
        BackoffPolicy policy(500, 30000, 7);
        const QList<qint64> expected{500, 1000, 2000, 4000, 8000, 16000, 30000, 30000};
        for (int retry = 1; retry <= expected.size(); ++retry)
            QCOMPARE(policy.ceilingMs(retry), expected.at(retry - 1));
        QCOMPARE(policy.ceilingMs(1000), 30000); // no overflow for absurd counts
        for (int i = 0; i < 1000; ++i) {
            const qint64 d = policy.delayMs(3);
            QVERIFY(d >= 0 && d <= 2000);
        }
        BackoffPolicy a(500, 30000, 42), b(500, 30000, 42);
        for (int i = 0; i < 20; ++i)
            QCOMPARE(a.delayMs(4), b.delayMs(4)); // seeded: reproducible
    }

    void engineDelays_growExponentiallyUpToTheCap()
    {
        RunOptions o;
        o.concurrency = 64;
        o.maxAttempts = 8;
        o.backoffBaseMs = 100;
        o.backoffCapMs = 3200;
        Harness h(o, 2026);
        h.backend.setDefaultDelay(0); // lookups answer at once: the gap is the backoff itself
        const QList<TriggerTarget> targets = makeTargets(200);
        for (const TriggerTarget &t : targets)
            h.backend.script(t.sourceId, {step(Outcome::ServerError, 503, {}, 0)});
        h.runner->start(targets);
        h.runToEnd();
        QCOMPARE(h.rows.size(), 200);
        QCOMPARE(h.rowsWith(Outcome::ServerError), 200);
        // Answers come back at once, so the gap between sends is the backoff itself.
        QList<double> mean(8, 0.0);
        const auto times = sendTimes(h.backend);
        for (const QList<qint64> &sends : times) {
            QCOMPARE(sends.size(), 8);
            for (int retry = 1; retry < 8; ++retry) {
                const qint64 gap = sends.at(retry) - sends.at(retry - 1);
                const qint64 ceiling = qMin<qint64>(3200, 100LL << (retry - 1));
                QVERIFY2(gap >= 0 && gap <= ceiling, qPrintable(QString::number(gap)));
                mean[retry] += double(gap) / 200.0;
            }
        }
        // Full jitter: the mean is half the ceiling, so it doubles per retry until the cap.
        for (int retry = 1; retry < 8; ++retry) {
            const double ceiling = double(qMin<qint64>(3200, 100LL << (retry - 1)));
            QVERIFY2(mean[retry] > 0.38 * ceiling && mean[retry] < 0.62 * ceiling,
                     qPrintable(QStringLiteral("retry %1 mean %2").arg(retry).arg(mean[retry])));
        }
        QVERIFY(mean[5] > 1.6 * mean[4]);
        QVERIFY(mean[7] < 1.3 * mean[6]); // capped: stops growing
    }

    void fullJitter_spreadsFiftySimultaneousFailures()
    {
        RunOptions o;
        o.concurrency = 50;
        o.backoffBaseMs = 2000;
        Harness h(o, 99);
        const QList<TriggerTarget> targets = makeTargets(50);
        for (const TriggerTarget &t : targets)
            h.backend.script(t.sourceId,
                             {step(Outcome::ServerError, 500, {}, 0), step(Outcome::Triggered)});
        h.runner->start(targets);
        h.runToEnd();
        QCOMPARE(h.rowsWith(Outcome::Triggered), 50);
        QHash<qint64, int> buckets;
        for (const QList<qint64> &sends : sendTimes(h.backend)) {
            QCOMPARE(sends.at(0), 0); // all failed at t = 0
            ++buckets[sends.at(1) / 100];
        }
        int largest = 0;
        for (int n : buckets)
            largest = qMax(largest, n);
        QVERIFY2(largest <= 10,
                 qPrintable(QStringLiteral("a 100 ms bucket holds %1 of 50").arg(largest)));
        QVERIFY(buckets.size() >= 10); // spread over the window, not clumped
    }

    void retryAfterSeconds_isHonouredExactly()
    {
        Harness h;
        h.backend.script(sourceIdFor(0),
                         {step(Outcome::ServerError, 503, 7000), step(Outcome::Triggered)});
        h.runner->start(makeTargets(1));
        h.runToEnd();
        const QList<qint64> sends = sendTimes(h.backend).value(sourceIdFor(0));
        QCOMPARE(sends, (QList<qint64>{0, 7100}));
        QCOMPARE_OUTCOME(h.row(sourceIdFor(0))->outcome, Outcome::Triggered);
    }

    void retryAfter_isClampedToTheCap()
    {
        RunOptions o;
        o.retryAfterCapMs = 120000;
        Harness h(o);
        h.backend.script(sourceIdFor(0),
                         {step(Outcome::RateLimited, 429, 3600000), step(Outcome::Triggered)});
        h.runner->start(makeTargets(1));
        h.clock.advance(100);
        const RunProgress held = h.runner->progress();
        QVERIFY(held.paused);
        QCOMPARE(held.resumeAt, h.clock.now().addMSecs(120000));
        h.runToEnd();
        QCOMPARE(sendTimes(h.backend).value(sourceIdFor(0)), (QList<qint64>{0, 120100}));
    }

    void rateLimited_holdsTheWholeBatchUntilResumeAt()
    {
        RunOptions o;
        o.concurrency = 2;
        Harness h(o);
        h.backend.script(sourceIdFor(1),
                         {step(Outcome::RateLimited, 429, 5000), step(Outcome::Triggered)});
        h.runner->start(makeTargets(10));
        h.clock.advance(100); // row 1's 429 arrives (row 2 just went out)
        const QDateTime resumeAt = h.clock.now().addMSecs(5000);
        h.clock.advance(2900);
        RunProgress p = h.runner->progress();
        QVERIFY(p.paused);
        QCOMPARE(p.resumeAt, resumeAt);
        QVERIFY2(p.pauseReason.contains(QLatin1String("429")), qPrintable(p.pauseReason));
        QCOMPARE(p.inFlight, 0);
        h.runToEnd();
        for (const auto &call : h.backend.calls(QStringLiteral("trigger")))
            QVERIFY2(call.atMs <= 100 || call.atMs >= 5100, qPrintable(QString::number(call.atMs)));
        QCOMPARE(h.backend.calls(QStringLiteral("trigger")).size(), 11);
        QCOMPARE(h.rowsWith(Outcome::Triggered), 10);
        QCOMPARE(h.row(sourceIdFor(1))->attempts, 2);
        QVERIFY(!h.runner->progress().paused);
    }

    void rateLimitedWithoutRetryAfter_holdsForTheBackoffCeiling()
    {
        RunOptions o;
        o.backoffBaseMs = 800;
        Harness h(o);
        h.backend.script(sourceIdFor(0),
                         {step(Outcome::RateLimited, 429), step(Outcome::RateLimited, 429),
                          step(Outcome::Triggered)});
        h.runner->start(makeTargets(1));
        h.runToEnd();
        // 800 ms after the first 429 (t=100), 1600 ms after the second (t=1000).
        QCOMPARE(sendTimes(h.backend).value(sourceIdFor(0)), (QList<qint64>{0, 900, 2600}));
    }

    void cancelDuringAHold_endsAtOnce_withEveryTargetAccountedFor()
    {
        RunOptions o;
        o.concurrency = 1;
        Harness h(o);
        h.backend.script(sourceIdFor(0), {step(Outcome::RateLimited, 429, 60000)});
        h.runner->start(makeTargets(4));
        h.clock.advance(1000);
        QVERIFY(h.runner->progress().paused);
        h.runner->cancel();
        QVERIFY(!h.runner->isRunning());
        QCOMPARE(h.finishedCount, 1);
        QCOMPARE(h.rows.size(), 4);
        const TriggerResult first = *h.row(sourceIdFor(0));
        QCOMPARE_OUTCOME(first.outcome, Outcome::RateLimited);
        QVERIFY(first.message.endsWith(QLatin1String("(retry cancelled)")));
        QCOMPARE(h.rowsWith(Outcome::Cancelled), 3);
        h.clock.advance(120000);
        QCOMPARE(h.backend.calls().size(), 1); // the pending retry never fires
    }

    void clampRetryAfter_boundsServerRequestedDelays()
    {
        QCOMPARE(clampRetryAfter(std::numeric_limits<qint64>::max(), 120000), 120000);
        QCOMPARE(clampRetryAfter(-10, 120000), 0);
        QCOMPARE(clampRetryAfter(5000, 120000), 5000);
    }
};

QTEST_GUILESS_MAIN(TestResyncRetry)
#include "tst_resyncretry.moc"
