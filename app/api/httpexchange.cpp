#include "api/httpexchange.h"

#include "api/apiconfig.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkReply>

using namespace Qt::StringLiterals;

namespace feather::api {

namespace {

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

Error transportError(QNetworkReply *reply, const ReplyState &ex, const TransportFacts &facts)
{
    const QString &origin = facts.origin;
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
    if (code == QNetworkReply::ContentReSendError)
        reason = u"the server closed the connection; not re-sent"_s;
    else if (ex.abortReason == AbortReason::Deadline)
        reason = u"no complete answer within "_s + seconds(facts.deadlineMs);
    else if (code == QNetworkReply::OperationCanceledError || code == QNetworkReply::TimeoutError)
        reason = u"no data for "_s + seconds(facts.inactivityTimeoutMs);
    else if (code == QNetworkReply::RemoteHostClosedError)
        reason = u"the server closed the connection"_s;
    else
        reason = reply->errorString();

    // A timeout before Qt reported the request written: it never left (the connection or the
    // TLS handshake did not complete in time). A one-shot body write is never reported
    // written (api/oneshotbody.h): only a new TLS connection whose handshake never finished
    // proves it did not leave; otherwise it stays "possibly sent", and a lookup settles it.
    const bool timedOut = ex.abortReason == AbortReason::Deadline
                          || code == QNetworkReply::OperationCanceledError
                          || code == QNetworkReply::TimeoutError;
    const bool handshakeUnfinished =
        ex.newConnection && !ex.encrypted && reply->url().scheme() == u"https"_s;
    if (timedOut && !ex.sent && (!ex.oneShotBody || handshakeUnfinished))
        return Error{Outcome::NetworkError, 0,
                     u"could not reach %1: %2; nothing was sent"_s.arg(origin, reason)};
    // A read changes nothing on the server, so "no answer" is simply retryable.
    if (ex.method == "GET")
        return Error{Outcome::NetworkError, 0, u"no answer from %1: %2"_s.arg(origin, reason)};
    // Sent (or possibly sent: we only call it "not sent" when the error proves it) but not
    // answered: the server may or may not have acted on it.
    return Error{Outcome::UnknownOutcome, 0,
                 u"sent, but no answer — check status (%1)"_s.arg(reason)};
}

} // namespace

HttpResult resultOfReply(QNetworkReply *reply, ReplyState &ex, const TransportFacts &facts)
{
    // Qt only tries to re-send (and fails on our one-shot body) after writing the request.
    if (reply->error() == QNetworkReply::ContentReSendError)
        ex.sent = true;
    HttpResult result;
    result.sent = ex.sent;
    result.copies = ex.copies;
    result.localSentAt = ex.localSentAt;
    result.localReceivedAt = QDateTime::currentDateTimeUtc();
    result.elapsedMs = ex.elapsedMs;
    HttpAnswer &a = result.answer;
    a.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    a.reason = reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toByteArray();
    a.retryAfter = reply->rawHeader("Retry-After");
    a.date = reply->rawHeader("Date");

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
    result.failure = transportError(reply, ex, facts);
    result.failure->message = redacted(result.failure->message, facts.secret);
    return result;
}

namespace {

// A 2xx answer's JSON document, or the Error the answer amounts to.
std::optional<Error> jsonDocumentOf(const HttpResult &result, QJsonDocument *out,
                                    const QString &secret, const QString &tooLarge)
{
    if (result.failure)
        return result.failure;
    const api::HttpAnswer &a = result.answer;
    if (a.status < 200 || a.status >= 300) {
        Error e = errorFromAnswer(a, secret);
        if (result.attempts > 1) // the transport retried a 429/5xx read and gave up
            e.message += u" (after %1 attempts)"_s.arg(result.attempts);
        return e;
    }
    if (a.bodyTooLarge)
        return malformedReply(a, tooLarge);
    QJsonParseError error;
    *out = QJsonDocument::fromJson(a.body, &error);
    if (error.error != QJsonParseError::NoError)
        return malformedReply(a, u"not JSON ("_s + error.errorString() + u')');
    return std::nullopt;
}

} // namespace

std::optional<Error> jsonObjectOf(const HttpResult &result, QJsonObject *out, const QString &secret)
{
    QJsonDocument doc;
    if (std::optional<Error> e = jsonDocumentOf(result, &doc, secret, u"body larger than 1 MiB"_s))
        return e;
    if (!doc.isObject())
        return malformedReply(result.answer, u"not a JSON object"_s);
    *out = doc.object();
    return std::nullopt;
}

std::optional<Error> jsonArrayOf(const HttpResult &result, QJsonArray *out, const QString &secret)
{
    QJsonDocument doc;
    if (std::optional<Error> e =
            jsonDocumentOf(result, &doc, secret, u"body larger than the client accepts"_s))
        return e;
    if (!doc.isArray())
        return malformedReply(result.answer, u"not a JSON array"_s);
    *out = doc.array();
    return std::nullopt;
}

} // namespace feather::api
