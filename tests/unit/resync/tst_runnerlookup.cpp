// Ambiguous answers (unknown_outcome, server_error) go through Backend::jobByTrigger before
// anything else; a failed lookup is repeated with backoff up to a bound and then left visibly
// unknown; a trigger is sent a second time only when a lookup said that no job carries it.
#include "harness.h"

#include <QtTest>

using namespace feather;
using namespace feather::test;

namespace {

QList<qint64> callTimes(const FakeBackend &backend, const QString &kind, const QString &sourceId)
{
    QList<qint64> out;
    for (const auto &call : backend.calls(kind)) {
        if (call.target.sourceId == sourceId)
            out.append(call.atMs);
    }
    return out;
}

FakeBackend::Step applied(Outcome outcome, int http = 0)
{
    FakeBackend::Step s = step(outcome, http);
    s.applied = true;
    return s;
}

} // namespace

class TestRunnerLookup final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void serverError_jobFoundByTheLookup_isTriggeredWithoutAResend()
    {
        Harness h;
        h.backend.script(sourceIdFor(0), {applied(Outcome::ServerError, 502)});
        h.runner->start(makeTargets(1));
        h.runToEnd();
        QCOMPARE(h.backend.triggerCount(sourceIdFor(0)), 1);
        QCOMPARE(h.backend.calls(QStringLiteral("jobByTrigger")).size(), 1);
        const TriggerResult r = *h.row(sourceIdFor(0));
        QCOMPARE_OUTCOME(r.outcome, Outcome::Triggered);
        QVERIFY(!r.jobId.isEmpty());
        QVERIFY2(r.message.contains(QLatin1String("confirmed after a server_error")),
                 qPrintable(r.message));
        QCOMPARE(h.backend.jobsCreated(), 1);
    }

    void serverError_lookupFindsNoJob_isSentAgainWithTheSameTriggerId()
    {
        Harness h;
        h.backend.script(sourceIdFor(0),
                         {step(Outcome::ServerError, 500), step(Outcome::Triggered)});
        h.runner->start(makeTargets(1));
        h.runToEnd();
        const auto triggers = h.backend.calls(QStringLiteral("trigger"));
        const auto lookups = h.backend.calls(QStringLiteral("jobByTrigger"));
        QCOMPARE(triggers.size(), 2);
        QCOMPARE(lookups.size(), 1);
        QCOMPARE(triggers.at(1).target.triggerId, triggers.at(0).target.triggerId);
        QVERIFY(lookups.at(0).atMs >= triggers.at(0).atMs
                && lookups.at(0).atMs < triggers.at(1).atMs);
        QCOMPARE_OUTCOME(h.row(sourceIdFor(0))->outcome, Outcome::Triggered);
    }

    void secondTrigger_onlyWhenTheLookupSaidNoJob_data()
    {
        QTest::addColumn<Outcome>("answer");
        QTest::addColumn<int>("lookup"); // 0 finds by jobs, 1 fails
        QTest::addColumn<bool>("applied");
        QTest::addColumn<int>("triggers");
        QTest::newRow("unknown, job exists") << Outcome::UnknownOutcome << 0 << true << 1;
        QTest::newRow("unknown, no job") << Outcome::UnknownOutcome << 0 << false << 3;
        QTest::newRow("unknown, lookup fails") << Outcome::UnknownOutcome << 1 << false << 1;
        QTest::newRow("server_error, job exists") << Outcome::ServerError << 0 << true << 1;
        QTest::newRow("server_error, no job") << Outcome::ServerError << 0 << false << 3;
        QTest::newRow("server_error, lookup fails") << Outcome::ServerError << 1 << false << 1;
    }

    void secondTrigger_onlyWhenTheLookupSaidNoJob()
    {
        QFETCH(Outcome, answer);
        QFETCH(int, lookup);
        QFETCH(bool, applied);
        QFETCH(int, triggers);
        Harness h;
        FakeBackend::Step s = step(answer, answer == Outcome::ServerError ? 503 : 0);
        s.applied = applied;
        h.backend.script(sourceIdFor(0), {s});
        if (lookup == 1)
            h.backend.setLookup(sourceIdFor(0), FakeBackend::Lookup::Fails);
        h.runner->start(makeTargets(1));
        h.runToEnd();
        QCOMPARE(h.backend.triggerCount(sourceIdFor(0)), triggers);
        QVERIFY(h.backend.jobsCreated() <= 1);
        // Every send after the first was preceded by a lookup that found no job.
        QVERIFY(h.backend.calls(QStringLiteral("jobByTrigger")).size() >= triggers - 1);
    }

    void failedLookup_isRepeatedWithGrowingBackoff_thenLeftVisiblyUnknown()
    {
        RunOptions o;
        o.maxLookups = 4;
        o.lookupBaseMs = 1000;
        o.lookupCapMs = 16000;
        Harness h(o, 11);
        h.backend.script(sourceIdFor(0), {step(Outcome::UnknownOutcome)});
        h.backend.setLookup(sourceIdFor(0), FakeBackend::Lookup::Fails);
        h.runner->start(makeTargets(1));
        h.runToEnd();
        QCOMPARE(h.backend.triggerCount(sourceIdFor(0)), 1);
        const QList<qint64> lookups =
            callTimes(h.backend, QStringLiteral("jobByTrigger"), sourceIdFor(0));
        QCOMPARE(lookups.size(), 4);
        QCOMPARE(lookups.at(0), 100); // at once after the answer
        for (int i = 1; i < lookups.size(); ++i) {
            // Each lookup takes 100 ms; then an equal-jitter wait in [c/2, c], c doubling.
            const qint64 ceiling = 1000LL << (i - 1);
            const qint64 wait = lookups.at(i) - lookups.at(i - 1) - 100;
            QVERIFY2(wait >= ceiling / 2 && wait <= ceiling,
                     qPrintable(QStringLiteral("wait %1 before lookup %2").arg(wait).arg(i + 1)));
        }
        const TriggerResult r = *h.row(sourceIdFor(0));
        QCOMPARE_OUTCOME(r.outcome, Outcome::UnknownOutcome);
        QVERIFY2(r.message.contains(QLatin1String("could not confirm whether a sync started: 4 "
                                                  "lookup(s)")),
                 qPrintable(r.message));
        QVERIFY(r.message.contains(QLatin1String("not sent again")));
        QCOMPARE(h.attempts.size(), 1); // one request, one attempt reported
    }

    void lookupThatCannotTell_endsAtOnce_unknownAndNotSentAgain()
    {
        Harness h;
        h.backend.script(sourceIdFor(0), {step(Outcome::ServerError, 500)});
        h.backend.setLookup(sourceIdFor(0), FakeBackend::Lookup::CannotTell);
        h.runner->start(makeTargets(1));
        h.runToEnd();
        QCOMPARE(h.backend.calls(QStringLiteral("jobByTrigger")).size(), 1);
        QCOMPARE(h.backend.triggerCount(sourceIdFor(0)), 1);
        const TriggerResult r = *h.row(sourceIdFor(0));
        QCOMPARE_OUTCOME(r.outcome, Outcome::UnknownOutcome);
        QVERIFY2(r.message.contains(QLatin1String("not provably ours")), qPrintable(r.message));
        QVERIFY(r.message.contains(QLatin1String("not sent again")));
    }

    void lookupThatFailsTwice_thenFindsTheJob_isTriggered()
    {
        Harness h;
        h.backend.script(sourceIdFor(0), {applied(Outcome::UnknownOutcome)});
        h.backend.setLookupFailures(sourceIdFor(0), 2);
        h.runner->start(makeTargets(1));
        h.runToEnd();
        QCOMPARE(h.backend.calls(QStringLiteral("jobByTrigger")).size(), 3);
        QCOMPARE(h.backend.triggerCount(sourceIdFor(0)), 1);
        QCOMPARE_OUTCOME(h.row(sourceIdFor(0))->outcome, Outcome::Triggered);
    }

    void rowWaitingForALookup_letsOtherTargetsUseTheSlot()
    {
        RunOptions o;
        o.concurrency = 1;
        Harness h(o);
        h.backend.script(sourceIdFor(0), {step(Outcome::UnknownOutcome), step(Outcome::Triggered)});
        h.backend.setLookupFailures(sourceIdFor(0), 1);
        h.runner->start(makeTargets(3));
        h.runToEnd();
        QCOMPARE(h.backend.maxInFlight(), 1);
        const QList<qint64> lookups =
            callTimes(h.backend, QStringLiteral("jobByTrigger"), sourceIdFor(0));
        QCOMPARE(lookups.size(), 2);
        // While row 0 waited for its second lookup, row 1 went out.
        const qint64 row1 = callTimes(h.backend, QStringLiteral("trigger"), sourceIdFor(1)).at(0);
        QVERIFY(row1 > lookups.at(0) && row1 < lookups.at(1));
        QCOMPARE(h.rows.size(), 3);
        // No job, so the lookup allowed a re-send: row 0 ends triggered on its second request.
        QCOMPARE_OUTCOME(h.row(sourceIdFor(0))->outcome, Outcome::Triggered);
        QCOMPARE(h.backend.triggerCount(sourceIdFor(0)), 2);
    }

    void cancelWhileWaitingForALookup_endsUnknown_reportedOnce()
    {
        Harness h;
        h.backend.script(sourceIdFor(0), {step(Outcome::UnknownOutcome)});
        h.backend.setLookup(sourceIdFor(0), FakeBackend::Lookup::Fails);
        h.runner->start(makeTargets(1));
        h.clock.advance(300); // answered at 100, first lookup failed at 200: waiting
        QVERIFY(h.runner->isRunning());
        h.runner->cancel();
        QVERIFY(!h.runner->isRunning());
        const TriggerResult r = *h.row(sourceIdFor(0));
        QCOMPARE_OUTCOME(r.outcome, Outcome::UnknownOutcome);
        QVERIFY2(r.message.contains(QLatin1String("not looked up again")), qPrintable(r.message));
        QCOMPARE(h.attempts.size(), 1);
        h.clock.advance(60000);
        QCOMPARE(h.backend.calls(QStringLiteral("jobByTrigger")).size(), 1);
        QCOMPARE(h.backend.triggerCount(sourceIdFor(0)), 1);
    }
};

QTEST_GUILESS_MAIN(TestRunnerLookup)
#include "tst_runnerlookup.moc"
