#pragma once

#include "config/auditlog.h"

#include <QObject>
#include <memory>

namespace feather {

// The worker-thread half of AuditWorkerSink. It owns the AuditLog, so the log's SQLite and
// PostgreSQL connections are opened, used and closed on the writer's thread only (Qt SQL's
// rule), and every call reaches it as a queued call on that thread, in the order it was made.
// Answers leave as signals, which the sink receives queued on its own thread.
class AuditWriter final : public QObject {
    Q_OBJECT
public:
    // `log` is made on the sink's thread (its constructor opens nothing) and first opened here.
    explicit AuditWriter(std::unique_ptr<AuditLog> log);
    ~AuditWriter() override;
    Q_DISABLE_COPY_MOVE(AuditWriter)

    // The local file first (its answer is what the next run's prepare() reads), then the team
    // database: the connect that may wait out connect_timeout, and the upload of rows kept here
    // while it was away.
    void check();
    // Every row in one transaction on the database the rows go to (AuditLog::appendBatch), then
    // `committed`. `batch` 0: nobody waits for the answer (the sink is gone).
    void commit(quint64 batch, const QList<AuditLog::BatchRow> &rows, const AuditContext &context);
    void appendJobResult(quint64 token, const QString &jobId, const QString &status,
                         const QString &errorMessage, const QDateTime &completedAt);
    // The last call: closes the connections here, then ends the thread (which deletes this).
    void finish();

Q_SIGNALS:
    void checked(bool writable, const QString &why);
    void committed(quint64 batch, const QString &error);
    void jobResultWritten(quint64 token, const QString &error);
    // The team database could not be used: one line, once per log (AuditLog::warning()).
    void warned(const QString &warning);

private:
    void reportWarning();

    std::unique_ptr<AuditLog> m_log;
    QString m_warned;
};

} // namespace feather
