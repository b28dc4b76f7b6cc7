// AuditWorkerSink, the console's audit sink on a writer thread of its own, against real SQLite
// files (read back through connections of the test's own, as another process would) and a TCP
// listener that never answers standing in for a hung team PostgreSQL database.
// Pins: an acknowledgement comes through the event loop, on the caller's thread, only once its
// record is committed; a run sends each request after its intent commit and reports each
// attempt after its outcome commit, in groups; a failed commit stops the run and the next
// prepare() refuses; destroying the sink with records waiting commits every one of them; a
// silent team database never holds the caller's thread, the rows land locally marked for
// upload, with one warning.
#include "auditobserver.h"
#include "config/auditlog.h"
#include "harness.h"
#include "resync/auditlogsink.h"
#include "resync/auditworkersink.h"
#include "support/teamaudit.h"
#include "support/testsupport.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>
#include <QtTest>

using namespace feather;
using namespace feather::test;
using namespace Qt::StringLiterals;

namespace {

AuditContext contextFor(const Backend &backend)
{
    return auditContextFor(u"sandbox"_s, backend);
}

// Plays the manual clock forward while the writer thread answers in real time.
bool runToEnd(Harness &h, int timeoutMs = 30000)
{
    return QTest::qWaitFor(
        [&] {
            const qint64 next = h.clock.nextDueMs();
            h.clock.advance(next < 0 ? 0 : qMax<qint64>(0, next - h.clock.steadyMs()));
            return !h.runner->isRunning();
        },
        scaledMs(timeoutMs));
}

AttemptRecord record(AttemptRecord::Kind kind, int n)
{
    AttemptRecord r;
    r.kind = kind;
    r.attemptId = u"attempt-%1"_s.arg(n);
    r.attempt.target =
        TriggerTarget{u"11111111-1111-4111-8111-000000000001"_s, sourceIdFor(n),
                      u"aaaaaaaa-0000-4000-8000-%1"_s.arg(n, 12, 10, QLatin1Char('0'))};
    r.attempt.outcome =
        kind == AttemptRecord::Kind::Intent ? Outcome::UnknownOutcome : Outcome::Triggered;
    r.attempt.attempts = 1;
    r.attempt.finishedAt = QDateTime::currentDateTimeUtc();
    return r;
}

// Records handed to a sink and acknowledged, counted on the way through.
class CountingSink final : public AttemptSink {
public:
    explicit CountingSink(AttemptSink *inner)
        : m_inner(inner)
    {}
    bool prepare(QString *why) override { return m_inner->prepare(why); }
    void write(const AttemptRecord &r, Done done) override
    {
        ++handed;
        m_inner->write(r, [this, done = std::move(done)](const QString &error) {
            ++acked;
            done(error);
        });
    }
    int handed = 0;
    int acked = 0;

private:
    AttemptSink *m_inner;
};

} // namespace

class TestAuditWorkerSink final : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

private Q_SLOTS:
    void acknowledgement_afterItsCommit_throughTheEventLoop_onTheCallersThread()
    {
        const QString file = m_dir.filePath(u"ack.sqlite"_s);
        FakeBackend backend(Clock::system());
        AuditWorkerSink sink(file, contextFor(backend));
        QSignalSpy checked(&sink, &AuditWorkerSink::checked);
        QVERIFY(checked.wait(scaledMs(10000)));
        QCOMPARE(checked.at(0).at(0).toBool(), true);
        AuditObserver observer(file);

        struct Ack {
            int index;
            bool onCallersThread;
            bool insideWrite;
            int committed; // the record's own row, as another connection sees it then
            QString error;
        };
        QList<Ack> acks;
        bool inWrite = false;
        const QList<AttemptRecord> records{record(AttemptRecord::Kind::Intent, 1),
                                           record(AttemptRecord::Kind::Intent, 2),
                                           record(AttemptRecord::Kind::Outcome, 1)};
        for (int i = 0; i < records.size(); ++i) {
            const AttemptRecord &r = records.at(i);
            const QString kind = r.kind == AttemptRecord::Kind::Intent ? u"intent"_s : u"outcome"_s;
            inWrite = true;
            sink.write(r, [&, i, kind, trigger = r.attempt.target.triggerId](const QString &e) {
                acks.append(Ack{i, QThread::currentThread() == thread(), inWrite,
                                observer.rows(kind, trigger), e});
            });
            inWrite = false;
        }
        QVERIFY(acks.isEmpty()); // never inside write(), never before the loop turns
        QVERIFY(!sink.isIdle());
        QVERIFY(QTest::qWaitFor([&] { return acks.size() == 3; }, scaledMs(10000)));
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(acks.at(i).index, i); // in the order handed over
            QVERIFY(acks.at(i).onCallersThread);
            QVERIFY(!acks.at(i).insideWrite);
            QCOMPARE(acks.at(i).committed, 1);
            QCOMPARE(acks.at(i).error, QString());
        }
        QCOMPARE(sink.commits(), 1); // one pass of the loop, one group
        QVERIFY(sink.isIdle());
        QCOMPARE(sink.state(), AuditWorkerSink::State::Writable);
    }

    void run_sendsEachRequestAfterItsIntentCommit_reportsEachAttemptAfterItsOutcomeCommit()
    {
        const QString file = m_dir.filePath(u"run.sqlite"_s);
        RunOptions o;
        o.concurrency = 8;
        Harness h(o);
        AuditWorkerSink sink(file, contextFor(h.backend));
        QSignalSpy checked(&sink, &AuditWorkerSink::checked);
        QVERIFY(checked.wait(scaledMs(10000)));
        AuditObserver observer(file);
        int sentWithIntent = 0;
        int sentWithOutcome = 0;
        QHash<QString, int> sends;
        h.backend.setOnTrigger([&](const TriggerTarget &t) {
            const int attempt = ++sends[t.triggerId];
            sentWithIntent += observer.rows(u"intent"_s, t.triggerId, attempt) == 1;
            sentWithOutcome += observer.rows(u"outcome"_s, t.triggerId, attempt);
        });
        int reportedUncommitted = 0;
        connect(h.runner.get(), &ResyncRunner::attemptFinished, this, [&](const TriggerResult &a) {
            reportedUncommitted += observer.rows(u"outcome"_s, a.target.triggerId, a.attempts) != 1;
        });
        h.runner->setAttemptSink(&sink);
        h.backend.script(sourceIdFor(2), {step(Outcome::NetworkError), step(Outcome::Triggered)});
        h.backend.script(sourceIdFor(7), {step(Outcome::UnknownOutcome), step(Outcome::Triggered)});
        QVERIFY(h.runner->start(makeTargets(40)));
        QCOMPARE(h.backend.calls(u"trigger"_s).size(), 0); // nothing before the first commit
        QVERIFY(runToEnd(h));
        const int triggers = int(h.backend.calls(u"trigger"_s).size());
        QCOMPARE(h.rows.size(), 40);
        QCOMPARE(h.rowsWith(Outcome::Triggered), 40);
        QVERIFY(triggers >= 41);
        QCOMPARE(sentWithIntent, triggers);
        QCOMPARE(sentWithOutcome, 0);
        QCOMPARE(reportedUncommitted, 0);
        QCOMPARE(int(h.attempts.size()), triggers);
        // Every outcome of the run is there once it has finished: an intent and an outcome per
        // request.
        QVERIFY(sink.isIdle());
        AuditLog log(file);
        QCOMPARE(log.count(), qint64(2 * triggers));
        AuditQuery open;
        open.limit = 0;
        open.unresolvedOnly = true;
        QCOMPARE(log.query(open).size(), 0);
        // Grouped: fewer commits than rows.
        QVERIFY2(sink.commits() < 2 * triggers, qPrintable(QString::number(sink.commits())));
    }

    void failedCommit_stopsTheRun_sendsNothingOfIt_andTheNextRunIsRefused()
    {
        const QString file = m_dir.filePath(u"stuck.sqlite"_s);
        RunOptions o;
        o.concurrency = 4;
        Harness h(o);
        AuditWorkerSink sink(file, contextFor(h.backend), {}, 50);
        QSignalSpy checked(&sink, &AuditWorkerSink::checked);
        QVERIFY(checked.wait(scaledMs(10000)));
        h.runner->setAttemptSink(&sink);
        AuditObserver observer(file);
        QSignalSpy stopped(h.runner.get(), &ResyncRunner::stopped);
        bool locked = false;
        connect(h.runner.get(), &ResyncRunner::attemptFinished, this, [&] {
            if (!locked)
                locked = observer.lockWrites(); // another process takes the write lock
        });
        QVERIFY(h.runner->start(makeTargets(30)));
        QVERIFY(runToEnd(h));
        QVERIFY(locked);
        QCOMPARE(stopped.size(), 1);
        QVERIFY2(
            stopped.at(0).at(0).toString().startsWith(u"run stopped: cannot write the audit log"_s),
            qPrintable(stopped.at(0).at(0).toString()));
        QCOMPARE(h.rows.size(), 30);
        for (const auto &call : h.backend.calls(u"trigger"_s))
            QCOMPARE(observer.rows(u"intent"_s, call.target.triggerId), 1);
        QVERIFY(h.rowsWith(Outcome::Cancelled) > 0);

        // The last word was a failure: the next run is refused without waiting, nothing sent.
        QCOMPARE(sink.state(), AuditWorkerSink::State::Failed);
        const qsizetype sentBefore = h.backend.calls(u"trigger"_s).size();
        QString why;
        QVERIFY(!h.runner->start(makeTargets(3), &why));
        QVERIFY2(why.startsWith(u"run refused: cannot write the audit log"_s), qPrintable(why));
        QCOMPARE(h.backend.calls(u"trigger"_s).size(), sentBefore);
        // Each prepare() asks for a fresh check for the next one: with the lock gone, the log is
        // writable again.
        observer.unlock();
        QVERIFY(!sink.prepare(&why));
        QVERIFY(QTest::qWaitFor([&] { return sink.state() == AuditWorkerSink::State::Writable; },
                                scaledMs(10000)));
        QVERIFY(h.runner->start(makeTargets(3)));
        QVERIFY(runToEnd(h));
        QCOMPARE(h.runner->progress().stopReason, QString());
    }

    void unwritableLog_refusesTheRun_onceItsCheckAnswered()
    {
        QFile blocker(m_dir.filePath(u"a-file"_s));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        Harness h;
        AuditWorkerSink sink(m_dir.filePath(u"a-file/audit.sqlite"_s), contextFor(h.backend));
        QSignalSpy checked(&sink, &AuditWorkerSink::checked);
        QVERIFY(checked.wait(scaledMs(10000)));
        QCOMPARE(checked.at(0).at(0).toBool(), false);
        h.runner->setAttemptSink(&sink);
        QString why;
        QVERIFY(!h.runner->start(makeTargets(5), &why));
        QVERIFY2(why.startsWith(u"run refused: cannot create the audit log"_s), qPrintable(why));
        QVERIFY(!why.contains(u'\n'));
        QCOMPARE(h.backend.calls().size(), 0);
    }

    void destroyedWithRecordsWaiting_commitsEveryOne()
    {
        const QString file = m_dir.filePath(u"closed.sqlite"_s);
        FakeBackend backend(Clock::system());
        int acked = 0;
        {
            AuditWorkerSink sink(file, contextFor(backend));
            for (int n = 0; n < 50; ++n)
                sink.write(record(AttemptRecord::Kind::Intent, n),
                           [&](const QString &) { ++acked; });
            QVERIFY(!sink.isIdle());
        } // gone before the loop turned: nothing was even handed to the writer yet
        QCOMPARE(acked, 0);
        QVERIFY(AuditWorkerSink::waitForClosedWriters(scaledMs(30000)));
        QCOMPARE(AuditLog(file).count(), qint64(50));
    }

    void destroyedMidRun_everyRecordHandedOverIsCommitted()
    {
        const QString file = m_dir.filePath(u"midrun.sqlite"_s);
        RunOptions o;
        o.concurrency = 4;
        auto h = std::make_unique<Harness>(o);
        auto sink = std::make_unique<AuditWorkerSink>(file, contextFor(h->backend), QString(),
                                                      scaledMs(20000));
        CountingSink counting(sink.get());
        h->runner->setAttemptSink(&counting);
        QVERIFY(h->runner->start(makeTargets(40)));
        // Part-way: some answered, some in flight, most never sent.
        QVERIFY(QTest::qWaitFor(
            [&] {
                h->clock.advance(10);
                return h->attempts.size() >= 8;
            },
            scaledMs(30000)));
        // Another process holds the write lock for a moment: what is handed over from now on
        // cannot have been acknowledged when the sink goes.
        AuditObserver observer(file);
        QVERIFY(observer.lockWrites());
        h->clock.advance(1000); // the requests in flight answer: their outcome records wait
        h->runner->cancel();
        QVERIFY2(counting.handed > counting.acked,
                 qPrintable(u"%1 %2"_s.arg(counting.handed).arg(counting.acked)));
        const int handed = counting.handed;
        h->runner.reset();
        sink.reset();
        observer.unlock();
        QVERIFY(AuditWorkerSink::waitForClosedWriters(scaledMs(30000)));
        QCOMPARE(AuditLog(file).count(), qint64(handed));
        // Write-ahead held to the end: every request that went out has its committed intent.
        for (const auto &call : h->backend.calls(u"trigger"_s))
            QCOMPARE(observer.rows(u"intent"_s, call.target.triggerId), 1);
    }

    void silentTeamDatabase_neverHoldsTheCallersThread_rowsLandLocallyMarked_oneWarning()
    {
        test::SilentListener silent;
        QVERIFY(silent.listen(QHostAddress::LocalHost));
        const int connectTimeoutS = 3 * timeFactor();
        const QString team = silent.teamUrl(connectTimeoutS);
        const QString file = m_dir.filePath(u"silent.sqlite"_s);
        FakeBackend backend(Clock::system());

        // The GUI thread's view: a 0 ms timer keeps firing, whatever the writer waits for.
        test::StallProbe probe;

        QElapsedTimer calls;
        calls.start();
        AuditWorkerSink sink(file, contextFor(backend), team);
        QSignalSpy warned(&sink, &AuditWorkerSink::warned);
        QString why;
        QVERIFY(sink.prepare(&why));
        QStringList errors;
        for (int n = 0; n < 4; ++n) {
            sink.write(
                record(n % 2 ? AttemptRecord::Kind::Outcome : AttemptRecord::Kind::Intent, n / 2),
                [&](const QString &error) { errors << error; });
        }
        const qint64 callsMs = calls.elapsed();
        QVERIFY(QTest::qWaitFor([&] { return errors.size() == 4; },
                                scaledMs(connectTimeoutS * 1000 + 20000)));
        probe.stop();
        const qint64 worst = probe.worstGapMs();
        qInfo("team database silent (connect_timeout %d s): acknowledged after %lld ms, calls "
              "took %lld ms, longest stall of this thread %lld ms",
              connectTimeoutS, calls.elapsed(), callsMs, worst);
        QCOMPARE(errors, QStringList(4, QString()));
        QVERIFY(silent.connections() >= 1);
        QVERIFY2(callsMs < scaledMs(1000), qPrintable(QString::number(callsMs)));
        QVERIFY2(worst < scaledMs(1000), qPrintable(QString::number(worst)));
        QCOMPARE(warned.size(), 1);
        QVERIFY2(warned.at(0).at(0).toString().contains(u"team audit log unavailable"_s),
                 qPrintable(warned.at(0).at(0).toString()));
        QCOMPARE(sink.warning(), warned.at(0).at(0).toString());

        AuditLog local(file);
        QCOMPARE(local.count(), qint64(4));
        AuditLog marked(file);
        QVERIFY(marked.setTeamUrl(team, &why));
        QCOMPARE(marked.pendingCount(), qint64(4));
    }
};

QTEST_GUILESS_MAIN(TestAuditWorkerSink)
#include "tst_auditworkersink.moc"
