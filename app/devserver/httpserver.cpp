#include "devserver/httpserver.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpServer>
#include <QTcpSocket>
#include <sys/socket.h>

namespace feather::devserver {

namespace {

constexpr qint64 kSocketReadBuffer = 64 * 1024;  // Qt stops reading from the kernel past this
constexpr qint64 kMaxDiscard = 16 * 1024 * 1024; // input thrown away while lingering

HttpResponse errorResponse(int status, const QByteArray &code, const QByteArray &message)
{
    HttpResponse r;
    r.status = status;
    r.body = QJsonDocument(QJsonObject{{QStringLiteral("error"), QString::fromLatin1(code)},
                                       {QStringLiteral("message"), QString::fromUtf8(message)}})
                 .toJson(QJsonDocument::Compact);
    r.close = true;
    return r;
}

QByteArray errorCode(int status)
{
    switch (status) {
    case 408:
        return "request_timeout";
    case 413:
        return "payload_too_large";
    case 417:
        return "expectation_failed";
    case 431:
        return "headers_too_large";
    case 501:
        return "not_implemented";
    case 503:
        return "server_busy";
    case 505:
        return "http_version_not_supported";
    }
    return "bad_request";
}

} // namespace

struct HttpServer::Connection {
    quint64 id = 0;
    QTcpSocket *socket = nullptr;
    State state = State::Idle;
    QByteArray in;         // read from the socket, not consumed yet
    qsizetype scanned = 0; // how far the end of the head has been searched for
    HttpRequest request;
    std::optional<ChunkedDecoder> chunked;
    qint64 bodyRemaining = 0;
    qint64 phaseStart = 0;   // when the current state began (ms on m_clock)
    qint64 requestStart = 0; // first byte of the request in progress
    bool closeAfterWrite = false;
    bool bodyUnread = false; // answered before the body was read: linger, then close
    qint64 discarded = 0;
    bool dead = false;
};

HttpServer::HttpServer(HttpLimits limits, HttpHandler *handler, QObject *parent)
    : QObject(parent)
    , m_limits(limits)
    , m_handler(handler)
{
    m_clock.start();
    m_sweep.setInterval(100);
    m_sweep.setTimerType(Qt::CoarseTimer);
    connect(&m_sweep, &QTimer::timeout, this, &HttpServer::sweep);
    m_resumeAccept.setSingleShot(true);
    connect(&m_resumeAccept, &QTimer::timeout, this, [this] {
        if (m_tcp)
            m_tcp->resumeAccepting();
    });
}

HttpServer::~HttpServer()
{
    shutdown();
}

quint16 HttpServer::listen(const QHostAddress &address, quint16 port, QString *why)
{
    m_tcp = new QTcpServer(this);
    // A burst of connections (h2load -c 2000) must wait in the kernel queue, not be refused.
    m_tcp->setListenBacklogSize(1024);
    m_tcp->setMaxPendingConnections(1024);
    if (!m_tcp->listen(address, port)) {
        if (why)
            *why = QStringLiteral("cannot listen on %1:%2: %3")
                       .arg(address.toString(), QString::number(port), m_tcp->errorString());
        delete m_tcp;
        m_tcp = nullptr;
        return 0;
    }
    connect(m_tcp, &QTcpServer::newConnection, this, &HttpServer::accept);
    connect(m_tcp, &QTcpServer::acceptError, this, [this](QAbstractSocket::SocketError) {
        // Out of file descriptors: stop the accept notifier from spinning, free an idle
        // connection if there is one, and try again shortly.
        m_tcp->pauseAccepting();
        evictIdle();
        m_resumeAccept.start(100);
    });
    return m_tcp->serverPort();
}

void HttpServer::shutdown()
{
    if (m_tcp) {
        m_tcp->close();
        delete m_tcp;
        m_tcp = nullptr;
    }
    for (auto &[id, c] : m_connections) {
        if (!c->dead) {
            c->socket->disconnect(this);
            c->socket->abort();
            c->socket->deleteLater();
        }
    }
    m_connections.clear();
    m_open = 0;
    m_sweep.stop();
}

void HttpServer::accept()
{
    while (m_tcp && m_tcp->hasPendingConnections()) {
        QTcpSocket *socket = m_tcp->nextPendingConnection();
        if (m_open >= m_limits.maxConnections && !evictIdle()) {
            // Every connection is busy: a definite, retryable answer instead of a hang.
            HttpResponse busy =
                errorResponse(503, "server_busy", "Too many open connections; retry shortly");
            busy.headers.append({QByteArrayLiteral("retry-after"), QByteArrayLiteral("1")});
            Connection c;
            c.socket = socket;
            write(c, busy);
            connect(socket, &QAbstractSocket::disconnected, socket, &QObject::deleteLater);
            socket->disconnectFromHost();
            continue;
        }
        auto c = std::make_unique<Connection>();
        const quint64 id = m_nextId++;
        c->id = id;
        c->socket = socket;
        c->phaseStart = now();
        socket->setReadBufferSize(kSocketReadBuffer);
        connect(socket, &QTcpSocket::readyRead, this, [this, id] { onReadable(id); });
        connect(socket, &QTcpSocket::bytesWritten, this, [this, id] { onWritten(id); });
        connect(socket, &QTcpSocket::disconnected, this, [this, id] { drop(id); });
        connect(socket, &QTcpSocket::errorOccurred, this, [this, id](QAbstractSocket::SocketError) {
            const auto it = m_connections.find(id);
            if (it != m_connections.end()
                && it->second->socket->state() == QAbstractSocket::UnconnectedState)
                drop(id);
        });
        m_connections.emplace(id, std::move(c));
        ++m_open;
        if (!m_sweep.isActive())
            m_sweep.start();
        if (socket->bytesAvailable() > 0)
            onReadable(id);
    }
}

bool HttpServer::evictIdle()
{
    Connection *oldest = nullptr;
    for (const auto &[id, c] : m_connections) {
        if (!c->dead && c->state == State::Idle && c->in.isEmpty()
            && (!oldest || c->phaseStart < oldest->phaseStart))
            oldest = c.get();
    }
    if (!oldest)
        return false;
    const quint64 id = oldest->id;
    oldest->socket->disconnectFromHost();
    drop(id);
    return true;
}

void HttpServer::onReadable(quint64 id)
{
    const auto it = m_connections.find(id);
    if (it != m_connections.end() && !it->second->dead)
        process(*it->second);
}

void HttpServer::onWritten(quint64 id)
{
    const auto it = m_connections.find(id);
    if (it == m_connections.end() || it->second->dead)
        return;
    Connection &c = *it->second;
    if (c.state == State::Writing && c.socket->bytesToWrite() == 0)
        finishWrite(c);
}

void HttpServer::process(Connection &c)
{
    for (;;) {
        if (c.dead)
            return;
        switch (c.state) {
        case State::Idle:
        case State::Head:
            if (!readHead(c))
                return;
            break;
        case State::Body:
            if (!readBody(c))
                return;
            break;
        case State::Handling:
        case State::Writing:
            return; // the rest stays in the socket (its buffer is capped: back-pressure)
        case State::Lingering:
            while (c.socket->bytesAvailable() > 0 && !c.dead) {
                c.discarded += c.socket->skip(c.socket->bytesAvailable());
                if (c.discarded > kMaxDiscard) {
                    c.socket->abort();
                    drop(c.id);
                }
            }
            return;
        }
    }
}

bool HttpServer::readHead(Connection &c)
{
    const qsizetype room = m_limits.maxHeadBytes + 4 - c.in.size();
    if (room > 0)
        c.in += c.socket->read(room);
    if (c.state == State::Idle) {
        // RFC 9112 §2.2: ignore empty lines before a request line.
        qsizetype skip = 0;
        while (skip < c.in.size() && (c.in.at(skip) == '\r' || c.in.at(skip) == '\n'))
            ++skip;
        c.in.remove(0, skip);
        if (c.in.isEmpty())
            return false;
        c.state = State::Head;
        c.phaseStart = c.requestStart = now();
        c.scanned = 0;
    }
    const qsizetype end = c.in.indexOf("\r\n\r\n", qMax<qsizetype>(0, c.scanned - 3));
    if (end < 0 || end > m_limits.maxHeadBytes) {
        c.scanned = c.in.size();
        if (c.in.size() > m_limits.maxHeadBytes) {
            c.request.method = "?";
            answerEarly(c,
                        errorResponse(431, "headers_too_large",
                                      "The request line and headers exceed "
                                          + QByteArray::number(m_limits.maxHeadBytes) + " bytes"));
        }
        return false;
    }
    HttpRequest request;
    request.connectionId = c.id;
    const std::optional<HeadError> error =
        parseRequestHead(QByteArrayView(c.in).first(end), &request);
    c.in.remove(0, end + 4);
    c.scanned = 0;
    c.request = std::move(request);
    if (error) {
        if (c.request.method.isEmpty())
            c.request.method = "?";
        answerEarly(c, errorResponse(error->status, errorCode(error->status), error->message));
        return false;
    }
    if (std::optional<HttpResponse> early = m_handler->inspectHead(c.request)) {
        answerEarly(c, std::move(*early));
        return false;
    }
    if (c.request.contentLength > m_limits.maxBodyBytes) {
        answerEarly(c, errorResponse(413, "payload_too_large",
                                     "The request body exceeds "
                                         + QByteArray::number(m_limits.maxBodyBytes) + " bytes"));
        return false;
    }
    const bool hasBody = c.request.chunked || c.request.contentLength > 0;
    if (hasBody && c.request.expectContinue)
        c.socket->write("HTTP/1.1 100 Continue\r\n\r\n");
    c.state = State::Body;
    c.phaseStart = now();
    c.bodyRemaining = c.request.contentLength;
    if (c.request.chunked)
        c.chunked.emplace(m_limits.maxBodyBytes);
    return true;
}

bool HttpServer::readBody(Connection &c)
{
    if (c.chunked) {
        for (;;) {
            if (c.in.isEmpty())
                c.in = c.socket->read(kSocketReadBuffer);
            if (c.in.isEmpty())
                return false;
            const qsizetype used = c.chunked->feed(c.in, &c.request.body);
            c.in.remove(0, used);
            if (const auto &error = c.chunked->error()) {
                answerEarly(c,
                            errorResponse(error->status, errorCode(error->status), error->message));
                return false;
            }
            if (c.chunked->done())
                break;
        }
    } else {
        const qint64 fromBuffer = qMin<qint64>(c.bodyRemaining, c.in.size());
        c.request.body += QByteArrayView(c.in).first(fromBuffer);
        c.in.remove(0, fromBuffer);
        c.bodyRemaining -= fromBuffer;
        if (c.bodyRemaining > 0) {
            const QByteArray more = c.socket->read(c.bodyRemaining);
            c.request.body += more;
            c.bodyRemaining -= more.size();
        }
        if (c.bodyRemaining > 0)
            return false;
    }
    c.state = State::Handling;
    c.phaseStart = now();
    HttpRequest request = c.request;
    c.request.body.clear();
    c.chunked.reset();
    m_handler->handleRequest(std::move(request));
    return true;
}

void HttpServer::answerEarly(Connection &c, HttpResponse response)
{
    // An announced body that was not (fully) read leaves the stream unusable: close after the
    // answer, lingering so the client can read it. So does any answer that closes mid-request.
    const bool bodyPending =
        c.state == State::Body
        || (c.state == State::Head && (c.request.chunked || c.request.contentLength > 0));
    response.close = response.close || bodyPending;
    c.bodyUnread = bodyPending || response.close;
    if (c.request.method.isEmpty())
        c.request.method = "?";
    write(c, response);
}

bool HttpServer::respond(quint64 connectionId, HttpResponse response)
{
    const auto it = m_connections.find(connectionId);
    if (it == m_connections.end() || it->second->dead || it->second->state != State::Handling)
        return false;
    write(*it->second, response);
    return true;
}

void HttpServer::write(Connection &c, const HttpResponse &response)
{
    const bool close = response.close || !c.request.keepAlive;
    QByteArray out;
    out.reserve(response.body.size() + 256);
    out += "HTTP/1.1 " + QByteArray::number(response.status) + ' ' + reasonPhrase(response.status)
           + "\r\ndate: " + httpDate() + "\r\nserver: feather-devserver\r\ncontent-length: "
           + QByteArray::number(response.body.size()) + "\r\n";
    if (!response.body.isEmpty())
        out += "content-type: " + response.contentType + "\r\n";
    for (const auto &[name, value] : response.headers)
        out += name + ": " + value + "\r\n";
    if (close)
        out += "connection: close\r\n";
    else if (c.request.minorVersion == 0)
        out += "connection: keep-alive\r\n";
    out += "\r\n";
    if (c.request.method != "HEAD")
        out += response.body;
    const qint64 written = c.socket->write(out);
    if (c.id == 0)
        return; // a connection refused at the cap: not tracked
    m_handler->answered(c.request, response.status, now() - c.requestStart, written == out.size());
    c.state = State::Writing;
    c.phaseStart = now();
    c.closeAfterWrite = close;
    if (c.socket->bytesToWrite() == 0)
        finishWrite(c);
}

void HttpServer::finishWrite(Connection &c)
{
    if (c.closeAfterWrite) {
        if (c.bodyUnread) {
            startLinger(c);
        } else {
            c.state = State::Lingering;
            c.phaseStart = now();
            c.socket->disconnectFromHost();
        }
        return;
    }
    c.state = State::Idle;
    c.phaseStart = now();
    c.request = HttpRequest();
    if (!c.in.isEmpty() || c.socket->bytesAvailable() > 0) {
        // A pipelined request: parse it from the event loop, not from inside this call.
        QMetaObject::invokeMethod(
            this, [this, id = c.id] { onReadable(id); }, Qt::QueuedConnection);
    }
}

void HttpServer::startLinger(Connection &c)
{
    // Half-close: the client reads our answer and sees EOF, while what it is still sending is
    // read and thrown away for a moment, so the kernel does not reset the connection (which
    // could destroy the answer before the client reads it). Nothing is buffered.
    c.state = State::Lingering;
    c.phaseStart = now();
    c.in.clear();
    ::shutdown(int(c.socket->socketDescriptor()), SHUT_WR);
    process(c);
}

void HttpServer::sweep()
{
    const qint64 t = now();
    std::vector<quint64> ids;
    ids.reserve(m_connections.size());
    for (const auto &entry : m_connections)
        ids.push_back(entry.first);
    for (const quint64 id : ids) {
        const auto it = m_connections.find(id);
        if (it == m_connections.end() || it->second->dead)
            continue;
        Connection &c = *it->second;
        const qint64 age = t - c.phaseStart;
        switch (c.state) {
        case State::Idle:
            if (age >= m_limits.idleTimeoutMs) {
                c.state = State::Lingering;
                c.phaseStart = t;
                c.socket->disconnectFromHost();
            }
            break;
        case State::Head:
            if (age >= m_limits.headerTimeoutMs)
                answerEarly(c, errorResponse(408, "request_timeout",
                                             "The request headers did not arrive in time"));
            break;
        case State::Body:
            if (age >= m_limits.requestTimeoutMs)
                answerEarly(c, errorResponse(408, "request_timeout",
                                             "The request body did not arrive in time"));
            break;
        case State::Handling:
            break;
        case State::Writing:
            if (age >= m_limits.requestTimeoutMs) {
                c.socket->abort();
                drop(id);
            }
            break;
        case State::Lingering:
            if (age >= m_limits.lingerMs) {
                c.socket->abort();
                drop(id);
            }
            break;
        }
    }
}

void HttpServer::drop(quint64 id)
{
    const auto it = m_connections.find(id);
    if (it == m_connections.end() || it->second->dead)
        return;
    Connection &c = *it->second;
    c.dead = true;
    --m_open;
    c.socket->disconnect(this);
    c.socket->abort();
    c.socket->deleteLater();
    // Erased from the event loop: callers up the stack may still hold a reference.
    QMetaObject::invokeMethod(
        this,
        [this, id] {
            m_connections.erase(id);
            if (m_connections.empty())
                m_sweep.stop();
        },
        Qt::QueuedConnection);
}

} // namespace feather::devserver
