#include "api/httpclient.h"

#include "api/oneshotbody.h"

#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRandomGenerator>
#include <QSslConfiguration>
#include <QTimer>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcApi, "feather.api", QtWarningMsg)

namespace feather::api {

namespace {

// Qt opens at most this many connections per host and manager (Qt 6.4).
constexpr int ConnectionsPerManager = 6;

// Qt's own buffer for a reply's unread bytes (0, its default, is unbounded). We read on every
// readyRead, so this only matters if we ever did not: Qt then stops reading the socket.
constexpr qint64 ReplyReadBufferBytes = 256 * 1024;

QString describeForLog(const QByteArray &method, const QNetworkRequest &request)
{
    QStringList headers;
    for (const QByteArray &name : request.rawHeaderList()) {
        const bool secret = name.compare("x-api-key", Qt::CaseInsensitive) == 0;
        headers << QString::fromLatin1(name) + u": "_s
                       + (secret ? u"***"_s : QString::fromLatin1(request.rawHeader(name)));
    }
    return QString::fromLatin1(method) + u' ' + request.url().toDisplayString() + u" ["_s
           + headers.join(u", "_s) + u']';
}

// What every request carries; start() adds the URL and the per-request headers.
QNetworkRequest requestTemplate(const ApiConfig &config)
{
    QNetworkRequest request;
    request.setRawHeader("x-api-key", config.apiKey.toUtf8());
    request.setRawHeader("Accept", "application/json");
    request.setRawHeader("User-Agent", "feather-console/" FEATHER_VERSION);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute,
                         QNetworkRequest::AlwaysNetwork);
    request.setTransferTimeout(config.inactivityTimeoutMs);
    if (!config.extraCaCertificates.isEmpty()) {
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.addCaCertificates(config.extraCaCertificates);
        request.setSslConfiguration(tls);
    }
    return request;
}

} // namespace

HttpClient::HttpClient(ApiConfig config, QUrl baseUrl, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_baseUrl(std::move(baseUrl))
    , m_basePath(m_baseUrl.path())
    , m_tls(m_baseUrl.scheme() == u"https"_s)
    , m_facts{originOf(m_baseUrl), m_config.deadlineMs, m_config.inactivityTimeoutMs,
              m_config.apiKey}
    , m_gate(m_config.readRetry, QRandomGenerator::global()->generate64())
    , m_holdTimer(new QTimer(this))
    , m_deadlineTimer(new QTimer(this))
{
    m_template = requestTemplate(m_config);
    m_clock.start();
    m_deadlineTimer->setSingleShot(true);
    connect(m_deadlineTimer, &QTimer::timeout, this, [this] { onDeadline(); });
    m_config.maxConnections = std::max(1, m_config.maxConnections);
    const int managers =
        (m_config.maxConnections + ConnectionsPerManager - 1) / ConnectionsPerManager;
    for (int i = 0; i < managers; ++i) {
        auto *nam = new QNetworkAccessManager(this);
        nam->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
        // One connection for every reply's end instead of one more per request (each connect
        // allocates; they were a visible share of a listing's per-page cost).
        connect(nam, &QNetworkAccessManager::finished, this,
                [this](QNetworkReply *reply) { onFinished(reply); });
        m_managers << nam;
        m_load << 0;
    }
    m_holdTimer->setSingleShot(true);
    connect(m_holdTimer, &QTimer::timeout, this, [this] { dispatch(); });
}

HttpClient::~HttpClient()
{
    // Replies die with their managers; make sure none of them calls back into us meanwhile.
    // Pending promises are destroyed with their callbacks, which cancels their futures.
    for (auto it = m_inFlight.begin(); it != m_inFlight.end(); ++it)
        it.key()->disconnect(this);
}

void HttpClient::send(HttpRequest request, QObject *context, Callback done)
{
    m_queue.push_back(Pending{std::move(request), std::move(done), context, context != nullptr});
    dispatch();
}

bool HttpClient::isHolding() const
{
    return m_holdTimer->isActive();
}

void HttpClient::dispatch()
{
    while (!m_queue.empty() && m_inFlight.size() < m_config.maxConnections && !isHolding()) {
        Pending next = std::move(m_queue.front());
        m_queue.pop_front();
        if (next.alive())
            start(std::move(next));
    }
}

void HttpClient::hold(qint64 ms)
{
    if (isHolding() && m_holdTimer->remainingTime() >= ms)
        return; // an earlier 429 holds at least as long
    m_holdTimer->start(int(std::min<qint64>(ms, std::numeric_limits<int>::max())));
    qCDebug(lcApi).noquote() << "429: every request waits" << ms << "ms";
}

int HttpClient::pickManager()
{
    // Least loaded first, round-robin among equals: keeps every manager at ≤ 6 in flight
    // whatever order requests finish in.
    int best = -1;
    for (int k = 0; k < m_managers.size(); ++k) {
        const int i = (m_next + k) % int(m_managers.size());
        if (best < 0 || m_load[i] < m_load[best])
            best = i;
    }
    m_next = (best + 1) % int(m_managers.size());
    return best;
}

void HttpClient::start(Pending pending)
{
    const HttpRequest &r = pending.request;
    QUrl url = m_baseUrl;
    url.setPath(m_basePath + r.path);
    if (!r.query.isEmpty()) {
        // Encoded by hand: QUrlQuery leaves '+' alone, which servers read as a space, and
        // opaque cursors are often base64.
        QByteArrayList items;
        for (const auto &[key, value] : r.query)
            items << QUrl::toPercentEncoding(key) + '=' + QUrl::toPercentEncoding(value);
        url.setQuery(QString::fromLatin1(items.join('&')), QUrl::StrictMode);
    }
    QNetworkRequest request = m_template;
    request.setUrl(url);
    if (!r.idempotencyKey.isEmpty())
        request.setRawHeader("Idempotency-Key", r.idempotencyKey.toLatin1());
    if (!r.jsonBody.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader, "application/json"_ba);

    const int manager = pickManager();
    QNetworkAccessManager *nam = m_managers[manager];
    qCDebug(lcApi).noquote() << describeForLog(r.method, request);
    QNetworkReply *reply = nullptr;
    if (r.method == "GET") {
        reply = nam->get(request);
    } else if (r.jsonBody.isEmpty()) {
        // A body that cannot be rewound, so Qt cannot re-send the write by itself (see
        // api/oneshotbody.h); it belongs to the reply, which Qt reads it for. Qt then reports
        // no write at all (its only uploadProgress is a (0, 0) at the end, sent or not), so
        // the classification assumes "possibly sent" unless the error proves otherwise.
        request.setHeader(QNetworkRequest::ContentLengthHeader, 0);
        request.setAttribute(QNetworkRequest::DoNotBufferUploadDataAttribute, true);
        auto *body = new OneShotBody(nullptr);
        reply = nam->sendCustomRequest(request, r.method, body);
        body->setParent(reply);
    } else {
        reply = nam->sendCustomRequest(request, r.method, r.jsonBody);
    }
    reply->setReadBufferSize(ReplyReadBufferBytes);

    Exchange &ex = m_inFlight[reply];
    ex.state.method = r.method;
    ex.state.maxBodyBytes = r.maxBodyBytes;
    ex.state.oneShotBody = r.method != "GET" && r.jsonBody.isEmpty();
    ex.state.localSentAt = QDateTime::currentDateTimeUtc();
    ex.pending = std::move(pending);
    ex.manager = manager;
    ex.serial = ++m_nextSerial;
    ex.clock.start();
    ++m_load[manager];

    // Emitted once per copy written: a second one is Qt's own re-send (reliability §4.1).
    connect(reply, &QNetworkReply::requestSent, this, [this, reply] {
        ReplyState &state = m_inFlight[reply].state;
        state.sent = true;
        ++state.copies;
    });
    // Only a body reports bytes written; a GET or a one-shot write never does.
    if (!r.jsonBody.isEmpty())
        connect(reply, &QNetworkReply::uploadProgress, this, [this, reply](qint64 bytes, qint64) {
            if (bytes > 0)
                m_inFlight[reply].state.sent = true;
        });
    if (m_tls) { // a plain-HTTP base URL never redirects (a 3xx is an error): no TLS then
        // What tells an unsent one-shot write from a possibly sent one (httpexchange.cpp:
        // an unfinished handshake), so only such a write listens.
        if (ex.state.oneShotBody)
            connect(reply, &QNetworkReply::socketStartedConnecting, this,
                    [this, reply] { m_inFlight[reply].state.newConnection = true; });
        connect(reply, &QNetworkReply::encrypted, this,
                [this, reply] { m_inFlight[reply].state.encrypted = true; });
        // Recorded for the message and never ignored: unless told to ignore them, Qt aborts
        // the handshake itself, before the request line is written.
        connect(reply, &QNetworkReply::sslErrors, this,
                [this, reply](const QList<QSslError> &errors) {
                    m_inFlight[reply].state.sslErrors += errors;
                });
    }
    connect(reply, &QNetworkReply::metaDataChanged, this, [this, reply] { onMetaData(reply); });
    connect(reply, &QNetworkReply::readyRead, this, [this, reply] { onReadyRead(reply); });
    // finished comes through the manager's one connection (see the constructor).
    // Whoever asked is gone (a deleted listing): stop the transfer now; onFinished drops it.
    if (ex.pending.bound)
        ex.contextGone =
            connect(ex.pending.context, &QObject::destroyed, this, [reply] { reply->abort(); });

    // The overall deadline: the transfer timeout only measures silence, so a server that
    // trickles a byte now and then would otherwise hold the request forever.
    m_deadlines.push_back(Deadline{m_clock.elapsed() + m_config.deadlineMs, reply, ex.serial});
    if (!m_deadlineTimer->isActive())
        armDeadline();
}

bool HttpClient::isLive(const Deadline &d) const
{
    const auto it = m_inFlight.constFind(d.reply);
    return it != m_inFlight.cend() && it->serial == d.serial;
}

void HttpClient::armDeadline()
{
    while (!m_deadlines.empty() && !isLive(m_deadlines.front()))
        m_deadlines.pop_front();
    if (m_deadlines.empty()) {
        m_deadlineTimer->stop();
        return;
    }
    const qint64 wait = std::max<qint64>(0, m_deadlines.front().dueMs - m_clock.elapsed());
    m_deadlineTimer->start(int(std::min<qint64>(wait, std::numeric_limits<int>::max())));
}

void HttpClient::onDeadline()
{
    const qint64 now = m_clock.elapsed();
    const QPointer<HttpClient> self(this);
    while (!m_deadlines.empty() && m_deadlines.front().dueMs <= now) {
        const Deadline d = m_deadlines.front();
        m_deadlines.pop_front();
        if (!isLive(d))
            continue;
        m_inFlight[d.reply].state.abortReason = AbortReason::Deadline;
        // Finishes it right here: its callback runs, queued requests start, and whoever the
        // callback belongs to may even delete this client.
        d.reply->abort();
        if (!self)
            return;
    }
    armDeadline();
}

void HttpClient::onMetaData(QNetworkReply *reply)
{
    const QVariant length = reply->header(QNetworkRequest::ContentLengthHeader);
    ReplyState &state = m_inFlight[reply].state;
    if (!length.isValid())
        return;
    if (length.toLongLong() > state.maxBodyBytes)
        return refuseBody(reply); // may finish the reply: nothing may touch it after this
    // One allocation for the body instead of a reallocation per chunk read (a listing page is
    // ~60 KB); the length is only a hint, the reads below still bound the size.
    if (state.body.isEmpty())
        state.body.reserve(qsizetype(length.toLongLong()));
}

void HttpClient::onReadyRead(QNetworkReply *reply)
{
    ReplyState &state = m_inFlight[reply].state;
    if (state.abortReason == AbortReason::TooLarge) {
        reply->readAll(); // discarding an error body we refused (see refuseBody)
        return;
    }
    state.body += reply->read(state.maxBodyBytes + 1 - state.body.size());
    if (state.body.size() > state.maxBodyBytes)
        refuseBody(reply);
}

void HttpClient::refuseBody(QNetworkReply *reply)
{
    ReplyState &state = m_inFlight[reply].state;
    state.abortReason = AbortReason::TooLarge;
    state.body.clear();
    // A 2xx is aborted at once. For a 4xx/5xx Qt's HTTP thread has already queued its own
    // error for the reply, and aborting on top of it trips an internal Qt warning; such a
    // body is read and thrown away instead (memory stays bounded, the deadline still holds).
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status < 400) {
        reply->abort();
        return;
    }
    reply->readAll();
}

void HttpClient::onFinished(QNetworkReply *reply)
{
    const auto it = m_inFlight.find(reply);
    if (it == m_inFlight.end())
        return;
    Exchange ex = std::move(it.value());
    m_inFlight.erase(it);
    --m_load[ex.manager];
    // Its deadline entry is dead now (not in m_inFlight); drop finished ones from the front.
    while (!m_deadlines.empty() && !isLive(m_deadlines.front()))
        m_deadlines.pop_front();
    disconnect(ex.contextGone);
    ReplyState &state = ex.state;
    if (state.abortReason == AbortReason::None && reply->isOpen())
        state.body += reply->read(state.maxBodyBytes + 1 - state.body.size());
    if (state.body.size() > state.maxBodyBytes)
        state.abortReason = AbortReason::TooLarge;
    state.elapsedMs = ex.clock.elapsed();

    HttpResult result = resultOfReply(reply, state, m_facts);
    result.attempts = ex.pending.attempt;
    qCDebug(lcApi).noquote() << state.method << ex.pending.request.path << "→"
                             << (result.failure ? toString(result.failure->outcome)
                                                : QString::number(result.answer.status))
                             << result.elapsedMs << "ms" << (result.sent ? "(sent)" : "(not sent)");
    reply->disconnect(this);
    reply->deleteLater();
    if (!ex.pending.alive() || retryLater(ex.pending, result)) {
        dispatch();
        return;
    }
    dispatch(); // before the callback, which may queue more
    ex.pending.done(result);
}

// Applies the RetryGate's decision; true when the request waits to go again.
bool HttpClient::retryLater(Pending &pending, const HttpResult &result)
{
    if (result.failure)
        return false;
    const RetryGate::Decision d = m_gate.onAnswer(pending.request.method == "GET", pending.attempt,
                                                  result.answer, QDateTime::currentDateTimeUtc());
    if (d.holdMs >= 0)
        hold(d.holdMs);
    if (d.retryInMs < 0)
        return false;
    const quint64 ticket = m_nextTicket++;
    ++pending.attempt;
    m_waiting.insert(ticket, std::move(pending));
    QTimer::singleShot(int(std::min<qint64>(d.retryInMs, std::numeric_limits<int>::max())), this,
                       [this, ticket] {
                           Pending again = m_waiting.take(ticket);
                           // Ahead of fresh requests: a listing's page should not wait behind
                           // everything queued meanwhile.
                           m_queue.push_front(std::move(again));
                           dispatch();
                       });
    return true;
}

} // namespace feather::api
