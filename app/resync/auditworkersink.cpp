#include "resync/auditworkersink.h"

#include "resync/auditwriter.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QMutex>
#include <QPointer>
#include <QSqlDatabase>
#include <QThread>

namespace feather {

namespace {

// Writer threads of destroyed sinks that may still be committing (see the header).
struct ClosedWriters {
    QMutex mutex;
    QList<QPointer<QThread>> threads;
};

ClosedWriters &closedWriters()
{
    static ClosedWriters writers;
    return writers;
}

void waitAtExit()
{
    // Bounded: a commit waits at most a connect timeout plus a statement timeout.
    if (!AuditWorkerSink::waitForClosedWriters(120000))
        qWarning("feather: an audit writer was still busy at exit");
}

} // namespace

AuditWorkerSink::AuditWorkerSink(const QString &path, AuditContext context, const QString &teamUrl,
                                 int busyTimeoutMs, QObject *parent)
    : QObject(parent)
    , m_context(std::move(context))
    , m_thread(new QThread)
{
    static const bool waitsAtExit = [] {
        // Post routines run last-added first. Qt SQL adds its own (it closes every connection)
        // when its driver and connection lists are first used, which a writer thread would
        // otherwise do after this: Qt's clean-up then ran first and closed the connection of a
        // writer still checking or committing (a crash at exit, tst_workspace_loading).
        (void)QSqlDatabase::drivers();
        (void)QSqlDatabase::connectionNames();
        qAddPostRoutine(waitAtExit);
        return true;
    }();
    Q_UNUSED(waitsAtExit)

    // Made here, opened there: the constructor touches no database.
    auto log = std::make_unique<AuditLog>(path, busyTimeoutMs);
    if (QString why; !teamUrl.isEmpty() && !log->setTeamUrl(teamUrl, &why))
        qWarning("audit log: %s", qPrintable(why)); // the profile dialog refuses such URLs
    m_writer = new AuditWriter(std::move(log));
    m_thread->setObjectName(QStringLiteral("feather-audit-writer"));
    m_writer->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_writer, &QObject::deleteLater);
    connect(m_thread, &QThread::finished, m_thread, &QObject::deleteLater);
    connect(m_writer, &AuditWriter::checked, this, &AuditWorkerSink::onChecked,
            Qt::QueuedConnection);
    connect(m_writer, &AuditWriter::committed, this, &AuditWorkerSink::onCommitted,
            Qt::QueuedConnection);
    connect(
        m_writer, &AuditWriter::jobResultWritten, this,
        [this](quint64 token, const QString &error) {
            --m_jobResultsOut;
            const Done done = m_jobResultDone.take(token);
            const QPointer<AuditWorkerSink> self(this);
            if (done)
                done(error);
            if (self && isIdle())
                Q_EMIT idle();
        },
        Qt::QueuedConnection);
    connect(
        m_writer, &AuditWriter::warned, this,
        [this](const QString &warning) {
            m_warning = warning;
            Q_EMIT warned(warning);
        },
        Qt::QueuedConnection);
    m_thread->start();
    AuditWriter *writer = m_writer;
    QMetaObject::invokeMethod(
        writer, [writer] { writer->check(); }, Qt::QueuedConnection);
}

AuditWorkerSink::~AuditWorkerSink()
{
    // What the writer says from now on goes nowhere; what it was handed, it still commits.
    disconnect(m_writer, nullptr, this, nullptr);
    AuditWriter *writer = m_writer;
    if (!m_pendingRows.isEmpty()) {
        QMetaObject::invokeMethod(
            writer,
            [writer, rows = std::exchange(m_pendingRows, {}), context = m_context] {
                writer->commit(0, rows, context);
            },
            Qt::QueuedConnection);
    }
    QMetaObject::invokeMethod(
        writer, [writer] { writer->finish(); }, Qt::QueuedConnection);
    ClosedWriters &closed = closedWriters();
    const QMutexLocker lock(&closed.mutex);
    closed.threads.append(m_thread);
}

bool AuditWorkerSink::waitForClosedWriters(int timeoutMs)
{
    const QDeadlineTimer deadline(timeoutMs);
    ClosedWriters &closed = closedWriters();
    const QMutexLocker lock(&closed.mutex);
    bool all = true;
    for (auto it = closed.threads.begin(); it != closed.threads.end();) {
        QThread *thread = it->data();
        if (thread && !thread->wait(deadline)) {
            all = false;
            ++it;
            continue;
        }
        delete thread; // ended: its writer is gone with it
        it = closed.threads.erase(it);
    }
    return all;
}

bool AuditWorkerSink::prepare(QString *why)
{
    AuditWriter *writer = m_writer;
    QMetaObject::invokeMethod(
        writer, [writer] { writer->check(); }, Qt::QueuedConnection);
    if (m_state != State::Failed)
        return true;
    *why = m_lastError;
    return false;
}

void AuditWorkerSink::write(const AttemptRecord &record, Done done)
{
    append(record.attempt,
           record.kind == AttemptRecord::Kind::Intent ? AuditKind::Intent : AuditKind::Outcome,
           record.attemptId, std::move(done));
}

void AuditWorkerSink::append(const TriggerResult &attempt, AuditKind kind, const QString &attemptId,
                             Done done)
{
    m_pendingRows.append(AuditLog::BatchRow{attempt, kind, attemptId});
    m_pendingDone.append(std::move(done));
    scheduleFlush();
}

void AuditWorkerSink::appendJobResult(const QString &jobId, const QString &status,
                                      const QString &errorMessage, const QDateTime &completedAt,
                                      Done done)
{
    const quint64 token = ++m_lastJobResult;
    ++m_jobResultsOut;
    if (done)
        m_jobResultDone.insert(token, std::move(done));
    AuditWriter *writer = m_writer;
    QMetaObject::invokeMethod(
        writer,
        [writer, token, jobId, status, errorMessage, completedAt] {
            writer->appendJobResult(token, jobId, status, errorMessage, completedAt);
        },
        Qt::QueuedConnection);
}

bool AuditWorkerSink::isIdle() const
{
    return m_inFlight == 0 && m_pendingRows.isEmpty() && m_jobResultsOut == 0;
}

void AuditWorkerSink::scheduleFlush()
{
    // While a batch commits, the next one collects; otherwise what this pass of the event loop
    // hands over goes together.
    if (m_scheduled || m_inFlight != 0)
        return;
    m_scheduled = true;
    QMetaObject::invokeMethod(this, &AuditWorkerSink::flush, Qt::QueuedConnection);
}

void AuditWorkerSink::flush()
{
    m_scheduled = false;
    if (m_inFlight != 0 || m_pendingRows.isEmpty())
        return;
    m_inFlight = ++m_lastBatch;
    m_inFlightDone = std::exchange(m_pendingDone, {});
    AuditWriter *writer = m_writer;
    QMetaObject::invokeMethod(
        writer,
        [writer, batch = m_inFlight, rows = std::exchange(m_pendingRows, {}), context = m_context] {
            writer->commit(batch, rows, context);
        },
        Qt::QueuedConnection);
}

void AuditWorkerSink::onCommitted(quint64 batch, const QString &error)
{
    if (batch != m_inFlight)
        return;
    m_inFlight = 0;
    ++m_commits;
    m_state = error.isEmpty() ? State::Writable : State::Failed;
    m_lastError = error;
    const QList<Done> done = std::exchange(m_inFlightDone, {});
    // A callback may end the run, and whoever owns this sink may destroy it then.
    const QPointer<AuditWorkerSink> self(this);
    for (const Done &d : done) {
        if (d)
            d(error);
        if (!self)
            return;
    }
    // Callbacks may have written again (the next intents): the next group.
    if (!m_pendingRows.isEmpty())
        scheduleFlush();
    else if (isIdle())
        Q_EMIT idle();
}

void AuditWorkerSink::onChecked(bool writable, const QString &why)
{
    m_state = writable ? State::Writable : State::Failed;
    m_lastError = why;
    Q_EMIT checked(writable, why);
}

} // namespace feather
