// Live refresh: only watched sources are polled, the interval backs off while nothing changes
// and resets on a change, a non-syncing status ends the watch with syncFinished, pausing stops
// polling. Driven by the manual clock; the fake backend answers after 100 ms.
#include "harness.h"
#include "resync/statuspoller.h"

#include <QtTest>

using namespace feather;
using namespace feather::test;

namespace {

const QString kKb = QStringLiteral("11111111-1111-4111-8111-000000000000");

SyncStatus syncing(const QString &sourceId, const QString &jobId = {}, int processed = 0)
{
    SyncStatus s;
    s.sourceId = sourceId;
    s.sourceStatus = QStringLiteral("syncing");
    s.lastSyncJobId = jobId;
    s.lastSyncStatus = QStringLiteral("processing");
    s.processedCount = processed;
    return s;
}

struct PollerHarness {
    ManualClock clock;
    FakeBackend backend{&clock};
    StatusPoller poller{&backend};
    QList<SyncStatus> changes;
    QList<std::pair<SyncStatus, SyncJob>> finishes;

    PollerHarness()
    {
        poller.setClock(&clock);
        QObject::connect(&poller, &StatusPoller::sourceChanged, &poller,
                         [this](const SyncStatus &s) { changes.append(s); });
        QObject::connect(
            &poller, &StatusPoller::syncFinished, &poller,
            [this](const QString &, const QString &, const SyncStatus &s, const SyncJob &j) {
                finishes.append({s, j});
            });
    }

    // Start times of the status polls so far.
    QList<qint64> pollTimes() const
    {
        QList<qint64> out;
        for (const auto &c : backend.calls(QStringLiteral("syncStatus"))) {
            if (out.isEmpty() || out.last() != c.atMs)
                out.append(c.atMs);
        }
        return out;
    }
};

} // namespace

class TestStatusPoller final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void pollsOnlyWatchedSources_atTheInterval()
    {
        PollerHarness h;
        h.backend.setStatus(syncing(sourceIdFor(1)));
        h.backend.setStatus(syncing(sourceIdFor(2)));
        h.backend.setStatus(syncing(sourceIdFor(3))); // known to the backend, not watched
        h.poller.watch(kKb, sourceIdFor(1));
        h.poller.watch(kKb, sourceIdFor(2));
        h.clock.advance(4999);
        QCOMPARE(h.backend.calls(QStringLiteral("syncStatus")).size(), 0);
        h.clock.advance(1);
        QCOMPARE(h.backend.calls(QStringLiteral("syncStatus")).size(), 2);
        for (const auto &c : h.backend.calls(QStringLiteral("syncStatus")))
            QVERIFY(c.target.sourceId != sourceIdFor(3));
        h.clock.advance(100);
        QCOMPARE(h.changes.size(), 2); // first sight counts as a change
    }

    void nothingChanging_backsOffBy1_5UpTo60Seconds()
    {
        PollerHarness h;
        h.backend.setStatus(syncing(sourceIdFor(1)));
        h.poller.watch(kKb, sourceIdFor(1));
        h.clock.advance(400000);
        const QList<qint64> times = h.pollTimes();
        QVERIFY(times.size() >= 9);
        // Each round takes 100 ms (the fake's answer), then waits the current delay.
        const QList<qint64> gaps{5100, 5100, 7600, 11350, 16975, 25412, 38068, 57052, 60100, 60100};
        for (int i = 1; i < times.size() && i < gaps.size(); ++i)
            QCOMPARE(times.at(i) - times.at(i - 1), gaps.at(i));
        QCOMPARE(h.poller.currentDelayMs(), 60000);
        QCOMPARE(h.changes.size(), 1);
    }

    void aChange_resetsTheIntervalToTheBase()
    {
        PollerHarness h;
        h.backend.setStatus(syncing(sourceIdFor(1), {}, 0));
        h.poller.watch(kKb, sourceIdFor(1));
        h.clock.advance(60000);
        QVERIFY(h.poller.currentDelayMs() > 10000);
        h.backend.setStatus(syncing(sourceIdFor(1), {}, 42));
        h.clock.advance(h.clock.nextDueMs() - h.clock.steadyMs() + 100); // next round answered
        QCOMPARE(h.changes.size(), 2);
        QCOMPARE(h.changes.last().processedCount, 42);
        QCOMPARE(h.poller.currentDelayMs(), 5000);
    }

    void transitionToNotSyncing_emitsSyncFinished_andStopsWatching()
    {
        PollerHarness h;
        const QString jobId = QStringLiteral("22222222-2222-4222-8222-222222222222");
        SyncJob job;
        job.id = jobId;
        job.status = QStringLiteral("processing");
        job.completed = 3;
        h.backend.setJob(job);
        h.backend.setStatus(syncing(sourceIdFor(1), jobId));
        h.poller.watch(kKb, sourceIdFor(1), jobId);
        h.clock.advance(5100);
        QCOMPARE(h.backend.calls(QStringLiteral("job")).size(), 1);
        QVERIFY(h.finishes.isEmpty());

        SyncStatus done = syncing(sourceIdFor(1), jobId);
        done.sourceStatus = QStringLiteral("error");
        done.lastSyncStatus = QStringLiteral("failed");
        done.errorMessage = QStringLiteral("Notion token expired");
        h.backend.setStatus(done);
        job.status = QStringLiteral("failed");
        h.backend.setJob(job);
        h.clock.advance(5300); // next round: status, then job
        QCOMPARE(h.finishes.size(), 1);
        QCOMPARE(h.finishes.at(0).first.sourceStatus, QStringLiteral("error"));
        QCOMPARE(h.finishes.at(0).first.errorMessage, QStringLiteral("Notion token expired"));
        QCOMPARE(h.finishes.at(0).second.status, QStringLiteral("failed"));
        QVERIFY(!h.poller.isWatching(kKb, sourceIdFor(1)));
        const int polls = int(h.backend.calls(QStringLiteral("syncStatus")).size());
        h.clock.advance(120000);
        QCOMPARE(int(h.backend.calls(QStringLiteral("syncStatus")).size()), polls);
    }

    void unknownStatus_isShownVerbatim_andEndsTheWatch()
    {
        PollerHarness h;
        SyncStatus odd = syncing(sourceIdFor(1));
        odd.sourceStatus = QStringLiteral("paused_by_admin");
        h.backend.setStatus(odd);
        h.poller.watch(kKb, sourceIdFor(1));
        h.clock.advance(5100);
        QCOMPARE(h.finishes.size(), 1);
        QCOMPARE(h.finishes.at(0).first.sourceStatus, QStringLiteral("paused_by_admin"));
    }

    void jobProgress_countsAsAChange()
    {
        PollerHarness h;
        const QString jobId = QStringLiteral("33333333-3333-4333-8333-333333333333");
        SyncJob job;
        job.id = jobId;
        job.status = QStringLiteral("processing");
        h.backend.setJob(job);
        h.backend.setStatus(syncing(sourceIdFor(1), jobId));
        h.poller.watch(kKb, sourceIdFor(1)); // job id learnt from the status
        h.clock.advance(5200);
        QCOMPARE(h.changes.size(), 1);
        h.clock.advance(5200); // nothing moved: backed off
        QCOMPARE(h.poller.currentDelayMs(), 7500);
        job.completed = 10;
        job.progressPct = 50.0;
        h.backend.setJob(job);
        h.clock.advance(7700);
        QCOMPARE(h.changes.size(), 2);
        QCOMPARE(h.poller.currentDelayMs(), 5000);
    }

    void paused_pollsNothing_andResumingPollsAtOnce()
    {
        PollerHarness h;
        h.backend.setStatus(syncing(sourceIdFor(1)));
        h.poller.watch(kKb, sourceIdFor(1));
        h.poller.setPaused(true);
        h.clock.advance(300000);
        QCOMPARE(h.backend.calls(QStringLiteral("syncStatus")).size(), 0);
        h.poller.setPaused(false);
        QCOMPARE(h.backend.calls(QStringLiteral("syncStatus")).size(), 1);
        h.clock.advance(100);
        QCOMPARE(h.changes.size(), 1);
    }

    void failedPoll_keepsWatching_butAVanishedSourceIsDropped()
    {
        PollerHarness h;
        QList<Error> errors;
        QObject::connect(
            &h.poller, &StatusPoller::pollFailed, &h.poller,
            [&errors](const QString &, const QString &, const Error &e) { errors.append(e); });
        h.poller.watch(kKb, sourceIdFor(1)); // the backend does not know it: 404
        h.clock.advance(5100);
        QCOMPARE(errors.size(), 1);
        QCOMPARE_OUTCOME(errors.at(0).outcome, Outcome::NotFound);
        QVERIFY(!h.poller.isWatching(kKb, sourceIdFor(1)));
        QCOMPARE(h.poller.watchedCount(), 0);
    }

    void newWatch_cutsALongBackoffShort()
    {
        PollerHarness h;
        h.backend.setStatus(syncing(sourceIdFor(1)));
        h.backend.setStatus(syncing(sourceIdFor(2)));
        h.poller.watch(kKb, sourceIdFor(1));
        h.clock.advance(200000);
        QCOMPARE(h.poller.currentDelayMs(), 60000);
        const int before = int(h.backend.calls(QStringLiteral("syncStatus")).size());
        h.poller.watch(kKb, sourceIdFor(2));
        h.clock.advance(5000);
        QVERIFY(int(h.backend.calls(QStringLiteral("syncStatus")).size()) > before);
    }
};

QTEST_GUILESS_MAIN(TestStatusPoller)
#include "tst_statuspoller.moc"
