// The guarded trigger, every case on each dialect (initTestCase_data: SQLite, PostgreSQL, and
// PostgreSQL behind a transaction-pooling PgBouncer): outcomes, messages, no partial writes, the
// busy / lock timeout, QSQLITE's per-connection row counter, trigger-id idempotency,
// reconciliation by trigger id and malformed ids.
#include "direct/directstore.h"
#include "directtestutil.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QUuid>

using namespace feather;
using namespace feather::test;
using namespace Qt::StringLiterals;

class TestDirectTrigger final : public QObject {
    Q_OBJECT
private:
    SqlMessageGuard m_guard;
    std::unique_ptr<QTemporaryDir> m_dir;
    DbConfig m_config; // how the store reaches the database (maybe through PgBouncer)
    DbConfig m_rawConfig;
    std::unique_ptr<DirectStore> m_store;
    std::unique_ptr<RawDb> m_raw;
    QString m_kb, m_kb2, m_active, m_error, m_syncing, m_disabled, m_runningJob;

    int jobs(const QString &where = {}, const SqlBinds &binds = {})
    {
        return m_raw->count(u"ingestion_jobs"_s, where, binds);
    }
    // A store whose database cannot even be opened: any SQL attempt fails to connect.
    DbConfig unreachable() const
    {
        if (m_config.driver == DbConfig::Driver::Sqlite)
            return sqliteConfig(m_dir->filePath(u"no/such/dir/ws.sqlite"_s));
        DbConfig c = m_config;
        c.host = u"127.0.0.1"_s;
        c.port = 1; // nobody listens there
        return c;
    }

private Q_SLOTS:
    void initTestCase_data() { addDialectRows(); }
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        QString why;
        const std::optional<TestDb> db = freshDb(m_dir->path(), u"trigger"_s, {}, &why);
        QVERIFY2(db, qPrintable(why));
        m_config = db->store;
        m_rawConfig = db->raw;
        m_store = std::make_unique<DirectStore>(m_config, u"store-"_s + uuid());
        const Result<int> v = m_store->migrate();
        QVERIFY2(v.ok(), qPrintable(v.error ? v.error->message : QString()));
        m_raw = std::make_unique<RawDb>(m_rawConfig);
        QVERIFY2(m_raw->isOpen(), qPrintable(m_raw->lastError()));
        m_kb = uuid();
        m_kb2 = uuid();
        m_active = uuid();
        m_error = uuid();
        m_syncing = uuid();
        m_disabled = uuid();
        m_runningJob = uuid();
        m_raw->addKb(m_kb, u"Support Handbook"_s);
        m_raw->addKb(m_kb2, u"Engineering Wiki"_s);
        m_raw->addSource(m_active, m_kb);
        m_raw->addSource(m_error, m_kb, u"error"_s);
        m_raw->addSource(m_syncing, m_kb);
        m_raw->addRunningJob(m_runningJob, m_kb, m_syncing);
        m_raw->addSource(m_disabled, m_kb, u"disabled"_s);
        QCOMPARE(jobs(), 1);
    }
    void cleanup()
    {
        m_raw.reset();
        m_store.reset();
        m_dir.reset();
        QCOMPARE(SqlMessageGuard::offending(), QStringList());
    }

    void triggerOnActiveSource_queuesOneJobAndFlipsSource()
    {
        const QString trigger = uuid();
        const TriggerResult r = m_store->trigger({m_kb, m_active, trigger}, u"maria@support-01"_s);
        QCOMPARE_OUTCOME(r.outcome, Outcome::Triggered);
        QCOMPARE(r.message, u"Sync has been queued"_s);
        QCOMPARE(r.status, u"queued"_s);
        QCOMPARE(r.attempts, 1);
        QVERIFY(r.elapsedMs >= 0);
        QCOMPARE(r.finishedAt.timeSpec(), Qt::UTC);
        QVERIFY(qAbs(r.finishedAt.secsTo(QDateTime::currentDateTimeUtc())) < 60);
        QCOMPARE(r.target.triggerId, trigger);
        QCOMPARE(normalizedUuidForTest(r.jobId), r.jobId);

        const QList<QVariantList> job =
            m_raw->rows(u"SELECT job_type, status, knowledge_base_id, knowledge_base_source_id, "
                        u"trigger_id, triggered_by,"
                        " created_at FROM ingestion_jobs WHERE id = :id"_s,
                        {{u":id"_s, r.jobId}});
        QCOMPARE(job.size(), 1);
        QCOMPARE(job[0][0].toString(), u"connector_sync"_s);
        QCOMPARE(job[0][1].toString(), u"queued"_s);
        QCOMPARE(job[0][2].toString(), m_kb);
        QCOMPARE(job[0][3].toString(), m_active);
        QCOMPARE(job[0][4].toString(), trigger);
        QCOMPARE(job[0][5].toString(), u"maria@support-01"_s);
        const JobResult stored = m_store->job(r.jobId);
        QVERIFY(stored.ok());
        QCOMPARE(stored.value.createdAt.timeSpec(), Qt::UTC);
        QVERIFY(qAbs(stored.value.createdAt.msecsTo(r.finishedAt)) < 5000);
        const QVariantList src = m_raw->sourceSnapshot(m_active);
        QCOMPARE(src[3].toString(), u"syncing"_s);
        QCOMPARE(src[4].toString(), r.jobId);
        QCOMPARE(jobs(), 2);
    }

    void triggerOnErrorSource_queuesOneJob()
    {
        const TriggerResult r = m_store->trigger({m_kb, m_error, uuid()}, u"op"_s);
        QCOMPARE_OUTCOME(r.outcome, Outcome::Triggered);
        QCOMPARE(m_raw->sourceSnapshot(m_error)[3].toString(), u"syncing"_s);
        QCOMPARE(jobs(u"knowledge_base_source_id = :s"_s, {{u":s"_s, m_error}}), 1);
    }

    void triggerOnSyncingSource_reportsAlreadySyncingNamingTheJob()
    {
        const QVariantList before = m_raw->sourceSnapshot(m_syncing);
        const TriggerResult r = m_store->trigger({m_kb, m_syncing, uuid()}, u"op"_s);
        QCOMPARE_OUTCOME(r.outcome, Outcome::AlreadySyncing);
        QCOMPARE(r.jobId, m_runningJob);
        QCOMPARE(r.status, u"syncing"_s);
        QVERIFY2(r.message.startsWith(u"already syncing since "_s), qPrintable(r.message));
        QVERIFY2(r.message.contains(u" UTC (job %1)"_s.arg(m_runningJob)), qPrintable(r.message));
        QCOMPARE(m_raw->sourceSnapshot(m_syncing), before);
        QCOMPARE(jobs(), 1);
    }

    void triggerOnUnknownSource_reportsNotFoundAndWritesNothing()
    {
        const QString ghost = uuid();
        const TriggerResult r = m_store->trigger({m_kb, ghost, uuid()}, u"op"_s);
        QCOMPARE_OUTCOME(r.outcome, Outcome::NotFound);
        QCOMPARE(r.message, u"no source %1 in knowledge base %2"_s.arg(ghost, m_kb));
        QVERIFY(r.jobId.isEmpty());
        QCOMPARE(jobs(), 1);
        QCOMPARE(m_raw->count(u"knowledge_base_sources"_s), 4);
    }

    void triggerWithRightSourceWrongKb_reportsNotFoundAndWritesNothing()
    {
        const QVariantList before = m_raw->sourceSnapshot(m_active);
        const TriggerResult r = m_store->trigger({m_kb2, m_active, uuid()}, u"op"_s);
        QCOMPARE_OUTCOME(r.outcome, Outcome::NotFound);
        QCOMPARE(r.message, u"no source %1 in knowledge base %2"_s.arg(m_active, m_kb2));
        QCOMPARE(m_raw->sourceSnapshot(m_active), before);
        QCOMPARE(jobs(), 1);
    }

    void triggerOnDisabledSource_reportsNotEligible()
    {
        const QVariantList before = m_raw->sourceSnapshot(m_disabled);
        const TriggerResult r = m_store->trigger({m_kb, m_disabled, uuid()}, u"op"_s);
        QCOMPARE_OUTCOME(r.outcome, Outcome::NotEligible);
        QCOMPARE(r.status, u"disabled"_s);
        QCOMPARE(r.message, u"not eligible: status is disabled"_s);
        QCOMPARE(m_raw->sourceSnapshot(m_disabled), before);
        QCOMPARE(jobs(), 1);
    }

    void triggerOnPausedSource_reportsNotEligibleAndWritesNothing()
    {
        const QString paused = uuid();
        m_raw->addSource(paused, m_kb, u"paused"_s);
        const QVariantList before = m_raw->sourceSnapshot(paused);
        const TriggerResult r = m_store->trigger({m_kb, paused, uuid()}, u"op"_s);
        QCOMPARE_OUTCOME(r.outcome, Outcome::NotEligible);
        QCOMPARE(r.status, u"paused"_s);
        QCOMPARE(r.message, u"not eligible: status is paused"_s);
        QVERIFY(!isRetryCandidate(r.outcome));
        QCOMPARE(m_raw->sourceSnapshot(paused), before);
        QCOMPARE(jobs(u"knowledge_base_source_id = :s"_s, {{u":s"_s, paused}}), 0);
        QCOMPARE(jobs(), 1);
    }

    void preflightOnPausedSource_reportsNotEligibleAndWritesNothing()
    {
        const QString paused = uuid();
        m_raw->addSource(paused, m_kb, u"paused"_s);
        const QVariantList before = m_raw->sourceSnapshot(paused);
        const TriggerResult r = m_store->preflight({m_kb, paused, {}});
        QCOMPARE_OUTCOME(r.outcome, Outcome::NotEligible);
        QCOMPARE(r.status, u"paused"_s);
        QCOMPARE(r.message, u"not eligible: status is paused"_s);
        QCOMPARE(m_raw->sourceSnapshot(paused), before);
        QCOMPARE(jobs(), 1);
    }

    void triggerIdReuse_returnsExistingJobWithoutSecondRow()
    {
        const QString trigger = uuid();
        const TriggerResult first = m_store->trigger({m_kb, m_active, trigger}, u"op"_s);
        QCOMPARE_OUTCOME(first.outcome, Outcome::Triggered);
        // A retry of a trigger that committed (e.g. after an unknown outcome).
        const TriggerResult again = m_store->trigger({m_kb, m_active, trigger}, u"op"_s);
        QCOMPARE_OUTCOME(again.outcome, Outcome::Triggered);
        QCOMPARE(again.jobId, first.jobId);
        QCOMPARE(jobs(u"trigger_id = :t"_s, {{u":t"_s, trigger}}), 1);
        QCOMPARE(jobs(u"knowledge_base_source_id = :s"_s, {{u":s"_s, m_active}}), 1);

        // Even once that job finished and the source is eligible again, the same trigger id
        // does not start a second sync: the INSERT's unique violation rolls the claim back.
        QVERIFY(m_store->advanceJobs(QDateTime::currentDateTimeUtc(), 0, 0).ok());
        QCOMPARE(m_raw->sourceSnapshot(m_active)[3].toString(), u"active"_s);
        const QVariantList before = m_raw->sourceSnapshot(m_active);
        const TriggerResult late = m_store->trigger({m_kb, m_active, trigger}, u"op"_s);
        QCOMPARE_OUTCOME(late.outcome, Outcome::Triggered);
        QCOMPARE(late.jobId, first.jobId);
        QCOMPARE(late.status, u"completed"_s);
        QCOMPARE(m_raw->sourceSnapshot(m_active), before);
        QCOMPARE(jobs(u"knowledge_base_source_id = :s"_s, {{u":s"_s, m_active}}), 1);

        // The same trigger id for another source is a client bug, not a success.
        const TriggerResult other = m_store->trigger({m_kb, m_error, trigger}, u"op"_s);
        QCOMPARE_OUTCOME(other.outcome, Outcome::Invalid);
        QVERIFY(other.message.contains(u"already used"_s));
        QCOMPARE(m_raw->sourceSnapshot(m_error)[3].toString(), u"error"_s);
    }

    void claimAfterInsertOnSameConnection_readsNotClaimed()
    {
        // QSQLITE's numRowsAffected() is sqlite3_changes() of the connection: after a
        // successful trigger the last DML was the job INSERT (1 row). The next claims on the
        // same connection match 0 rows and must be decided as such, not by a stale 1.
        QCOMPARE_OUTCOME(m_store->trigger({m_kb, m_active, uuid()}, u"op"_s).outcome,
                         Outcome::Triggered);
        QCOMPARE_OUTCOME(m_store->trigger({m_kb, m_active, uuid()}, u"op"_s).outcome,
                         Outcome::AlreadySyncing);
        QCOMPARE_OUTCOME(m_store->trigger({m_kb, m_error, uuid()}, u"op"_s).outcome,
                         Outcome::Triggered);
        QCOMPARE_OUTCOME(m_store->trigger({m_kb2, m_active, uuid()}, u"op"_s).outcome,
                         Outcome::NotFound);
        QCOMPARE_OUTCOME(m_store->trigger({m_kb, m_disabled, uuid()}, u"op"_s).outcome,
                         Outcome::NotEligible);
        QCOMPARE(jobs(), 3);
    }

    void malformedIds_areRejectedBeforeAnySql_data()
    {
        QTest::addColumn<QString>("kb");
        QTest::addColumn<QString>("source");
        QTest::addColumn<QString>("trigger");
        const QString ok = u"0b5c3f3e-6a36-4c3a-9f0e-2d1f0c9b8a7e"_s;
        QTest::newRow("quote") << u"0b5c3f3e-6a36-4c3a-9f0e-2d1f0c9b8a7'"_s << ok << QString();
        QTest::newRow("injection")
            << ok << u"x'; DROP TABLE knowledge_base_sources; --"_s << QString();
        QTest::newRow("semicolon") << ok << u"0b5c3f3e-6a36-4c3a-9f0e-2d1f0c9b8a;e"_s << QString();
        QTest::newRow("backslash") << u"0b5c3f3e\\6a36-4c3a-9f0e-2d1f0c9b8a7e"_s << ok << QString();
        QTest::newRow("unicode") << ok << u"0b5c3f3e-6a36-4c3a-9f0e-2d1f0c9b8a7é"_s << QString();
        QTest::newRow("braces") << u"{0b5c3f3e-6a36-4c3a-9f0e-2d1f0c9b8a7e}"_s << ok << QString();
        QTest::newRow("empty") << QString() << ok << QString();
        QTest::newRow("bad trigger") << ok << ok << u"not-a-uuid"_s;
    }
    void malformedIds_areRejectedBeforeAnySql()
    {
        QFETCH(QString, kb);
        QFETCH(QString, source);
        QFETCH(QString, trigger);
        // A store whose database cannot even be opened: any SQL attempt would fail differently.
        DirectStore store(unreachable(), u"store-bad-"_s + uuid());
        const TriggerResult r = store.trigger({kb, source, trigger}, u"op"_s);
        QCOMPARE_OUTCOME(r.outcome, Outcome::Invalid);
        QVERIFY2(r.message.contains(u"is not a UUID"_s), qPrintable(r.message));
        QVERIFY(!r.message.contains(u'\n'));
        QCOMPARE_OUTCOME(store.preflight({kb, source, {}}).outcome,
                         trigger.isEmpty() ? Outcome::Invalid : Outcome::NetworkError);
        if (trigger.isEmpty()) {
            QCOMPARE_OUTCOME(store.syncStatus(kb, source).error->outcome, Outcome::Invalid);
            QCOMPARE_OUTCOME(store.source(kb, source).error->outcome, Outcome::Invalid);
            QCOMPARE_OUTCOME(store.updateSchedule(kb, source, {true, 60}).error->outcome,
                             Outcome::Invalid);
            QCOMPARE(store.statementCount(), 0);
        }
        QCOMPARE_OUTCOME(store.job(u"job'1"_s).error->outcome, Outcome::Invalid);
        QCOMPARE_OUTCOME(store.jobByTrigger(u"; DROP"_s).error->outcome, Outcome::Invalid);
        QCOMPARE_OUTCOME(store.listSources({{u"kb\\x"_s}, {}}).error->outcome, Outcome::Invalid);
        QCOMPARE_OUTCOME(store.knowledgeBase(u"ü"_s).error->outcome, Outcome::Invalid);
        if (trigger.isEmpty())
            QCOMPARE(store.statementCount(), 0);
        QVERIFY(!QFileInfo::exists(m_dir->filePath(u"no/such/dir/ws.sqlite"_s)));
    }

    void unopenableDatabase_reportsNetworkErrorWithReason()
    {
        const DbConfig config = unreachable();
        DirectStore store(config, u"store-missing"_s);
        const TriggerResult r = store.trigger({m_kb, m_active, uuid()}, u"op"_s);
        QCOMPARE_OUTCOME(r.outcome, Outcome::NetworkError);
        QVERIFY2(r.message.startsWith(u"could not connect to "_s + config.displayTarget()),
                 qPrintable(r.message));
        QVERIFY(!r.message.contains(u'\n'));
    }

    void valuesWithQuotes_roundTripLiterally()
    {
        const QString nasty = u"O'Brien's \"Drive\"; DROP TABLE ingestion_jobs; -- \\ é – ✓"_s;
        const QString src = uuid();
        m_raw->addSource(src, m_kb, nasty, nasty, u"url"_s);
        // The status filter is bound, so a status with quotes matches exactly that row.
        const SourcePage page = m_store->listSources({{m_kb}, {nasty}});
        QVERIFY(page.ok());
        QCOMPARE(page.value.size(), 1);
        QCOMPARE(page.value[0].connectionNickname, nasty);
        QCOMPARE(page.value[0].status, nasty);
        // triggered_by is written by the store itself.
        const TriggerResult r = m_store->trigger({m_kb, m_active, uuid()}, nasty);
        QCOMPARE_OUTCOME(r.outcome, Outcome::Triggered);
        const JobResult job = m_store->job(r.jobId);
        QVERIFY(job.ok());
        QCOMPARE(job.value.triggeredBy, nasty);
        QCOMPARE(m_raw->count(u"ingestion_jobs"_s), 2);
    }

    void lockHeldLongerThanTimeout_failsBusyAfterTimeoutWithoutPartialRows()
    {
        // SQLite: another connection holds the write lock longer than the busy timeout;
        // PostgreSQL: another session holds the row FOR UPDATE longer than lock_timeout (set per
        // transaction, so it holds behind PgBouncer too).
        DbConfig config = m_config;
        config.busyTimeoutMs = 300;
        config.lockTimeoutMs = 300;
        DirectStore store(config, u"store-busy"_s);
        QVERIFY(store.open().ok());
        const QVariantList before = m_raw->sourceSnapshot(m_active);
        QVERIFY2(m_raw->holdClaimLock(m_active), qPrintable(m_raw->lastError()));
        QElapsedTimer timer;
        timer.start();
        const TriggerResult r = store.trigger({m_kb, m_active, uuid()}, u"op"_s);
        const qint64 waited = timer.elapsed();
        QVERIFY(m_raw->release());
        QCOMPARE_OUTCOME(r.outcome, Outcome::ServerError);
        QVERIFY2(r.message.startsWith(u"source is busy, try again"_s), qPrintable(r.message));
        QVERIFY2(r.message.contains(u"300 ms"_s), qPrintable(r.message));
        QVERIFY2(waited >= 250 && waited < 3000, qPrintable(QString::number(waited)));
        QCOMPARE(m_raw->sourceSnapshot(m_active), before);
        QCOMPARE(jobs(), 1);
        // The lock is gone: the same store succeeds now.
        QCOMPARE_OUTCOME(store.trigger({m_kb, m_active, uuid()}, u"op"_s).outcome,
                         Outcome::Triggered);
    }

    void preflight_saysWhatWouldHappenAndNeverWrites()
    {
        const QVariantList a = m_raw->sourceSnapshot(m_active);
        QCOMPARE_OUTCOME(m_store->preflight({m_kb, m_active, {}}).outcome, Outcome::Triggered);
        QCOMPARE_OUTCOME(m_store->preflight({m_kb, m_error, {}}).outcome, Outcome::Triggered);
        const TriggerResult s = m_store->preflight({m_kb, m_syncing, {}});
        QCOMPARE_OUTCOME(s.outcome, Outcome::AlreadySyncing);
        QCOMPARE(s.jobId, m_runningJob);
        QCOMPARE_OUTCOME(m_store->preflight({m_kb2, m_active, {}}).outcome, Outcome::NotFound);
        QCOMPARE_OUTCOME(m_store->preflight({m_kb, m_disabled, {}}).outcome, Outcome::NotEligible);
        QCOMPARE(m_raw->sourceSnapshot(m_active), a);
        QCOMPARE(jobs(), 1);
    }

    void storeUsedFromAnotherThread_refusesWithoutTouchingTheConnection()
    {
        QVERIFY(m_store->open().ok()); // the connection now belongs to this thread
        const qint64 before = m_store->statementCount();
        TriggerResult fromWorker;
        std::unique_ptr<QThread> worker(QThread::create([&] {
            fromWorker = m_store->trigger({m_kb, m_active, uuid()}, u"op"_s);
        }));
        worker->start();
        QVERIFY(worker->wait(10000));
        QCOMPARE_OUTCOME(fromWorker.outcome, Outcome::ServerError);
        QVERIFY2(fromWorker.message.contains(u"thread"_s), qPrintable(fromWorker.message));
        QCOMPARE(m_store->statementCount(), before);
        QCOMPARE(m_raw->sourceSnapshot(m_active)[3].toString(), u"active"_s);
        QCOMPARE_OUTCOME(m_store->trigger({m_kb, m_active, uuid()}, u"op"_s).outcome,
                         Outcome::Triggered);
    }

    void trigger_isTwoMessagesOnPostgresAndFourStatementsOnSqlite()
    {
        // PostgreSQL: BEGIN, its settings and the claim-and-insert in one message, then COMMIT.
        // SQLite: BEGIN IMMEDIATE, UPDATE, INSERT, COMMIT. The same after a reconnect.
        const bool pg = m_config.driver == DbConfig::Driver::Postgres;
        QVERIFY(m_store->open().ok());
        const QStringList sources{m_active, m_error};
        for (const QString &source : sources) {
            const qint64 before = m_store->statementCount();
            const TriggerResult r = m_store->trigger({m_kb, source, uuid()}, u"op"_s);
            QCOMPARE_OUTCOME(r.outcome, Outcome::Triggered);
            QCOMPARE(m_store->statementCount() - before, pg ? 2 : 4);
        }
        QCOMPARE(jobs(u"status = 'queued'"_s), 2);
        QCOMPARE(m_raw->sourceSnapshot(m_active)[3].toString(), u"syncing"_s);
        // A refusal: the claim (rolled back), then the one read that explains it.
        const qint64 before = m_store->statementCount();
        const TriggerResult refused = m_store->trigger({m_kb, m_active, uuid()}, u"op"_s);
        QCOMPARE_OUTCOME(refused.outcome, Outcome::AlreadySyncing);
        QCOMPARE(m_store->statementCount() - before, pg ? 5 : 6);
        QCOMPARE(jobs(u"status = 'queued'"_s), 2);
    }

    void jobForTrigger_findsOnlyTheJobOurTriggerCreatedForThisTarget()
    {
        const QString trigger = uuid();
        const TriggerResult r = m_store->trigger({m_kb, m_active, trigger}, u"op"_s);
        QCOMPARE_OUTCOME(r.outcome, Outcome::Triggered);
        const JobResult ours = m_store->jobForTrigger({m_kb, m_active, trigger});
        QVERIFY2(ours.ok(), qPrintable(ours.error ? ours.error->message : QString()));
        QCOMPARE(ours.value.id, r.jobId);
        QCOMPARE(ours.value.triggerId, trigger);
        // The same trigger id asked for another source: that job is not this target's.
        const JobResult other = m_store->jobForTrigger({m_kb, m_error, trigger});
        QVERIFY(!other.ok());
        QCOMPARE_OUTCOME(other.error->outcome, Outcome::Invalid);
        QVERIFY2(other.error->message.contains(m_active), qPrintable(other.error->message));
        // A running job of someone else on the source is never taken for ours.
        const JobResult none = m_store->jobForTrigger({m_kb, m_syncing, uuid()});
        QVERIFY(!none.ok());
        QCOMPARE_OUTCOME(none.error->outcome, Outcome::NotFound);
        QCOMPARE_OUTCOME(m_store->jobForTrigger({m_kb, m_active, u"x"_s}).error->outcome,
                         Outcome::Invalid);
        QCOMPARE(jobs(), 2);
    }

    void singleTrigger_latency()
    {
        // Figure for the report: one guarded trigger on a WAL SQLite file, warm connection.
        QVERIFY(m_store->open().ok());
        QList<QString> ids;
        for (int i = 0; i < 50; ++i) {
            ids << uuid();
            m_raw->addSource(ids.last(), m_kb);
        }
        QElapsedTimer timer;
        timer.start();
        for (const QString &id : ids)
            QCOMPARE_OUTCOME(m_store->trigger({m_kb, id, uuid()}, u"op"_s).outcome,
                             Outcome::Triggered);
        const double ms = double(timer.nsecsElapsed()) / 1e6 / ids.size();
        qInfo("%s single trigger latency: %.3f ms (mean of %d)", currentDialectName(), ms,
              int(ids.size()));
        QVERIFY(ms < 1000);
    }

private:
    static QString normalizedUuidForTest(const QString &s)
    {
        return QUuid::fromString(s).isNull() ? QString()
                                             : QUuid::fromString(s).toString(QUuid::WithoutBraces);
    }
};

QTEST_GUILESS_MAIN(TestDirectTrigger)
#include "tst_direct_trigger.moc"
