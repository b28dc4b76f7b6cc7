// ResyncRunner writing ahead to a real AuditLog file (AuditLogSink): an intent row committed
// before every request is sent, its outcome row before the attempt is reported; a run refuses
// to start without a writable log and stops at the first failed write; a dry run writes
// nothing; no credential reaches the file.
#include "auditobserver.h"
#include "config/auditlog.h"
#include "harness.h"
#include "resync/auditlogsink.h"

#include <QDir>
#include <QElapsedTimer>
#include <QSet>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

using namespace feather;
using namespace feather::test;

namespace {

const QString kKey = QStringLiteral("fth_test_RunnerAuditKey_9f8e7d6c5b4a");

QByteArray allBytes(const QString &dbPath)
{
    QByteArray out;
    const QFileInfo info(dbPath);
    for (const QFileInfo &f : info.dir().entryInfoList({info.fileName() + u'*'}, QDir::Files)) {
        QFile file(f.absoluteFilePath());
        if (file.open(QIODevice::ReadOnly))
            out += file.readAll();
    }
    return out;
}

AuditContext contextFor(const Backend &backend)
{
    return auditContextFor(QStringLiteral("sandbox"), backend);
}

} // namespace

class TestRunnerAudit final : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

private Q_SLOTS:
    void everyRequest_hasItsIntentCommittedBeforeItIsSent()
    {
        const QString file = m_dir.filePath(QStringLiteral("intent.sqlite"));
        Harness h;
        AuditLogSink sink(file, contextFor(h.backend));
        QVERIFY(sink.log().open());
        AuditObserver observer(file);
        int sentWithIntent = 0;
        int sentWithOutcome = 0;
        QHash<QString, int> sends;
        h.backend.setOnTrigger([&](const TriggerTarget &t) {
            const int attempt = ++sends[t.triggerId];
            sentWithIntent += observer.rows(QStringLiteral("intent"), t.triggerId, attempt) == 1;
            sentWithOutcome += observer.rows(QStringLiteral("outcome"), t.triggerId, attempt);
        });
        h.runner->setAttemptSink(&sink);
        h.backend.script(sourceIdFor(0),
                         {step(Outcome::NetworkError), step(Outcome::RateLimited, 429, 100),
                          step(Outcome::Triggered)});
        QVERIFY(h.runner->start(makeTargets(6)));
        h.runToEnd();
        QCOMPARE(h.backend.calls(QStringLiteral("trigger")).size(), 8);
        QCOMPARE(sentWithIntent, 8);
        QCOMPARE(sentWithOutcome, 0); // the outcome row of a request comes after it
    }

    // Group commit (featherctl resync): the intents of one round are committed in one
    // transaction before any of them is sent, an answer's outcome shares its commit with the
    // next intent, and every attempt is still reported only once its outcome is committed.
    void groupCommit_everyRequestSentAfterItsIntentsCommit_fewerCommitsThanRows()
    {
        const QString file = m_dir.filePath(QStringLiteral("group.sqlite"));
        RunOptions o;
        o.concurrency = 8;
        Harness h(o);
        AuditLogSink sink(file, contextFor(h.backend), 5000, AuditLogSink::GroupCommit::On);
        QVERIFY(sink.log().open());
        AuditObserver observer(file);
        int sentWithIntent = 0;
        int sentWithOutcome = 0;
        int committedWhenFirstSent = -1;
        QHash<QString, int> sends;
        h.backend.setOnTrigger([&](const TriggerTarget &t) {
            const int attempt = ++sends[t.triggerId];
            sentWithIntent += observer.rows(QStringLiteral("intent"), t.triggerId, attempt) == 1;
            sentWithOutcome += observer.rows(QStringLiteral("outcome"), t.triggerId, attempt);
            if (committedWhenFirstSent < 0)
                committedWhenFirstSent = sink.commits();
        });
        int reportedUncommitted = 0;
        connect(h.runner.get(), &ResyncRunner::attemptFinished, this, [&](const TriggerResult &a) {
            reportedUncommitted +=
                observer.rows(QStringLiteral("outcome"), a.target.triggerId, a.attempts) != 1;
        });
        h.runner->setAttemptSink(&sink);
        h.backend.script(sourceIdFor(2), {step(Outcome::NetworkError), step(Outcome::Triggered)});
        QVERIFY(h.runner->start(makeTargets(40)));
        // Nothing is sent before the first commit, which holds the first eight intents.
        QCOMPARE(h.backend.calls(QStringLiteral("trigger")).size(), 0);
        h.runToEnd();
        QCOMPARE(h.rowsWith(Outcome::Triggered), 40);
        QCOMPARE(h.backend.calls(QStringLiteral("trigger")).size(), 41);
        QCOMPARE(sentWithIntent, 41);
        QCOMPARE(sentWithOutcome, 0);
        QCOMPARE(reportedUncommitted, 0);
        QCOMPARE(h.attempts.size(), 41);
        QCOMPARE(committedWhenFirstSent, 1);
        QCOMPARE(sink.log().count(), 82);
        // At most one commit per answer, plus the first round's: never one per row.
        QVERIFY2(sink.commits() <= 1 + 41, qPrintable(QString::number(sink.commits())));
        QVERIFY(h.backend.maxInFlight() <= 8);
    }

    void groupCommit_failedCommit_sendsNothingOfIt_stopsTheRun()
    {
        const QString file = m_dir.filePath(QStringLiteral("groupstuck.sqlite"));
        RunOptions o;
        o.concurrency = 4;
        Harness h(o);
        AuditLogSink sink(file, contextFor(h.backend), 50, AuditLogSink::GroupCommit::On);
        h.runner->setAttemptSink(&sink);
        AuditObserver observer(file);
        QSignalSpy stopped(h.runner.get(), &ResyncRunner::stopped);
        QVERIFY(h.runner->start(makeTargets(30)));
        h.clock.advance(250);
        const int sentBefore = int(h.backend.calls(QStringLiteral("trigger")).size());
        QVERIFY(sentBefore > 0);
        QVERIFY(observer.lockWrites());
        h.runToEnd();
        observer.unlock();
        QVERIFY(!h.runner->isRunning());
        QCOMPARE(stopped.size(), 1);
        QVERIFY2(stopped.at(0).at(0).toString().startsWith(
                     QLatin1String("run stopped: cannot write the audit log")),
                 qPrintable(stopped.at(0).at(0).toString()));
        QCOMPARE(h.rows.size(), 30);
        // The failed commit's intents were never acknowledged, so none of them went out: every
        // request sent has its committed intent.
        for (const auto &call : h.backend.calls(QStringLiteral("trigger")))
            QCOMPARE(observer.rows(QStringLiteral("intent"), call.target.triggerId), 1);
        QCOMPARE(h.rowsWith(Outcome::Triggered) + h.rowsWith(Outcome::Cancelled), 30);
        QCOMPARE(h.rowsWith(Outcome::Triggered),
                 int(h.backend.calls(QStringLiteral("trigger")).size()));
    }

    void everyAttempt_isCommittedBeforeItIsReported()
    {
        const QString file = m_dir.filePath(QStringLiteral("before.sqlite"));
        Harness h;
        AuditLogSink sink(file, contextFor(h.backend));
        QVERIFY(sink.log().open());
        AuditObserver observer(file);
        h.runner->setAttemptSink(&sink);
        h.backend.script(sourceIdFor(0),
                         {step(Outcome::ServerError, 500), step(Outcome::Triggered)});
        int checked = 0;
        QObject::connect(h.runner.get(), &ResyncRunner::attemptFinished, h.runner.get(),
                         [&](const TriggerResult &a) {
                             checked += observer.rows(QStringLiteral("outcome"), a.target.triggerId,
                                                      a.attempts)
                                        == 1;
                         });
        h.runner->start(makeTargets(4));
        h.runToEnd();
        QCOMPARE(h.attempts.size(), 5);
        QCOMPARE(checked, 5);
    }

    void auditRows_matchTheAttemptsExactly()
    {
        Harness h(RunOptions{}, 5);
        AuditLogSink sink(m_dir.filePath(QStringLiteral("exact.sqlite")), contextFor(h.backend));
        h.runner->setAttemptSink(&sink);
        h.backend.script(sourceIdFor(1),
                         {step(Outcome::RateLimited, 429, 2000), step(Outcome::Triggered)});
        h.backend.script(sourceIdFor(2), {step(Outcome::NetworkError)});
        h.backend.script(sourceIdFor(3), {step(Outcome::UnknownOutcome), step(Outcome::Triggered)});
        h.backend.script(sourceIdFor(4), {step(Outcome::AlreadySyncing, 409)});
        QList<TriggerTarget> targets = makeTargets(12);
        targets.append(TriggerTarget{QStringLiteral("junk"), sourceIdFor(50), {}});
        h.runner->start(targets);
        h.clock.advance(150);
        h.runner->cancel();
        h.runToEnd();
        QCOMPARE(h.rows.size(), 13);
        int attempts = 0;
        for (const TriggerResult &r : h.rows)
            attempts += r.attempts;
        QCOMPARE(attempts, int(h.attempts.size()));
        QCOMPARE(attempts, int(h.backend.calls(QStringLiteral("trigger")).size()));
        // Write-ahead: an intent and an outcome per request, nothing for what was never sent.
        QCOMPARE(sink.log().count(), qint64(2 * attempts));
        AuditQuery every;
        every.limit = 0;
        every.latestPerAttempt = false;
        QSet<QString> intents, outcomes;
        for (const AuditEntry &e : sink.log().query(every)) {
            (e.kind == AuditKind::Intent ? intents : outcomes).insert(e.attemptId);
            QCOMPARE(e.profile, QStringLiteral("sandbox"));
            QCOMPARE(e.operatorName, operatorIdentity());
        }
        QCOMPARE(intents.size(), attempts);
        QCOMPARE(outcomes, intents);
        AuditQuery history; // one line per attempt: the outcome, never the matched intent
        history.limit = 0;
        QCOMPARE(sink.log().query(history).size(), attempts);
        QVERIFY(h.rowsWith(Outcome::Cancelled) > 0); // cancelled rows were never attempts
    }

    void unwritableAuditLog_refusesTheRun_sendingNothing()
    {
        QFile blocker(m_dir.filePath(QStringLiteral("a-file")));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        Harness h;
        AuditLogSink sink(m_dir.filePath(QStringLiteral("a-file/audit.sqlite")),
                          contextFor(h.backend));
        h.runner->setAttemptSink(&sink);
        QString why;
        QVERIFY(!h.runner->start(makeTargets(5), &why));
        h.runToEnd();
        QVERIFY2(why.startsWith(QLatin1String("run refused: ")), qPrintable(why));
        QVERIFY2(why.endsWith(QLatin1String("nothing was sent")), qPrintable(why));
        QVERIFY(!why.contains(u'\n'));
        QVERIFY(!h.runner->isRunning());
        QCOMPARE(h.backend.calls().size(), 0);
        QCOMPARE(h.startedTotal, -1);
        QCOMPARE(h.rows.size(), 0);
    }

    void failedAuditWrite_stopsTheRun_inFlightFinish_restCancelled()
    {
        const QString file = m_dir.filePath(QStringLiteral("stuck.sqlite"));
        RunOptions o;
        o.concurrency = 3;
        Harness h(o);
        // A writer that waits 50 ms for the lock instead of 5 s: another process holds it.
        AuditLogSink sink(file, contextFor(h.backend), 50);
        h.runner->setAttemptSink(&sink);
        AuditObserver observer(file);
        QSignalSpy stopped(h.runner.get(), &ResyncRunner::stopped);
        QVERIFY(h.runner->start(makeTargets(40)));
        h.clock.advance(250); // two rounds of three answered, the third round in flight
        QCOMPARE(h.rows.size(), 6);
        // From now on every write waits out the busy timeout and fails.
        QVERIFY(observer.lockWrites());
        h.runToEnd();
        observer.unlock();
        QVERIFY(!h.runner->isRunning());
        QCOMPARE(stopped.size(), 1);
        const QString reason = stopped.at(0).at(0).toString();
        QVERIFY2(reason.startsWith(QLatin1String("run stopped: cannot write the audit log")),
                 qPrintable(reason));
        QVERIFY(!reason.contains(u'\n'));
        QCOMPARE(h.runner->progress().stopReason, reason);
        QCOMPARE(h.rows.size(), 40);
        // The three in flight finished (their outcome rows could not be written); nothing was
        // sent after the failure; every row not sent is cancelled.
        QCOMPARE(h.backend.calls(QStringLiteral("trigger")).size(), 9);
        QCOMPARE(h.rowsWith(Outcome::Triggered), 9);
        QCOMPARE(h.rowsWith(Outcome::Cancelled), 31);
        for (const TriggerResult &r : h.rows) {
            if (r.outcome == Outcome::Cancelled)
                QVERIFY2(r.message.contains(QLatin1String("audit log")), qPrintable(r.message));
        }
        // Every request that went out has its intent; the last three read "sent, outcome
        // unknown" — exactly what a reconcile will settle.
        AuditQuery open;
        open.limit = 0;
        open.unresolvedOnly = true;
        const QList<AuditEntry> unresolved = sink.log().query(open);
        QCOMPARE(unresolved.size(), 3);
        for (const AuditEntry &e : unresolved) {
            QVERIFY(e.isOpenIntent());
            QCOMPARE(e.message, AuditLog::openIntentMessage());
        }
        for (const auto &call : h.backend.calls(QStringLiteral("trigger")))
            QCOMPARE(observer.rows(QStringLiteral("intent"), call.target.triggerId), 1);
    }

    void dryRun_writesNothing()
    {
        const QString file = m_dir.filePath(QStringLiteral("dry.sqlite"));
        Harness h;
        AuditLogSink sink(file, contextFor(h.backend));
        h.runner->setAttemptSink(&sink);
        h.runner->dryRun(makeTargets(20));
        h.runToEnd();
        QCOMPARE(h.rows.size(), 20);
        QCOMPARE(h.attempts.size(), 0);
        QCOMPARE(h.backend.calls(QStringLiteral("trigger")).size(), 0);
        QCOMPARE(h.backend.jobsCreated(), 0);
        QVERIFY(!QFile::exists(file)); // never even opened
    }

    void tenThousandRows_engineAndAuditOverheadStaysSmall()
    {
        RunOptions o;
        o.concurrency = 16;
        Harness h(o);
        AuditLogSink sink(m_dir.filePath(QStringLiteral("overhead.sqlite")), contextFor(h.backend));
        h.backend.setDefaultDelay(1);
        h.runner->setAttemptSink(&sink);
        QElapsedTimer timer;
        timer.start();
        h.runner->start(makeTargets(10000));
        h.runToEnd();
        const qint64 ms = timer.elapsed();
        qInfo("engine + write-ahead audit log + fake backend: 10,000 rows (20,000 audit rows) in "
              "%lld ms of CPU-bound wall time (%.0f rows/s)",
              ms, 10000.0 * 1000.0 / double(qMax<qint64>(1, ms)));
        QCOMPARE(h.rows.size(), 10000);
        QCOMPARE(sink.log().count(), 20000);
        QVERIFY2(ms < 60000, qPrintable(QString::number(ms))); // liveness only
    }

    void auditFile_neverHoldsTheBackendsApiKey()
    {
        const QString file = m_dir.filePath(QStringLiteral("key.sqlite"));
        {
            Harness h;
            h.backend.setInfoTarget(QStringLiteral("https://support:") + kKey
                                    + QStringLiteral("@api.example.test"));
            FakeBackend::Step echo = step(Outcome::Unauthorized, 401);
            echo.message = QStringLiteral("Invalid API key: ") + kKey;
            h.backend.script(sourceIdFor(2), {echo});
            AuditLogSink sink(file, contextFor(h.backend));
            h.runner->setAttemptSink(&sink);
            h.runner->start(makeTargets(5));
            h.runToEnd();
            QVERIFY(sink.log().count() >= 2);
            QVERIFY(!allBytes(file).contains(kKey.toUtf8()));
        }
        const QByteArray bytes = allBytes(file);
        QVERIFY(bytes.contains(QByteArrayLiteral("api.example.test")));
        QVERIFY(!bytes.contains(kKey.toUtf8()));
        QVERIFY(!bytes.contains(QByteArrayLiteral("RunnerAuditKey")));
    }
};

QTEST_GUILESS_MAIN(TestRunnerAudit)
#include "tst_runneraudit.moc"
