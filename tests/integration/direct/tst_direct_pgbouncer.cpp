// Direct mode through PgBouncer in transaction pooling mode with its default settings (ctest
// fixture `pgbouncer`, tests/support/pgbouncer.sh): every transaction may run on another server
// connection. The fixture refuses the `options` startup parameter; many triggers from many
// connections never meet a prepared statement of another transaction (26000 / 42P05); the
// configured schema is honoured or is an error; no named prepared statement exists at all. The
// store, trigger and race cases run through it too (tst_direct_store, tst_direct_trigger,
// tst_direct_pg_race: their "pgbouncer" rows).
#include "direct/directstore.h"
#include "direct/sqlsession.h"
#include "directtestutil.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <QThread>
#include <atomic>
#include <barrier>

using namespace feather;
using namespace feather::test;
using namespace Qt::StringLiterals;

class TestDirectPgBouncer final : public QObject {
    Q_OBJECT
private:
    SqlMessageGuard m_guard;

    struct Db {
        DbConfig direct;
        DbConfig bounced;
    };
    static std::optional<Db> freshMigrated(const QString &prefix, const QString &query = {})
    {
        QString why;
        const std::optional<DbConfig> direct = freshPgConfig(prefix, query, &why);
        const std::optional<DbConfig> bounced = direct ? viaPgBouncer(*direct, &why) : std::nullopt;
        if (!bounced) {
            qWarning("%s", qPrintable(why));
            return std::nullopt;
        }
        DirectStore store(*bounced, u"migrate-"_s + uuid());
        if (const Result<int> v = store.migrate(); !v.ok()) {
            qWarning("%s", qPrintable(v.error->message));
            return std::nullopt;
        }
        return Db{*direct, *bounced};
    }

private Q_SLOTS:
    void cleanup() { QCOMPARE(SqlMessageGuard::offending(), QStringList()); }

    void fixture_isTransactionPoolingThatRefusesStartupOptions()
    {
        const std::optional<Db> db = freshMigrated(u"bouncer_fixture"_s);
        QVERIFY(db);
        // What direct mode sent before: the `options` startup parameter. PgBouncer refuses it.
        {
            QSqlDatabase raw = QSqlDatabase::addDatabase(u"QPSQL"_s, u"with-options"_s);
            raw.setHostName(db->bounced.host);
            raw.setPort(db->bounced.port);
            raw.setUserName(db->bounced.user);
            raw.setDatabaseName(db->bounced.database);
            raw.setConnectOptions(u"options='-c lock_timeout=300'"_s);
            QVERIFY(!raw.open());
            QVERIFY2(raw.lastError().text().contains(u"options"_s),
                     qPrintable(raw.lastError().text()));
        }
        QSqlDatabase::removeDatabase(u"with-options"_s);
        // Transaction pooling: two transactions of one client may see two server sessions.
        DirectStore store(db->bounced, u"fixture-store"_s);
        QVERIFY(store.open().ok());
        QVERIFY(store.listKnowledgeBases().ok());
    }

    void manyTriggersFromManyConnections_neverMeetAnotherTransactionsStatement()
    {
        // Before: 75-78 % of such triggers failed with 26000 (prepared statement does not exist)
        // or 42P05 (already exists) once `options` was ignored.
        const std::optional<Db> db = freshMigrated(u"bouncer_many"_s);
        QVERIFY(db);
        constexpr int threads = 12, perThread = 40;
        RawDb raw(db->direct);
        const QString kb = uuid();
        raw.addKb(kb);
        QList<QStringList> sources(threads);
        for (QStringList &list : sources)
            for (int i = 0; i < perThread; ++i) {
                list << uuid();
                raw.addSource(list.last(), kb, i % 2 ? u"error"_s : u"active"_s);
            }
        std::barrier start(threads);
        QList<QStringList> problems(threads);
        QList<QThread *> workers;
        for (int t = 0; t < threads; ++t) {
            workers << QThread::create([&, t] {
                DirectStore store(db->bounced, u"many-%1-"_s.arg(t) + uuid());
                start.arrive_and_wait();
                for (const QString &source : sources[t]) {
                    // A preflight, the trigger, a retry with the same trigger id, a listing and
                    // a reconciliation: every statement shape, interleaved across connections.
                    const QString trigger = uuid();
                    const TriggerResult pre = store.preflight({kb, source, {}});
                    const TriggerResult r = store.trigger({kb, source, trigger}, u"op"_s);
                    const TriggerResult again = store.trigger({kb, source, trigger}, u"op"_s);
                    const SourcePage page = store.listSources({{kb}, {u"syncing"_s}}, 5);
                    const JobResult found = store.jobForTrigger({kb, source, trigger});
                    if (pre.outcome != Outcome::Triggered || r.outcome != Outcome::Triggered
                        || again.jobId != r.jobId || !page.ok() || !found.ok()
                        || found.value.id != r.jobId)
                        problems[t] << u"%1: %2 / %3 %4 / %5 / %6"_s.arg(
                            source, pre.message, toString(r.outcome), r.message,
                            page.ok() ? QString() : page.error->message,
                            found.ok() ? QString() : found.error->message);
                }
            });
            workers.last()->start();
        }
        for (QThread *w : workers) {
            QVERIFY(w->wait(120000));
            delete w;
        }
        QStringList all;
        for (const QStringList &p : problems)
            all += p;
        QVERIFY2(all.isEmpty(),
                 qPrintable(u"%1 failed, e.g.\n"_s.arg(all.size()) + all.mid(0, 5).join(u'\n')));
        QCOMPARE(raw.count(u"ingestion_jobs"_s), threads * perThread);
        QCOMPARE(raw.count(u"knowledge_base_sources"_s, u"status = 'syncing'"_s),
                 threads * perThread);
    }

    void schema_isHonoured_andAMissingOneIsAnErrorNotPublic()
    {
        // The reproduction: 200 KBs in public, 3 in the configured schema.
        QString why;
        const std::optional<DbConfig> direct = freshPgConfig(u"bouncer_schema"_s, {}, &why);
        QVERIFY2(direct, qPrintable(why));
        const std::optional<DbConfig> bounced = viaPgBouncer(*direct, &why);
        QVERIFY2(bounced, qPrintable(why));
        auto withSchema = [](DbConfig c, const QString &schema) {
            c.schema = schema;
            return c;
        };
        {
            DirectStore pub(*bounced, u"schema-public"_s);
            QVERIFY(pub.migrate().ok());
            RawDb raw(*direct);
            for (int i = 0; i < 200; ++i)
                raw.addKb(uuid(), u"public %1"_s.arg(i));
            DirectStore kb(withSchema(*bounced, u"knowledge_base"_s), u"schema-kb"_s);
            const Result<int> v = kb.migrate();
            QVERIFY2(v.ok(), qPrintable(v.error ? v.error->message : QString()));
        }
        RawDb inSchema(withSchema(*direct, u"knowledge_base"_s));
        QStringList ids;
        for (int i = 0; i < 3; ++i) {
            ids << uuid();
            inSchema.addKb(ids.last(), u"schema %1"_s.arg(i));
        }
        const QString src = uuid();
        inSchema.addSource(src, ids.first());
        QCOMPARE(inSchema.count(u"knowledge_base.knowledge_bases"_s), 3);

        DirectStore kbStore(withSchema(*bounced, u"knowledge_base"_s), u"schema-read"_s);
        for (int round = 0; round < 20; ++round) { // many transactions, many server sessions
            const KnowledgeBasesResult kbs = kbStore.listKnowledgeBases();
            QVERIFY2(kbs.ok(), qPrintable(kbs.error ? kbs.error->message : QString()));
            QCOMPARE(kbs.value.size(), 3);
        }
        const TriggerResult r = kbStore.trigger({ids.first(), src, uuid()}, u"op"_s);
        QCOMPARE_OUTCOME(r.outcome, Outcome::Triggered);
        QCOMPARE(inSchema.count(u"knowledge_base.ingestion_jobs"_s), 1);
        QCOMPARE(DirectStore(*bounced, u"schema-none"_s).listKnowledgeBases().value.size(), 200);

        // A schema that does not exist is an error naming it, never the public tables.
        DirectStore ghost(withSchema(*bounced, u"ghost"_s), u"schema-ghost"_s);
        const KnowledgeBasesResult none = ghost.listKnowledgeBases();
        QVERIFY(!none.ok());
        QVERIFY2(none.error->message.contains(u"schema=ghost"_s), qPrintable(none.error->message));
        const TriggerResult refused = ghost.trigger({ids.first(), src, uuid()}, u"op"_s);
        QCOMPARE_OUTCOME(refused.outcome, Outcome::ServerError);
        QVERIFY2(refused.message.contains(u"no Feather schema"_s), qPrintable(refused.message));
    }

    void noNamedPreparedStatementExists_afterEveryKindOfStatementAndFailure()
    {
        // pg_prepared_statements is per session: ask the session that ran everything.
        const std::optional<Db> db = freshMigrated(u"bouncer_prepared"_s);
        QVERIFY(db);
        RawDb raw(db->direct);
        const QString kb = uuid(), src = uuid();
        raw.addKb(kb);
        raw.addSource(src, kb);
        direct::SqlSession session(db->direct, u"prepared-check"_s);
        using direct::Access;
        using direct::Prepared;
        using direct::Retry;
        QVERIFY(session
                    .exec(u"SELECT id FROM knowledge_bases WHERE id = :kb"_s, {{u":kb"_s, kb}},
                          Retry::Safe, Prepared::Keep)
                    .ok());
        QVERIFY(!session.begin(Access::Write).failed());
        const direct::Rows bad =
            session.exec(u"INSERT INTO knowledge_bases (id, name) VALUES (:kb, 'twin')"_s,
                         {{u":kb"_s, kb}}, Retry::No, Prepared::Keep);
        QVERIFY(bad.error.kind == direct::DbFailure::UniqueViolation);
        session.rollback();
        int rows = 0;
        QVERIFY(
            !session
                 .forEach(u"SELECT id FROM knowledge_base_sources WHERE knowledge_base_id = :kb"_s,
                          {{u":kb"_s, kb}},
                          [&](const QSqlQuery &) {
                              ++rows;
                              return true;
                          })
                 .failed());
        QCOMPARE(rows, 1);
        const direct::Rows prepared =
            session.exec(u"SELECT COUNT(*) AS n, current_setting('lock_timeout') AS lt"
                         " FROM pg_prepared_statements"_s);
        QVERIFY(prepared.ok());
        QCOMPARE(prepared.rows.first().value(0).toInt(), 0);
        // The settings hold inside the statement's transaction, and only there.
        QCOMPARE(prepared.rows.first().value(1).toString(), u"5s"_s);
        QVERIFY(!session.inTransaction());
    }
};

QTEST_GUILESS_MAIN(TestDirectPgBouncer)
#include "tst_direct_pgbouncer.moc"
