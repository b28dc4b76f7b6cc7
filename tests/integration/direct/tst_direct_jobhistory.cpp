// The source details pane in direct mode, on SQLite, PostgreSQL and PostgreSQL behind
// PgBouncer (initTestCase_data): a source's job history by knowledge_base_source_id through
// DirectBackend's worker threads, and the calls that need API mode saying so.
#include "direct/directbackend.h"
#include "direct/directstore.h"
#include "directtestutil.h"
#include "support/testsupport.h"

#include <QTemporaryDir>
#include <QTest>

using namespace feather;
using namespace feather::test;
using namespace Qt::StringLiterals;

class TestDirectJobHistory final : public QObject {
    Q_OBJECT
private:
    SqlMessageGuard m_guard;
    std::unique_ptr<QTemporaryDir> m_dir;

    DbConfig m_raw;

    DbConfig seeded()
    {
        QString why;
        const std::optional<TestDb> db = freshDb(m_dir->path(), u"jobs"_s, {}, &why);
        if (!db)
            qFatal("no test database: %s", qPrintable(why));
        DirectStore store(db->store, u"seed"_s);
        if (!store.migrate().ok() || !store.seedDemo(40, 5).ok())
            qFatal("seeding failed");
        m_raw = db->raw;
        return db->store;
    }

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

    void sourceJobs_listsOnlyTheSourcesJobsNewestFirstExact()
    {
        const DbConfig config = seeded();
        DirectStore peek(config, u"peek"_s);
        const QList<Source> sources = peek.listSources({}).value;
        QVERIFY(sources.size() >= 2);
        const Source *pick = nullptr;
        for (const Source &s : sources) {
            if (s.status == u"active"_s && !pick)
                pick = &s;
        }
        QVERIFY(pick);
        DirectBackend backend(config, 2, u"tester"_s);
        // Two syncs of the source: the second after the first is finished by hand.
        const TriggerResult first =
            await(backend.trigger({pick->knowledgeBaseId, pick->id, uuid()}));
        QCOMPARE(toString(first.outcome), QStringLiteral("triggered"));
        RawDb raw(m_raw);
        QVERIFY(raw.exec(u"UPDATE ingestion_jobs SET status = 'failed', error_message = 'boom',"
                         " failed_documents = 2, completed_documents = 1, total_documents = 3"
                         " WHERE id = :id"_s,
                         {{u":id"_s, first.jobId}}));
        QVERIFY(raw.exec(u"UPDATE knowledge_base_sources SET status = 'error' WHERE id = :id"_s,
                         {{u":id"_s, pick->id}}));
        QTest::qWait(20); // created_at differs even on a coarse clock
        const TriggerResult second =
            await(backend.trigger({pick->knowledgeBaseId, pick->id, uuid()}));
        QCOMPARE(toString(second.outcome), QStringLiteral("triggered"));

        const JobHistoryResult r =
            await(backend.sourceJobs({pick->knowledgeBaseId, pick->id, 10, {}}));
        QVERIFY2(r.ok(), r.error ? qPrintable(r.error->message) : "");
        QVERIFY(r.value.note.isEmpty());
        QVERIFY(r.value.jobs.size() >= 2);
        QCOMPARE(r.value.jobs.at(0).job.id, second.jobId);
        QCOMPARE(r.value.jobs.at(1).job.id, first.jobId);
        const JobHistoryEntry &failed = r.value.jobs.at(1);
        QCOMPARE(failed.job.status, u"failed"_s);
        QCOMPARE(failed.job.errorMessage, u"boom"_s);
        QCOMPARE(failed.failedDocuments.value_or(-1), 2);
        QCOMPARE(failed.processedCount.value_or(-1), 3);
        for (const JobHistoryEntry &e : r.value.jobs) {
            QCOMPARE(e.job.sourceId, pick->id);
            QCOMPARE(e.match, JobMatch::Exact);
            QCOMPARE(e.matchReason, u"knowledge_base_source_id"_s);
        }
        // The limit holds.
        const JobHistoryResult one =
            await(backend.sourceJobs({pick->knowledgeBaseId, pick->id, 1, {}}));
        QVERIFY(one.ok());
        QCOMPARE(one.value.jobs.size(), 1);
    }

    void sourceJobs_unknownSourceOrBadId_notFoundOrInvalid()
    {
        const DbConfig config = seeded();
        DirectStore peek(config, u"peek"_s);
        const Source s = peek.listSources({}).value.constFirst();
        DirectBackend backend(config, 1, u"tester"_s);
        const JobHistoryResult missing =
            await(backend.sourceJobs({s.knowledgeBaseId, uuid(), 5, {}}));
        QVERIFY(!missing.ok());
        QCOMPARE(toString(missing.error->outcome), QStringLiteral("not_found"));
        const qint64 before = peek.statementCount();
        const JobHistoryResult bad =
            await(backend.sourceJobs({s.knowledgeBaseId, u"1; DROP TABLE x"_s, 5, {}}));
        QCOMPARE(toString(bad.error->outcome), QStringLiteral("invalid"));
        QCOMPARE(peek.statementCount(), before);
    }

    void documentsLogsAndRetry_sayTheyNeedApiMode()
    {
        const DbConfig config = seeded();
        DirectBackend backend(config, 1, u"tester"_s);
        const QString job = uuid();
        const JobDocumentsResult d = await(backend.jobDocuments(job));
        QCOMPARE(toString(d.error->outcome), QStringLiteral("invalid"));
        QVERIFY2(d.error->message.contains(u"needs API mode"_s), qPrintable(d.error->message));
        const JobLogsResult l = await(backend.jobLogs(job));
        QVERIFY(l.error->message.contains(u"needs API mode"_s));
        const TriggerResult r = await(backend.retryJob({job, uuid(), uuid()}));
        QCOMPARE(toString(r.outcome), QStringLiteral("invalid"));
        QVERIFY2(r.message.contains(u"needs API mode"_s), qPrintable(r.message));
        QCOMPARE(r.jobId, job);
    }
};

QTEST_GUILESS_MAIN(TestDirectJobHistory)
#include "tst_direct_jobhistory.moc"
