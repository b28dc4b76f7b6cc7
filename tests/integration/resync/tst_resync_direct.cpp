// The engine through DirectBackend (worker threads, the guarded trigger) on a real SQLite
// file: 2,000 targets, a dry run that writes nothing, one job per triggered row, one audit
// row per attempt, and a second run that finds every source already syncing.
#include "direct/dbconfig.h"
#include "direct/directbackend.h"
#include "direct/directstore.h"
#include "resync/auditlogsink.h"
#include "resyncintegration.h"

#include <QSet>
#include <QStandardPaths>
#include <QtTest>

using namespace feather;
using namespace feather::test;

namespace {

int totalJobs(const QHash<QString, int> &jobs)
{
    int n = 0;
    for (int c : jobs)
        n += c;
    return n;
}

} // namespace

class TestResyncDirect final : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void twoThousandTargets_overDirectSqlite_everyRowAccountedForOnce()
    {
        constexpr int kSources = 2000;
        const QString dbPath = m_dir.filePath(QStringLiteral("direct.db"));
        QString why;
        const std::optional<DbConfig> config =
            parseDbUrl(QStringLiteral("sqlite://") + dbPath, &why);
        QVERIFY2(config, qPrintable(why));
        {
            DirectStore setup(*config, QStringLiteral("resync-it-setup"));
            const Result<int> migrated = setup.migrate();
            QVERIFY2(migrated.ok(), migrated.ok() ? "" : qPrintable(migrated.error->message));
            const Result<int> seeded = setup.seedDemo(kSources);
            QVERIFY2(seeded.ok(), seeded.ok() ? "" : qPrintable(seeded.error->message));
        }
        const QList<TriggerTarget> targets = allSources(dbPath, &why);
        QVERIFY2(targets.size() == kSources, qPrintable(why));
        const int jobsBefore = totalJobs(jobsPerTriggerId(dbPath));

        DirectBackend backend(*config, 4, operatorIdentity());
        AuditLogSink sink(m_dir.filePath(QStringLiteral("audit.sqlite")),
                          auditContextFor(QStringLiteral("local"), backend));
        AuditLog &audit = sink.log();
        RunOptions options;
        options.concurrency = 8;
        ResyncRunner runner(&backend, options);
        runner.setAttemptSink(&sink);

        // Dry run: every target answered, nothing written anywhere.
        const RunRecord dry = runToCompletion(runner, targets, 60000, true);
        QCOMPARE(dry.rows.size(), kSources);
        QCOMPARE(dry.attempts.size(), 0);
        QCOMPARE(totalJobs(jobsPerTriggerId(dbPath)), jobsBefore);
        QVERIFY(!QFile::exists(audit.path()));
        const int wouldStart = count(dry.rows, Outcome::Triggered);
        QVERIFY(wouldStart > kSources / 2);

        const RunRecord run = runToCompletion(runner, targets, 90000);
        QVERIFY2(!runner.isRunning(), "the run did not finish in time");
        qInfo("2,000 targets via DirectBackend on SQLite (4 workers, concurrency 8): %lld ms, %.0f "
              "rows/s",
              run.wallMs, 1000.0 * kSources / double(qMax<qint64>(1, run.wallMs)));
        QCOMPARE(run.rows.size(), kSources);
        QSet<QString> seen;
        for (const TriggerResult &r : run.rows)
            seen.insert(r.target.sourceId);
        QCOMPARE(seen.size(), kSources);
        // The dry run predicted the real run.
        QCOMPARE(count(run.rows, Outcome::Triggered), wouldStart);
        QCOMPARE(count(run.rows, Outcome::Triggered) + count(run.rows, Outcome::AlreadySyncing),
                 kSources);

        const QHash<QString, int> jobs = jobsPerTriggerId(dbPath);
        for (const TriggerResult &r : run.rows) {
            QCOMPARE(jobs.value(r.target.triggerId), r.outcome == Outcome::Triggered ? 1 : 0);
            QVERIFY(r.attempts == 1 && r.elapsedMs >= 0);
        }
        // Write-ahead: an intent and an outcome per request; the history shows the outcome.
        QCOMPARE(audit.count(), qint64(2 * kSources));
        const AuditEntry any = audit.query(1).at(0);
        QVERIFY(any.kind == AuditKind::Outcome);
        QVERIFY(any.mode == BackendMode::Direct);
        QCOMPARE(any.target, config->displayTarget());

        // Everything that started is syncing now: a second run triggers nothing new.
        const RunRecord again = runToCompletion(runner, targets, 60000);
        QCOMPARE(again.rows.size(), kSources);
        QCOMPARE(count(again.rows, Outcome::AlreadySyncing), kSources);
        QCOMPARE(totalJobs(jobsPerTriggerId(dbPath)), totalJobs(jobs));
        QVERIFY(ResyncRunner::retryCandidates(again.rows).isEmpty());
        QCOMPARE(audit.count(), qint64(4 * kSources));
    }
};

QTEST_GUILESS_MAIN(TestResyncDirect)
#include "tst_resync_direct.moc"
