// featherctl end to end in direct mode, on SQLite and on the PostgreSQL test cluster:
// init-db --demo, listings, a mixed resync batch, JSON rows and exit codes.
#include "support/testsupport.h"
#include "triagecheck.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace feather::test;

class TestFeatherctlDirect final : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_home;
    QProcessEnvironment m_env;

    ProcessResult ctl(const QStringList &args, const QByteArray &in = {})
    {
        return runProcess(binaryPath(QStringLiteral("featherctl")), args, m_env, in);
    }

    QString dbUrl(const QString &kind)
    {
        if (kind == QLatin1String("sqlite"))
            return QStringLiteral("sqlite://")
                   + m_home.filePath(QStringLiteral("ws-%1.sqlite").arg(qrand()));
        QString why;
        const QString url = createPgDatabase(QStringLiteral("ctl"), &why);
        return url;
    }
    static int qrand()
    {
        static int n = 0;
        return ++n;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_home.isValid());
        m_env = QProcessEnvironment::systemEnvironment();
        // Keep the audit log and settings inside the test's own directory.
        m_env.insert(QStringLiteral("HOME"), m_home.path());
        m_env.insert(QStringLiteral("XDG_DATA_HOME"), m_home.filePath(QStringLiteral("data")));
        m_env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home.filePath(QStringLiteral("config")));
        m_env.remove(QStringLiteral("FEATHER_API_KEY"));
        QVERIFY(QFile::exists(binaryPath(QStringLiteral("featherctl"))));
    }

    void mixedBatch_reportsEachOutcomeAndExitsOne_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::newRow("sqlite") << QStringLiteral("sqlite");
        QTest::newRow("postgresql") << QStringLiteral("postgresql");
    }
    void mixedBatch_reportsEachOutcomeAndExitsOne()
    {
        QFETCH(QString, kind);
        const QString db = dbUrl(kind);
        QVERIFY2(!db.isEmpty(), "no database");

        ProcessResult r = ctl({QStringLiteral("init-db"), QStringLiteral("--db"), db,
                               QStringLiteral("--demo"), QStringLiteral("120")});
        QVERIFY2(r.exitCode == 0, r.err.constData());

        // Plain `kbs` does not count sources (that costs a full listing); --counts does.
        r = ctl({QStringLiteral("--db"), db, QStringLiteral("--json"), QStringLiteral("kbs")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(!jsonLines(r.out).value(0).contains(QStringLiteral("source_count")));
        r = ctl({QStringLiteral("--db"), db, QStringLiteral("--json"), QStringLiteral("kbs"),
                 QStringLiteral("--counts")});
        QCOMPARE(r.exitCode, 0);
        const QList<QJsonObject> kbs = jsonLines(r.out);
        QVERIFY(kbs.size() >= 3);
        int total = 0;
        for (const QJsonObject &kb : kbs)
            total += kb.value(QStringLiteral("source_count")).toInt();
        QCOMPARE(total, 120);

        const QString kb = kbs.first().value(QStringLiteral("id")).toString();
        r = ctl({QStringLiteral("--db"), db, QStringLiteral("--json"), QStringLiteral("sources"),
                 QStringLiteral("--kb"), kb});
        QCOMPARE(r.exitCode, 0);
        const QList<QJsonObject> sources = jsonLines(r.out);
        QVERIFY(!sources.isEmpty());
        QString active, syncing, other;
        for (const QJsonObject &s : sources) {
            const QString status = s.value(QStringLiteral("status")).toString();
            QCOMPARE(s.value(QStringLiteral("knowledge_base_id")).toString(), kb);
            if (status == QLatin1String("active") && active.isEmpty())
                active = s.value(QStringLiteral("id")).toString();
            else if (status == QLatin1String("active") && other.isEmpty())
                other = s.value(QStringLiteral("id")).toString();
        }
        QVERIFY(!active.isEmpty() && !other.isEmpty());

        // Make one source busy first, so the batch meets a running sync.
        r = ctl({QStringLiteral("--db"), db, QStringLiteral("resync"), QStringLiteral("--kb"), kb,
                 QStringLiteral("--source"), other});
        QVERIFY2(r.exitCode == 0, r.out.constData());
        QVERIFY(r.out.contains("triggered"));
        syncing = other;

        const QString unknown = QStringLiteral("00000000-0000-4000-8000-000000000000");
        r = ctl({QStringLiteral("--db"), db, QStringLiteral("--json"), QStringLiteral("resync"),
                 QStringLiteral("--kb"), kb, QStringLiteral("--source"), active,
                 QStringLiteral("--source"), syncing, QStringLiteral("--source"), unknown});
        QCOMPARE(r.exitCode, 1);
        const QList<QJsonObject> rows = jsonLines(r.out);
        QCOMPARE(rows.size(), 3);
        QMap<QString, QJsonObject> bySource;
        for (const QJsonObject &row : rows)
            bySource.insert(row.value(QStringLiteral("source_id")).toString(), row);
        QCOMPARE(bySource[active].value(QStringLiteral("outcome")).toString(),
                 QStringLiteral("triggered"));
        QVERIFY(!bySource[active].value(QStringLiteral("job_id")).toString().isEmpty());
        QCOMPARE(bySource[active].value(QStringLiteral("status")).toString(),
                 QStringLiteral("queued"));
        QCOMPARE(bySource[syncing].value(QStringLiteral("outcome")).toString(),
                 QStringLiteral("already_syncing"));
        QVERIFY(!bySource[syncing].value(QStringLiteral("job_id")).toString().isEmpty());
        QCOMPARE(bySource[unknown].value(QStringLiteral("outcome")).toString(),
                 QStringLiteral("not_found"));
        for (const QJsonObject &row : rows) {
            QVERIFY(row.contains(QStringLiteral("attempts")));
            QVERIFY(row.contains(QStringLiteral("elapsed_ms")));
        }
        QVERIFY2(r.err.contains("3 targets"), r.err.constData()); // summary on stderr under --json

        // status and job of the new job
        r = ctl({QStringLiteral("--db"), db, QStringLiteral("--json"), QStringLiteral("status"),
                 QStringLiteral("--kb"), kb, QStringLiteral("--source"), active});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(jsonLines(r.out).value(0).value(QStringLiteral("source_status")).toString(),
                 QStringLiteral("syncing"));
        const QString job = bySource[active].value(QStringLiteral("job_id")).toString();
        r = ctl({QStringLiteral("--db"), db, QStringLiteral("--json"), QStringLiteral("job"), job});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(jsonLines(r.out).value(0).value(QStringLiteral("status")).toString(),
                 QStringLiteral("queued"));

        // history has one audit row per attempt of this run
        r = ctl({QStringLiteral("--json"), QStringLiteral("history"), QStringLiteral("--limit"),
                 QStringLiteral("1000")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains(job.toUtf8()));
    }

    void invalidUuid_exitsTwoAndWritesNothing()
    {
        const QString db = dbUrl(QStringLiteral("sqlite"));
        QCOMPARE(ctl({QStringLiteral("init-db"), QStringLiteral("--db"), db,
                      QStringLiteral("--demo"), QStringLiteral("10")})
                     .exitCode,
                 0);
        const QByteArray before =
            ctl({QStringLiteral("--db"), db, QStringLiteral("--json"), QStringLiteral("sources")})
                .out;
        const ProcessResult r =
            ctl({QStringLiteral("--db"), db, QStringLiteral("resync"), QStringLiteral("--kb"),
                 QStringLiteral("7c9e6679-7425-40de-944b-e07fc1f90ae7"), QStringLiteral("--source"),
                 QStringLiteral("1'; DROP TABLE knowledge_base_sources; --")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains("not a UUID"));
        QCOMPARE(r.err.count('\n'), 1);
        QCOMPARE(
            ctl({QStringLiteral("--db"), db, QStringLiteral("--json"), QStringLiteral("sources")})
                .out,
            before);
    }

    void fileBatch_allTriggered_exitsZero()
    {
        const QString db = dbUrl(QStringLiteral("sqlite"));
        QCOMPARE(ctl({QStringLiteral("init-db"), QStringLiteral("--db"), db,
                      QStringLiteral("--demo"), QStringLiteral("40")})
                     .exitCode,
                 0);
        const QList<QJsonObject> sources = jsonLines(
            ctl({QStringLiteral("--db"), db, QStringLiteral("--json"), QStringLiteral("sources"),
                 QStringLiteral("--status"), QStringLiteral("active")})
                .out);
        QVERIFY(sources.size() >= 5);
        QByteArray file = "kb_id,source_id\n# five active sources\n";
        for (int i = 0; i < 5; ++i)
            file += sources[i].value(QStringLiteral("knowledge_base_id")).toString().toUtf8() + ','
                    + sources[i].value(QStringLiteral("id")).toString().toUtf8() + "\n";
        const QString path = m_home.filePath(QStringLiteral("targets.csv"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(file);
        f.close();
        const ProcessResult r = ctl(
            {QStringLiteral("--db"), db, QStringLiteral("resync"), QStringLiteral("--file"), path});
        QVERIFY2(r.exitCode == 0, r.out.constData());
        QCOMPARE(r.out.count("triggered"), 6); // five rows + the summary line
        QVERIFY(r.out.contains("5 targets: 5 triggered"));
    }

    void dryRun_writesNothingAndSaysWhatWouldHappen()
    {
        const QString db = dbUrl(QStringLiteral("sqlite"));
        QCOMPARE(ctl({QStringLiteral("init-db"), QStringLiteral("--db"), db,
                      QStringLiteral("--demo"), QStringLiteral("60")})
                     .exitCode,
                 0);
        const QList<QJsonObject> kbs =
            jsonLines(ctl({QStringLiteral("--db"), db, QStringLiteral("--json"),
                           QStringLiteral("kbs"), QStringLiteral("--counts")})
                          .out);
        QVERIFY(!kbs.isEmpty());
        QString kb;
        for (const QJsonObject &k : kbs) { // a KB with a running sync, so something is skipped
            if (k.value(QStringLiteral("source_status_counts"))
                    .toObject()
                    .value(QStringLiteral("syncing"))
                    .toInt()
                > 0)
                kb = k.value(QStringLiteral("id")).toString();
        }
        QVERIFY(!kb.isEmpty());
        const QByteArray before =
            ctl({QStringLiteral("--db"), db, QStringLiteral("--json"), QStringLiteral("sources")})
                .out;
        const ProcessResult r =
            ctl({QStringLiteral("--db"), db, QStringLiteral("resync"), QStringLiteral("--kb"), kb,
                 QStringLiteral("--all"), QStringLiteral("--dry-run")});
        QCOMPARE(r.exitCode, 1); // not every source would be triggered
        QVERIFY2(r.out.contains("would start"), r.out.constData());
        QVERIFY2(r.out.contains("would skip: already_syncing"), r.out.constData());
        QVERIFY2(r.out.contains("nothing was written"), r.out.constData());
        QCOMPARE(
            ctl({QStringLiteral("--db"), db, QStringLiteral("--json"), QStringLiteral("sources")})
                .out,
            before);
    }

    void pausedSource_dryRunAndResync_reportNotEligibleAndExitOne()
    {
        const QString db = dbUrl(QStringLiteral("sqlite"));
        QCOMPARE(ctl({QStringLiteral("init-db"), QStringLiteral("--db"), db,
                      QStringLiteral("--demo"), QStringLiteral("10")})
                     .exitCode,
                 0);
        const QJsonObject source =
            jsonLines(ctl({QStringLiteral("--db"), db, QStringLiteral("--json"),
                           QStringLiteral("sources"), QStringLiteral("--status"),
                           QStringLiteral("active")})
                          .out)
                .value(0);
        const QString kb = source.value(QStringLiteral("knowledge_base_id")).toString();
        const QString id = source.value(QStringLiteral("id")).toString();
        QVERIFY(!kb.isEmpty() && !id.isEmpty());
        {
            QSqlDatabase raw =
                QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("pause"));
            raw.setDatabaseName(db.mid(int(qstrlen("sqlite://"))));
            QVERIFY(raw.open());
            QSqlQuery q(raw);
            QVERIFY(q.prepare(
                QStringLiteral("UPDATE knowledge_base_sources SET status = ? WHERE id = ?")));
            q.addBindValue(QStringLiteral("paused"));
            q.addBindValue(id);
            QVERIFY(q.exec());
        }
        QSqlDatabase::removeDatabase(QStringLiteral("pause"));

        ProcessResult r =
            ctl({QStringLiteral("--db"), db, QStringLiteral("resync"), QStringLiteral("--kb"), kb,
                 QStringLiteral("--source"), id, QStringLiteral("--dry-run")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.out.contains("would skip: not_eligible"), r.out.constData());
        QVERIFY2(r.out.contains("not eligible: status is paused"), r.out.constData());

        r = ctl({QStringLiteral("--db"), db, QStringLiteral("--json"), QStringLiteral("resync"),
                 QStringLiteral("--kb"), kb, QStringLiteral("--source"), id});
        QCOMPARE(r.exitCode, 1);
        const QJsonObject row = jsonLines(r.out).value(0);
        QCOMPARE(row.value(QStringLiteral("outcome")).toString(), QStringLiteral("not_eligible"));
        QCOMPARE(row.value(QStringLiteral("status")).toString(), QStringLiteral("paused"));
        QCOMPARE(row.value(QStringLiteral("message")).toString(),
                 QStringLiteral("not eligible: status is paused"));
        QCOMPARE(row.value(QStringLiteral("attempts")).toInt(), 1); // never retried

        r = ctl({QStringLiteral("--json"), QStringLiteral("history"), QStringLiteral("--limit"),
                 QStringLiteral("1")});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject audit = jsonLines(r.out).value(0);
        QCOMPARE(audit.value(QStringLiteral("source_id")).toString(), id);
        QCOMPARE(audit.value(QStringLiteral("outcome")).toString(), QStringLiteral("not_eligible"));
        QCOMPARE(audit.value(QStringLiteral("message")).toString(),
                 QStringLiteral("not eligible: status is paused"));
    }

    void triage_groupsDemoErrorsByAction_fixableResyncsOnlyThose()
    {
        const QString db = dbUrl(QStringLiteral("sqlite"));
        QCOMPARE(ctl({QStringLiteral("init-db"), QStringLiteral("--db"), db,
                      QStringLiteral("--demo"), QStringLiteral("200")})
                     .exitCode,
                 0);
        checkTriageContract(
            [&](const QStringList &args) {
                return ctl(QStringList{QStringLiteral("--db"), db} + args);
            },
            true);
    }

    void malformedFileLine_exitsTwoNamingTheLine()
    {
        const QString db = dbUrl(QStringLiteral("sqlite"));
        QCOMPARE(ctl({QStringLiteral("init-db"), QStringLiteral("--db"), db}).exitCode, 0);
        const QString path = m_home.filePath(QStringLiteral("bad.csv"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("7c9e6679-7425-40de-944b-e07fc1f90ae7,0f8fad5b-d9cb-469f-a165-70867728950e\nnot a "
                "line\n");
        f.close();
        const ProcessResult r = ctl(
            {QStringLiteral("--db"), db, QStringLiteral("resync"), QStringLiteral("--file"), path});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(":2:"), r.err.constData());
    }

    void missingDatabase_exitsTwoWithHint()
    {
        const ProcessResult r =
            ctl({QStringLiteral("--db"), QStringLiteral("sqlite:///nonexistent/dir/x.db"),
                 QStringLiteral("kbs")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains("init-db"));
    }
};

QTEST_GUILESS_MAIN(TestFeatherctlDirect)
#include "tst_featherctl_direct.moc"
