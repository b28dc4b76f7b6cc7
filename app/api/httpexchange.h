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
};

// One request's end: either a complete HTTP answer, or `failure` saying why there is none
// (network_error: nothing was sent, or a read got no answer; unknown_outcome: a write was
// sent but not answered; server_error: a redirect, which is never followed).
struct HttpResult {
    std::optional<Error> failure;
    HttpAnswer answer;
    bool sent = false; // Qt reported the request written (requestSent / uploadProgress)
    qint64 elapsedMs = 0;
    int attempts = 1; // requests sent for it (reads retried after 429/502/503/504)
};

// --- used by HttpClient only ---

enum class AbortReason { None, Deadline, TooLarge };

// What HttpClient saw of one exchange while it ran.
struct ReplyState {
    QByteArray method;
    bool sent = false;
    AbortReason abortReason = AbortReason::None;
    QList<QSslError> sslErrors;
    QByteArray body; // at most MaxBodyBytes + 1 bytes
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

} // namespace feather::api
