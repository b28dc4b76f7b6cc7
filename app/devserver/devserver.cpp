#include "devserver/devserver.h"

#include "devserver/handlers.h"
#include "devserver/router.h"
#include "direct/directstore.h"

#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QHttpServerResponse>
#include <QJsonDocument>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QtConcurrent/QtConcurrentRun>
#include <cstdio>

namespace feather::devserver {

// One request in flight. Qt 6.4's own QFuture route path keeps a raw socket pointer and a
// reference to the per-connection request object until the future finishes; both are deleted
// when the client hangs up, so a client that gives up early would crash the server. Holding a
// QPointer and checking it before answering avoids that.
struct DevServer::Exchange {
    QPointer<QTcpSocket> socket;
    const QHttpServerRequest *request = nullptr; // valid while `socket` is
    QString method;
    QString path;
    QElapsedTimer timer;
};

namespace {

QString methodName(QHttpServerRequest::Method method)
{
    switch (method) {
    case QHttpServerRequest::Method::Get:
        return QStringLiteral("GET");
    case QHttpServerRequest::Method::Put:
        return QStringLiteral("PUT");
    case QHttpServerRequest::Method::Delete:
        return QStringLiteral("DELETE");
    case QHttpServerRequest::Method::Post:
        return QStringLiteral("POST");
    case QHttpServerRequest::Method::Head:
        return QStringLiteral("HEAD");
    case QHttpServerRequest::Method::Options:
        return QStringLiteral("OPTIONS");
    case QHttpServerRequest::Method::Patch:
        return QStringLiteral("PATCH");
    case QHttpServerRequest::Method::Connect:
        return QStringLiteral("CONNECT");
    case QHttpServerRequest::Method::Trace:
        return QStringLiteral("TRACE");
    default:
        return QStringLiteral("UNKNOWN");
    }
}

// Header names are case-insensitive; the first occurrence wins.
std::optional<QByteArray> header(const QHttpServerRequest &request, QByteArrayView name)
{
    const auto headers = request.headers();
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return std::nullopt;
}

// Constant-time comparison: the time taken depends on the length of the presented key only,
// never on how many leading bytes match the real one.
bool keysEqual(QByteArrayView presented, QByteArrayView expected)
{
    unsigned diff = presented.size() == expected.size() ? 0u : 1u;
    for (qsizetype i = 0; i < presented.size(); ++i) {
        const char want = expected.isEmpty() ? '\0' : expected[i % expected.size()];
        diff |= unsigned(static_cast<unsigned char>(presented[i] ^ want));
    }
    return diff == 0 && !expected.isEmpty();
}

ApiResponse rateLimitedReply(int retryAfter, double rate)
{
    ApiResponse r = errorReply(
        429, QStringLiteral("rate_limited"),
        QStringLiteral("Rate limit of %1 requests per second exceeded. Retry after %2 s.")
            .arg(rate)
            .arg(retryAfter),
        QJsonObject{{QStringLiteral("retryable"), true},
                    {QStringLiteral("retry_after"), retryAfter}});
    r.headers.append({QByteArrayLiteral("Retry-After"), QByteArray::number(retryAfter)});
    return r;
}

} // namespace

void logLine(const QString &line)
{
    const QByteArray bytes = line.toUtf8() + '\n';
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stderr);
    std::fflush(stderr);
}

DevServer::DevServer(DevServerOptions options, QObject *parent)
    : QAbstractHttpServer(parent)
    , m_options(std::move(options))
    , m_stores(m_options.db, QStringLiteral("feather-devserver"))
{
    // Threads are kept for the server's lifetime: each one holds an open DB connection.
    m_workers.setMaxThreadCount(qMax(1, m_options.threads));
    m_workers.setExpiryTimeout(-1);
    m_jobWorker.setMaxThreadCount(1);
    m_jobWorker.setExpiryTimeout(-1);
    m_clock.start();
    if (m_options.rateLimit > 0)
        m_bucket.emplace(m_options.rateLimit, m_options.rateLimit, m_clock.elapsed());
    m_jobTimer.setInterval(m_options.jobTickMs);
    connect(&m_jobTimer, &QTimer::timeout, this, &DevServer::advanceJobs);
}

DevServer::~DevServer()
{
    m_jobTimer.stop();
    m_workers.waitForDone();
    m_jobWorker.waitForDone();
}

quint16 DevServer::start(const QHostAddress &address, quint16 port, QString *why)
{
    auto *tcp = new QTcpServer(this);
    if (!tcp->listen(address, port)) {
        if (why)
            *why = QStringLiteral("cannot listen on %1:%2: %3")
                       .arg(address.toString())
                       .arg(port)
                       .arg(tcp->errorString());
        delete tcp;
        return 0;
    }
    bind(tcp);
    m_jobTimer.start();
    return tcp->serverPort();
}

bool DevServer::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    Exchange exchange{
        socket, &request, methodName(request.method()), request.url().path(QUrl::FullyEncoded), {}};
    exchange.timer.start();

    if (m_bucket) {
        if (const int wait = m_bucket->take(m_clock.elapsed())) {
            answer(exchange, rateLimitedReply(wait, m_options.rateLimit));
            return true;
        }
    }
    if (!keysEqual(header(request, "x-api-key").value_or(QByteArray()), m_options.apiKey)) {
        answer(exchange, unauthorizedReply());
        return true;
    }

    ApiRequest api;
    api.route = matchRoute(exchange.method, exchange.path);
    if (api.route.endpoint == Endpoint::NotFound
        || api.route.endpoint == Endpoint::MethodNotAllowed) {
        answer(exchange, unmatchedRouteReply(api.route.endpoint));
        return true;
    }
    if (api.route.endpoint == Endpoint::TriggerSync) {
        ++m_triggerRequests;
        if (m_options.failEvery > 0 && m_triggerRequests % quint64(m_options.failEvery) == 0) {
            answer(exchange,
                   errorReply(500, QStringLiteral("internal_error"),
                              QStringLiteral(
                                  "Simulated server error (--fail-every %1): trigger request #%2 "
                                  "was not processed")
                                  .arg(m_options.failEvery)
                                  .arg(m_triggerRequests),
                              QJsonObject{{QStringLiteral("retryable"), true}}));
            return true;
        }
    }
    api.query = request.query();
    api.body = request.body();
    if (const auto key = header(request, "idempotency-key"))
        api.idempotencyKey = QString::fromUtf8(*key);

    QtConcurrent::run(&m_workers, [stores = &m_stores, api, by = m_options.triggeredBy] {
        return handle(api, stores->local(), by);
    }).then(this, [this, exchange](const ApiResponse &response) { answer(exchange, response); });
    return true;
}

void DevServer::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    // handleRequest() answers every request itself; this is only Qt's fallback.
    Exchange exchange{
        socket, &request, methodName(request.method()), request.url().path(QUrl::FullyEncoded), {}};
    exchange.timer.start();
    send(exchange, unmatchedRouteReply(Endpoint::NotFound));
}

void DevServer::answer(const Exchange &exchange, const ApiResponse &response)
{
    if (m_options.latencyMs > 0) {
        QTimer::singleShot(m_options.latencyMs, this,
                           [this, exchange, response] { send(exchange, response); });
        return;
    }
    send(exchange, response);
}

void DevServer::send(const Exchange &exchange, const ApiResponse &response)
{
    const bool connected =
        exchange.socket && exchange.socket->state() == QAbstractSocket::ConnectedState;
    if (connected) {
        QHttpServerResponse reply(QByteArrayLiteral("application/json"),
                                  QJsonDocument(response.body).toJson(QJsonDocument::Compact),
                                  QHttpServerResponse::StatusCode(response.status));
        for (const auto &[name, value] : response.headers)
            reply.addHeader(name, value);
        reply.write(makeResponder(*exchange.request, exchange.socket));
    }
    // The path is percent-encoded, so a request cannot forge extra log lines; headers and the
    // query string (which could carry a key by mistake) are never logged.
    logLine(QStringLiteral("%1 %2 %3 %4 %5ms%6")
                .arg(QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs), exchange.method,
                     exchange.path)
                .arg(response.status)
                .arg(exchange.timer.elapsed())
                .arg(connected ? QString() : QStringLiteral(" (client gone)")));
}

void DevServer::advanceJobs()
{
    if (m_jobTickRunning)
        return;
    m_jobTickRunning = true;
    QtConcurrent::run(&m_jobWorker, [stores = &m_stores, seconds = m_options.syncSeconds,
                                     failEvery = m_options.jobFailEvery] {
        return stores->local().advanceJobs(QDateTime::currentDateTimeUtc(), seconds, failEvery);
    }).then(this, [this](const Result<int> &moved) {
        m_jobTickRunning = false;
        const QString error = moved.ok() ? QString() : moved.error->message;
        // Say it once, not four times a second, and say when it heals.
        if (error != m_lastJobError)
            logLine(error.isEmpty() ? QStringLiteral("job simulation: recovered")
                                    : QStringLiteral("job simulation: ") + error);
        m_lastJobError = error;
    });
}

Result<QString> prepareDatabase(const DbConfig &config, int seedDemo)
{
    DirectStore store(config, QStringLiteral("feather-devserver-setup"));
    const Result<int> version = store.migrate();
    if (!version.ok())
        return Result<QString>::failure(version.error->outcome, version.error->message);
    QString summary = QStringLiteral("schema version %1").arg(version.value);
    if (seedDemo > 0) {
        const KnowledgeBasesResult existing = store.listKnowledgeBases(1);
        if (!existing.ok())
            return Result<QString>::failure(existing.error->outcome, existing.error->message);
        if (!existing.value.isEmpty()) {
            summary += QStringLiteral(", --seed-demo skipped (the database already has data)");
        } else {
            const Result<int> seeded = store.seedDemo(seedDemo);
            if (!seeded.ok())
                return Result<QString>::failure(seeded.error->outcome, seeded.error->message);
            summary += QStringLiteral(", seeded %1 demo sources").arg(seeded.value);
        }
    }
    return Result<QString>::success(summary);
}

} // namespace feather::devserver
