// DirectStore on the PostgreSQL test cluster: migrations (fresh, re-run, upgrade, optional
// schema name), the lock-strength rule for unique indexes, trigger outcomes without partial
// writes, trigger-id idempotency, bound parameters, listings and the demo workspace.
#include "direct/directstore.h"
#include "directtestutil.h"

#include <QElapsedTimer>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using namespace feather;
using namespace feather::test;
using namespace Qt::StringLiterals;

class TestDirectPgStore final : public QObject {
    Q_OBJECT
private:
    SqlMessageGuard m_guard;

    // A migrated database with one KB and sources in each interesting state.
    struct World {
        DbConfig config;
        std::unique_ptr<DirectStore> store;
        std::unique_ptr<RawDb> raw;
        QString kb, kb2, active, error, syncing, disabled, runningJob;
    };
    bool makeWorld(World &w, const QString &query = {})
    {
        QString why;
        const auto config = freshPgConfig(u"direct"_s, query, &why);
        if (!config) {
            qWarning("%s", qPrintable(why));
            return false;
        }
        w.config = *config;
        w.store = std::make_unique<DirectStore>(w.config, u"pgstore-"_s + uuid());
        const Result<int> v = w.store->migrate();
        if (!v.ok()) {
            qWarning("%s", qPrintable(v.error->message));
            return false;
        }
        w.raw = std::make_unique<RawDb>(w.config);
        w.kb = uuid();
        w.kb2 = uuid();
        w.active = uuid();
        w.error = uuid();
        w.syncing = uuid();
        w.disabled = uuid();
        w.runningJob = uuid();
        w.raw->addKb(w.kb);
        w.raw->addKb(w.kb2);
        w.raw->addSource(w.active, w.kb);
        w.raw->addSource(w.error, w.kb, u"error"_s);
        w.raw->addSource(w.syncing, w.kb);
        w.raw->addRunningJob(w.runningJob, w.kb, w.syncing);
        w.raw->addSource(w.disabled, w.kb, u"disabled"_s);
        return w.raw->count(u"ingestion_jobs"_s) == 1;
    }

private Q_SLOTS:
    void cleanup() { QCOMPARE(SqlMessageGuard::offending(), QStringList()); }

    void migrateFresh_createsTypedSchemaAndRecordsVersions()
    {
        World w;
        QVERIFY(makeWorld(w));
        QCOMPARE(w.raw->rows(u"SELECT version FROM schema_migrations ORDER BY version"_s),
                 (QList<QVariantList>{{1}, {2}}));
        QCOMPARE(w.raw
                     ->scalar(u"SELECT data_type FROM information_schema.columns WHERE table_name ="
                              " 'ingestion_jobs' AND column_name = 'trigger_id'"_s)
                     .toString(),
                 u"uuid"_s);
        QCOMPARE(w.raw
                     ->scalar(u"SELECT data_type FROM information_schema.columns WHERE table_name ="
                              " 'knowledge_base_sources' AND column_name = 'updated_at'"_s)
                     .toString(),
                 u"timestamp with time zone"_s);
        // Re-running is a no-op.
        const qint64 before = w.store->statementCount();
        const Result<int> again = w.store->migrate();
        QVERIFY(again.ok());
        QCOMPARE(again.value, 2);
        QCOMPARE(w.raw->count(u"schema_migrations"_s), 2);
        QCOMPARE(w.raw->count(u"knowledge_base_sources"_s), 4);
        // BEGIN, advisory lock, CREATE IF NOT EXISTS, read version, COMMIT.
        QCOMPARE(w.store->statementCount() - before, 5);
    }

    void noUniqueIndex_includesSourceStatus()
    {
        // reliability.md §1.3: a unique index over status would make the claim UPDATE take FOR
        // UPDATE instead of FOR NO KEY UPDATE and conflict with the FK's FOR KEY SHARE.
        World w;
        QVERIFY(makeWorld(w));
        const QList<QVariantList> unique = w.raw->rows(
            u"SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i"
            " JOIN pg_class c ON c.oid = i.indexrelid"
            " WHERE i.indrelid = 'knowledge_base_sources'::regclass AND i.indisunique"_s);
        QVERIFY(!unique.isEmpty()); // the primary key at least: the query does see indexes
        for (const QVariantList &index : unique)
            QVERIFY2(!index[1].toString().contains(u"status"_s), qPrintable(index[1].toString()));
        QCOMPARE(w.raw
                     ->scalar(u"SELECT COUNT(*) FROM pg_index i JOIN pg_attribute a ON a.attrelid "
                              u"= i.indrelid"
                              " AND a.attnum = ANY(i.indkey) WHERE i.indrelid = "
                              "'knowledge_base_sources'::regclass"
                              " AND i.indisunique AND a.attname = 'status'"_s)
                     .toInt(),
                 0);
        // The listing indexes exist.
        QCOMPARE(
            w.raw
                ->scalar(
                    u"SELECT COUNT(*) FROM pg_indexes WHERE tablename = 'knowledge_base_sources'"
                    " AND indexname IN ('knowledge_base_sources_kb_idx',"
                    " 'knowledge_base_sources_status_idx')"_s)
                .toInt(),
            2);
    }

    void migrateFromVersion1_upgradesAndKeepsData()
    {
        QString why;
        const auto config = freshPgConfig(u"upgrade"_s, {}, &why);
        QVERIFY2(config, qPrintable(why));
        DirectStore store(*config, u"pg-up"_s);
        QCOMPARE(store.migrateTo(1).value, 1);
        RawDb raw(*config);
        QCOMPARE(raw.count(u"information_schema.columns"_s,
                           u"table_name = 'ingestion_jobs' AND column_name = 'trigger_id'"_s),
                 0);
        const QString kb = uuid(), src = uuid();
        raw.addKb(kb);
        raw.addSource(src, kb, u"error"_s);
        const Result<int> v = store.migrate();
        QVERIFY2(v.ok(), qPrintable(v.error ? v.error->message : QString()));
        QCOMPARE(v.value, 2);
        QCOMPARE(raw.count(u"information_schema.columns"_s,
                           u"table_name = 'ingestion_jobs' AND column_name = 'trigger_id'"_s),
                 1);
        QCOMPARE(store.trigger({kb, src, uuid()}, u"op"_s).outcome == Outcome::Triggered, true);
    }

    void optionalSchemaName_isCreatedAndUsedThroughSearchPath()
    {
        World w;
        QVERIFY(makeWorld(w, u"schema=knowledge_base"_s));
        QCOMPARE(w.raw->count(u"information_schema.tables"_s,
                              u"table_schema = 'knowledge_base'"
                              " AND table_name = 'knowledge_base_sources'"_s),
                 1);
        QCOMPARE(w.raw->count(u"information_schema.tables"_s,
                              u"table_schema = 'public'"
                              " AND table_name = 'knowledge_base_sources'"_s),
                 0);
        const TriggerResult r = w.store->trigger({w.kb, w.active, uuid()}, u"op"_s);
        QCOMPARE_OUTCOME(r.outcome, Outcome::Triggered);
        QCOMPARE(w.raw->count(u"knowledge_base.ingestion_jobs"_s), 2);
        // A second store (new connection) finds the same schema; migrate again is a no-op.
        DirectStore other(w.config, u"pg-schema-2"_s);
        QCOMPARE(other.migrate().value, 2);
        QCOMPARE(other.job(r.jobId).value.id, r.jobId);
    }

    void outcomes_notFoundAlreadySyncingNotEligible_writeNothing()
    {
        World w;
        QVERIFY(makeWorld(w));
        const QVariantList active = w.raw->sourceSnapshot(w.active);
        const QVariantList syncing = w.raw->sourceSnapshot(w.syncing);
        const QString ghost = uuid();
        const TriggerResult unknown = w.store->trigger({w.kb, ghost, uuid()}, u"op"_s);
        QCOMPARE_OUTCOME(unknown.outcome, Outcome::NotFound);
        QCOMPARE(unknown.message, u"no source %1 in knowledge base %2"_s.arg(ghost, w.kb));
        const TriggerResult wrongKb = w.store->trigger({w.kb2, w.active, uuid()}, u"op"_s);
        QCOMPARE_OUTCOME(wrongKb.outcome, Outcome::NotFound);
        QCOMPARE(wrongKb.message, u"no source %1 in knowledge base %2"_s.arg(w.active, w.kb2));
        const TriggerResult busy = w.store->trigger({w.kb, w.syncing, uuid()}, u"op"_s);
        QCOMPARE_OUTCOME(busy.outcome, Outcome::AlreadySyncing);
        QCOMPARE(busy.jobId, w.runningJob);
        QVERIFY2(busy.message.contains(u"already syncing since "_s)
                     && busy.message.contains(w.runningJob),
                 qPrintable(busy.message));
        const TriggerResult disabled = w.store->trigger({w.kb, w.disabled, uuid()}, u"op"_s);
        QCOMPARE_OUTCOME(disabled.outcome, Outcome::AlreadySyncing);
        QCOMPARE(disabled.message, u"not eligible: status is disabled"_s);
        QCOMPARE(w.raw->count(u"ingestion_jobs"_s), 1);
        QCOMPARE(w.raw->sourceSnapshot(w.active), active);
        QCOMPARE(w.raw->sourceSnapshot(w.syncing), syncing);
    }

    void triggerOnActive_storesJobWithUtcTimes()
    {
        World w;
        QVERIFY(makeWorld(w));
        const QString trigger = uuid();
        const TriggerResult r = w.store->trigger({w.kb, w.active, trigger}, u"devon@ops-laptop"_s);
        QCOMPARE_OUTCOME(r.outcome, Outcome::Triggered);
        QCOMPARE(r.status, u"queued"_s);
        QCOMPARE(r.message, u"Sync has been queued"_s);
        const JobResult job = w.store->job(r.jobId);
        QVERIFY(job.ok());
        QCOMPARE(job.value.triggerId, trigger);
        QCOMPARE(job.value.triggeredBy, u"devon@ops-laptop"_s);
        QCOMPARE(job.value.sourceId, w.active);
        QCOMPARE(job.value.jobType, u"connector_sync"_s);
        QCOMPARE(job.value.createdAt.timeSpec(), Qt::UTC);
        QVERIFY(qAbs(job.value.createdAt.msecsTo(r.finishedAt)) < 5000);
        const SourceResult src = w.store->source(w.kb, w.active);
        QCOMPARE(src.value.status, u"syncing"_s);
        QCOMPARE(src.value.lastSyncJobId, r.jobId);
        QCOMPARE(src.value.lastSyncStatus, u"queued"_s);
    }

    void triggerIdReuse_returnsExistingJobWithoutSecondRow()
    {
        World w;
        QVERIFY(makeWorld(w));
        const QString trigger = uuid();
        const TriggerResult first = w.store->trigger({w.kb, w.error, trigger}, u"op"_s);
        QCOMPARE_OUTCOME(first.outcome, Outcome::Triggered);
        DirectStore other(w.config, u"pg-reuse-2"_s); // a retry may come from another worker
        const TriggerResult again = other.trigger({w.kb, w.error, trigger}, u"op"_s);
        QCOMPARE_OUTCOME(again.outcome, Outcome::Triggered);
        QCOMPARE(again.jobId, first.jobId);
        QVERIFY(w.store->advanceJobs(QDateTime::currentDateTimeUtc(), 0, 0).ok());
        const TriggerResult late = other.trigger({w.kb, w.error, trigger}, u"op"_s);
        QCOMPARE_OUTCOME(late.outcome, Outcome::Triggered);
        QCOMPARE(late.jobId, first.jobId);
        QCOMPARE(w.raw->count(u"ingestion_jobs"_s, u"knowledge_base_source_id = :s"_s,
                              {{u":s"_s, w.error}}),
                 1);
        QCOMPARE(w.raw->sourceSnapshot(w.error)[3].toString(), u"active"_s);
    }

    void idsWithQuotesSemicolonsBackslashesUnicode_areInvalidBeforeAnySql()
    {
        // Points at a port nobody listens on: any SQL attempt would be a network error.
        DbConfig config;
        config.driver = DbConfig::Driver::Postgres;
        config.host = u"127.0.0.1"_s;
        config.port = 1;
        config.database = u"nope"_s;
        DirectStore store(config, u"pg-invalid"_s);
        const QString ok = uuid();
        for (const QString &bad : {u"x'; DROP TABLE knowledge_base_sources; --"_s, u"a\\b"_s,
                                   u"ü-ñ"_s, u"0b5c3f3e-6a36-4c3a-9f0e-2d1f0c9b8a7;"_s}) {
            QCOMPARE_OUTCOME(store.trigger({bad, ok, {}}, u"op"_s).outcome, Outcome::Invalid);
            QCOMPARE_OUTCOME(store.trigger({ok, bad, {}}, u"op"_s).outcome, Outcome::Invalid);
            QCOMPARE_OUTCOME(store.trigger({ok, ok, bad}, u"op"_s).outcome, Outcome::Invalid);
            QCOMPARE_OUTCOME(store.preflight({ok, bad, {}}).outcome, Outcome::Invalid);
            QCOMPARE_OUTCOME(store.job(bad).error->outcome, Outcome::Invalid);
        }
        QCOMPARE(store.statementCount(), 0);
    }

    void valuesWithQuotes_roundTripLiterally()
    {
        World w;
        QVERIFY(makeWorld(w));
        const QString nasty =
            u"O'Brien's \"Drive\"; DROP TABLE ingestion_jobs; -- \\ é – ✓ $1 :kb"_s;
        const QString src = uuid();
        w.raw->addSource(src, w.kb, nasty, nasty, u"google_drive"_s);
        const SourcePage page = w.store->listSources({{w.kb}, {nasty}});
        QVERIFY(page.ok());
        QCOMPARE(page.value.size(), 1);
        QCOMPARE(page.value[0].connectionNickname, nasty);
        const TriggerResult r = w.store->trigger({w.kb, w.active, uuid()}, nasty);
        QCOMPARE_OUTCOME(r.outcome, Outcome::Triggered);
        QCOMPARE(w.store->job(r.jobId).value.triggeredBy, nasty);
        QCOMPARE(w.raw->count(u"ingestion_jobs"_s), 2);
    }

    void listingsScheduleAndDemo_workOnPostgres()
    {
        World w;
        QVERIFY(makeWorld(w));
        QCOMPARE(w.store->seedDemo(60, 7).value, 60);
        const QList<Source> all = w.store->listSources({}).value;
        QCOMPARE(all.size(), 64);
        QSet<QString> ids;
        QString after;
        while (true) {
            const SourcePage p = w.store->listSources({}, 7, after);
            QVERIFY(p.ok());
            for (const Source &s : p.value)
                ids.insert(s.id);
            if (p.value.size() < 7)
                break;
            after = p.value.last().id;
        }
        QCOMPARE(ids.size(), 64);
        const QList<KnowledgeBase> kbs = w.store->listKnowledgeBases().value;
        QCOMPARE(kbs.size(), 2 + 3);
        int counted = 0;
        for (const KnowledgeBase &kb : kbs)
            counted += kb.sourceCount();
        QCOMPARE(counted, 64);
        // Demo ids depend only on the seed: the same as on SQLite.
        QTemporaryDir dir;
        DirectStore lite(sqliteConfig(dir.filePath(u"demo.sqlite"_s)), u"lite-demo"_s);
        QVERIFY(lite.migrate().ok());
        QVERIFY(lite.seedDemo(60, 7).ok());
        QSet<QString> liteIds;
        for (const Source &s : lite.listSources({}).value)
            liteIds.insert(s.id);
        QVERIFY(ids.contains(liteIds));
        const SourceResult on = w.store->updateSchedule(w.kb, w.active, {true, 600});
        QVERIFY(on.ok());
        QCOMPARE(on.value.syncIntervalSeconds, std::optional<int>(600));
        QCOMPARE_OUTCOME(w.store->updateSchedule(w.kb, w.active, {true, -5}).error->outcome,
                         Outcome::Invalid);
        QVERIFY(!w.store->updateSchedule(w.kb, w.active, {false, {}}).value.syncIntervalSeconds);
        const QDateTime t0 = QDateTime::currentDateTimeUtc();
        QVERIFY(w.store->advanceJobs(t0, 5, 2).ok());
        QVERIFY(w.store->advanceJobs(t0.addSecs(6), 5, 2).value.moved() > 0);
        QCOMPARE(w.raw->count(u"ingestion_jobs"_s, u"status IN ('queued', 'processing')"_s), 0);
        QCOMPARE(w.raw->count(u"knowledge_base_sources"_s, u"status = 'syncing'"_s), 0);
    }

    void singleTrigger_latency()
    {
        World w;
        QVERIFY(makeWorld(w));
        QStringList ids;
        for (int i = 0; i < 100; ++i) {
            ids << uuid();
            w.raw->addSource(ids.last(), w.kb);
        }
        QVERIFY(w.store->open().ok());
        QElapsedTimer timer;
        timer.start();
        for (const QString &id : ids)
            QCOMPARE_OUTCOME(w.store->trigger({w.kb, id, uuid()}, u"op"_s).outcome,
                             Outcome::Triggered);
        const double ms = double(timer.nsecsElapsed()) / 1e6 / ids.size();
        qInfo("PostgreSQL single trigger latency: %.3f ms (mean of %d)", ms, int(ids.size()));
        QVERIFY(ms < 1000);
    }
};

QTEST_GUILESS_MAIN(TestDirectPgStore)
#include "tst_direct_pg_store.moc"
