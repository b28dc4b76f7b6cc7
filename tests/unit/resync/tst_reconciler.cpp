// Reconciler over a real audit log file: every unresolved attempt of the backend's target is
// looked up and settled by an appended `reconciled` row (never an UPDATE); a failed lookup
// leaves it for the next reconcile; other targets' rows are left alone.
#include "config/auditlog.h"
#include "harness.h"
#include "resync/reconciler.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace feather;
using namespace feather::test;

namespace {

TriggerResult sent(int n)
{
    TriggerResult r;
    r.target = makeTargets(n + 1).at(n);
    r.target.triggerId =
        QStringLiteral("aaaaaaaa-0000-4000-8000-%1").arg(n, 12, 10, QLatin1Char('0'));
    r.attempts = 1;
    return r;
}

QString attemptIdFor(int n)
{
    return QStringLiteral("cccccccc-0000-4000-8000-%1").arg(n, 12, 10, QLatin1Char('0'));
}

} // namespace

class TestReconciler final : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

private Q_SLOTS:
    void unresolvedAttempts_areSettledByAppendedRows()
    {
        ManualClock clock;
        FakeBackend backend(&clock);
        // Trigger 0 did create a job before the writer died; trigger 1 never reached the
        // server; trigger 2's lookups fail; trigger 3 got its answer; trigger 4 went elsewhere.
        backend.trigger(sent(0).target);
        clock.advance(1000);
        backend.setLookup(sent(2).target.sourceId, FakeBackend::Lookup::Fails);

        AuditLog log(m_dir.filePath(QStringLiteral("reconcile.sqlite")));
        const AuditContext here{QStringLiteral("ops"), BackendMode::Api, backend.info().target};
        AuditContext elsewhere = here;
        elsewhere.target = QStringLiteral("https://other.example.test");
        for (int n : {0, 1, 2, 3})
            QVERIFY(log.append(sent(n), here, AuditKind::Intent, attemptIdFor(n)));
        TriggerResult answered = sent(3);
        answered.outcome = Outcome::AlreadySyncing;
        QVERIFY(log.append(answered, here, AuditKind::Outcome, attemptIdFor(3)));
        TriggerResult unconfirmed = sent(2);
        unconfirmed.outcome = Outcome::UnknownOutcome;
        unconfirmed.message = QStringLiteral("timed out; could not confirm");
        QVERIFY(log.append(unconfirmed, here, AuditKind::Outcome, attemptIdFor(2)));
        QVERIFY(log.append(sent(4), elsewhere, AuditKind::Intent, attemptIdFor(4)));
        const qint64 before = log.count();

        AuditQuery open;
        open.limit = 0;
        open.unresolvedOnly = true;
        QCOMPARE(log.query(open).size(), 4); // 0, 1, 2 here and 4 elsewhere

        Reconciler reconciler(&backend, &log, here);
        QList<ReconcileResult> results;
        connect(&reconciler, &Reconciler::resolved, this,
                [&](const ReconcileResult &r) { results.append(r); });
        QSignalSpy finished(&reconciler, &Reconciler::finished);
        QString why;
        QVERIFY2(reconciler.start(&why), qPrintable(why));
        clock.advance(1000);
        QCOMPARE(finished.size(), 1);
        QCOMPARE(reconciler.total(), 3);
        QCOMPARE(reconciler.otherTargets(), 1);
        QCOMPARE(results.size(), 3);
        QHash<QString, ReconcileResult> byTrigger;
        for (const ReconcileResult &r : results)
            byTrigger.insert(r.entry.triggerId, r);
        const ReconcileResult started = byTrigger.value(sent(0).target.triggerId);
        QVERIFY(started.resolved);
        QCOMPARE(toString(started.outcome), toString(Outcome::Triggered));
        QVERIFY(!started.jobId.isEmpty());
        const ReconcileResult nothing = byTrigger.value(sent(1).target.triggerId);
        QVERIFY(nothing.resolved);
        QCOMPARE(toString(nothing.outcome), toString(Outcome::Cancelled));
        QVERIFY(nothing.message.contains(QLatin1String("nothing started")));
        const ReconcileResult unknown = byTrigger.value(sent(2).target.triggerId);
        QVERIFY(!unknown.resolved);
        QVERIFY(unknown.message.startsWith(QLatin1String("still unknown")));

        // Two rows appended, none changed; the history now reads the settled outcomes.
        QCOMPARE(log.count(), before + 2);
        AuditQuery every;
        every.limit = 0;
        every.latestPerAttempt = false;
        QCOMPARE(log.query(every).size(), int(before + 2));
        AuditQuery history;
        history.triggerId = sent(0).target.triggerId;
        const QList<AuditEntry> zero = log.query(history);
        QCOMPARE(zero.size(), 1);
        QVERIFY(zero.at(0).kind == AuditKind::Reconciled);
        QCOMPARE(zero.at(0).jobId, started.jobId);
        QCOMPARE(zero.at(0).attemptId, attemptIdFor(0));
        QCOMPARE(log.query(open).size(), 2); // 2 here (lookup failed) and 4 elsewhere

        // A second reconcile looks up only what is still open.
        backend.setLookup(sent(2).target.sourceId, FakeBackend::Lookup::ByJobs);
        const int lookupsBefore = int(backend.calls(QStringLiteral("jobByTrigger")).size());
        results.clear();
        QVERIFY(reconciler.start(&why));
        clock.advance(1000);
        QCOMPARE(results.size(), 1);
        QCOMPARE(int(backend.calls(QStringLiteral("jobByTrigger")).size()), lookupsBefore + 1);
        QVERIFY(results.at(0).resolved);
        QCOMPARE(log.query(open).size(), 1); // only the other target's
    }

    void unwritableLog_refusesToStart()
    {
        ManualClock clock;
        FakeBackend backend(&clock);
        QFile garbage(m_dir.filePath(QStringLiteral("garbage.sqlite")));
        QVERIFY(garbage.open(QIODevice::WriteOnly));
        garbage.write(QByteArray(8192, 'x'));
        garbage.close();
        AuditLog log(garbage.fileName());
        Reconciler reconciler(&backend, &log, AuditContext{});
        QString why;
        QVERIFY(!reconciler.start(&why));
        QVERIFY(!why.isEmpty() && !why.contains(u'\n'));
        QCOMPARE(backend.calls().size(), 0);
    }
};

QTEST_GUILESS_MAIN(TestReconciler)
#include "tst_reconciler.moc"
