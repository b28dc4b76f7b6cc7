#pragma once

#include "api/apiconfig.h"
#include "api/httpexchange.h"
#include "api/retrygate.h"

#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QNetworkRequest>
#include <QObject>
#include <QPointer>
#include <deque>
#include <functional>
#include <memory>
#include <optional>

class QNetworkAccessManager;
class QNetworkReply;
class QTimer;

namespace feather::api {

// The transport under ApiBackend: a pool of ceil(maxConnections / 6) QNetworkAccessManagers
// (Qt opens at most 6 connections per host per manager), at most maxConnections requests in
// flight, the rest queued here so a request's deadline only starts once it is really sent
// to Qt. Lives on one thread; callbacks run on it.
//
// Every request: x-api-key header, ManualRedirectPolicy (a 3xx is an error and nothing follows
// it, so the key never reaches another origin), HTTP/1.1 only (sent-tracking and Qt's resend
// behaviour are verified on HTTP/1.1, and the pool sizing assumes its 6-connection limit),
// a body-less write sent once per attempt (api/oneshotbody.h: Qt cannot re-send it),
// the configured extra CAs added to the system ones, TLS errors reported and never ignored,
// an inactivity timeout (setTransferTimeout) plus an overall deadline (QTimer → abort), and
// bodies cut off at MaxBodyBytes (Qt's own read buffer is capped too, so nothing buffers a
// body without bound).
//
// 429 / 502 / 503 / 504: see api/retrygate.h. Reads are re-sent by the transport (the caller
// sees one result, HttpResult::attempts says how many went out); a 429 holds every request of
// this client, queued ones included, until its delay has passed.
class HttpClient final : public QObject {
    Q_OBJECT
public:
    using Callback = std::function<void(const HttpResult &)>;

    HttpClient(ApiConfig config, QUrl baseUrl, QObject *parent = nullptr);
    ~HttpClient() override;
    Q_DISABLE_COPY_MOVE(HttpClient)

    // `done` runs exactly once on this object's thread, unless the client is destroyed first,
    // or `context` (when given) is: then the request is dropped, or aborted when in flight.
    void send(HttpRequest request, Callback done)
    {
        send(std::move(request), nullptr, std::move(done));
    }
    void send(HttpRequest request, QObject *context, Callback done);

    int managerCount() const { return int(m_managers.size()); }
    bool isHolding() const; // a 429 holds the client

private:
    struct Pending {
        HttpRequest request;
        Callback done;
        QPointer<QObject> context;
        bool bound = false; // a context was given: drop the request once it is gone
        int attempt = 1;
        bool alive() const { return !bound || context; }
    };
    struct Exchange {
        Pending pending;
        int manager = 0;
        quint64 serial = 0; // tells this exchange from a later one at a reused reply address
        ReplyState state;
        QElapsedTimer clock;
        QMetaObject::Connection contextGone;
    };
    // A request's overall deadline. Every request gets the same deadlineMs from its start, so
    // start order is deadline order: one timer for the front instead of a QTimer per request.
    struct Deadline {
        qint64 dueMs = 0; // on m_clock
        QNetworkReply *reply = nullptr;
        quint64 serial = 0;
    };

    void dispatch();
    void start(Pending pending);
    int pickManager();
    void onReadyRead(QNetworkReply *reply);
    void onMetaData(QNetworkReply *reply);
    void refuseBody(QNetworkReply *reply);
    void onFinished(QNetworkReply *reply);
    bool retryLater(Pending &pending, const HttpResult &result);
    void hold(qint64 ms);
    bool isLive(const Deadline &d) const;
    void armDeadline();
    void onDeadline();

    ApiConfig m_config;
    QUrl m_baseUrl;
    QString m_basePath;
    // What every request carries (headers, attributes, TLS configuration), built once: a copy
    // and setUrl per request instead of a dozen setters.
    QNetworkRequest m_template;
    bool m_tls = false; // https: the TLS signals are worth connecting
    TransportFacts m_facts;
    RetryGate m_gate;
    QList<QNetworkAccessManager *> m_managers;
    QList<int> m_load; // requests in flight per manager
    int m_next = 0;    // round-robin start among equally loaded managers
    std::deque<Pending> m_queue;
    QHash<QNetworkReply *, Exchange> m_inFlight;
    QHash<quint64, Pending> m_waiting; // reads waiting to go again, by ticket
    quint64 m_nextTicket = 0;
    QTimer *m_holdTimer = nullptr; // running while a 429 holds the client
    QElapsedTimer m_clock;
    QTimer *m_deadlineTimer = nullptr; // armed for the front of m_deadlines
    std::deque<Deadline> m_deadlines;  // in start order; finished ones are dropped lazily
    quint64 m_nextSerial = 0;
};

} // namespace feather::api
