#include "devserver/devserver.h"

#include "devserver/router.h"
#include "direct/directstore.h"

#include <QFile>
#include <QPointer>
#include <QUrlQuery>
#include <cstdio>

namespace feather::devserver {

namespace {

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

HttpResponse rateLimitedReply(int retryAfter, double rate)
{
    HttpResponse r = errorReply(429, QStringLiteral("rate_limited"),
                                QStringLiteral("Rate limit of ") + QString::number(rate)
                                    + QStringLiteral(" requests per second exceeded. Retry after ")
                                    + QString::number(retryAfter) + QStringLiteral(" s."),
                                QJsonObject{{QStringLiteral("retryable"), true},
                                            {QStringLiteral("retry_after"), retryAfter}});
    r.headers.append({QByteArrayLiteral("retry-after"), QByteArray::number(retryAfter)});
    return r;
}

QByteArray loadOpenApi()
{
    QFile file(QStringLiteral(":/devserver/openapi.json"));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

void logLine(const QString &line)
{
    const QByteArray bytes = line.toUtf8() + '\n';
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stderr);
    std::fflush(stderr);
}

DevServer::DevServer(DevServerOptions options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_context{m_options.extensions, m_options.syncSeconds, m_options.triggeredBy}
    , m_stores(m_options.db, QStringLiteral("feather-devserver"))
    , m_http(m_options.http, this)
    , m_openApi(loadOpenApi())
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
    stop();
}

quint16 DevServer::start(const QHostAddress &address, quint16 port, QString *why)
{
    m_port = m_http.listen(address, port, why);
    if (m_port != 0)
        m_jobTimer.start();
    return m_port;
}

void DevServer::stop()
{
    m_jobTimer.stop();
    m_http.shutdown();
    m_workers.waitForDone();
    m_jobWorker.waitForDone();
}

std::optional<HttpResponse> DevServer::inspectHead(const HttpRequest &head)
{
    const Route route = matchRoute(head.method, head.path);
    switch (route.endpoint) {
    case Endpoint::NotFound:
        return detailReply(404, QStringLiteral("Not Found"));
    case Endpoint::MethodNotAllowed: {
        HttpResponse r = detailReply(405, QStringLiteral("Method Not Allowed"));
        r.headers.append({QByteArrayLiteral("allow"), route.allow});
        return r;
    }
    case Endpoint::Redirect: {
        // Starlette's redirect_slashes: an absolute URL on the host the client named.
        QByteArray host = head.header("host");
        if (host.isEmpty())
            host = "127.0.0.1:" + QByteArray::number(m_port);
        HttpResponse r;
        r.status = 307;
        r.headers.append({QByteArrayLiteral("location"),
                          "http://" + host + route.location
                              + (head.hasQuery ? '?' + head.query : QByteArray())});
        return r;
    }
    case Endpoint::OpenApi: {
        HttpResponse r;
        r.body = m_openApi;
        return r;
    }
    case Endpoint::ListKnowledgeBases:
    case Endpoint::GetKnowledgeBase:
    case Endpoint::ListSources:
    case Endpoint::GetSource:
    case Endpoint::TriggerSync:
    case Endpoint::SyncStatus:
    case Endpoint::UpdateSchedule:
    case Endpoint::ListJobs:
    case Endpoint::GetJob:
    case Endpoint::JobDocuments:
    case Endpoint::JobLogs:
    case Endpoint::RetryJob:
    case Endpoint::Freshness:
        break;
    }
    if (m_bucket) {
        if (const int wait = m_bucket->take(m_clock.elapsed()))
            return rateLimitedReply(wait, m_options.rateLimit);
    }
    if (!keysEqual(head.header("x-api-key"), m_options.apiKey))
        return unauthorizedReply();
    if (route.endpoint == Endpoint::TriggerSync) {
        ++m_triggerRequests;
        if (m_options.failEvery > 0 && m_triggerRequests % quint64(m_options.failEvery) == 0) {
            return errorReply(
                500, QStringLiteral("internal_error"),
                QStringLiteral("Simulated server error (--fail-every ")
                    + QString::number(m_options.failEvery) + QStringLiteral("): trigger request #")
                    + QString::number(m_triggerRequests) + QStringLiteral(" was not processed"),
                QJsonObject{{QStringLiteral("retryable"), true}});
        }
    }
    return std::nullopt;
}

void DevServer::handleRequest(HttpRequest request)
{
    ApiRequest api;
    api.route = matchRoute(request.method, request.path);
    api.query = QUrlQuery(QString::fromLatin1(request.query));
    if (const QByteArray key = request.header("idempotency-key"); !key.isNull())
        api.idempotencyKey = key;
    api.body = std::move(request.body);
    const quint64 id = request.connectionId;
    m_inFlight.insert(id, {request.method, request.path, m_clock.elapsed()});
    // The answer comes back with exactly one queued call to this object. (QFuture::then with
    // a context object is not used: in Qt 6.4.2 such a continuation can run twice, and the
    // second run starts an already moved-from QPromise — the SIGSEGV in
    // QFutureInterfaceBase::reportStarted this server used to hit under load.)
    m_workers.start([this, id, api = std::move(api)] {
        HttpResponse response = handle(api, m_stores.local(), m_context);
        QMetaObject::invokeMethod(
            this,
            [this, id, response = std::move(response)]() mutable {
                answer(id, std::move(response));
            },
            Qt::QueuedConnection);
    });
}

void DevServer::answer(quint64 connectionId, HttpResponse response)
{
    if (m_options.latencyMs > 0) {
        QTimer::singleShot(m_options.latencyMs, this,
                           [this, connectionId, response = std::move(response)]() mutable {
                               deliver(connectionId, std::move(response));
                           });
        return;
    }
    deliver(connectionId, std::move(response));
}

void DevServer::deliver(quint64 connectionId, HttpResponse response)
{
    const InFlight request = m_inFlight.take(connectionId);
    const int status = response.status;
    if (m_http.respond(connectionId, std::move(response)))
        return; // logged by answered()
    HttpRequest head;
    head.method = request.method;
    head.path = request.path;
    answered(head, status, m_clock.elapsed() - request.startMs, false);
}

void DevServer::answered(const HttpRequest &head, int status, qint64 elapsedMs, bool delivered)
{
    // The path is logged as sent: visible ASCII only (the parser refuses anything else), so a
    // request cannot forge log lines. Concatenated, never arg()-chained: a "%2F" in a path
    // must not be taken for a placeholder. Headers and the query string (which could carry a
    // key by mistake) are never logged.
    const QByteArray path = head.path.isEmpty() ? QByteArrayLiteral("-") : head.path;
    logLine(QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs) + u' '
            + QString::fromLatin1(head.method) + u' ' + QString::fromLatin1(path) + u' '
            + QString::number(status) + u' ' + QString::number(elapsedMs) + QStringLiteral("ms")
            + (delivered ? QString() : QStringLiteral(" (client gone)")));
}

void DevServer::advanceJobs()
{
    if (m_jobTickRunning)
        return;
    m_jobTickRunning = true;
    const quint64 before = m_finishedJobs;
    m_jobWorker.start([this, before] {
        const auto tick = m_stores.local().advanceJobs(
            QDateTime::currentDateTimeUtc(), m_options.syncSeconds, m_options.jobFailEvery, before);
        QMetaObject::invokeMethod(
            this,
            [this, tick] {
                m_jobTickRunning = false;
                if (tick.ok())
                    m_finishedJobs += quint64(tick.value.finished);
                const QString error = tick.ok() ? QString() : tick.error->message;
                // Say it once, not four times a second, and say when it heals.
                if (error != m_lastJobError)
                    logLine(error.isEmpty() ? QStringLiteral("job simulation: recovered")
                                            : QStringLiteral("job simulation: ") + error);
                m_lastJobError = error;
            },
            Qt::QueuedConnection);
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
