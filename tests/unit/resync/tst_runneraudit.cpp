// ResyncRunner with a real AuditLog file: one committed audit row per attempt, written before
// the attempt is reported; a dry run writes nothing; no credential reaches the file.
#include "config/auditlog.h"
#include "harness.h"

#include <QDir>
#include <QElapsedTimer>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

using namespace feather;
using namespace feather::test;

namespace {

const QString kKey = QStringLiteral("fth_test_RunnerAuditKey_9f8e7d6c5b4a");

QByteArray allBytes(const QString &dbPath)
{
    QByteArray out;
    const QFileInfo info(dbPath);
    for (const QFileInfo &f : info.dir().entryInfoList({info.fileName() + u'*'}, QDir::Files)) {
        QFile file(f.absoluteFilePath());
        if (file.open(QIODevice::ReadOnly))
            out += file.readAll();
    }
    return out;
}

AuditContext contextFor(const Backend &backend)
{
    AuditContext c;
    c.profile = QStringLiteral("sandbox");
    c.mode = backend.info().mode;
    c.target = backend.info().target;
    return c;
}

} // namespace

class TestRunnerAudit final : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

private Q_SLOTS:
    void everyAttempt_isCommittedBeforeItIsReported()
    {
        const QString file = m_dir.filePath(QStringLiteral("before.sqlite"));
        AuditLog log(file);
        QVERIFY(log.open());
        QSqlDatabase observer =
            QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("observer"));
        observer.setDatabaseName(file);
        QVERIFY(observer.open());

        Harness h;
        h.runner->setAuditLog(&log, contextFor(h.backend));
        h.backend.script(sourceIdFor(0),
                         {step(Outcome::ServerError, 500), step(Outcome::Triggered)});
        int checked = 0;
        QObject::connect(
            h.runner.get(), &ResyncRunner::attemptFinished, h.runner.get(),
            [&](const TriggerResult &a) {
                QSqlQuery q(observer);
                q.prepare(QStringLiteral(
                    "SELECT outcome FROM audit_log WHERE trigger_id = ? AND attempt = ?"));
                q.addBindValue(a.target.triggerId);
                q.addBindValue(a.attempts);
                if (q.exec() && q.next() && q.value(0).toString() == toString(a.outcome))
                    ++checked;
            });
        h.runner->start(makeTargets(4));
        h.runToEnd();
        QCOMPARE(h.attempts.size(), 5);
        QCOMPARE(checked, 5);
        observer.close();
        observer = QSqlDatabase();
        QSqlDatabase::removeDatabase(QStringLiteral("observer"));
    }

    void auditRows_matchTheAttemptsExactly()
    {
        AuditLog log(m_dir.filePath(QStringLiteral("exact.sqlite")));
        RunOptions o;
        o.concurrency = 3;
        Harness h(o, 5);
        h.runner->setAuditLog(&log, contextFor(h.backend));
        h.backend.script(sourceIdFor(1),
                         {step(Outcome::RateLimited, 429, 2000), step(Outcome::Triggered)});
        h.backend.script(sourceIdFor(2), {step(Outcome::NetworkError)});
        h.backend.script(sourceIdFor(3), {step(Outcome::UnknownOutcome), step(Outcome::Triggered)});
        h.backend.script(sourceIdFor(4), {step(Outcome::AlreadySyncing, 409)});
        QList<TriggerTarget> targets = makeTargets(12);
        targets.append(TriggerTarget{QStringLiteral("junk"), sourceIdFor(50), {}});
        h.runner->start(targets);
        h.clock.advance(150);
        h.runner->cancel();
        h.runToEnd();
        QCOMPARE(h.rows.size(), 13);
        int attempts = 0;
        for (const TriggerResult &r : h.rows)
            attempts += r.attempts;
        QCOMPARE(attempts, int(h.attempts.size()));
        QCOMPARE(log.count(), qint64(attempts));
        QSet<QPair<QString, int>> keys;
        for (const AuditEntry &e : log.query(0)) {
            keys.insert({e.triggerId, e.attempt});
            QCOMPARE(e.profile, QStringLiteral("sandbox"));
            QCOMPARE(e.operatorName, operatorIdentity());
        }
        QCOMPARE(keys.size(), attempts);
        QVERIFY(h.rowsWith(Outcome::Cancelled) > 0); // cancelled rows were never attempts
    }

    void dryRun_writesNothing()
    {
        const QString file = m_dir.filePath(QStringLiteral("dry.sqlite"));
        AuditLog log(file);
        Harness h;
        h.runner->setAuditLog(&log, contextFor(h.backend));
        h.runner->dryRun(makeTargets(20));
        h.runToEnd();
        QCOMPARE(h.rows.size(), 20);
        QCOMPARE(h.attempts.size(), 0);
        QCOMPARE(h.backend.calls(QStringLiteral("trigger")).size(), 0);
        QCOMPARE(h.backend.jobsCreated(), 0);
        QVERIFY(!QFile::exists(file)); // never even opened
    }

    void tenThousandRows_engineAndAuditOverheadStaysSmall()
    {
        AuditLog log(m_dir.filePath(QStringLiteral("overhead.sqlite")));
        RunOptions o;
        o.concurrency = 16;
        Harness h(o);
        h.backend.setDefaultDelay(1);
        h.runner->setAuditLog(&log, contextFor(h.backend));
        QElapsedTimer timer;
        timer.start();
        h.runner->start(makeTargets(10000));
        h.runToEnd();
        const qint64 ms = timer.elapsed();
        qInfo("engine + audit log + fake backend: 10,000 rows in %lld ms of CPU-bound wall time "
              "(%.0f rows/s)",
              ms, 10000.0 * 1000.0 / double(qMax<qint64>(1, ms)));
        QCOMPARE(h.rows.size(), 10000);
        QCOMPARE(log.count(), 10000);
        QVERIFY2(ms < 30000, qPrintable(QString::number(ms)));
    }

    void auditFile_neverHoldsTheBackendsApiKey()
    {
        const QString file = m_dir.filePath(QStringLiteral("key.sqlite"));
        {
            AuditLog log(file);
            Harness h;
            h.backend.setInfoTarget(QStringLiteral("https://support:") + kKey
                                    + QStringLiteral("@api.example.test"));
            FakeBackend::Step echo = step(Outcome::Unauthorized, 401);
            echo.message = QStringLiteral("Invalid API key: ") + kKey;
            h.backend.script(sourceIdFor(2), {echo});
            h.runner->setAuditLog(&log, contextFor(h.backend));
            h.runner->start(makeTargets(5));
            h.runToEnd();
            QVERIFY(log.count() >= 1);
            QVERIFY(!allBytes(file).contains(kKey.toUtf8()));
        }
        const QByteArray bytes = allBytes(file);
        QVERIFY(bytes.contains(QByteArrayLiteral("api.example.test")));
        QVERIFY(!bytes.contains(kKey.toUtf8()));
        QVERIFY(!bytes.contains(QByteArrayLiteral("RunnerAuditKey")));
    }
};

QTEST_GUILESS_MAIN(TestRunnerAudit)
#include "tst_runneraudit.moc"
