#pragma once

#include "api/apimapping.h"

#include <QByteArray>
#include <QList>
#include <QSslError>
#include <optional>

class QJsonObject;
class QNetworkReply;

// One HTTP exchange of HttpClient (api/httpclient.h): the request, its result, and how a
// finished QNetworkReply becomes that result (the classification rules, kept apart so the
// client itself is about queueing).
namespace feather::api {

struct HttpRequest {
    QByteArray method = "GET"; // GET, POST or PATCH
    QString path;              // appended to the base URL's path, starts with '/'
    QList<std::pair<QString, QString>>
        query;              // decoded; every byte outside [A-Za-z0-9-._~] is escaped
    QByteArray jsonBody;    // PATCH only
    QString idempotencyKey; // POST …/sync: the trigger id
    // Bodies beyond this are refused. The default fits every object and page; an unpaged
    // array (connectors freshness) asks for more.
    qint64 maxBodyBytes = MaxBodyBytes;
};

// One request's end: either a complete HTTP answer, or `failure` saying why there is none
// (network_error: nothing was sent, or a read got no answer; unknown_outcome: a write was
// sent but not answered; server_error: a redirect, which is never followed).
struct HttpResult {
    std::optional<Error> failure;
    HttpAnswer answer;
    bool sent = false; // Qt reported the request written (requestSent / uploadProgress)
    // Times Qt wrote this request: 2 or more means Qt re-sent it by itself after the
    // connection dropped (reliability §4.1), so the answer may be to a second copy.
    int copies = 0;
    // Our clock when the request was handed to Qt and when the answer was complete: with the
    // answer's Date header they bound the server clock's offset (api/serverclock.h).
    QDateTime localSentAt;
    QDateTime localReceivedAt;
    qint64 elapsedMs = 0;
    int attempts = 1; // requests sent for it (reads retried after 429/502/503/504)
};

// --- used by HttpClient only ---

enum class AbortReason { None, Deadline, TooLarge };

// What HttpClient saw of one exchange while it ran.
struct ReplyState {
    QByteArray method;
    bool sent = false;
    int copies = 0;           // times Qt reported the request written (Qt 6.4 re-sends on its own)
    bool oneShotBody = false; // a body-less write Qt cannot re-send (api/oneshotbody.h)
    bool newConnection = false; // Qt opened a connection for it (socketStartedConnecting)
    bool encrypted = false;     // ... and finished its TLS handshake
    QDateTime localSentAt;      // our clock when the request was handed to Qt
    AbortReason abortReason = AbortReason::None;
    QList<QSslError> sslErrors;
    QByteArray body; // at most maxBodyBytes + 1 bytes
    qint64 maxBodyBytes = MaxBodyBytes;
    qint64 elapsedMs = 0;
};

// What the classification may say about the transport (never the key itself, only to redact).
struct TransportFacts {
    QString origin;
    int deadlineMs = 0;
    int inactivityTimeoutMs = 0;
    QString secret;
};

HttpResult resultOfReply(QNetworkReply *reply, ReplyState &state, const TransportFacts &facts);

// A 2xx answer's JSON object in *out, or the Error the result amounts to (a transport failure,
// a non-2xx status, or a 2xx body that is too large, not JSON or not an object).
std::optional<Error> jsonObjectOf(const HttpResult &result, QJsonObject *out,
                                  const QString &secret);
// The same for a 2xx whose body is a bare JSON array.
std::optional<Error> jsonArrayOf(const HttpResult &result, QJsonArray *out, const QString &secret);

} // namespace feather::api
