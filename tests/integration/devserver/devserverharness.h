#pragma once

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPair>
#include <QProcess>
#include <QSet>
#include <QStringList>
#include <QTemporaryDir>
#include <QUrl>
#include <memory>
#include <optional>

namespace feather::test {

// A real feather-devserver process for one test: its own temp dir with a SQLite file (or the
// database URL given), a key file, `--listen 127.0.0.1:0 --ready-file` to learn the port, and
// stderr/stdout captured in files (a pipe could fill up and stall the server).
class DevServerProcess final {
public:
    DevServerProcess();
    ~DevServerProcess(); // SIGKILL if still running
    DevServerProcess(const DevServerProcess &) = delete;
    DevServerProcess &operator=(const DevServerProcess &) = delete;

    // Starts with --seed-demo `seedDemo` plus `extraArgs`; empty `dbUrl` = a fresh SQLite file.
    // Waits until the ready file names the port. Returns false with *why on failure.
    bool start(const QStringList &extraArgs, QString *why, int seedDemo = 300,
               const QString &dbUrl = {});

    QByteArray apiKey() const { return m_key; }
    QString dbUrl() const { return m_dbUrl; }
    quint16 port() const { return m_port; }
    // http://127.0.0.1:PORT/v1/knowledge-base + `path` (which may carry a query string).
    QUrl apiUrl(const QString &path) const;
    QByteArray stderrLog() const;
    QByteArray stdoutLog() const;
    QString keyFile() const;
    QString tempPath(const QString &name) const { return m_dir.filePath(name); }

    QProcess &process() { return m_process; }
    void kill();                   // SIGKILL and reap
    bool terminate(int *exitCode); // SIGTERM and wait; false when it did not exit

private:
    QTemporaryDir m_dir;
    QProcess m_process;
    QByteArray m_key;
    QString m_dbUrl;
    quint16 m_port = 0;
};

struct HttpReply {
    int status = 0; // 0 when no HTTP answer came
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QByteArray body;
    QJsonObject json;                      // body, when it is a JSON object
    QHash<QByteArray, QByteArray> headers; // lower-case names
    qint64 elapsedMs = 0;
    QByteArray header(const QByteArray &name) const { return headers.value(name.toLower()); }
};

struct Header {
    QByteArray name;
    QByteArray value;
};

// Raw HTTP against a DevServerProcess with `managers` QNetworkAccessManagers (each opens at
// most 6 connections per host, so concurrency = 6 × managers). Requests carry the server's key
// unless told otherwise.
class ApiClient final {
public:
    explicit ApiClient(const DevServerProcess &server, int managers = 1);
    ~ApiClient();

    // Starts a request on manager `index % managers`.
    QNetworkReply *send(const QByteArray &method, const QString &path,
                        const QList<Header> &headers = {}, const QByteArray &body = {},
                        bool withKey = true, int index = 0);
    // Waits (event loop running) for every reply and collects them, in order.
    QList<HttpReply> collect(const QList<QNetworkReply *> &replies, int timeoutMs = 30000);

    HttpReply get(const QString &path, const QList<Header> &headers = {}, bool withKey = true);
    HttpReply post(const QString &path, const QList<Header> &headers = {});
    HttpReply patch(const QString &path, const QByteArray &body);

    // Every item of a cursor walk with page size `limit`; *pages counts the requests.
    // Fails (returns nullopt, *why set) on a non-200 page or a malformed envelope.
    std::optional<QJsonArray> walk(const QString &path, int limit, int *pages, QString *why);

private:
    const DevServerProcess &m_server;
    std::vector<std::unique_ptr<QNetworkAccessManager>> m_managers;
};

// A source of the seeded demo data in a given status, as {kb_id, source_id}; nullopt if none.
std::optional<QPair<QString, QString>> findSource(ApiClient &client, const QString &status,
                                                  const QSet<QString> &exclude = {});

// Number of ingestion_jobs rows for `sourceId`, read straight from the database (SQLite file
// or PostgreSQL URL); -1 with *why on failure.
int jobRowCount(const QString &dbUrl, const QString &sourceId, QString *why);

// Runs one statement (bound `binds`, "?" placeholders) straight on the server's database.
bool execDb(const QString &dbUrl, const QString &sql, const QVariantList &binds, QString *why);
// Sets a source's status straight in the database (e.g. "paused", which the demo data never
// has); false with *why on failure.
bool setSourceStatus(const QString &dbUrl, const QString &sourceId, const QString &status,
                     QString *why);

// Up to `count` {kb_id, source_id} pairs in `status`, ordered by id, read straight from the
// database (for a server slowed by --latency-ms, where listing over HTTP would take long).
QList<QPair<QString, QString>> sourcesInDb(const QString &dbUrl, const QString &status, int count,
                                           QString *why);

// Fires `count` trigger POSTs for one source at once over `managers` managers and returns
// the replies; every request carries `idempotencyKey` when set.
QList<HttpReply> raceTriggers(ApiClient &client, const QString &kbId, const QString &sourceId,
                              int count, const QByteArray &idempotencyKey = {});

// Checks raceTriggers() replies: exactly one 200 and every other one a 409 naming the winner's
// job (in its message; in job_id too with --extensions). Returns what broke (empty when it holds)
// and the winner's job id in *jobId.
QString checkOneWinner(const QList<HttpReply> &replies, QString *jobId);

QString sourcePath(const QString &kbId, const QString &sourceId, const QString &suffix = {});

} // namespace feather::test
