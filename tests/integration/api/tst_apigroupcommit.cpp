// featherctl's bulk path over real sockets: ResyncRunner + ApiBackend (on the caller's thread,
// as featherctl resync runs it) + the AuditWorkerSink featherctl writes through (its writer
// thread commits what was handed over meanwhile in one transaction) against a scripted HTTP
// server that, as each POST arrives, reads the audit file through a connection of its own.
// Pins: every POST arrives after its intent row is committed; fewer audit transactions than
// rows, at most one per answer (plus the first round's); the backend keeps no per-trigger
// memory once the answers are final.
#include "apitestutil.h"
#include "core/ids.h"
#include "resync/auditlogsink.h"
#include "resync/auditworkersink.h"
#include "resync/resyncrunner.h"

#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace feather;
using namespace feather::test;

class TestApiGroupCommit final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void bulkRun_everyPostArrivesAfterItsIntentCommit_fewerCommitsThanRows_noMemoryPerTrigger()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString file = dir.filePath(QStringLiteral("audit.sqlite"));
        constexpr int kTargets = 300;

        ScriptedHttpServer server;
        QVERIFY(server.listen());
        ApiConfig config = configFor(server.baseUrl());
        config.maxConnections = 8;
        ApiBackend backend(config);
        AuditWorkerSink sink(file, auditContextFor(QStringLiteral("test"), backend));
        QTRY_VERIFY_WITH_TIMEOUT(sink.state() != AuditWorkerSink::State::Checking, 30000);
        QCOMPARE(sink.state(), AuditWorkerSink::State::Writable);

        // What the server sees of the audit file when a POST arrives, like another process.
        const QString observerName = QStringLiteral("groupcommit-observer");
        int posts = 0;
        int arrivedBeforeIntent = 0;
        {
            QSqlDatabase observer =
                QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), observerName);
            observer.setDatabaseName(file);
            QVERIFY(observer.open());
            server.setHandler([&](const RecordedRequest &request) {
                ++posts;
                QSqlQuery q(QSqlDatabase::database(observerName, false));
                q.prepare(QStringLiteral("SELECT COUNT(*) FROM audit_log WHERE kind = 'intent'"
                                         " AND trigger_id = ?"));
                q.addBindValue(QString::fromLatin1(request.header("idempotency-key")));
                if (!q.exec() || !q.next() || q.value(0).toInt() != 1)
                    ++arrivedBeforeIntent;
                return ScriptedReply::json(200, triggerOk(newUuid()));
            });

            RunOptions options;
            options.concurrency = 8;
            options.maxAttempts = 1;
            ResyncRunner runner(&backend, options);
            runner.setAttemptSink(&sink);
            QSignalSpy finished(&runner, &ResyncRunner::finished);
            QList<TriggerTarget> targets;
            for (int i = 0; i < kTargets; ++i)
                targets.append(TriggerTarget{Kb1, newUuid(), {}});
            QVERIFY(runner.start(targets));
            QVERIFY(finished.wait(120000)); // liveness only
            const QList<TriggerResult> results = runner.results();
            QCOMPARE(results.size(), kTargets);
            for (const TriggerResult &r : results)
                QCOMPARE_OUTCOME(r.outcome, Outcome::Triggered);
        }
        QSqlDatabase::removeDatabase(observerName);

        QCOMPARE(posts, kTargets);
        QCOMPARE(arrivedBeforeIntent, 0);
        QTRY_VERIFY_WITH_TIMEOUT(sink.isIdle(), 30000); // the run ended after its last ack
        QCOMPARE(AuditLog(file).count(), 2 * kTargets);
        // Group commit: the intents that go out together and what arrived meanwhile share a
        // transaction; every commit after the first round's carries at least one answer's
        // outcome, so never one transaction per row.
        qInfo("%d audit rows in %d transactions", 2 * kTargets, sink.commits());
        QVERIFY2(sink.commits() < 2 * kTargets, qPrintable(QString::number(sink.commits())));
        QVERIFY2(sink.commits() <= kTargets + 1, qPrintable(QString::number(sink.commits())));
        QVERIFY(server.maxOpenConnections() <= 8);
        // Memory flat in the number of triggers: no first-send record outlives a final answer.
        QCOMPARE(backend.trackedTriggerCount(), 0);
    }
};

QTEST_GUILESS_MAIN(TestApiGroupCommit)
#include "tst_apigroupcommit.moc"
