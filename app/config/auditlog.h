#pragma once

#include "core/backend.h"
#include "core/identity.h"
#include "core/types.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>
#include <functional>
#include <memory>

namespace feather {

// Who did it, where: stored with every audit row. `target` is an API origin or a database
// "host:port/db" / file path — never a credential (URL user-info is stripped anyway).
struct AuditContext {
    QString profile;
    BackendMode mode = BackendMode::Api;
    QString target;
    QString operatorName = operatorIdentity();
    QString machine = machineName();
};

// What a row says (write-ahead, issue 13): an Intent is committed before a trigger request is
// sent ("sent, outcome unknown" until something follows it), its Outcome after the answer, and
// a Reconciled row when `featherctl reconcile` later looked up an attempt left unknown.
// A Schedule row records one auto-sync schedule change (PATCH …/schedule): its status says what
// was asked ("auto-sync on, every 1h"), its outcome whether the server applied it.
enum class AuditKind { Intent, Outcome, Reconciled, Schedule };

QString toString(AuditKind kind); // "intent" | "outcome" | "reconciled" | "schedule"

struct AuditEntry {
    qint64 id = 0;
    QDateTime at; // UTC: when the attempt was about to be sent (intent) or finished
    AuditKind kind = AuditKind::Outcome;
    // Pairs an intent with its outcome (and a reconciled row with both). Rows written before
    // write-ahead had none: they read "row:<id>", which is what a reconciled row of theirs uses.
    QString attemptId;
    QString operatorName;
    // The host that wrote the row (version 4); older rows read the host part of operatorName.
    QString machine;
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
    // How the row's job ended, joined from the newest job result recorded for it (version 3);
    // empty while nobody has seen it end.
    QString jobStatus;
    QString jobError;
    QDateTime jobCompletedAt;
    // A row's own identity (version 4, a UUID): UNIQUE in the team database, so uploading a
    // row written while it was unreachable twice never stores it twice. Empty on older rows.
    QString rowId;

    // An intent that nothing followed yet: the request went out, its answer was never recorded.
    bool isOpenIntent() const { return kind == AuditKind::Intent; }
};

struct AuditQuery {
    int limit = 200;         // newest first; ≤ 0 means no limit
    QDateTime since;         // inclusive; invalid = from the beginning
    QList<Outcome> outcomes; // empty = every outcome
    QString kbId;
    QString sourceId;
    QString triggerId;
    QString target; // exact stored (sanitized) target; empty = every target
    // "user@host" exactly, or "user" for that user on every machine; empty = every operator.
    QString operatorName;
    // Default: one row per attempt, its latest (an intent disappears once its outcome is in).
    // False: every row as stored.
    bool latestPerAttempt = true;
    // Only triggers whose latest row says unknown_outcome (an open intent, or an answer that
    // could not be confirmed): what `featherctl reconcile` looks up.
    bool unresolvedOnly = false;
};

// The local append-only audit log (product-anchors.md §4.9): rows per trigger attempt in a
// SQLite file (default <AppDataLocation>/audit.sqlite, 0600 in a 0700 folder), shared by the
// console and featherctl.
//
// Threading and cost: it is used synchronously on the thread that opened it (its own named
// connection, Qt SQL's rule); runs, the console's and featherctl resync's, use it on a writer
// thread of their own (AuditWorkerSink). Each append is one autocommit INSERT in WAL
// mode with synchronous=NORMAL (tst_auditlog measures it); write-ahead means two per request. A
// committed row survives a crash of the process (SQLite: WAL commits are durable across application
// crashes at any synchronous level); only a power loss could drop the newest rows.
// synchronous=FULL would also cover that, but costs an fsync per row.
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

    // Creates the folder, the file and the schema (or migrates an older file) when needed;
    // append/query call it.
    bool open();
    bool isOpen() const;
    // open() plus a real write (a no-op header update), so a full disk, a read-only file or a
    // broken one is found before anything depends on it.
    bool checkWritable();
    // checkWritable() in two steps, for a caller that reports the first before the second can
    // take a connect timeout: the local file only, then the team database (its connect, and
    // the upload of rows kept here while it was away; a failure is a warning(), not an error).
    bool checkLocalWritable();
    void connectTeam();

    // Writes and commits one row. False (and lastError()) when it could not.
    bool append(const TriggerResult &attempt, const AuditContext &context,
                AuditKind kind = AuditKind::Outcome, const QString &attemptId = {});

    QList<AuditEntry> query(int limit = 200, const QDateTime &since = {},
                            const QList<Outcome> &outcomes = {}) const;
    QList<AuditEntry> query(const AuditQuery &filter) const;
    qint64 count() const; // every stored row

    // Appends how a job ended (its own append-only table; nothing written earlier changes).
    // query() joins the newest one into every row of that job. An empty id writes nothing.
    bool appendJobResult(const QString &jobId, const QString &status, const QString &errorMessage,
                         const QDateTime &completedAt);

    QString lastError() const { return m_lastError; }

    // The team trail (issue 11 item 7): the same schema in PostgreSQL, one history for a team.
    // With a team URL every row goes there; when it cannot be reached (or refuses a write) the
    // row goes to this local file instead, marked pending for that team, and warning() says so.
    // open()/checkWritable() and uploadPending() upload pending rows later, never twice.
    // `url`: postgresql://user@host:port/db[?sslmode=…&connect_timeout=…], no password (libpq
    // reads PGPASSWORD / PGPASSFILE). Empty: local only. False and *why for a bad URL.
    bool setTeamUrl(const QString &url, QString *why);
    QString teamUrl() const; // sanitized, empty when local only
    // What featherctl --audit-db / a profile's audit.url set for every AuditLog made after it.
    static void setDefaultTeamUrl(const QString &url);
    static QString defaultTeamUrl();
    static bool isValidTeamUrl(const QString &url, QString *why);
    // One line when rows went (or history came) from the local file because the team database
    // could not be used; empty otherwise.
    QString warning() const { return m_warning; }
    // Also told, as it happens, to this process-wide handler (featherctl: one stderr line;
    // the console: its banner). Called on the thread that uses the log (in the console a worker
    // thread: the audit writer's, the History tab's), one call at a time; setting a new handler
    // waits for a call in progress.
    static void setWarningHandler(std::function<void(const QString &)> handler);

    struct Upload {
        int pending = 0;  // local rows waiting for the team database before the upload
        int inserted = 0; // new there
        int present = 0;  // already there (an earlier upload), skipped
        QString error;    // empty when every pending row is now there
    };
    Upload uploadPending();
    qint64 pendingCount() const; // local rows not yet in the team database

    // The SQL a DBA runs as the owning role to create the team schema (same as open() creates).
    static QStringList teamSchemaSql();

    // What the log stores for a target: URL user-info, query and fragment removed.
    static QString sanitizeTarget(const QString &target);
    // The message of an intent row.
    static QString openIntentMessage();

    // Group commit (issue 12): every row of `rows` in one transaction on the database the rows
    // go to, all committed or none (false and lastError()). Same rows as append() one by one.
    // With a team database: one PostgreSQL transaction (one COMMIT round trip, not one per
    // row); if any of it fails, the whole batch goes to the local file instead (BEGIN IMMEDIATE
    // … COMMIT), marked for upload with the same row ids, so a team COMMIT whose answer was lost
    // is never stored twice.
    struct BatchRow {
        TriggerResult attempt;
        AuditKind kind = AuditKind::Outcome;
        QString attemptId;
    };
    bool appendBatch(const QList<BatchRow> &rows, const AuditContext &context);

private:
    bool ensureOpen() const;
    bool migrate() const;
    bool migratePostgres() const;
    bool openPostgres() const;
    bool prepareInsert() const;
    bool checkWritablePostgres();
    void uploadIfReachable();
    QList<AuditEntry> queryHere(const AuditQuery &filter) const;
    bool appendJobResultHere(const QString &jobId, const QString &status,
                             const QString &errorMessage, const QDateTime &completedAt);
    qint64 countHere() const;
    bool appendRow(const TriggerResult &attempt, const AuditContext &context, AuditKind kind,
                   const QString &attemptId, const QString &rowId, const QString &team);
    bool appendBatchHere(const QList<BatchRow> &rows, const AuditContext &context,
                         const QStringList &rowIds, const QString &team);
    bool teamUsable() const;
    void teamDown(const QString &why) const;

    struct Private;
    QString m_path;
    int m_busyTimeoutMs;
    mutable QString m_lastError;
    mutable QString m_warning;
    std::unique_ptr<Private> d;
    std::unique_ptr<AuditLog> m_team; // the PostgreSQL log, when a team URL is set
};

} // namespace feather
