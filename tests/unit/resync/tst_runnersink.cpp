// The AttemptSink contract with a sink that acknowledges later and in batches (the shape of a
// group-committing or remote sink): no request goes out before its intent is acknowledged, a
// run ended while intents wait never sends them and says so in the trail, and a failed batch
// stops the run.
#include "harness.h"
#include "resync/attemptsink.h"

#include <QSignalSpy>
#include <QtTest>

using namespace feather;
using namespace feather::test;

namespace {

// Holds records and acknowledges everything pending every `periodMs` on the manual clock, all
// at once, like one group commit.
class BatchingSink final : public AttemptSink {
public:
    BatchingSink(Clock *clock, QObject *context, qint64 periodMs)
        : m_clock(clock)
        , m_context(context)
        , m_periodMs(periodMs)
    {}

    bool prepare(QString *why) override
    {
        if (!m_prepareError.isEmpty())
            *why = m_prepareError;
        return m_prepareError.isEmpty();
    }

    void write(const AttemptRecord &record, Done done) override
    {
        m_pending.append({record, std::move(done)});
        if (m_pending.size() == 1)
            m_clock->callAfter(m_periodMs, m_context, [this] { commit(); });
    }

    void failFromNowOn(const QString &error) { m_failWith = error; }
    void refusePrepare(const QString &error) { m_prepareError = error; }
    const QList<AttemptRecord> &committed() const { return m_committed; }
    QList<int> batchSizes() const { return m_batches; }
    bool committedIntent(const QString &triggerId, int attempt) const
    {
        for (const AttemptRecord &r : m_committed) {
            if (r.kind == AttemptRecord::Kind::Intent && r.attempt.target.triggerId == triggerId
                && r.attempt.attempts == attempt)
                return true;
        }
        return false;
    }

private:
    void commit()
    {
        const auto batch = std::exchange(m_pending, {});
        m_batches.append(int(batch.size()));
        for (const auto &[record, done] : batch) {
            if (m_failWith.isEmpty())
                m_committed.append(record);
            done(m_failWith);
        }
    }

    Clock *m_clock;
    QObject *m_context;
    qint64 m_periodMs;
    QString m_failWith;
    QString m_prepareError;
    QList<std::pair<AttemptRecord, Done>> m_pending;
    QList<AttemptRecord> m_committed;
    QList<int> m_batches;
};

} // namespace

class TestRunnerSink final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void batchedAcknowledgements_everySendWaitsForItsIntent()
    {
        RunOptions o;
        o.concurrency = 8;
        Harness h(o);
        BatchingSink sink(&h.clock, h.runner.get(), 5);
        h.runner->setAttemptSink(&sink);
        int sentBeforeIntent = 0;
        QHash<QString, int> sends;
        h.backend.setOnTrigger([&](const TriggerTarget &t) {
            sentBeforeIntent += sink.committedIntent(t.triggerId, ++sends[t.triggerId]) ? 0 : 1;
        });
        h.backend.script(sourceIdFor(3), {step(Outcome::NetworkError), step(Outcome::Triggered)});
        QVERIFY(h.runner->start(makeTargets(40)));
        h.runToEnd();
        QCOMPARE(h.rows.size(), 40);
        QCOMPARE(h.rowsWith(Outcome::Triggered), 40);
        QCOMPARE(sentBeforeIntent, 0);
        QCOMPARE(int(h.backend.calls(QStringLiteral("trigger")).size()), 41);
        QCOMPARE(int(sink.committed().size()), 2 * 41);
        QVERIFY(h.backend.maxInFlight() <= 8);
        // Group commit really happened: the first batch held the first eight intents.
        QCOMPARE(sink.batchSizes().first(), 8);
        // Each attempt was reported after its outcome record was acknowledged.
        QCOMPARE(h.attempts.size(), 41);
    }

    void cancelWhileIntentsWait_sendsNone_andRecordsThemAsNotSent()
    {
        RunOptions o;
        o.concurrency = 4;
        Harness h(o);
        BatchingSink sink(&h.clock, h.runner.get(), 50);
        h.runner->setAttemptSink(&sink);
        QVERIFY(h.runner->start(makeTargets(10)));
        h.clock.advance(10); // four intents handed over, none acknowledged yet
        h.runner->cancel();
        h.runToEnd();
        QVERIFY(!h.runner->isRunning());
        QCOMPARE(h.backend.calls(QStringLiteral("trigger")).size(), 0);
        QCOMPARE(h.rowsWith(Outcome::Cancelled), 10);
        for (const TriggerResult &r : h.rows)
            QCOMPARE(r.attempts, 0);
        // The four intents on record are each followed by a `cancelled` outcome, so none reads
        // "sent, outcome unknown".
        int intents = 0;
        int notSent = 0;
        for (const AttemptRecord &r : sink.committed()) {
            intents += r.kind == AttemptRecord::Kind::Intent;
            notSent +=
                r.kind == AttemptRecord::Kind::Outcome && r.attempt.outcome == Outcome::Cancelled;
        }
        QCOMPARE(intents, 4);
        QCOMPARE(notSent, 4);
    }

    void failedBatch_stopsTheRun_itsRequestsNeverSent()
    {
        RunOptions o;
        o.concurrency = 4;
        Harness h(o);
        BatchingSink sink(&h.clock, h.runner.get(), 5);
        h.runner->setAttemptSink(&sink);
        QSignalSpy stopped(h.runner.get(), &ResyncRunner::stopped);
        QVERIFY(h.runner->start(makeTargets(12)));
        h.clock.advance(5); // the first four intents are acknowledged and sent
        QCOMPARE(h.backend.calls(QStringLiteral("trigger")).size(), 4);
        sink.failFromNowOn(QStringLiteral("disk I/O error"));
        h.runToEnd();
        QCOMPARE(stopped.size(), 1);
        QVERIFY(stopped.at(0).at(0).toString().contains(QLatin1String("disk I/O error")));
        QCOMPARE(h.backend.calls(QStringLiteral("trigger")).size(), 4);
        QCOMPARE(h.rows.size(), 12);
        QCOMPARE(h.rowsWith(Outcome::Triggered), 4); // in flight: they finished
        QCOMPARE(h.rowsWith(Outcome::Cancelled), 8);
    }

    void refusedPrepare_startsNothing()
    {
        Harness h;
        BatchingSink sink(&h.clock, h.runner.get(), 5);
        sink.refusePrepare(QStringLiteral("team audit database unreachable"));
        h.runner->setAttemptSink(&sink);
        QString why;
        QVERIFY(!h.runner->start(makeTargets(3), &why));
        QCOMPARE(why,
                 QStringLiteral("run refused: team audit database unreachable; nothing was sent"));
        QCOMPARE(h.backend.calls().size(), 0);
        // A dry run writes nothing, so it needs no sink.
        h.runner->dryRun(makeTargets(3));
        h.runToEnd();
        QCOMPARE(h.rows.size(), 3);
    }
};

QTEST_GUILESS_MAIN(TestRunnerSink)
#include "tst_runnersink.moc"
