#pragma once

#include "devserver/httpparser.h"
#include "devserver/httptypes.h"

#include <QElapsedTimer>
#include <QHostAddress>
#include <QObject>
#include <QTimer>
#include <memory>
#include <optional>
#include <unordered_map>

class QTcpServer;
class QTcpSocket;

namespace feather::devserver {

// What the HTTP layer asks of the application. All calls come on the server's thread.
class HttpHandler {
public:
    virtual ~HttpHandler() = default;
    // A request head was parsed and no body byte has been read yet: routing, the API key and
    // size checks belong here. A response returned here is sent at once; when the request
    // announced a body, that body is never read and the connection closes after the answer.
    virtual std::optional<HttpResponse> inspectHead(const HttpRequest &head) = 0;
    // The whole request is in: answer later, once, with HttpServer::respond().
    virtual void handleRequest(HttpRequest request) = 0;
    // Every answer the server wrote or tried to write (the request log).
    virtual void answered(const HttpRequest &head, int status, qint64 elapsedMs,
                          bool delivered) = 0;
};

// A small HTTP/1.1 server on QTcpServer: keep-alive, pipelining (one request at a time per
// connection), chunked request bodies, Expect: 100-continue, and the limits in HttpLimits.
// It replaces QAbstractHttpServer, which in Qt 6.4 reads every body whole before the
// application sees a header, has no timeouts and ignores Connection: close.
// Memory per connection is bounded: the socket read buffer is capped, a head by
// maxHeadBytes, a body by maxBodyBytes, and input after an early answer is discarded.
class HttpServer final : public QObject {
    Q_OBJECT
public:
    HttpServer(HttpLimits limits, HttpHandler *handler, QObject *parent = nullptr);
    ~HttpServer() override;
    Q_DISABLE_COPY_MOVE(HttpServer)

    // Port 0 picks a free one; returns the bound port, or 0 with the reason in *why.
    quint16 listen(const QHostAddress &address, quint16 port, QString *why);
    // Answers the request in progress on that connection; false (nothing written) when the
    // client has gone meanwhile.
    bool respond(quint64 connectionId, HttpResponse response);
    // Stops listening and closes every connection at once.
    void shutdown();
    int connectionCount() const { return int(m_connections.size()); }
    const HttpLimits &limits() const { return m_limits; }

private:
    struct Connection;
    enum class State { Idle, Head, Body, Handling, Writing, Lingering };

    void accept();
    void onReadable(quint64 id);
    void onWritten(quint64 id);
    void process(Connection &c);
    bool readHead(Connection &c);
    bool readBody(Connection &c);
    void answerEarly(Connection &c, HttpResponse response);
    void write(Connection &c, const HttpResponse &response);
    void finishWrite(Connection &c);
    void startLinger(Connection &c);
    void sweep();
    void drop(quint64 id);
    bool evictIdle();
    qint64 now() const { return m_clock.elapsed(); }

    const HttpLimits m_limits;
    HttpHandler *const m_handler;
    QTcpServer *m_tcp = nullptr;
    std::unordered_map<quint64, std::unique_ptr<Connection>> m_connections;
    quint64 m_nextId = 1;
    int m_open = 0; // connections not yet dropped
    QElapsedTimer m_clock;
    QTimer m_sweep;
    QTimer m_resumeAccept;
};

} // namespace feather::devserver
