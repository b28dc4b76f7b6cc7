// DirectStore on a real SQLite file, everything but the trigger race: migrations, listings
// and keyset pages, per-status counts, schedule changes, the demo workspace and simulated
// job progress.
#include "direct/directstore.h"
#include "directtestutil.h"

#include <QFile>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using namespace feather;
using namespace feather::test;
using namespace Qt::StringLiterals;

class TestDirectStoreSqlite final : public QObject {
    Q_OBJECT
private:
    SqlMessageGuard m_guard;
    std::unique_ptr<QTemporaryDir> m_dir;

    DbConfig freshConfig(const QString &name = u"ws.sqlite"_s)
    {
        return sqliteConfig(m_dir->filePath(name));
    }

    static QStringList columnsOf(RawDb &raw, const QString &table)
    {
        QStringList out;
        for (const QVariantList &row :
             raw.rows(u"SELECT name FROM pragma_table_info('%1')"_s.arg(table)))
            out << row.first().toString();
        return out;
    }

private Q_SLOTS:
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

    void migrateFresh_createsSchemaWalAndRecordsVersions()
    {
        const DbConfig config = freshConfig();
        DirectStore store(config, u"m1"_s);
        const Result<int> v = store.migrate();
        QVERIFY2(v.ok(), qPrintable(v.error ? v.error->message : QString()));
        QCOMPARE(v.value, 2);
        RawDb raw(config);
        QCOMPARE(raw.rows(u"SELECT version FROM schema_migrations ORDER BY version"_s),
                 (QList<QVariantList>{{1}, {2}}));
        QCOMPARE(raw.scalar(u"PRAGMA journal_mode"_s).toString(), u"wal"_s);
        QVERIFY(columnsOf(raw, u"ingestion_jobs"_s).contains(u"trigger_id"_s));
        QVERIFY(columnsOf(raw, u"ingestion_jobs"_s).contains(u"triggered_by"_s));
        QVERIFY(columnsOf(raw, u"ingestion_jobs"_s).contains(u"error_message"_s));
        // trigger_id is unique; no unique index touches knowledge_base_sources.status.
        QCOMPARE(raw.scalar(u"SELECT \"unique\" FROM pragma_index_list('ingestion_jobs')"
                            " WHERE name = 'ingestion_jobs_trigger_id_key'"_s)
                     .toInt(),
                 1);
        for (const QVariantList &index :
             raw.rows(u"SELECT name FROM pragma_index_list('knowledge_base_sources')"
                      " WHERE \"unique\" = 1"_s)) {
            const QString name = index.first().toString();
            for (const QVariantList &col :
                 raw.rows(u"SELECT name FROM pragma_index_info('%1')"_s.arg(name)))
                QVERIFY2(col.first().toString() != u"status"_s, qPrintable(name));
        }
    }

    void migrateTwice_isANoOp()
    {
        const DbConfig config = freshConfig();
        DirectStore store(config, u"m2"_s);
        QCOMPARE(store.migrate().value, 2);
        RawDb raw(config);
        raw.addKb(uuid());
        const qint64 before = store.statementCount();
        const Result<int> again = store.migrate();
        QVERIFY(again.ok());
        QCOMPARE(again.value, 2);
        QCOMPARE(raw.count(u"schema_migrations"_s), 2);
        QCOMPARE(raw.count(u"knowledge_bases"_s), 1);
        // BEGIN, CREATE IF NOT EXISTS, read version, COMMIT: nothing re-applied.
        QCOMPARE(store.statementCount() - before, 4);
    }

    void migrateFromVersion1_upgradesAndKeepsData()
    {
        const DbConfig config = freshConfig();
        DirectStore store(config, u"m3"_s);
        QCOMPARE(store.migrateTo(1).value, 1);
        RawDb raw(config);
        QVERIFY(!columnsOf(raw, u"ingestion_jobs"_s).contains(u"trigger_id"_s));
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
        QVERIFY(columnsOf(raw, u"ingestion_jobs"_s).contains(u"trigger_id"_s));
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
        RawDb raw(config);
        QVERIFY(raw.exec(u"INSERT INTO schema_migrations VALUES (99, 'future', 'x')"_s));
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
        RawDb raw(config);
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
        RawDb raw(config);
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
        RawDb raw(config);
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

    void seedDemo_isDeterministicAndRealistic()
    {
        DirectStore a(freshConfig(u"a.sqlite"_s), u"d1"_s);
        DirectStore b(freshConfig(u"b.sqlite"_s), u"d2"_s);
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
        DirectStore c(freshConfig(u"c.sqlite"_s), u"d3"_s);
        QVERIFY(c.migrate().ok());
        QVERIFY(c.seedDemo(100, 8).ok());
        QVERIFY(c.listSources({}).value.first().id != sa.first().id);
        QVERIFY(a.seedDemo(100, 7).ok());
        QCOMPARE(a.listSources({}).value.size(), 100);
        // Small workspaces still have at least three KBs.
        DirectStore e(freshConfig(u"e.sqlite"_s), u"d4"_s);
        QVERIFY(e.migrate().ok());
        QVERIFY(e.seedDemo(10).ok());
        QCOMPARE(e.listKnowledgeBases().value.size(), 3);
    }

    void advanceJobs_movesQueuedThenFinishesEveryNthAsFailed()
    {
        const DbConfig config = freshConfig();
        DirectStore store(config, u"j1"_s);
        QVERIFY(store.migrate().ok());
        RawDb raw(config);
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
};

QTEST_GUILESS_MAIN(TestDirectStoreSqlite)
#include "tst_direct_store_sqlite.moc"
