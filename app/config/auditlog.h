#pragma once

#include "core/backend.h"
#include "core/identity.h"
#include "core/types.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <memory>

namespace feather {

// Who did it, where: stored with every audit row. `target` is an API origin or a database
// "host:port/db" / file path — never a credential (URL user-info is stripped anyway).
struct AuditContext {
    QString profile;
    BackendMode mode = BackendMode::Api;
    QString target;
    QString operatorName = operatorIdentity();
};

struct AuditEntry {
    qint64 id = 0;
    QDateTime at; // UTC, when the attempt finished
    QString operatorName;
    QString profile;
    BackendMode mode = BackendMode::Api;
    QString target;
    QString kbId;
    QString sourceId;
    QString triggerId;
    Outcome outcome = Outcome::Cancelled;
    QString outcomeName; // the stored wire name, verbatim
    QString jobId;
    QString status;
    QString message;
    int httpStatus = 0;
    int attempt = 0;
    qint64 elapsedMs = 0;
};

struct AuditQuery {
    int limit = 200;         // newest first; ≤ 0 means no limit
    QDateTime since;         // inclusive; invalid = from the beginning
    QList<Outcome> outcomes; // empty = every outcome
    QString kbId;
    QString sourceId;
    QString triggerId;
};

// The local append-only audit log (product-anchors.md §4.9): one row per trigger attempt in a
// SQLite file (default <AppDataLocation>/audit.sqlite), shared by the console and featherctl.
//
// Threading and cost: it is used synchronously on the thread that created it (its own named
// connection, Qt SQL's rule). That is deliberate: ResyncRunner appends *before* it reports an
// attempt, so a reported row is always committed; a worker thread would need the same round
// trip to promise that. Each append is one autocommit INSERT in WAL mode with
// synchronous=NORMAL: ~0.1 ms here (tst_auditlog measures it), so the GUI thread can afford
// one per finished request. A committed row survives a crash of the process (SQLite: WAL
// commits are durable across application crashes at any synchronous level); only a power
// loss could drop the newest rows. synchronous=FULL would also cover that, but costs an fsync
// per row (~5 ms measured here, ~50 s of GUI-thread stalls over a 10,000-row run).
// Two processes may append at once: writers wait for each other through the busy timeout.
// UPDATE and DELETE are refused by triggers in the file itself.
class AuditLog final {
public:
    explicit AuditLog(QString path = defaultPath(), int busyTimeoutMs = 5000);
    ~AuditLog();
    AuditLog(const AuditLog &) = delete;
    AuditLog &operator=(const AuditLog &) = delete;

    static QString defaultPath();
    const QString &path() const { return m_path; }

    // Creates the directory, the file and the schema when needed; append/query call it.
    bool open();
    bool isOpen() const;

    // Writes and commits one row for one attempt. False (and lastError()) when it could not.
    bool append(const TriggerResult &attempt, const AuditContext &context);

    QList<AuditEntry> query(int limit = 200, const QDateTime &since = {},
                            const QList<Outcome> &outcomes = {}) const;
    QList<AuditEntry> query(const AuditQuery &filter) const;
    qint64 count() const;

    QString lastError() const { return m_lastError; }

    // What the log stores for a target: URL user-info, query and fragment removed.
    static QString sanitizeTarget(const QString &target);

private:
    bool ensureOpen() const;

    struct Private;
    QString m_path;
    int m_busyTimeoutMs;
    mutable QString m_lastError;
    std::unique_ptr<Private> d;
};

} // namespace feather
