// DirectStore, every case on each dialect (initTestCase_data: SQLite, PostgreSQL, and PostgreSQL
// behind a transaction-pooling PgBouncer), everything but the trigger: migrations, the
// lock-strength rule for unique indexes, listings (keyset pages and the streamed listing),
// per-status counts, times, schedule changes, the demo workspace and simulated job progress.
#include "direct/directstore.h"
#include "directtestutil.h"

#include <QFile>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using namespace feather;
using namespace feather::test;
using namespace Qt::StringLiterals;

class TestDirectStore final : public QObject {
    Q_OBJECT
private:
    SqlMessageGuard m_guard;
    std::unique_ptr<QTemporaryDir> m_dir;

    // A fresh database for this dialect; raw() reaches it directly (never through PgBouncer).
    DbConfig freshConfig(const QString &name = u"ws"_s)
    {
        QString why;
        const std::optional<TestDb> db = freshDb(m_dir->path(), name, {}, &why);
        if (!db)
            qFatal("no test database: %s", qPrintable(why));
        m_raw.insert(db->store.displayTarget(), db->raw);
        return db->store;
    }
    DbConfig rawOf(const DbConfig &store) const { return m_raw.value(store.displayTarget()); }
    static bool isSqlite(const DbConfig &c) { return c.driver == DbConfig::Driver::Sqlite; }

    QHash<QString, DbConfig> m_raw;

private Q_SLOTS:
    void initTestCase_data() { addDialectRows(); }
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
    }
    void cleanup()
    {
        m_dir.reset();
        QCOMPARE(SqlMessageGuard::offending(), QStringList());
    }

    void schemaFilesAreCompiledIn()
    {
        QVERIFY(QFile::exists(u":/sql/sqlite/0001_core.sql"_s));
        QVERIFY(QFile::exists(u":/sql/postgres/0001_core.sql"_s));
        QCOMPARE(DirectStore::latestSchemaVersion(DbConfig::Driver::Sqlite), 2);
        QCOMPARE(DirectStore::latestSchemaVersion(DbConfig::Driver::Postgres), 2);
    }

    void migrateFresh_createsSchemaAndRecordsVersions()
    {
        const DbConfig config = freshConfig();
        DirectStore store(config, u"m1"_s);
        const Result<int> v = store.migrate();
        QVERIFY2(v.ok(), qPrintable(v.error ? v.error->message : QString()));
        QCOMPARE(v.value, 2);
        RawDb raw(rawOf(config));
        QCOMPARE(raw.rows(u"SELECT version FROM schema_migrations ORDER BY version"_s),
                 (QList<QVariantList>{{1}, {2}}));
        const QStringList jobColumns = raw.columns(u"ingestion_jobs"_s);
        for (const QString &column : {u"trigger_id"_s, u"triggered_by"_s, u"error_message"_s})
            QVERIFY2(jobColumns.contains(column), qPrintable(jobColumns.join(u' ')));
        // trigger_id is unique (one job per trigger), and so is a running sync per source.
        QVERIFY(raw.uniqueIndexes(u"ingestion_jobs"_s).contains(u"trigger_id"_s));
        QVERIFY(raw.uniqueIndexes(u"ingestion_jobs"_s).contains(u"knowledge_base_source_id"_s));
        // reliability.md §1.3: a unique index over status would make the claim UPDATE take FOR
        // UPDATE instead of FOR NO KEY UPDATE and conflict with the FK's FOR KEY SHARE.
        const QStringList sourceUnique = raw.uniqueIndexes(u"knowledge_base_sources"_s);
        QVERIFY(!sourceUnique.isEmpty()); // the primary key at least: the query does see them
        for (const QString &columns : sourceUnique)
            QVERIFY2(!columns.split(u',').contains(u"status"_s), qPrintable(columns));
        // The listing indexes exist: a page by KB or by status is an index range scan.
        const QString indexNames = isSqlite(config)
                                       ? u"SELECT name FROM pragma_index_list(:t)"_s
                                       : u"SELECT indexname FROM pg_indexes WHERE tablename = :t"_s;
        QStringList indexes;
        for (const QVariantList &row :
             raw.rows(indexNames, {{u":t"_s, u"knowledge_base_sources"_s}}))
            indexes << row.first().toString();
        QVERIFY(indexes.contains(u"knowledge_base_sources_kb_idx"_s));
        QVERIFY(indexes.contains(u"knowledge_base_sources_status_idx"_s));
        // What each dialect's files say: WAL on SQLite, typed columns on PostgreSQL.
        if (isSqlite(config)) {
            QCOMPARE(raw.scalar(u"PRAGMA journal_mode"_s).toString(), u"wal"_s);
        } else {
            QCOMPARE(raw.scalar(u"SELECT data_type FROM information_schema.columns WHERE"
                                " table_name = 'ingestion_jobs' AND column_name = 'trigger_id'"_s)
                         .toString(),
                     u"uuid"_s);
            QCOMPARE(raw.scalar(u"SELECT data_type FROM information_schema.columns WHERE"
                                " table_name = 'knowledge_base_sources'"
                                " AND column_name = 'updated_at'"_s)
                         .toString(),
                     u"timestamp with time zone"_s);
        }
    }

    void migrateTwice_isANoOp()
    {
        const DbConfig config = freshConfig();
        DirectStore store(config, u"m2"_s);
        QCOMPARE(store.migrate().value, 2);
        RawDb raw(rawOf(config));
        raw.addKb(uuid());
        const qint64 before = store.statementCount();
        const Result<int> again = store.migrate();
        QVERIFY(again.ok());
        QCOMPARE(again.value, 2);
        QCOMPARE(raw.count(u"schema_migrations"_s), 2);
        QCOMPARE(raw.count(u"knowledge_bases"_s), 1);
        // BEGIN, (PostgreSQL: the advisory lock,) CREATE IF NOT EXISTS, read version, COMMIT:
        // nothing re-applied.
        QCOMPARE(store.statementCount() - before, isSqlite(config) ? 4 : 5);
    }

    void migrateFromVersion1_upgradesAndKeepsData()
    {
        const DbConfig config = freshConfig();
        DirectStore store(config, u"m3"_s);
        QCOMPARE(store.migrateTo(1).value, 1);
        RawDb raw(rawOf(config));
        QVERIFY(!raw.columns(u"ingestion_jobs"_s).contains(u"trigger_id"_s));
        const QString kb = uuid(), src = uuid(), job = uuid();
        raw.addKb(kb);
        raw.addSource(src, kb, u"error"_s);
        QVERIFY(raw.exec(
            u"INSERT INTO ingestion_jobs (id, status, knowledge_base_id, knowledge_base_source_id,"
            " error_message) VALUES (:id, 'failed', :kb, :s, 'boom')"_s,
            {{u":id"_s, job}, {u":kb"_s, kb}, {u":s"_s, src}}));
        const Result<int> v = store.migrate();
        QVERIFY2(v.ok(), qPrintable(v.error ? v.error->message : QString()));
        QCOMPARE(v.value, 2);
        QVERIFY(raw.columns(u"ingestion_jobs"_s).contains(u"trigger_id"_s));
        QCOMPARE(raw.count(u"schema_migrations"_s), 2);
        const JobResult old = store.job(job);
        QVERIFY(old.ok());
        QCOMPARE(old.value.errorMessage, u"boom"_s);
        QCOMPARE_OUTCOME(store.trigger({kb, src, uuid()}, u"op"_s).outcome, Outcome::Triggered);
    }

    void databaseNewerThanProgram_isRefused()
    {
        const DbConfig config = freshConfig();
        DirectStore store(config, u"m4"_s);
        QVERIFY(store.migrate().ok());
        RawDb raw(rawOf(config));
        QVERIFY(
            raw.exec(u"INSERT INTO schema_migrations VALUES (99, 'future', CURRENT_TIMESTAMP)"_s));
        const Result<int> v = store.migrate();
        QVERIFY(!v.ok());
        QVERIFY2(v.error->message.contains(u"newer than this program"_s),
                 qPrintable(v.error->message));
    }

    void queriesOnEmptyDatabase_sayTheSchemaIsMissing()
    {
        DirectStore store(freshConfig(), u"m5"_s);
        const TriggerResult r = store.trigger({uuid(), uuid(), uuid()}, u"op"_s);
        QCOMPARE_OUTCOME(r.outcome, Outcome::ServerError);
        QVERIFY2(r.message.contains(u"init-db"_s), qPrintable(r.message));
    }

    void listings_countPerStatusAndPageByKeyset()
    {
        const DbConfig config = freshConfig();
        DirectStore store(config, u"l1"_s);
        QVERIFY(store.migrate().ok());
        RawDb raw(rawOf(config));
        const QString kbA = uuid(), kbB = uuid();
        raw.addKb(kbA, u"A"_s);
        raw.addKb(kbB, u"B"_s);
        QStringList inA;
        for (int i = 0; i < 7; ++i) {
            inA << uuid();
            raw.addSource(inA.last(), kbA, i < 2 ? u"error"_s : u"active"_s);
        }
        raw.addSource(uuid(), kbB, u"weird-new-status"_s);
        const KnowledgeBasesResult kbs = store.listKnowledgeBases();
        QVERIFY(kbs.ok());
        QCOMPARE(kbs.value.size(), 2);
        for (const KnowledgeBase &kb : kbs.value) {
            if (kb.id == kbA) {
                QCOMPARE(kb.sourceStatusCounts.value(u"error"_s), 2);
                QCOMPARE(kb.sourceStatusCounts.value(u"active"_s), 5);
                QCOMPARE(kb.sourceCount(), 7);
            } else {
                QCOMPARE(kb.sourceStatusCounts.value(u"weird-new-status"_s), 1);
            }
        }
        // One KB per page, counts still right.
        const KnowledgeBasesResult first = store.listKnowledgeBases(1);
        QCOMPARE(first.value.size(), 1);
        const KnowledgeBasesResult second = store.listKnowledgeBases(1, first.value.first().id);
        QCOMPARE(second.value.size(), 1);
        QVERIFY(second.value.first().id > first.value.first().id);
        QCOMPARE(second.value.first().sourceCount() + first.value.first().sourceCount(), 8);

        QSet<QString> seen;
        QString after;
        for (int page = 0; page < 10; ++page) {
            const SourcePage p = store.listSources({{kbA}, {}}, 3, after);
            QVERIFY(p.ok());
            for (const Source &s : p.value) {
                QVERIFY(!seen.contains(s.id));
                QVERIFY(s.id > after);
                seen.insert(s.id);
            }
            if (p.value.size() < 3)
                break;
            after = p.value.last().id;
        }
        QCOMPARE(seen, QSet<QString>(inA.begin(), inA.end()));
        QCOMPARE(store.listSources({{}, {u"error"_s}}).value.size(), 2);
        QCOMPARE(store.listSources({{kbA, kbB}, {u"error"_s, u"weird-new-status"_s}}).value.size(),
                 3);
        QCOMPARE(store.listSources({}).value.size(), 8);
        const Result<KnowledgeBase> one = store.knowledgeBase(kbA);
        QVERIFY(one.ok());
        QCOMPARE(one.value.name, u"A"_s);
        QCOMPARE(one.value.sourceCount(), 7);
        QCOMPARE_OUTCOME(store.knowledgeBase(uuid()).error->outcome, Outcome::NotFound);
    }

    void sourceRows_carryLastJobStatusErrorAndCompletion()
    {
        const DbConfig config = freshConfig();
        DirectStore store(config, u"l2"_s);
        QVERIFY(store.migrate().ok());
        RawDb raw(rawOf(config));
        const QString kb = uuid(), src = uuid();
        raw.addKb(kb);
        raw.addSource(src, kb);
        const TriggerResult r = store.trigger({kb, src, uuid()}, u"op"_s);
        QCOMPARE_OUTCOME(r.outcome, Outcome::Triggered);
        const QDateTime t0 = QDateTime::currentDateTimeUtc();
        QCOMPARE(store.advanceJobs(t0, 10, 1).value.moved(), 1);            // queued → processing
        QCOMPARE(store.advanceJobs(t0.addSecs(5), 10, 1).value.moved(), 0); // still running
        QCOMPARE(store.job(r.jobId).value.status, u"processing"_s);         // progress: read-time
        QCOMPARE(store.advanceJobs(t0.addSecs(11), 10, 1).value.moved(), 1); // fails (every 1st)
        const SourceResult s = store.source(kb, src);
        QVERIFY(s.ok());
        QCOMPARE(s.value.status, u"error"_s);
        QCOMPARE(s.value.lastSyncJobId, r.jobId);
        QCOMPARE(s.value.lastSyncStatus, u"failed"_s);
        QVERIFY(!s.value.lastErrorMessage.isEmpty());
        QCOMPARE(s.value.lastSyncCompletedAt.toSecsSinceEpoch(), t0.addSecs(11).toSecsSinceEpoch());
        const SyncStatusResult st = store.syncStatus(kb, src);
        QVERIFY(st.ok());
        QCOMPARE(st.value.sourceStatus, u"error"_s);
        QCOMPARE(st.value.lastSyncStatus, u"failed"_s);
        QCOMPARE(st.value.errorMessage, s.value.lastErrorMessage);
        QCOMPARE(st.value.lastSyncStartedAt.toSecsSinceEpoch(), t0.toSecsSinceEpoch());
        const JobResult byTrigger = store.jobByTrigger(r.target.triggerId);
        QVERIFY(byTrigger.ok());
        QCOMPARE(byTrigger.value.id, r.jobId);
        QCOMPARE(byTrigger.value.triggeredBy, u"op"_s);
        QCOMPARE_OUTCOME(store.jobByTrigger(uuid()).error->outcome, Outcome::NotFound);
        QCOMPARE_OUTCOME(store.job(uuid()).error->outcome, Outcome::NotFound);
        QCOMPARE_OUTCOME(store.syncStatus(uuid(), src).error->outcome, Outcome::NotFound);
        // Back to eligible: a new trigger works and completes.
        const TriggerResult again = store.trigger({kb, src, uuid()}, u"op"_s);
        QCOMPARE_OUTCOME(again.outcome, Outcome::Triggered);
        QCOMPARE(store.advanceJobs(t0.addSecs(20), 0, 0).value.moved(), 2);
        QCOMPARE(store.source(kb, src).value.status, u"active"_s);
        QCOMPARE(store.job(again.jobId).value.progressPct, 100.0);
    }

    void updateSchedule_enableNeedsIntervalDisableClears()
    {
        const DbConfig config = freshConfig();
        DirectStore store(config, u"s1"_s);
        QVERIFY(store.migrate().ok());
        RawDb raw(rawOf(config));
        const QString kb = uuid(), src = uuid();
        raw.addKb(kb);
        raw.addSource(src, kb);
        QCOMPARE_OUTCOME(store.updateSchedule(kb, src, {true, std::nullopt}).error->outcome,
                         Outcome::Invalid);
        QCOMPARE_OUTCOME(store.updateSchedule(kb, src, {true, 0}).error->outcome, Outcome::Invalid);
        const SourceResult on = store.updateSchedule(kb, src, {true, 3600});
        QVERIFY(on.ok());
        QVERIFY(on.value.autoSyncEnabled);
        QCOMPARE(on.value.syncIntervalSeconds, std::optional<int>(3600));
        QVERIFY(qAbs(on.value.nextSyncAt.secsTo(QDateTime::currentDateTimeUtc().addSecs(3600)))
                < 60);
        const SourceResult off = store.updateSchedule(kb, src, {false, 3600});
        QVERIFY(off.ok());
        QVERIFY(!off.value.autoSyncEnabled);
        QVERIFY(!off.value.syncIntervalSeconds);
        QVERIFY(!off.value.nextSyncAt.isValid());
        QCOMPARE_OUTCOME(store.updateSchedule(kb, uuid(), {false, {}}).error->outcome,
                         Outcome::NotFound);
    }

    // A demo job stamped in the future would look newer than any trigger the demo receives
    // (a lookup after a lost answer would take it for the trigger's own job).
    void seedDemo_everyJobStartedInThePast()
    {
        DirectStore store(freshConfig(u"past"_s), u"d1"_s);
        QVERIFY(store.migrate().ok());
        const QDateTime seeded = QDateTime::currentDateTimeUtc();
        QCOMPARE(store.seedDemo(10000, 7).value, 10000);
        int failedJobs = 0;
        for (const Source &s : store.listSources({}).value) {
            const SyncStatusResult status = store.syncStatus(s.knowledgeBaseId, s.id);
            QVERIFY(status.ok());
            const JobResult job = store.job(status.value.lastSyncJobId);
            QVERIFY(job.ok());
            QVERIFY2(job.value.createdAt <= seeded,
                     qPrintable(s.id + u' ' + job.value.createdAt.toString(Qt::ISODate)));
            failedJobs += job.value.status == u"failed"_s;
        }
        QVERIFY(failedJobs > 100);
    }

    void seedDemo_isDeterministicAndRealistic()
    {
        DirectStore a(freshConfig(u"a"_s), u"d1"_s);
        DirectStore b(freshConfig(u"b"_s), u"d2"_s);
        QVERIFY(a.migrate().ok());
        QVERIFY(b.migrate().ok());
        QCOMPARE(a.seedDemo(100, 7).value, 100);
        QCOMPARE(b.seedDemo(100, 7).value, 100);
        const QList<Source> sa = a.listSources({}).value, sb = b.listSources({}).value;
        QCOMPARE(sa.size(), 100);
        QCOMPARE(sb.size(), 100);
        QMap<QString, int> statuses;
        QSet<QString> providers;
        for (int i = 0; i < sa.size(); ++i) {
            QCOMPARE(sa[i].id, sb[i].id);
            QCOMPARE(sa[i].connectionNickname, sb[i].connectionNickname);
            QCOMPARE(sa[i].status, sb[i].status);
            QCOMPARE(sa[i].lastErrorMessage, sb[i].lastErrorMessage);
            ++statuses[sa[i].status];
            providers.insert(sa[i].provider);
            if (sa[i].status == u"error"_s) {
                QCOMPARE(sa[i].lastSyncStatus, u"failed"_s);
                QVERIFY(sa[i].lastErrorMessage.size() > 20);
            } else if (sa[i].status == u"syncing"_s) {
                QVERIFY(sa[i].lastSyncStatus == u"processing"_s
                        || sa[i].lastSyncStatus == u"queued"_s);
                QCOMPARE_OUTCOME(
                    a.trigger({sa[i].knowledgeBaseId, sa[i].id, uuid()}, u"op"_s).outcome,
                    Outcome::AlreadySyncing);
            } else {
                QCOMPARE(sa[i].lastSyncStatus, u"completed"_s);
            }
        }
        QCOMPARE(statuses.value(u"error"_s), 8);
        QCOMPARE(statuses.value(u"syncing"_s), 3);
        QCOMPARE(statuses.value(u"active"_s), 89);
        QCOMPARE(providers, (QSet<QString>{u"notion"_s, u"google_drive"_s, u"s3"_s, u"url"_s}));
        const QList<KnowledgeBase> kbs = a.listKnowledgeBases().value;
        QCOMPARE(kbs.size(), 4);
        QStringList names;
        for (const KnowledgeBase &kb : kbs)
            names << kb.name;
        QVERIFY(names.contains(u"Support Handbook"_s));
        QVERIFY(names.contains(u"Engineering Wiki"_s));
        // Another seed gives other ids; the same seed again adds nothing.
        DirectStore c(freshConfig(u"c"_s), u"d3"_s);
        QVERIFY(c.migrate().ok());
        QVERIFY(c.seedDemo(100, 8).ok());
        QVERIFY(c.listSources({}).value.first().id != sa.first().id);
        QVERIFY(a.seedDemo(100, 7).ok());
        QCOMPARE(a.listSources({}).value.size(), 100);
        // Demo ids depend only on the seed: the same in every dialect.
        DirectStore lite(sqliteConfig(m_dir->filePath(u"lite-demo.sqlite"_s)), u"d5"_s);
        QVERIFY(lite.migrate().ok());
        QVERIFY(lite.seedDemo(100, 7).ok());
        const QList<Source> sl = lite.listSources({}).value;
        QCOMPARE(sl.size(), sa.size());
        for (int i = 0; i < sl.size(); ++i)
            QCOMPARE(sl[i].id, sa[i].id);
        // Small workspaces still have at least three KBs.
        DirectStore e(freshConfig(u"e"_s), u"d4"_s);
        QVERIFY(e.migrate().ok());
        QVERIFY(e.seedDemo(10).ok());
        QCOMPARE(e.listKnowledgeBases().value.size(), 3);
    }

    void advanceJobs_movesQueuedThenFinishesEveryNthAsFailed()
    {
        const DbConfig config = freshConfig();
        DirectStore store(config, u"j1"_s);
        QVERIFY(store.migrate().ok());
        RawDb raw(rawOf(config));
        const QString kb = uuid();
        raw.addKb(kb);
        QStringList sources;
        for (int i = 0; i < 6; ++i) {
            sources << uuid();
            raw.addSource(sources.last(), kb);
            QCOMPARE_OUTCOME(store.trigger({kb, sources.last(), uuid()}, u"op"_s).outcome,
                             Outcome::Triggered);
        }
        const QDateTime t0 = QDateTime::currentDateTimeUtc();
        QCOMPARE(store.advanceJobs(t0, 30, 3).value.moved(), 6);
        QCOMPARE(
            raw.count(u"ingestion_jobs"_s, u"status = 'processing' AND started_at IS NOT NULL"_s),
            6);
        QCOMPARE(store.advanceJobs(t0.addSecs(29), 30, 3).value.moved(), 0);
        QCOMPARE(store.advanceJobs(t0.addSecs(30), 30, 3).value.moved(), 6);
        QCOMPARE(
            raw.count(u"ingestion_jobs"_s, u"status = 'failed' AND error_message IS NOT NULL"_s),
            2);
        QCOMPARE(raw.count(u"ingestion_jobs"_s, u"status = 'completed'"_s), 4);
        QCOMPARE(raw.count(u"knowledge_base_sources"_s, u"status = 'error'"_s), 2);
        QCOMPARE(raw.count(u"knowledge_base_sources"_s, u"status = 'active'"_s), 4);
        QCOMPARE(store.advanceJobs(t0.addSecs(60), 30, 3).value.moved(), 0);
    }

    void advanceJobs_idleTick_readsTwoIndexRangesAndWritesNothing()
    {
        // feather-devserver ticks four times a second: with 2,000 sources, their finished
        // jobs and running jobs not due yet, a tick with nothing to move is the two index
        // range reads (queued, due) and no transaction: O(jobs that change), not O(jobs).
        const DbConfig config = freshConfig();
        DirectStore store(config, u"j2"_s);
        QVERIFY(store.migrate().ok());
        QCOMPARE(store.seedDemo(2000, 5).value, 2000);
        RawDb raw(rawOf(config));
        const QDateTime now = QDateTime::currentDateTimeUtc();
        QVERIFY(store.advanceJobs(now, 86400, 0).ok()); // whatever the seed left queued
        const int running = raw.count(u"ingestion_jobs"_s, u"status = 'processing'"_s);
        const int finished = raw.count(u"ingestion_jobs"_s, u"status IN ('completed', 'failed')"_s);
        QVERIFY(running > 0);
        QVERIFY(finished >= 1000);
        const qint64 before = store.statementCount();
        QCOMPARE(store.advanceJobs(now.addSecs(1), 86400, 0).value.moved(), 0);
        const qint64 idleCost = store.statementCount() - before;
        // The same as an idle tick over an empty store (SQLite: 2; PostgreSQL wraps each read).
        const DbConfig emptyConfig = freshConfig(u"empty"_s);
        DirectStore empty(emptyConfig, u"j3"_s);
        QVERIFY(empty.migrate().ok());
        const qint64 emptyBefore = empty.statementCount();
        QVERIFY(empty.advanceJobs(now, 86400, 0).ok());
        QCOMPARE(idleCost, empty.statementCount() - emptyBefore);
        if (isSqlite(config))
            QCOMPARE(idleCost, 2);
        QCOMPARE(raw.count(u"ingestion_jobs"_s, u"status = 'processing'"_s), running);
        // Once due, every running job ends in one tick, its source back to active.
        const auto tick = store.advanceJobs(now.addSecs(2 * 86400), 86400, 0);
        QVERIFY(tick.ok());
        QCOMPARE(tick.value.finished, running);
        QCOMPARE(raw.count(u"ingestion_jobs"_s, u"status = 'processing'"_s), 0);
        QCOMPARE(raw.count(u"knowledge_base_sources"_s, u"status = 'syncing'"_s), 0);
    }

    void streamSources_handsOutPagesInIdOrderAndStopsWhenAsked()
    {
        const DbConfig config = freshConfig();
        DirectStore store(config, u"st1"_s);
        QVERIFY(store.migrate().ok());
        QCOMPARE(store.seedDemo(1234, 9).value, 1234);
        QList<int> sizes;
        QString last;
        bool ordered = true;
        const Result<qint64> all = store.streamSources({}, 500, [&](QList<Source> &&page) {
            sizes << int(page.size());
            for (const Source &s : page) {
                ordered = ordered && s.id > last && !s.knowledgeBaseId.isEmpty()
                          && s.createdAt.isValid() && s.updatedAt.isValid();
                last = s.id;
            }
            return true;
        });
        QVERIFY(all.ok());
        QCOMPARE(all.value, 1234);
        QCOMPARE(sizes, (QList<int>{500, 500, 234}));
        QVERIFY(ordered);
        // Filters pass through, and a reader that stops gets no further page.
        int pages = 0;
        const Result<qint64> stopped =
            store.streamSources({{}, {u"active"_s}}, 100, [&](QList<Source> &&page) {
                ++pages;
                for (const Source &s : page)
                    if (s.status != u"active"_s)
                        return true;
                return false;
            });
        QVERIFY(stopped.ok());
        QCOMPARE(pages, 1);
        QCOMPARE(stopped.value, 100);
        // The same rows as the keyset listing, field by field.
        const QList<Source> listed = store.listSources({}).value;
        QList<Source> streamed;
        QVERIFY(store
                    .streamSources({}, 7,
                                   [&](QList<Source> &&page) {
                                       streamed += page;
                                       return true;
                                   })
                    .ok());
        QCOMPARE(streamed.size(), listed.size());
        for (int i = 0; i < listed.size(); ++i) {
            QCOMPARE(streamed[i].id, listed[i].id);
            QCOMPARE(streamed[i].lastErrorMessage, listed[i].lastErrorMessage);
            QCOMPARE(streamed[i].lastSyncCompletedAt, listed[i].lastSyncCompletedAt);
            QCOMPARE(streamed[i].nextSyncAt, listed[i].nextSyncAt);
        }
        QCOMPARE_OUTCOME(
            store.streamSources({{u"nope"_s}, {}}, 10, [](QList<Source> &&) { return true; })
                .error->outcome,
            Outcome::Invalid);
    }

    void times_roundTripToTheMillisecondAsUtc()
    {
        const DbConfig config = freshConfig();
        DirectStore store(config, u"t1"_s);
        QVERIFY(store.migrate().ok());
        RawDb raw(rawOf(config));
        const QString kb = uuid(), src = uuid();
        raw.addKb(kb);
        raw.addSource(src, kb);
        const QDateTime before = QDateTime::currentDateTimeUtc();
        const SourceResult on = store.updateSchedule(kb, src, {true, 86400});
        QVERIFY(on.ok());
        // The schedule is written by the store and read back through the listing.
        const Source listed = store.listSources({{kb}, {}}).value.value(0);
        QCOMPARE(listed.nextSyncAt, on.value.nextSyncAt);
        QCOMPARE(listed.nextSyncAt.timeSpec(), Qt::UTC);
        QVERIFY(listed.nextSyncAt.msecsTo(before.addSecs(86400)) <= 0);
        QVERIFY(listed.nextSyncAt.msecsTo(before.addSecs(86400)) > -60000);
        QCOMPARE(listed.nextSyncAt.time().msec(), on.value.nextSyncAt.time().msec());
        QCOMPARE(listed.updatedAt, on.value.updatedAt);
        // A time with milliseconds written by another tool reads back exactly.
        QVERIFY(raw.exec(
            u"UPDATE knowledge_base_sources SET last_auto_sync_at = :t WHERE id = :s"_s,
            {{u":t"_s, isSqlite(config)
                           ? QVariant(u"2026-03-04T05:06:07.089Z"_s)
                           : QVariant(QDateTime(QDate(2026, 3, 4), QTime(5, 6, 7, 89), Qt::UTC))},
             {u":s"_s, src}}));
        const Source again = store.source(kb, src).value;
        QCOMPARE(again.lastAutoSyncAt, QDateTime(QDate(2026, 3, 4), QTime(5, 6, 7, 89), Qt::UTC));
    }
};

QTEST_GUILESS_MAIN(TestDirectStore)
#include "tst_direct_store.moc"
