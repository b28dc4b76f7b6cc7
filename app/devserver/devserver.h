#pragma once

#include "core/types.h"
#include "devserver/handlers.h"
#include "devserver/httpserver.h"
#include "devserver/storepool.h"
#include "devserver/tokenbucket.h"
#include "direct/dbconfig.h"

#include <QElapsedTimer>
#include <QHostAddress>
#include <QThreadPool>
#include <QTimer>
#include <optional>

namespace feather::devserver {

struct DevServerOptions {
    DbConfig db;
    QByteArray apiKey;    // compared in constant time, never printed
    int syncSeconds = 5;  // job simulation: queued/processing → completed/failed after this
    int jobFailEvery = 7; // every N-th simulated job fails (0 = none)
    int failEvery = 0;    // every N-th trigger request answers 500 untouched (0 = never)
    int latencyMs = 0;    // added before every answer to an authenticated request
    double rateLimit = 0; // requests per second for the whole server (0 = unlimited)
    int threads = 16;     // request workers, each with its own DB connection
    int jobTickMs = 250;
    bool extensions = false; // --extensions: devserver-only fields and behaviour
    HttpLimits http;
    QString triggeredBy = QStringLiteral("feather-devserver");
};

// The "Local dev" Feather API server (DESIGN.md, feather-devserver). Network I/O stays on the
// thread that owns the server (HttpServer); routing, the key, --rate-limit and --fail-every
// are decided there from the request head, before any body is read. Every handler that
// touches the database runs on a worker of a thread pool with that worker's own DirectStore,
// so concurrent triggers really race in the database; the worker posts its answer back with
// one queued call. One log line per request goes to stderr: time, method, path, status, ms.
class DevServer final : public QObject, private HttpHandler {
    Q_OBJECT
public:
    explicit DevServer(DevServerOptions options, QObject *parent = nullptr);
    ~DevServer() override;
    Q_DISABLE_COPY_MOVE(DevServer)

    // Listens (port 0 = any free port) and starts the job simulation. Returns the bound port,
    // or 0 with a one-line reason in *why.
    quint16 start(const QHostAddress &address, quint16 port, QString *why);
    // Stops listening, drops every connection and waits for the workers (SIGTERM).
    void stop();

private:
    std::optional<HttpResponse> inspectHead(const HttpRequest &head) override;
    void handleRequest(HttpRequest request) override;
    void answered(const HttpRequest &head, int status, qint64 elapsedMs, bool delivered) override;
    void answer(quint64 connectionId, HttpResponse response);
    void deliver(quint64 connectionId, HttpResponse response);
    void advanceJobs();

    const DevServerOptions m_options;
    const ApiContext m_context;
    StorePool m_stores; // declared before the pools: they use it until they stop
    QThreadPool m_workers;
    QThreadPool m_jobWorker;
    HttpServer m_http;
    QTimer m_jobTimer;
    bool m_jobTickRunning = false;
    quint64 m_finishedJobs = 0; // ordinal base for --job-fail-every
    QString m_lastJobError;
    QElapsedTimer m_clock;
    std::optional<TokenBucket> m_bucket;
    quint64 m_triggerRequests = 0;
    QByteArray m_openApi;
    // Requests handed to a worker, by connection: what to log if the client is gone by the
    // time the answer is ready (the connection, and its copy of the head, are gone then).
    struct InFlight {
        QByteArray method;
        QByteArray path;
        qint64 startMs = 0;
    };
    QHash<quint64, InFlight> m_inFlight;
    quint16 m_port = 0;
};

// Creates or upgrades the schema, then seeds `seedDemo` demo sources when that is > 0 and the
// database has no knowledge base yet. Runs on the calling thread with its own connection;
// returns a one-line summary for the startup log.
Result<QString> prepareDatabase(const DbConfig &config, int seedDemo);

// Writes one line to stderr (the request log and startup messages).
void logLine(const QString &line);

} // namespace feather::devserver
