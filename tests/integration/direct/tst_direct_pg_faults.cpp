// Faults around the guarded trigger on PostgreSQL (docs/reliability.md §7 scenarios 5–7):
// the backend killed mid-transaction or while idle, a row held FOR UPDATE beyond lock_timeout,
// a COMMIT whose answer never arrives (a TCP proxy drops the connection right after
// forwarding it; the trigger reconciles by trigger id at once, or reports unknown_outcome when
// it cannot), and a server that is not there at all.
#include "direct/directstore.h"
#include "directtestutil.h"

#include <QElapsedTimer>
#include <QSemaphore>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QThread>
#include <QTimer>
#include <atomic>

using namespace feather;
using namespace feather::test;
using namespace Qt::StringLiterals;

namespace {

// Forwards TCP between libpq and the server on its own thread. When armed, the first chunk
// from the client that carries the simple-query message "COMMIT" is forwarded and then the
// client side is cut, so the server commits but the client never hears back: an in-doubt
// COMMIT. (Matching the whole protocol message matters: "BEGIN ISOLATION LEVEL READ
// COMMITTED" contains the word too.)
const QByteArray kCommitMessage("Q\0\0\0\x0b"
                                "COMMIT\0",
                                12);

class CommitDropProxy final : public QThread {
public:
    CommitDropProxy(QString host, int port)
        : m_upstreamHost(std::move(host))
        , m_upstreamPort(port)
    {}
    ~CommitDropProxy() override
    {
        quit();
        wait();
    }
    quint16 listenPort()
    {
        m_ready.acquire();
        return m_port;
    }
    std::atomic<bool> armed{false};
    std::atomic<bool> refuseAfterDrop{false}; // new connections are closed at once
    std::atomic<int> dropped{0};

protected:
    void run() override
    {
        QTcpServer server;
        server.listen(QHostAddress::LocalHost, 0);
        m_port = server.serverPort();
        QObject::connect(&server, &QTcpServer::newConnection, &server, [this, &server] {
            while (QTcpSocket *client = server.nextPendingConnection()) {
                if (refuseAfterDrop && dropped > 0) {
                    client->abort();
                    client->deleteLater();
                    continue;
                }
                auto *upstream = new QTcpSocket(&server);
                upstream->connectToHost(m_upstreamHost, quint16(m_upstreamPort));
                QObject::connect(client, &QTcpSocket::readyRead, client, [this, client, upstream] {
                    const QByteArray data = client->readAll();
                    upstream->write(data);
                    if (armed && data.contains(kCommitMessage)) {
                        armed = false;
                        ++dropped;
                        upstream->flush();
                        client->abort();
                        // The server still gets to finish the COMMIT before its socket closes.
                        QTimer::singleShot(1000, upstream,
                                           [upstream] { upstream->disconnectFromHost(); });
                    }
                });
                QObject::connect(upstream, &QTcpSocket::readyRead, upstream, [client, upstream] {
                    const QByteArray data = upstream->readAll();
                    if (client->state() == QAbstractSocket::ConnectedState)
                        client->write(data);
                });
                QObject::connect(client, &QTcpSocket::disconnected, upstream,
                                 [upstream] { upstream->disconnectFromHost(); });
                QObject::connect(upstream, &QTcpSocket::disconnected, client,
                                 [client] { client->disconnectFromHost(); });
            }
        });
        m_ready.release();
        exec();
    }

private:
    QString m_upstreamHost;
    int m_upstreamPort;
    quint16 m_port = 0;
    QSemaphore m_ready;
};

} // namespace

class TestDirectPgFaults final : public QObject {
    Q_OBJECT
private:
    SqlMessageGuard m_guard;
    DbConfig m_config;
    std::unique_ptr<RawDb> m_raw;
    QString m_kb;

    QString newSource(const QString &status = u"active"_s)
    {
        const QString id = uuid();
        m_raw->addSource(id, m_kb, status);
        return id;
    }
    int jobsOf(const QString &source)
    {
        return m_raw->count(u"ingestion_jobs"_s, u"knowledge_base_source_id = :s"_s,
                            {{u":s"_s, source}});
    }
    // Terminates the sessions of this database that match `condition`, waiting until they
    // are gone; returns how many.
    int terminate(const QString &condition)
    {
        return m_raw
            ->scalar(u"SELECT COUNT(*) FROM (SELECT pg_terminate_backend(pid, 5000) FROM "
                     u"pg_stat_activity"
                     " WHERE datname = current_database() AND pid <> pg_backend_pid() AND "_s
                     + condition + u") t"_s)
            .toInt();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString why;
        const auto config = freshPgConfig(u"faults"_s, u"lock_timeout_ms=300"_s, &why);
        QVERIFY2(config, qPrintable(why));
        m_config = *config;
        QCOMPARE(m_config.lockTimeoutMs, 300);
        DirectStore store(m_config, u"faults-migrate"_s);
        QVERIFY(store.migrate().ok());
        m_raw = std::make_unique<RawDb>(m_config);
        m_kb = uuid();
        m_raw->addKb(m_kb);
    }
    void cleanupTestCase() { m_raw.reset(); }
    void cleanup() { QCOMPARE(SqlMessageGuard::offending(), QStringList()); }

    void connectionKilledBetweenClaimAndCommit_changesNothingAndNextTriggerReconnects()
    {
        const QString source = newSource();
        const QVariantList before = m_raw->sourceSnapshot(source);
        DirectStore store(m_config, u"killed-"_s + uuid());
        int killed = 0;
        store.setClaimHookForTesting([&] {
            // The claim UPDATE ran and holds the row lock; the job INSERT and COMMIT follow.
            killed = terminate(u"state = 'idle in transaction'"_s);
            return true;
        });
        const TriggerResult r = store.trigger({m_kb, source, uuid()}, u"op"_s);
        QCOMPARE(killed, 1);
        // The COMMIT met the dead connection; the trigger reconciled on a fresh one at once and
        // found no job with its trigger id: settled, nothing changed.
        QCOMPARE_OUTCOME(r.outcome, Outcome::NetworkError);
        QVERIFY2(r.message.startsWith(u"database connection lost"_s), qPrintable(r.message));
        QVERIFY2(r.message.endsWith(u"nothing was changed"_s), qPrintable(r.message));
        QCOMPARE(jobsOf(source), 0);
        QCOMPARE(m_raw->sourceSnapshot(source), before);

        store.setClaimHookForTesting({});
        const TriggerResult next = store.trigger({m_kb, source, uuid()}, u"op"_s);
        QCOMPARE_OUTCOME(next.outcome, Outcome::Triggered);
        QCOMPARE(jobsOf(source), 1);
    }

    void connectionKilledWhileIdle_nextCallsReconnectTransparently()
    {
        const QString source = newSource(u"error"_s);
        DirectStore store(m_config, u"idle-"_s + uuid());
        QVERIFY(store.listSources({{m_kb}, {}}).ok());
        QCOMPARE(terminate(u"application_name <> 'feather-test-raw'"_s), 1);
        // A read is safe to repeat on a new connection, and so is the BEGIN of a trigger.
        QVERIFY(store.listSources({{m_kb}, {}}).ok());
        QCOMPARE(terminate(u"application_name <> 'feather-test-raw'"_s), 1);
        const TriggerResult r = store.trigger({m_kb, source, uuid()}, u"op"_s);
        QCOMPARE_OUTCOME(r.outcome, Outcome::Triggered);
        QCOMPARE(jobsOf(source), 1);
    }

    void rowHeldForUpdate_claimFailsBusyWithinLockTimeout()
    {
        const QString source = newSource();
        DirectStore store(m_config, u"locked-"_s + uuid());
        QVERIFY(store.open().ok());
        QVERIFY(m_raw->exec(u"BEGIN"_s));
        QVERIFY(m_raw->exec(u"SELECT id FROM knowledge_base_sources WHERE id = :s FOR UPDATE"_s,
                            {{u":s"_s, source}}));
        QElapsedTimer timer;
        timer.start();
        const TriggerResult r = store.trigger({m_kb, source, uuid()}, u"op"_s);
        const qint64 waited = timer.elapsed();
        QVERIFY(m_raw->exec(u"ROLLBACK"_s));
        QCOMPARE_OUTCOME(r.outcome, Outcome::ServerError);
        QVERIFY2(r.message.startsWith(u"source is busy, try again"_s), qPrintable(r.message));
        QVERIFY2(r.message.contains(u"300 ms"_s), qPrintable(r.message));
        QVERIFY2(waited >= 250 && waited < 3000, qPrintable(QString::number(waited)));
        QCOMPARE(jobsOf(source), 0);
        QCOMPARE(m_raw->sourceSnapshot(source)[3].toString(), u"active"_s);
        QCOMPARE_OUTCOME(store.trigger({m_kb, source, uuid()}, u"op"_s).outcome,
                         Outcome::Triggered);
    }

    void connectionKilledWhileIdle_reconnectedTriggerKeepsItsLockTimeout()
    {
        // The transaction's settings travel in the trigger's own message, so the connection a
        // trigger reconnects on has them too: a held row fails Busy after lock_timeout (300 ms)
        // instead of waiting for statement_timeout.
        const QString source = newSource();
        const QVariantList before = m_raw->sourceSnapshot(source);
        DirectStore store(m_config, u"relock-"_s + uuid());
        QVERIFY(store.open().ok());
        QCOMPARE(terminate(u"application_name <> 'feather-test-raw'"_s), 1);
        QVERIFY(m_raw->exec(u"BEGIN"_s));
        QVERIFY(m_raw->exec(u"SELECT id FROM knowledge_base_sources WHERE id = :s FOR UPDATE"_s,
                            {{u":s"_s, source}}));
        const qint64 sent = store.statementCount();
        const TriggerResult r = store.trigger({m_kb, source, uuid()}, u"op"_s);
        QVERIFY(m_raw->exec(u"ROLLBACK"_s));
        QCOMPARE_OUTCOME(r.outcome, Outcome::ServerError);
        QVERIFY2(r.message.startsWith(u"source is busy, try again"_s), qPrintable(r.message));
        // The message on the dead connection, the same on a fresh one, its ROLLBACK.
        QCOMPARE(store.statementCount() - sent, 3);
        QCOMPARE(jobsOf(source), 0);
        QCOMPARE(m_raw->sourceSnapshot(source), before);
        QCOMPARE_OUTCOME(store.trigger({m_kb, source, uuid()}, u"op"_s).outcome,
                         Outcome::Triggered);
        QCOMPARE(jobsOf(source), 1);
    }

    void claimMessageKilledWhileWaitingForTheRow_changesNothing()
    {
        // The trigger's one message (BEGIN … claim-and-insert) waits on a row another session
        // holds; its backend is killed right there. No COMMIT was sent, so the server undid
        // it; the trigger repeats the message once on a fresh connection, which waits again and
        // gives up after lock_timeout. Nothing is half-done: no job, the row as it was.
        const QString source = newSource(u"error"_s);
        const QVariantList before = m_raw->sourceSnapshot(source);
        DirectStore store(m_config, u"midway-"_s + uuid());
        QVERIFY(store.open().ok());
        QVERIFY(m_raw->exec(u"BEGIN"_s));
        QVERIFY(m_raw->exec(u"SELECT id FROM knowledge_base_sources WHERE id = :s FOR UPDATE"_s,
                            {{u":s"_s, source}}));
        std::atomic<int> killed{0};
        QSemaphore connected;
        const DbConfig config = m_config;
        std::unique_ptr<QThread> killer(QThread::create([&killed, &connected, config] {
            RawDb raw(config);
            connected.release(); // the trigger starts only now: 300 ms is short under load
            for (int i = 0; i < 2000 && killed.load() == 0; ++i) {
                killed = raw.scalar(u"SELECT COUNT(*) FROM (SELECT pg_terminate_backend(pid, 5000)"
                                    " FROM pg_stat_activity WHERE datname = current_database()"
                                    " AND wait_event_type = 'Lock'"
                                    " AND query LIKE 'BEGIN ISOLATION LEVEL%') t"_s)
                             .toInt();
                if (killed.load() == 0)
                    QThread::msleep(2);
            }
        }));
        killer->start();
        connected.acquire();
        const TriggerResult r = store.trigger({m_kb, source, uuid()}, u"op"_s);
        QVERIFY(killer->wait(30000));
        QVERIFY(m_raw->exec(u"ROLLBACK"_s));
        QCOMPARE(killed.load(), 1);
        QCOMPARE_OUTCOME(r.outcome, Outcome::ServerError);
        QVERIFY2(r.message.startsWith(u"source is busy, try again"_s), qPrintable(r.message));
        QCOMPARE(jobsOf(source), 0);
        QCOMPARE(m_raw->sourceSnapshot(source), before);
        QCOMPARE_OUTCOME(store.trigger({m_kb, source, uuid()}, u"op"_s).outcome,
                         Outcome::Triggered);
        QCOMPARE(jobsOf(source), 1);
    }

    void commitAnswerLost_isReconciledByTriggerIdOnAFreshConnection()
    {
        CommitDropProxy proxy(m_config.host, m_config.port);
        proxy.start();
        DbConfig viaProxy = m_config;
        viaProxy.host = u"127.0.0.1"_s;
        viaProxy.port = proxy.listenPort();
        const QString source = newSource();
        DirectStore store(viaProxy, u"indoubt-"_s + uuid());
        QVERIFY(store.open().ok());
        proxy.armed = true;
        const QString trigger = uuid();
        const TriggerResult r = store.trigger({m_kb, source, trigger}, u"op"_s);
        QCOMPARE(proxy.dropped.load(), 1);
        // The server did commit; the trigger asked again on a new connection (after the row's
        // old transaction was over) and found its own job.
        QCOMPARE_OUTCOME(r.outcome, Outcome::Triggered);
        QVERIFY2(r.message.contains(u"confirmed after the connection was lost during COMMIT"_s),
                 qPrintable(r.message));
        QVERIFY(!r.jobId.isEmpty());
        QCOMPARE(jobsOf(source), 1);
        QCOMPARE(m_raw
                     ->scalar(u"SELECT trigger_id FROM ingestion_jobs WHERE id = :j"_s,
                              {{u":j"_s, r.jobId}})
                     .toString(),
                 trigger);
        // A retry with the same trigger id is answered from that job, never a second one.
        const TriggerResult retry = store.trigger({m_kb, source, trigger}, u"op"_s);
        QCOMPARE_OUTCOME(retry.outcome, Outcome::Triggered);
        QCOMPARE(retry.jobId, r.jobId);
        QCOMPARE(jobsOf(source), 1);
    }

    void commitAnswerLostAndServerGone_reportsUnknownOutcomeUntilLookedUp()
    {
        CommitDropProxy proxy(m_config.host, m_config.port);
        proxy.start();
        DbConfig viaProxy = m_config;
        viaProxy.host = u"127.0.0.1"_s;
        viaProxy.port = proxy.listenPort();
        viaProxy.connectTimeoutSeconds = 2;
        const QString source = newSource();
        DirectStore store(viaProxy, u"indoubt-gone-"_s + uuid());
        QVERIFY(store.open().ok());
        proxy.armed = true;
        proxy.refuseAfterDrop = true; // the reconciliation cannot reach the server
        const QString trigger = uuid();
        const TriggerResult r = store.trigger({m_kb, source, trigger}, u"op"_s);
        QCOMPARE(proxy.dropped.load(), 1);
        QCOMPARE_OUTCOME(r.outcome, Outcome::UnknownOutcome);
        QVERIFY2(r.message.contains(trigger), qPrintable(r.message));
        QVERIFY(!r.jobId.isEmpty());
        // The resync engine looks the trigger id up later (Backend::jobByTrigger).
        proxy.refuseAfterDrop = false;
        JobResult found;
        QTRY_VERIFY_WITH_TIMEOUT((found = store.jobForTrigger({m_kb, source, trigger})).ok(), 5000);
        QCOMPARE(found.value.id, r.jobId);
        QCOMPARE(found.value.triggerId, trigger);
        QCOMPARE(jobsOf(source), 1);
        QCOMPARE(m_raw->sourceSnapshot(source)[3].toString(), u"syncing"_s);
    }

    void serverNotListening_reportsNetworkErrorQuickly()
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const quint16 closedPort = probe.serverPort();
        probe.close();
        DbConfig config = m_config;
        config.host = u"127.0.0.1"_s;
        config.port = closedPort;
        DirectStore store(config, u"refused"_s);
        QElapsedTimer timer;
        timer.start();
        const TriggerResult r = store.trigger({m_kb, uuid(), uuid()}, u"op"_s);
        QCOMPARE_OUTCOME(r.outcome, Outcome::NetworkError);
        QVERIFY2(r.message.startsWith(u"could not connect to postgresql://"_s),
                 qPrintable(r.message));
        QVERIFY(!r.message.contains(u'\n'));
        QVERIFY(timer.elapsed() < 5000);
        QVERIFY(!store.listKnowledgeBases().ok());
    }
};

QTEST_GUILESS_MAIN(TestDirectPgFaults)
#include "tst_direct_pg_faults.moc"
