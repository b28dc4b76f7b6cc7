#include "api/httpclient.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSslConfiguration>
#include <QTimer>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcApi, "feather.api", QtWarningMsg)

namespace feather::api {

namespace {

// Qt opens at most this many connections per host and manager (Qt 6.4).
constexpr int ConnectionsPerManager = 6;

QString seconds(int ms)
{
    return QString::number(ms / 1000.0, 'g', 3) + u" s"_s;
}

// Errors that happen before a single byte of the request can have left: connecting,
// resolving, proxy setup, the TLS handshake (which precedes the request line).
bool failsBeforeSending(QNetworkReply::NetworkError e)
{
    switch (e) {
    case QNetworkReply::ConnectionRefusedError:
    case QNetworkReply::HostNotFoundError:
    case QNetworkReply::SslHandshakeFailedError:
    case QNetworkReply::NetworkSessionFailedError:
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::BackgroundRequestNotAllowedError:
    case QNetworkReply::ProxyConnectionRefusedError:
    case QNetworkReply::ProxyNotFoundError:
    case QNetworkReply::ProxyAuthenticationRequiredError:
    case QNetworkReply::ProtocolUnknownError:
        return true;
    default:
        return false;
    }
}

// Error codes Qt sets for a complete answer with a 4xx/5xx status (the answer is usable).
bool isHttpLevelError(QNetworkReply::NetworkError e)
{
    return e == QNetworkReply::NoError
           || (e >= QNetworkReply::ContentAccessDenied && e <= QNetworkReply::UnknownContentError)
           || e == QNetworkReply::ProtocolInvalidOperationError
           || (e >= QNetworkReply::InternalServerError && e <= QNetworkReply::UnknownServerError);
}

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

} // namespace

HttpClient::HttpClient(ApiConfig config, QUrl baseUrl, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_baseUrl(std::move(baseUrl))
{
    m_config.maxConnections = std::max(1, m_config.maxConnections);
    const int managers =
        (m_config.maxConnections + ConnectionsPerManager - 1) / ConnectionsPerManager;
    for (int i = 0; i < managers; ++i) {
        auto *nam = new QNetworkAccessManager(this);
        nam->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
        m_managers << nam;
        m_load << 0;
    }
}

HttpClient::~HttpClient()
{
    // Replies die with their managers; make sure none of them calls back into us meanwhile.
    // Pending promises are destroyed with their callbacks, which cancels their futures.
    for (auto it = m_inFlight.begin(); it != m_inFlight.end(); ++it)
        it.key()->disconnect(this);
}

void HttpClient::send(HttpRequest request, Callback done)
{
    m_queue.push_back(Pending{std::move(request), std::move(done)});
    dispatch();
}

void HttpClient::dispatch()
{
    while (!m_queue.empty() && m_inFlight.size() < m_config.maxConnections) {
        Pending next = std::move(m_queue.front());
        m_queue.pop_front();
        start(std::move(next));
    }
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
    QUrl url = m_baseUrl;
    url.setPath(m_baseUrl.path() + pending.request.path);
    if (!pending.request.query.isEmpty()) {
        // Encoded by hand: QUrlQuery leaves '+' alone, which servers read as a space, and
        // opaque cursors are often base64.
        QByteArrayList items;
        for (const auto &[key, value] : pending.request.query)
            items << QUrl::toPercentEncoding(key) + '=' + QUrl::toPercentEncoding(value);
        url.setQuery(QString::fromLatin1(items.join('&')), QUrl::StrictMode);
    }

    QNetworkRequest request(url);
    request.setRawHeader("x-api-key", m_config.apiKey.toUtf8());
    request.setRawHeader("Accept", "application/json");
    request.setRawHeader("User-Agent", "feather-console/" FEATHER_VERSION);
    if (!pending.request.idempotencyKey.isEmpty())
        request.setRawHeader("Idempotency-Key", pending.request.idempotencyKey.toLatin1());
    if (!pending.request.jsonBody.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader, "application/json"_ba);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute,
                         QNetworkRequest::AlwaysNetwork);
    request.setTransferTimeout(m_config.inactivityTimeoutMs);
    if (!m_config.extraCaCertificates.isEmpty()) {
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.addCaCertificates(m_config.extraCaCertificates);
        request.setSslConfiguration(tls);
    }

    const int manager = pickManager();
    QNetworkAccessManager *nam = m_managers[manager];
    qCDebug(lcApi).noquote() << describeForLog(pending.request.method, request);
    QNetworkReply *reply = nullptr;
    if (pending.request.method == "GET") {
        reply = nam->get(request);
    } else if (pending.request.jsonBody.isEmpty()) {
        // Not post(request, {}): with an empty upload device Qt 6.4 never emits requestSent,
        // and we could not tell "sent, no answer" from "never sent". Without a device it
        // does (tests: tst_apitransport).
        request.setHeader(QNetworkRequest::ContentLengthHeader, 0);
        reply = nam->sendCustomRequest(request, pending.request.method);
    } else {
        reply = nam->sendCustomRequest(request, pending.request.method, pending.request.jsonBody);
    }

    Exchange &ex = m_inFlight[reply];
    ex.request = std::move(pending.request);
    ex.done = std::move(pending.done);
    ex.manager = manager;
    ex.clock.start();
    ++m_load[manager];

    connect(reply, &QNetworkReply::requestSent, this,
            [this, reply] { m_inFlight[reply].sent = true; });
    connect(reply, &QNetworkReply::uploadProgress, this, [this, reply](qint64 bytes, qint64) {
        if (bytes > 0)
            m_inFlight[reply].sent = true;
    });
    // Recorded for the message and never ignored: unless told to ignore them, Qt aborts the
    // handshake itself, before the request line is written.
    connect(reply, &QNetworkReply::sslErrors, this, [this, reply](const QList<QSslError> &errors) {
        m_inFlight[reply].sslErrors += errors;
    });
    connect(reply, &QNetworkReply::metaDataChanged, this, [this, reply] { onMetaData(reply); });
    connect(reply, &QNetworkReply::readyRead, this, [this, reply] { onReadyRead(reply); });
    connect(reply, &QNetworkReply::finished, this, [this, reply] { onFinished(reply); });

    // The overall deadline: the transfer timeout only measures silence, so a server that
    // trickles a byte now and then would otherwise hold the request forever.
    ex.deadline = new QTimer(reply);
    ex.deadline->setSingleShot(true);
    connect(ex.deadline, &QTimer::timeout, this, [this, reply] {
        m_inFlight[reply].abortReason = AbortReason::Deadline;
        reply->abort();
    });
    ex.deadline->start(m_config.deadlineMs);
}

void HttpClient::onMetaData(QNetworkReply *reply)
{
    const QVariant length = reply->header(QNetworkRequest::ContentLengthHeader);
    if (length.isValid() && length.toLongLong() > MaxBodyBytes)
        refuseBody(reply); // may finish the reply: nothing may touch it after this
}

void HttpClient::onReadyRead(QNetworkReply *reply)
{
    Exchange &ex = m_inFlight[reply];
    if (ex.abortReason == AbortReason::TooLarge) {
        reply->readAll(); // discarding an error body we refused (see refuseBody)
        return;
    }
    ex.body += reply->read(MaxBodyBytes + 1 - ex.body.size());
    if (ex.body.size() > MaxBodyBytes)
        refuseBody(reply);
}

void HttpClient::refuseBody(QNetworkReply *reply)
{
    Exchange &ex = m_inFlight[reply];
    ex.abortReason = AbortReason::TooLarge;
    ex.body.clear();
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
    delete ex.deadline; // it must not fire between now and the reply's deferred deletion
    if (ex.abortReason == AbortReason::None && reply->isOpen())
        ex.body += reply->read(MaxBodyBytes + 1 - ex.body.size());
    if (ex.body.size() > MaxBodyBytes)
        ex.abortReason = AbortReason::TooLarge;

    const HttpResult result = resultOf(reply, ex);
    qCDebug(lcApi).noquote() << ex.request.method << ex.request.path << "→"
                             << (result.failure ? toString(result.failure->outcome)
                                                : QString::number(result.answer.status))
                             << result.elapsedMs << "ms" << (result.sent ? "(sent)" : "(not sent)");
    reply->disconnect(this);
    reply->deleteLater();
    dispatch(); // before the callback, which may queue more
    ex.done(result);
}

HttpResult HttpClient::resultOf(QNetworkReply *reply, Exchange &ex) const
{
    HttpResult result;
    result.sent = ex.sent;
    result.elapsedMs = ex.clock.elapsed();
    HttpAnswer &a = result.answer;
    a.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    a.reason = reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toByteArray();
    a.retryAfter = reply->rawHeader("Retry-After");

    if (ex.abortReason == AbortReason::TooLarge && a.status > 0) {
        a.bodyTooLarge = true; // a complete status line; the body is what we refuse
        return result;
    }
    if (ex.abortReason == AbortReason::None && a.status >= 300 && a.status < 400
        && isHttpLevelError(reply->error())) {
        const QUrl target = reply->url().resolved(QUrl::fromEncoded(reply->rawHeader("Location")));
        const QString where =
            reply->hasRawHeader("Location") ? originOf(target) : u"(no Location header)"_s;
        // server_error: the server answered, but not with the API. Retrying is safe (same
        // Idempotency-Key, redirect still not followed) and the row keeps the 3xx status.
        result.failure = Error{
            Outcome::ServerError, a.status,
            u"unexpected redirect to %1 (HTTP %2), not followed; check the API URL"_s.arg(where)
                .arg(a.status)};
        return result;
    }
    if (ex.abortReason == AbortReason::None && a.status > 0 && isHttpLevelError(reply->error())) {
        a.body = std::move(ex.body);
        return result;
    }
    result.failure = transportError(reply, ex);
    result.failure->message = redacted(result.failure->message, m_config.apiKey);
    return result;
}

Error HttpClient::transportError(QNetworkReply *reply, const Exchange &ex) const
{
    const QString origin = originOf(m_baseUrl);
    const QNetworkReply::NetworkError code = reply->error();
    if (!ex.sslErrors.isEmpty() || code == QNetworkReply::SslHandshakeFailedError) {
        QStringList problems;
        for (const QSslError &e : ex.sslErrors)
            problems << e.errorString();
        if (problems.isEmpty())
            problems << reply->errorString();
        return Error{
            Outcome::NetworkError, 0,
            u"TLS error with %1: %2; nothing was sent"_s.arg(origin, problems.join(u"; "_s))};
    }
    // Only while nothing has gone out yet: after Qt wrote the request it may re-send it on a
    // new connection by itself (reliability §4.1), and a refusal of *that* copy says nothing
    // about the first one, which the server may have acted on.
    if (failsBeforeSending(code) && ex.abortReason == AbortReason::None && !ex.sent)
        return Error{
            Outcome::NetworkError, 0,
            u"could not connect to %1: %2; nothing was sent"_s.arg(origin, reply->errorString())};

    QString reason;
    if (ex.abortReason == AbortReason::Deadline)
        reason = u"no complete answer within "_s + seconds(m_config.deadlineMs);
    else if (code == QNetworkReply::OperationCanceledError || code == QNetworkReply::TimeoutError)
        reason = u"no data for "_s + seconds(m_config.inactivityTimeoutMs);
    else if (code == QNetworkReply::RemoteHostClosedError)
        reason = u"the server closed the connection"_s;
    else
        reason = reply->errorString();

    // A timeout before Qt reported the request written: it never left (the connection or the
    // TLS handshake did not complete in time).
    const bool timedOut = ex.abortReason == AbortReason::Deadline
                          || code == QNetworkReply::OperationCanceledError
                          || code == QNetworkReply::TimeoutError;
    if (timedOut && !ex.sent)
        return Error{Outcome::NetworkError, 0,
                     u"could not reach %1: %2; nothing was sent"_s.arg(origin, reason)};
    // A read changes nothing on the server, so "no answer" is simply retryable.
    if (ex.request.method == "GET")
        return Error{Outcome::NetworkError, 0, u"no answer from %1: %2"_s.arg(origin, reason)};
    // Sent (or possibly sent: we only call it "not sent" when the error proves it) but not
    // answered: the server may or may not have acted on it.
    return Error{Outcome::UnknownOutcome, 0,
                 u"sent, but no answer — check status (%1)"_s.arg(reason)};
}

// A 2xx answer's JSON object, or the Error the answer amounts to.
std::optional<Error> jsonObjectOf(const HttpResult &result, QJsonObject *out, const QString &secret)
{
    if (result.failure)
        return result.failure;
    const api::HttpAnswer &a = result.answer;
    if (a.status < 200 || a.status >= 300)
        return errorFromAnswer(a, secret);
    if (a.bodyTooLarge)
        return malformedReply(a, u"body larger than 1 MiB"_s);
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(a.body, &error);
    if (error.error != QJsonParseError::NoError)
        return malformedReply(a, u"not JSON ("_s + error.errorString() + u')');
    if (!doc.isObject())
        return malformedReply(a, u"not a JSON object"_s);
    *out = doc.object();
    return std::nullopt;
}

} // namespace feather::api
