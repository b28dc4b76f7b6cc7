#pragma once

#include "api/apiconfig.h"
#include "api/apimapping.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QObject>
#include <QSslError>
#include <deque>
#include <functional>
#include <memory>
#include <optional>

class QJsonObject;
class QNetworkAccessManager;
class QNetworkReply;
class QTimer;

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
};

// The transport under ApiBackend: a pool of ceil(maxConnections / 6) QNetworkAccessManagers
// (Qt opens at most 6 connections per host per manager), at most maxConnections requests in
// flight, the rest queued here so a request's deadline only starts once it is really sent
// to Qt. Lives on one thread; callbacks run on it.
//
// Every request: x-api-key header, ManualRedirectPolicy (a 3xx is an error and nothing follows
// it, so the key never reaches another origin), HTTP/1.1 only (sent-tracking and Qt's resend
// behaviour are verified on HTTP/1.1, and the pool sizing assumes its 6-connection limit),
// the configured extra CAs added to the system ones, TLS errors reported and never ignored,
// an inactivity timeout (setTransferTimeout) plus an overall deadline (QTimer → abort), and
// bodies cut off at MaxBodyBytes.
class HttpClient final : public QObject {
    Q_OBJECT
public:
    using Callback = std::function<void(const HttpResult &)>;

    HttpClient(ApiConfig config, QUrl baseUrl, QObject *parent = nullptr);
    ~HttpClient() override;
    Q_DISABLE_COPY_MOVE(HttpClient)

    // `done` runs exactly once on this object's thread, unless the client is destroyed first.
    void send(HttpRequest request, Callback done);

    int managerCount() const { return int(m_managers.size()); }

private:
    enum class AbortReason { None, Deadline, TooLarge };
    struct Pending {
        HttpRequest request;
        Callback done;
    };
    struct Exchange {
        HttpRequest request;
        Callback done;
        int manager = 0;
        bool sent = false;
        AbortReason abortReason = AbortReason::None;
        QByteArray body;
        QList<QSslError> sslErrors;
        QElapsedTimer clock;
        QTimer *deadline = nullptr; // child of the reply
    };

    void dispatch();
    void start(Pending pending);
    int pickManager();
    void onReadyRead(QNetworkReply *reply);
    void onMetaData(QNetworkReply *reply);
    void refuseBody(QNetworkReply *reply);
    void onFinished(QNetworkReply *reply);
    HttpResult resultOf(QNetworkReply *reply, Exchange &exchange) const;
    Error transportError(QNetworkReply *reply, const Exchange &exchange) const;

    ApiConfig m_config;
    QUrl m_baseUrl;
    QList<QNetworkAccessManager *> m_managers;
    QList<int> m_load; // requests in flight per manager
    int m_next = 0;    // round-robin start among equally loaded managers
    std::deque<Pending> m_queue;
    QHash<QNetworkReply *, Exchange> m_inFlight;
};

// A 2xx answer's JSON object in *out, or the Error the result amounts to (a transport failure,
// a non-2xx status, or a 2xx body that is too large, not JSON or not an object).
std::optional<Error> jsonObjectOf(const HttpResult &result, QJsonObject *out,
                                  const QString &secret);

} // namespace feather::api
