// SQLite multi-writer race (docs/reliability.md §7 scenario 8): 16 threads, each with its own
// connection, plus 2 featherctl processes, all claiming one source. Exactly one wins, everyone
// else hears already_syncing, and nobody sees "database is locked".
#include "direct/directstore.h"
#include "directtestutil.h"
#include "support/testsupport.h"

#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <atomic>
#include <barrier>

using namespace feather;
using namespace feather::test;
using namespace Qt::StringLiterals;

class TestDirectSqliteRace final : public QObject {
    Q_OBJECT
private:
    SqlMessageGuard m_guard;
    QTemporaryDir m_dir;
    DbConfig m_config;
    std::unique_ptr<RawDb> m_raw;
    QString m_kb;

    void resetSource(const QString &source)
    {
        m_raw->exec(u"DELETE FROM ingestion_jobs WHERE knowledge_base_source_id = :s"_s,
                    {{u":s"_s, source}});
        m_raw->exec(
            u"UPDATE knowledge_base_sources SET status = 'active', last_sync_job_id = NULL WHERE id = :s"_s,
            {{u":s"_s, source}});
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_config = sqliteConfig(m_dir.filePath(u"race.sqlite"_s));
        DirectStore store(m_config, u"race-migrate"_s);
        QVERIFY(store.migrate().ok());
        m_raw = std::make_unique<RawDb>(m_config);
        m_kb = uuid();
        m_raw->addKb(m_kb);
    }
    void cleanupTestCase() { m_raw.reset(); }
    void cleanup() { QCOMPARE(SqlMessageGuard::offending(), QStringList()); }

    void sixteenThreadsAndTwoFeatherctlProcesses_exactlyOneWinsNoneLocked()
    {
        const QString featherctl = binaryPath(u"featherctl"_s);
        QVERIFY2(QFileInfo(featherctl).isExecutable(), qPrintable(featherctl + u" is not built"_s));
        constexpr int kThreads = 16;
        const QString source = uuid();
        m_raw->addSource(source, m_kb);

        // Hold the write lock so every contender is queued inside BEGIN IMMEDIATE before the
        // race starts; releasing it lets all 18 go for the lock at once.
        QVERIFY(m_raw->exec(u"BEGIN IMMEDIATE"_s));
        QList<QProcess *> processes;
        for (int i = 0; i < 2; ++i) {
            auto *p = new QProcess(this);
            p->start(featherctl, {u"--db"_s, u"sqlite://"_s + m_config.path, u"--json"_s,
                                  u"resync"_s, u"--kb"_s, m_kb, u"--source"_s, source});
            processes << p;
        }
        std::barrier start(kThreads + 1);
        QList<TriggerResult> results(kThreads);
        QList<QThread *> threads;
        for (int i = 0; i < kThreads; ++i) {
            threads << QThread::create([&, i] {
                DirectStore store(m_config, u"sqlite-racer-%1"_s.arg(i));
                store.open();
                start.arrive_and_wait();
                results[i] = store.trigger({m_kb, source, uuid()}, u"racer-%1"_s.arg(i));
            });
            threads.last()->start();
        }
        start.arrive_and_wait();
        for (QProcess *p : processes)
            QVERIFY(p->waitForStarted(10000));
        QTest::qWait(1000); // featherctl needs a moment to reach its BEGIN IMMEDIATE
        QVERIFY(m_raw->exec(u"ROLLBACK"_s));

        int triggered = 0, already = 0;
        QStringList problems;
        for (QThread *t : threads) {
            QVERIFY(t->wait(30000));
            delete t;
        }
        qint64 minWait = results.first().elapsedMs;
        for (const TriggerResult &r : results) {
            minWait = qMin(minWait, r.elapsedMs);
            if (r.outcome == Outcome::Triggered)
                ++triggered;
            else if (r.outcome == Outcome::AlreadySyncing)
                ++already;
            else
                problems << toString(r.outcome) + u": "_s + r.message;
        }
        for (QProcess *p : processes) {
            QVERIFY(p->waitForFinished(30000));
            const QByteArray out = p->readAllStandardOutput();
            const QJsonObject row = QJsonDocument::fromJson(out.split('\n').first()).object();
            const QString outcome = row.value(u"outcome"_s).toString();
            qInfo("featherctl: %s after %d ms", qPrintable(outcome),
                  row.value(u"elapsed_ms"_s).toInt());
            if (outcome == u"triggered"_s && p->exitCode() == 0)
                ++triggered;
            else if (outcome == u"already_syncing"_s && p->exitCode() == 1)
                ++already;
            else
                problems << u"featherctl exit %1: %2 %3"_s.arg(p->exitCode())
                                .arg(QString::fromUtf8(out),
                                     QString::fromUtf8(p->readAllStandardError()));
            QVERIFY(!out.contains("database is locked"));
        }
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
        // Every thread really queued behind the held lock (the race started when it went).
        QVERIFY2(minWait >= 500, qPrintable(QString::number(minWait)));
        QCOMPARE(triggered, 1);
        QCOMPARE(already, kThreads + 1);
        QCOMPARE(m_raw->count(u"ingestion_jobs"_s, u"knowledge_base_source_id = :s"_s,
                              {{u":s"_s, source}}),
                 1);
    }

    void sixteenThreads_repeatedRounds_exactlyOneWinnerEachTime()
    {
        constexpr int kThreads = 16;
        constexpr int kRounds = 20;
        const QString source = uuid();
        m_raw->addSource(source, m_kb);
        std::barrier start(kThreads + 1), done(kThreads + 1);
        std::atomic<bool> stop{false};
        QList<TriggerResult> results(kThreads);
        QList<QThread *> threads;
        for (int i = 0; i < kThreads; ++i) {
            threads << QThread::create([&, i] {
                DirectStore store(m_config, u"sqlite-rounds-%1"_s.arg(i));
                for (;;) {
                    start.arrive_and_wait();
                    if (stop)
                        break;
                    results[i] = store.trigger({m_kb, source, uuid()}, u"op"_s);
                    done.arrive_and_wait();
                }
            });
            threads.last()->start();
        }
        QStringList failures;
        for (int round = 0; round < kRounds; ++round) {
            resetSource(source);
            start.arrive_and_wait();
            done.arrive_and_wait();
            int triggered = 0, already = 0;
            for (const TriggerResult &r : results) {
                triggered += r.outcome == Outcome::Triggered;
                already += r.outcome == Outcome::AlreadySyncing;
                if (r.message.contains(u"locked"_s) || r.message.contains(u"busy"_s))
                    failures << r.message;
            }
            const int jobs = m_raw->count(u"ingestion_jobs"_s, u"knowledge_base_source_id = :s"_s,
                                          {{u":s"_s, source}});
            if (triggered != 1 || already != kThreads - 1 || jobs != 1)
                failures << u"round %1: triggered %2, already %3, jobs %4"_s.arg(round)
                                .arg(triggered)
                                .arg(already)
                                .arg(jobs);
        }
        stop = true;
        start.arrive_and_wait();
        for (QThread *t : threads) {
            t->wait();
            delete t;
        }
        QVERIFY2(failures.isEmpty(), qPrintable(failures.mid(0, 10).join(u'\n')));
    }

    void deferredReadThenWrite_hitsBusySnapshot_whichBeginImmediateAvoids()
    {
        // Why the store sends BEGIN IMMEDIATE: a deferred transaction that read first cannot
        // write after another connection committed in between (SQLITE_BUSY_SNAPSHOT, 517),
        // and the busy timeout does not help. The store's claim on the same row succeeds.
        const QString source = uuid();
        m_raw->addSource(source, m_kb);
        QVERIFY(m_raw->exec(u"BEGIN"_s));
        QCOMPARE(m_raw
                     ->scalar(u"SELECT status FROM knowledge_base_sources WHERE id = :s"_s,
                              {{u":s"_s, source}})
                     .toString(),
                 u"active"_s);
        DirectStore store(m_config, u"sqlite-immediate"_s);
        QCOMPARE_OUTCOME(store.trigger({m_kb, source, uuid()}, u"op"_s).outcome,
                         Outcome::Triggered);
        QVERIFY(
            !m_raw->exec(u"UPDATE knowledge_base_sources SET status = 'syncing' WHERE id = :s"_s,
                         {{u":s"_s, source}}));
        QCOMPARE(m_raw->lastErrorCode(), u"517"_s); // SQLITE_BUSY_SNAPSHOT
        QVERIFY(m_raw->exec(u"ROLLBACK"_s));
        QCOMPARE(m_raw->count(u"ingestion_jobs"_s, u"knowledge_base_source_id = :s"_s,
                              {{u":s"_s, source}}),
                 1);
    }
};

QTEST_GUILESS_MAIN(TestDirectSqliteRace)
#include "tst_direct_sqlite_race.moc"
