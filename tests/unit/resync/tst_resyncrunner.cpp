// The engine's bookkeeping: concurrency, dedupe, invalid ids, cancel, pause, the 401 stop,
// never-retried outcomes, unknown-outcome reconciliation, dry run, retry candidates, progress.
#include "core/ids.h"
#include "harness.h"

#include <QSet>
#include <QtTest>

using namespace feather;
using namespace feather::test;

class TestResyncRunner final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void allTargetsTriggered_eachRowReportedOnceWithAttemptsAndElapsed()
    {
        Harness h;
        h.runner->start(makeTargets(10));
        h.runToEnd();
        QCOMPARE(h.startedTotal, 10);
        QCOMPARE(h.finishedCount, 1);
        QCOMPARE(h.rows.size(), 10);
        QCOMPARE(h.attempts.size(), 10);
        QSet<QString> seen;
        for (const TriggerResult &r : h.rows) {
            QCOMPARE_OUTCOME(r.outcome, Outcome::Triggered);
            QCOMPARE(r.attempts, 1);
            QCOMPARE(r.elapsedMs, 100); // the fake answers after 100 ms
            QVERIFY(!r.jobId.isEmpty());
            QVERIFY(isCanonicalUuid(r.target.triggerId));
            QVERIFY(r.finishedAt.isValid());
            seen.insert(r.target.sourceId);
        }
        QCOMPARE(seen.size(), 10);
        QCOMPARE(h.runner->results().size(), 10);
        QVERIFY(!h.runner->isRunning());
        const RunProgress p = h.runner->progress();
        QCOMPARE(p.done, 10);
        QCOMPARE(p.counts[std::size_t(Outcome::Triggered)], 10);
        QCOMPARE(p.inFlight, 0);
    }

    void concurrency_neverExceedsTheLimit()
    {
        RunOptions o;
        o.concurrency = 3;
        Harness h(o);
        h.runner->start(makeTargets(20));
        h.clock.advance(0);
        QCOMPARE(h.backend.inFlight(), 3);
        QCOMPARE(h.runner->progress().inFlight, 3);
        h.runToEnd();
        QCOMPARE(h.backend.maxInFlight(), 3);
        QCOMPARE(h.rows.size(), 20);
        // 20 rows, 3 at a time, 100 ms each: 7 waves.
        QCOMPARE(h.clock.steadyMs(), 700);
    }

    void concurrencyOption_isClampedBetween1And64()
    {
        RunOptions low;
        low.concurrency = 0;
        Harness a(low);
        QCOMPARE(a.runner->options().concurrency, 1);
        RunOptions high;
        high.concurrency = 500;
        Harness b(high);
        QCOMPARE(b.runner->options().concurrency, 64);
        b.runner->start(makeTargets(100));
        b.runToEnd();
        QCOMPARE(b.backend.maxInFlight(), 64);
    }

    void duplicateTargets_areSentOnce()
    {
        Harness h;
        QList<TriggerTarget> targets = makeTargets(3);
        TriggerTarget upper = targets.at(1);
        upper.kbId = upper.kbId.toUpper();
        upper.sourceId = upper.sourceId.toUpper();
        targets.append(upper);
        targets.append(targets.at(0));
        h.runner->start(targets);
        h.runToEnd();
        QCOMPARE(h.startedTotal, 3);
        QCOMPARE(h.rows.size(), 3);
        QCOMPARE(h.backend.calls(QStringLiteral("trigger")).size(), 3);
        QCOMPARE(h.backend.triggerCount(sourceIdFor(1)), 1);
    }

    void emptyTriggerIds_getFreshUuids_givenOnesAreKept()
    {
        Harness h;
        QList<TriggerTarget> targets = makeTargets(2);
        const QString given = QStringLiteral("AAAAAAAA-BBBB-4CCC-8DDD-EEEEEEEEEEEE");
        targets[0].triggerId = given;
        h.runner->start(targets);
        h.runToEnd();
        const auto calls = h.backend.calls(QStringLiteral("trigger"));
        QCOMPARE(calls.size(), 2);
        QCOMPARE(h.row(sourceIdFor(0))->target.triggerId, given.toLower());
        QCOMPARE(calls.at(0).target.triggerId, given.toLower());
        QVERIFY(isCanonicalUuid(calls.at(1).target.triggerId));
        QVERIFY(calls.at(1).target.triggerId != given.toLower());
    }

    void invalidIds_becomeInvalidRowsWithoutAnyRequest()
    {
        Harness h;
        QList<TriggerTarget> targets = makeTargets(2);
        targets.append(TriggerTarget{QStringLiteral("not-a-uuid"), sourceIdFor(7), {}});
        targets.append(TriggerTarget{targets.at(0).kbId, QStringLiteral("12345"), {}});
        targets.append(TriggerTarget{targets.at(0).kbId, sourceIdFor(8), QStringLiteral("nope")});
        h.runner->start(targets);
        h.runToEnd();
        QCOMPARE(h.rows.size(), 5);
        QCOMPARE(h.rowsWith(Outcome::Invalid), 3);
        QCOMPARE(h.backend.calls().size(), 2);
        for (const TriggerResult &r : h.rows) {
            if (r.outcome != Outcome::Invalid)
                continue;
            QCOMPARE(r.attempts, 0);
            QVERIFY2(r.message.contains(QLatin1String("is not a UUID")), qPrintable(r.message));
            QVERIFY(!r.message.contains(u'\n'));
        }
        QVERIFY(h.row(QStringLiteral("12345"))->message.startsWith(QLatin1String("source_id")));
        QVERIFY(h.row(sourceIdFor(8))->message.startsWith(QLatin1String("trigger_id")));
        QCOMPARE(h.attempts.size(), 2); // invalid rows are not attempts
    }

    void cancelMidRun_inFlightFinish_unstartedCancelled_eachTargetOnce()
    {
        RunOptions o;
        o.concurrency = 4;
        Harness h(o);
        h.runner->start(makeTargets(30));
        h.clock.advance(250); // two waves done, the third in flight
        QCOMPARE(h.rows.size(), 8);
        h.runner->cancel();
        const int callsAtCancel = int(h.backend.calls().size());
        QCOMPARE(callsAtCancel, 12);
        QVERIFY(h.runner->isRunning()); // in-flight rows still report
        h.runToEnd();
        QCOMPARE(int(h.backend.calls().size()), callsAtCancel);
        QCOMPARE(h.rows.size(), 30);
        QSet<QString> ids;
        for (const TriggerResult &r : h.rows)
            ids.insert(r.target.sourceId);
        QCOMPARE(ids.size(), 30);
        QCOMPARE(h.rowsWith(Outcome::Triggered), 12);
        QCOMPARE(h.rowsWith(Outcome::Cancelled), 18);
        for (const TriggerResult &r : h.rows) {
            if (r.outcome == Outcome::Cancelled) {
                QCOMPARE(r.message, QStringLiteral("cancelled before it was sent"));
                QCOMPARE(r.attempts, 0);
            }
        }
        QCOMPARE(h.finishedCount, 1);
    }

    void pauseResume_holdsNewSendsUntilResumed()
    {
        RunOptions o;
        o.concurrency = 2;
        Harness h(o);
        h.runner->start(makeTargets(6));
        h.clock.advance(50);
        h.runner->pause();
        QVERIFY(h.runner->progress().paused);
        QCOMPARE(h.runner->progress().pauseReason, QStringLiteral("paused"));
        h.clock.advance(10000);
        QCOMPARE(h.rows.size(), 2);            // in-flight ones finished
        QCOMPARE(h.backend.calls().size(), 2); // nothing new went out
        h.runner->resume();
        QVERIFY(!h.runner->progress().paused);
        h.runToEnd();
        QCOMPARE(h.rows.size(), 6);
        QCOMPARE(h.rowsWith(Outcome::Triggered), 6);
        QVERIFY(h.backend.calls().at(2).atMs >= 10050);
    }

    void firstUnauthorized_stopsTheBatch_remainingRowsCancelled()
    {
        RunOptions o;
        o.concurrency = 2;
        o.backoffBaseMs = 5000;
        Harness h(o);
        // t=100: rows 2 and 3 go out. t=120: row 2 fails (retry pending), row 4 goes out.
        // t=150: row 3 gets the 401. t=200: row 4, already in flight, finishes normally.
        // (A network error: retried without a lookup, so row 2's slot frees at once.)
        h.backend.script(sourceIdFor(2), {step(Outcome::NetworkError, 0, {}, 20)});
        h.backend.script(sourceIdFor(3), {step(Outcome::Unauthorized, 401, {}, 50)});
        h.runner->start(makeTargets(10));
        h.runToEnd();
        QCOMPARE(h.rows.size(), 10);
        QCOMPARE(h.backend.calls(QStringLiteral("trigger")).size(), 5);
        QCOMPARE_OUTCOME(h.row(sourceIdFor(3))->outcome, Outcome::Unauthorized);
        QCOMPARE_OUTCOME(h.row(sourceIdFor(4))->outcome, Outcome::Triggered);
        // Row 2 was waiting for its retry: it keeps its real outcome, with the reason.
        QCOMPARE_OUTCOME(h.row(sourceIdFor(2))->outcome, Outcome::NetworkError);
        QCOMPARE(h.row(sourceIdFor(2))->attempts, 1);
        QVERIFY(
            h.row(sourceIdFor(2))
                ->message.contains(QLatin1String("not retried: the API key was rejected (401)")));
        for (int i = 5; i < 10; ++i) {
            const TriggerResult r = *h.row(sourceIdFor(i));
            QCOMPARE_OUTCOME(r.outcome, Outcome::Cancelled);
            QCOMPARE(r.message, QStringLiteral("stopped: the API key was rejected (401)"));
            QCOMPARE(r.attempts, 0);
        }
        QCOMPARE(h.finishedCount, 1);
    }

    void definiteOutcomes_areNeverRetried_data()
    {
        QTest::addColumn<Outcome>("outcome");
        QTest::addColumn<int>("http");
        QTest::newRow("already_syncing") << Outcome::AlreadySyncing << 409;
        QTest::newRow("not_found") << Outcome::NotFound << 404;
        QTest::newRow("forbidden") << Outcome::Forbidden << 403;
        QTest::newRow("invalid") << Outcome::Invalid << 422;
    }

    void definiteOutcomes_areNeverRetried()
    {
        QFETCH(Outcome, outcome);
        QFETCH(int, http);
        Harness h;
        h.backend.script(sourceIdFor(0), {step(outcome, http)});
        h.runner->start(makeTargets(3));
        h.runToEnd();
        QCOMPARE(h.backend.triggerCount(sourceIdFor(0)), 1);
        const TriggerResult r = *h.row(sourceIdFor(0));
        QCOMPARE_OUTCOME(r.outcome, outcome);
        QCOMPARE(r.attempts, 1);
        QCOMPARE(r.httpStatus, http);
        QCOMPARE(h.rowsWith(Outcome::Triggered), 2); // a 403 is per row, not a stop
    }

    void unknownOutcome_jobFound_isConfirmedTriggered()
    {
        Harness h;
        FakeBackend::Step lost = step(Outcome::UnknownOutcome);
        lost.applied = true;
        h.backend.script(sourceIdFor(0), {lost});
        h.runner->start(makeTargets(1));
        h.runToEnd();
        QCOMPARE(h.backend.calls(QStringLiteral("jobByTrigger")).size(), 1);
        QCOMPARE(h.backend.triggerCount(sourceIdFor(0)), 1);
        const TriggerResult r = *h.row(sourceIdFor(0));
        QCOMPARE_OUTCOME(r.outcome, Outcome::Triggered);
        QVERIFY(r.message.contains(QLatin1String("confirmed after an unknown outcome")));
        QVERIFY(!r.jobId.isEmpty());
        QCOMPARE(h.attempts.size(), 1);
        QCOMPARE_OUTCOME(h.attempts.at(0).outcome, Outcome::Triggered);
        QCOMPARE(h.backend.jobsCreated(), 1);
    }

    void unknownOutcome_noJob_retriesWithTheSameTriggerId()
    {
        Harness h;
        h.backend.script(sourceIdFor(0), {step(Outcome::UnknownOutcome), step(Outcome::Triggered)});
        h.runner->start(makeTargets(1));
        h.runToEnd();
        const auto triggers = h.backend.calls(QStringLiteral("trigger"));
        QCOMPARE(triggers.size(), 2);
        QCOMPARE(triggers.at(0).target.triggerId, triggers.at(1).target.triggerId);
        // Reconciliation happened between the two sends, not after.
        const auto lookups = h.backend.calls(QStringLiteral("jobByTrigger"));
        QCOMPARE(lookups.size(), 1);
        QVERIFY(lookups.at(0).atMs >= triggers.at(0).atMs
                && lookups.at(0).atMs < triggers.at(1).atMs);
        const TriggerResult r = *h.row(sourceIdFor(0));
        QCOMPARE_OUTCOME(r.outcome, Outcome::Triggered);
        QCOMPARE(r.attempts, 2);
        QCOMPARE(h.attempts.size(), 2);
        QCOMPARE_OUTCOME(h.attempts.at(0).outcome, Outcome::UnknownOutcome);
        QCOMPARE(h.backend.jobsCreated(), 1);
    }

    void unknownOutcome_lookupFails_staysUnknownWithoutResend()
    {
        Harness h;
        h.backend.script(sourceIdFor(0), {step(Outcome::UnknownOutcome)});
        h.backend.setLookup(sourceIdFor(0), FakeBackend::Lookup::Fails);
        h.runner->start(makeTargets(1));
        h.runToEnd();
        QCOMPARE(h.backend.triggerCount(sourceIdFor(0)), 1);
        // Looked up again with backoff up to the bound, never sent again.
        QCOMPARE(h.backend.calls(QStringLiteral("jobByTrigger")).size(), RunOptions{}.maxLookups);
        const TriggerResult r = *h.row(sourceIdFor(0));
        QCOMPARE_OUTCOME(r.outcome, Outcome::UnknownOutcome);
        QVERIFY(r.message.contains(QLatin1String("could not confirm")));
        QCOMPARE(r.attempts, 1);
    }

    void retryCandidates_keepTriggerIdsOfRetryableAndUnknownRows()
    {
        RunOptions o;
        o.maxAttempts = 1;
        Harness h(o);
        h.backend.script(sourceIdFor(0), {step(Outcome::ServerError, 500)});
        h.backend.script(sourceIdFor(1), {step(Outcome::AlreadySyncing, 409)});
        h.backend.script(sourceIdFor(2), {step(Outcome::NetworkError)});
        h.backend.script(sourceIdFor(3), {step(Outcome::UnknownOutcome)});
        h.backend.setLookup(sourceIdFor(3), FakeBackend::Lookup::Fails);
        h.runner->start(makeTargets(5));
        h.runToEnd();
        const QList<TriggerTarget> again = ResyncRunner::retryCandidates(h.runner->results());
        QCOMPARE(again.size(), 3);
        QSet<QString> sources;
        for (const TriggerTarget &t : again) {
            sources.insert(t.sourceId);
            QCOMPARE(t.triggerId, h.row(t.sourceId)->target.triggerId);
        }
        QCOMPARE(sources, (QSet<QString>{sourceIdFor(0), sourceIdFor(2), sourceIdFor(3)}));

        // Re-running them sends the same trigger ids.
        Harness second;
        second.runner->start(again);
        second.runToEnd();
        for (const auto &call : second.backend.calls(QStringLiteral("trigger")))
            QCOMPARE(call.target.triggerId, h.row(call.target.sourceId)->target.triggerId);
    }

    void dryRun_usesPreflightOnly_andReportsEveryTarget()
    {
        Harness h;
        h.backend.setPreflight(sourceIdFor(1), Outcome::AlreadySyncing);
        QList<TriggerTarget> targets = makeTargets(4);
        targets.append(TriggerTarget{QStringLiteral("bad"), sourceIdFor(9), {}});
        h.runner->dryRun(targets);
        h.runToEnd();
        QCOMPARE(h.rows.size(), 5);
        QCOMPARE(h.backend.calls(QStringLiteral("trigger")).size(), 0);
        QCOMPARE(h.backend.calls(QStringLiteral("preflight")).size(), 4);
        QCOMPARE(h.attempts.size(), 0);
        QCOMPARE(h.backend.jobsCreated(), 0);
        QCOMPARE_OUTCOME(h.row(sourceIdFor(1))->outcome, Outcome::AlreadySyncing);
        QCOMPARE_OUTCOME(h.row(sourceIdFor(9))->outcome, Outcome::Invalid);
        QCOMPARE(h.rowsWith(Outcome::Triggered), 3);
        QCOMPARE(h.finishedCount, 1);
    }

    void progress_countsOutcomes_andEstimatesFromTheMovingAverage()
    {
        RunOptions o;
        o.concurrency = 1;
        Harness h(o);
        h.backend.script(sourceIdFor(0), {step(Outcome::NotFound, 404)});
        h.runner->start(makeTargets(10));
        h.clock.advance(0);
        QCOMPARE(h.runner->progress().etaMs, -1); // no rate yet
        h.clock.advance(400);                     // four rows at 100 ms each
        const RunProgress p = h.runner->progress();
        QCOMPARE(p.total, 10);
        QCOMPARE(p.done, 4);
        QCOMPARE(p.inFlight, 1);
        QCOMPARE(p.elapsedMs, 400);
        QCOMPARE(p.counts[std::size_t(Outcome::NotFound)], 1);
        QCOMPARE(p.counts[std::size_t(Outcome::Triggered)], 3);
        QCOMPARE(p.etaMs, 600); // 6 left × 100 ms
        h.runToEnd();
        QCOMPARE(h.progress.last().done, 10);
        QCOMPARE(h.progress.last().etaMs, 0);
        for (int i = 1; i < h.progress.size(); ++i)
            QVERIFY(h.progress.at(i).done >= h.progress.at(i - 1).done);
    }

    void emptyTargetList_startsAndFinishesAtOnce()
    {
        Harness h;
        h.runner->start({});
        QCOMPARE(h.startedTotal, 0);
        QCOMPARE(h.finishedCount, 1);
        QVERIFY(!h.runner->isRunning());
    }

    void startWhileRunning_isIgnored()
    {
        Harness h;
        h.runner->start(makeTargets(2));
        h.runner->start(makeTargets(5));
        h.runToEnd();
        QCOMPARE(h.rows.size(), 2);
        // A finished runner can run again.
        h.runner->start(makeTargets(3));
        h.runToEnd();
        QCOMPARE(h.rows.size(), 5);
        QCOMPARE(h.finishedCount, 2);
        QCOMPARE(h.runner->results().size(), 3);
    }
};

QTEST_GUILESS_MAIN(TestResyncRunner)
#include "tst_resyncrunner.moc"
