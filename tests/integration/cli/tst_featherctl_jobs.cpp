// featherctl's twins of the source details pane (issue 11): `jobs`, `job --documents/--logs`
// and `retry-job`, in API mode against a real feather-devserver and in direct mode on SQLite.
#include "integration/devserver/devserverharness.h"
#include "support/testsupport.h"

#include <QDeadlineTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace feather::test;

namespace {

QString str(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toString();
}

} // namespace

class TestFeatherctlJobs final : public QObject {
    Q_OBJECT
private:
    DevServerProcess m_server;
    QTemporaryDir m_home;
    QProcessEnvironment m_env;
    QString m_url;
    QString m_kb;
    QString m_source;
    QString m_job;

    ProcessResult ctl(const QStringList &args)
    {
        return runProcess(binaryPath(QStringLiteral("featherctl")), args, m_env);
    }
    ProcessResult api(QStringList args)
    {
        args.prepend(QStringLiteral("--json"));
        args.prepend(m_url);
        args.prepend(QStringLiteral("--api-url"));
        return ctl(args);
    }
    QString jobStatus(const QString &job)
    {
        const ProcessResult r = api({QStringLiteral("job"), job});
        const QList<QJsonObject> rows = jsonLines(r.out);
        return rows.isEmpty() ? QString() : str(rows.first(), "status");
    }
    bool waitForEnd(const QString &job)
    {
        QDeadlineTimer deadline(20000);
        while (!deadline.hasExpired()) {
            const QString s = jobStatus(job);
            if (!s.isEmpty() && s != QLatin1String("queued") && s != QLatin1String("processing"))
                return true;
            QTest::qWait(250);
        }
        return false;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString why;
        QVERIFY2(m_server.start({QStringLiteral("--sync-seconds"), QStringLiteral("1"),
                                 QStringLiteral("--job-fail-every"), QStringLiteral("1")},
                                &why, 60),
                 qPrintable(why));
        QVERIFY(m_home.isValid());
        m_url = QStringLiteral("http://127.0.0.1:%1").arg(m_server.port());
        m_env = QProcessEnvironment::systemEnvironment();
        m_env.insert(QStringLiteral("HOME"), m_home.path());
        m_env.insert(QStringLiteral("XDG_DATA_HOME"), m_home.filePath(QStringLiteral("data")));
        m_env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home.filePath(QStringLiteral("config")));
        m_env.insert(QStringLiteral("FEATHER_API_KEY"), QString::fromUtf8(m_server.apiKey()));

        ApiClient raw(m_server);
        const auto target = findSource(raw, QStringLiteral("active"));
        QVERIFY(target);
        m_kb = target->first;
        m_source = target->second;
        const ProcessResult r = api({QStringLiteral("resync"), QStringLiteral("--kb"), m_kb,
                                     QStringLiteral("--source"), m_source});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        m_job = str(jsonLines(r.out).value(0), "job_id");
        QVERIFY(!m_job.isEmpty());
        QVERIFY(waitForEnd(m_job));
        QCOMPARE(jobStatus(m_job), QStringLiteral("failed"));
    }

    void jobs_listsTheSourcesFailedJobFirstAsExact()
    {
        const ProcessResult r = api({QStringLiteral("jobs"), QStringLiteral("--kb"), m_kb,
                                     QStringLiteral("--source"), m_source});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QList<QJsonObject> rows = jsonLines(r.out);
        QVERIFY(!rows.isEmpty());
        QCOMPARE(str(rows.first(), "id"), m_job);
        QCOMPARE(str(rows.first(), "status"), QStringLiteral("failed"));
        QCOMPARE(str(rows.first(), "match"), QStringLiteral("exact"));
        // This machine's audit log recorded the resync: the job is tied by it or by
        // last_sync_job_id, never inferred.
        QVERIFY(!str(rows.first(), "match_reason").isEmpty());
        for (const QJsonObject &o : rows)
            QVERIFY(str(o, "match") == QLatin1String("exact")
                    || str(o, "match_reason").startsWith(QLatin1String("inferred:")));
        // The KB has several sources: stderr says why the list may miss jobs.
        QVERIFY2(r.err.contains("note:"), r.err.constData());
    }

    void jobDocumentsAndLogs_printOneLinePerDocument()
    {
        const ProcessResult docs =
            api({QStringLiteral("job"), m_job, QStringLiteral("--documents")});
        QVERIFY2(docs.exitCode == 0, docs.err.constData());
        const QList<QJsonObject> d = jsonLines(docs.out);
        QVERIFY(!d.isEmpty());
        int failed = 0;
        for (const QJsonObject &o : d) {
            QCOMPARE(str(o, "record"), QStringLiteral("document"));
            QCOMPARE(str(o, "job_id"), m_job);
            failed += str(o, "status") == QLatin1String("failed") ? 1 : 0;
        }
        QVERIFY(failed > 0);
        const ProcessResult logs = api({QStringLiteral("job"), m_job, QStringLiteral("--logs")});
        QVERIFY2(logs.exitCode == 0, logs.err.constData());
        const QList<QJsonObject> l = jsonLines(logs.out);
        QCOMPARE(l.size(), d.size());
        QCOMPARE(str(l.first(), "record"), QStringLiteral("log_group"));
        QVERIFY(!l.first().value(QLatin1String("logs")).toArray().isEmpty());
        // Text mode: a table with the task names.
        const ProcessResult text =
            ctl({QStringLiteral("--api-url"), m_url, QStringLiteral("job"), m_job,
                 QStringLiteral("--documents"), QStringLiteral("--logs")});
        QCOMPARE(text.exitCode, 0);
        QVERIFY(text.out.contains("DOCUMENT"));
        QVERIFY(text.out.contains("TASK"));
    }

    void retryJob_acceptedAndAuditedThenRefusedWhileRunning()
    {
        const ProcessResult r = api({QStringLiteral("retry-job"), m_job, QStringLiteral("--kb"),
                                     m_kb, QStringLiteral("--source"), m_source});
        QVERIFY2(r.exitCode == 0, QByteArray(r.out + r.err).constData());
        const QList<QJsonObject> rows = jsonLines(r.out);
        QCOMPARE(rows.size(), 1);
        QCOMPARE(str(rows.first(), "outcome"), QStringLiteral("triggered"));
        QCOMPARE(rows.first().value(QLatin1String("http_status")).toInt(), 202);
        QCOMPARE(str(rows.first(), "job_id"), m_job);

        const ProcessResult history = ctl({QStringLiteral("--json"), QStringLiteral("history")});
        QCOMPARE(history.exitCode, 0);
        bool audited = false;
        for (const QJsonObject &o : jsonLines(history.out)) {
            if (str(o, "job_id") == m_job
                && str(o, "message").startsWith(QLatin1String("retry of job")))
                audited = str(o, "outcome") == QLatin1String("triggered")
                          && str(o, "source_id") == m_source;
        }
        QVERIFY2(audited, history.out.constData());

        const ProcessResult again = api({QStringLiteral("retry-job"), m_job});
        QCOMPARE(again.exitCode, 1);
        QVERIFY(str(jsonLines(again.out).value(0), "outcome") != QLatin1String("triggered"));
    }

    void badArguments_exitTwoAndSendNothing()
    {
        QCOMPARE(api({QStringLiteral("jobs"), QStringLiteral("--kb"), m_kb}).exitCode, 2);
        const ProcessResult bad = api({QStringLiteral("retry-job"), QStringLiteral("x")});
        QCOMPARE(bad.exitCode, 2);
        QVERIFY(bad.err.contains("job_id"));
        QCOMPARE(api({QStringLiteral("retry-job")}).exitCode, 2);
        QCOMPARE(api({QStringLiteral("kbs"), QStringLiteral("--documents")}).exitCode, 2);
    }

    void directMode_listsJobsAndSaysRetryNeedsApiMode()
    {
        const QString db =
            QStringLiteral("sqlite://") + m_home.filePath(QStringLiteral("direct.sqlite"));
        QCOMPARE(ctl({QStringLiteral("init-db"), QStringLiteral("--db"), db,
                      QStringLiteral("--demo"), QStringLiteral("30")})
                     .exitCode,
                 0);
        const ProcessResult sources =
            ctl({QStringLiteral("--db"), db, QStringLiteral("--json"), QStringLiteral("sources"),
                 QStringLiteral("--status"), QStringLiteral("active")});
        QCOMPARE(sources.exitCode, 0);
        const QJsonObject s = jsonLines(sources.out).value(0);
        const ProcessResult resync =
            ctl({QStringLiteral("--db"), db, QStringLiteral("--json"), QStringLiteral("resync"),
                 QStringLiteral("--kb"), str(s, "knowledge_base_id"), QStringLiteral("--source"),
                 str(s, "id")});
        QCOMPARE(resync.exitCode, 0);
        const QString job = str(jsonLines(resync.out).value(0), "job_id");
        const ProcessResult jobs =
            ctl({QStringLiteral("--db"), db, QStringLiteral("--json"), QStringLiteral("jobs"),
                 QStringLiteral("--kb"), str(s, "knowledge_base_id"), QStringLiteral("--source"),
                 str(s, "id")});
        QVERIFY2(jobs.exitCode == 0, jobs.err.constData());
        const QList<QJsonObject> rows = jsonLines(jobs.out);
        QVERIFY(!rows.isEmpty());
        QCOMPARE(str(rows.first(), "id"), job);
        for (const QJsonObject &o : rows) {
            QCOMPARE(str(o, "knowledge_base_source_id"), str(s, "id"));
            QCOMPARE(str(o, "match_reason"), QStringLiteral("knowledge_base_source_id"));
        }
        const ProcessResult retry =
            ctl({QStringLiteral("--db"), db, QStringLiteral("retry-job"), job});
        QCOMPARE(retry.exitCode, 1);
        QVERIFY2(retry.out.contains("needs API mode"), retry.out.constData());
        const ProcessResult docs =
            ctl({QStringLiteral("--db"), db, QStringLiteral("job"), job, QStringLiteral("--logs")});
        QCOMPARE(docs.exitCode, 1);
        QVERIFY2(docs.err.contains("needs API mode"), docs.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestFeatherctlJobs)
#include "tst_featherctl_jobs.moc"
