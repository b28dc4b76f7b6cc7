#include "scriptedhttpserver.h"

#include <QFile>
#include <QProcess>
#include <QSslServer>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace feather::test {

namespace {

QByteArray standardReason(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 202:
        return "Accepted";
    case 301:
        return "Moved Permanently";
    case 302:
        return "Found";
    case 303:
        return "See Other";
    case 307:
        return "Temporary Redirect";
    case 308:
        return "Permanent Redirect";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 409:
        return "Conflict";
    case 422:
        return "Unprocessable Entity";
    case 429:
        return "Too Many Requests";
    case 500:
        return "Internal Server Error";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    default:
        return "Status";
    }
}

} // namespace

QString RecordedRequest::queryValue(const QString &key) const
{
    for (const QByteArray &pair : rawQuery.split('&')) {
        const qsizetype eq = pair.indexOf('=');
        if (QByteArray::fromPercentEncoding(pair.left(eq)) == key.toUtf8())
            return QString::fromUtf8(
                QByteArray::fromPercentEncoding(eq < 0 ? QByteArray() : pair.mid(eq + 1)));
    }
    return {};
}

ScriptedReply ScriptedReply::json(int status, const QByteArray &body,
                                  QList<std::pair<QByteArray, QByteArray>> headers)
{
    ScriptedReply r;
    r.status = status;
    r.body = body;
    r.headers = std::move(headers);
    r.headers.append(std::pair<QByteArray, QByteArray>("Content-Type", "application/json"));
    return r;
}

ScriptedReply ScriptedReply::of(Kind kind)
{
    ScriptedReply r;
    r.kind = kind;
    return r;
}

ScriptedHttpServer::ScriptedHttpServer(QObject *parent)
    : QObject(parent)
{}

ScriptedHttpServer::~ScriptedHttpServer()
{
    for (auto it = m_open.begin(); it != m_open.end(); ++it) {
        it.key()->disconnect(this);
        it.key()->abort();
    }
}

bool ScriptedHttpServer::listen(const QHostAddress &address)
{
    m_server = new QTcpServer(this);
    connect(m_server, &QTcpServer::pendingConnectionAvailable, this, [this] {
        while (QTcpSocket *s = m_server->nextPendingConnection())
            accept(s);
    });
    return m_server->listen(address, 0);
}

bool ScriptedHttpServer::listenTls(const QSslCertificate &cert, const QSslKey &key)
{
    auto *server = new QSslServer(this);
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    config.setLocalCertificate(cert);
    config.setPrivateKey(key);
    config.setPeerVerifyMode(QSslSocket::VerifyNone);
    server->setSslConfiguration(config);
    connect(server, &QSslServer::startedEncryptionHandshake, this,
            [this] { ++m_handshakesStarted; });
    connect(server, &QSslServer::errorOccurred, this, [this] { ++m_handshakeFailures; });
    m_server = server;
    m_tls = true;
    connect(m_server, &QTcpServer::pendingConnectionAvailable, this, [this] {
        while (QTcpSocket *s = m_server->nextPendingConnection())
            accept(s);
    });
    return m_server->listen(QHostAddress::LocalHost, 0);
}

void ScriptedHttpServer::stopListening()
{
    m_server->close();
}

quint16 ScriptedHttpServer::port() const
{
    return m_server ? m_server->serverPort() : 0;
}

QUrl ScriptedHttpServer::baseUrl() const
{
    return QUrl((m_tls ? u"https://127.0.0.1:"_s : u"http://127.0.0.1:"_s)
                + QString::number(port()));
}

void ScriptedHttpServer::accept(QTcpSocket *socket)
{
    Connection c;
    c.index = ++m_connections;
    m_open.insert(socket, c);
    m_maxOpen = std::max(m_maxOpen, int(m_open.size()));
    connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadable(socket); });
    connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
        m_open.remove(socket);
        socket->deleteLater();
    });
    if (socket->bytesAvailable() > 0)
        onReadable(socket);
}

void ScriptedHttpServer::onReadable(QTcpSocket *socket)
{
    auto it = m_open.find(socket);
    if (it == m_open.end())
        return;
    const QByteArray chunk = socket->readAll();
    m_bytesReceived += chunk.size();
    it->buffer += chunk;
    while (!it->busy) {
        const qsizetype end = it->buffer.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        RecordedRequest r;
        r.connection = it->index;
        const QList<QByteArray> lines = it->buffer.left(end).split('\n');
        const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
        r.method = requestLine.value(0);
        const QByteArray target = requestLine.value(1);
        const qsizetype q = target.indexOf('?');
        r.path = q < 0 ? target : target.left(q);
        r.rawQuery = q < 0 ? QByteArray() : target.mid(q + 1);
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines[i].indexOf(':');
            if (colon > 0)
                r.headers.insert(lines[i].left(colon).trimmed().toLower(),
                                 lines[i].mid(colon + 1).trimmed());
        }
        const qsizetype length = r.header("content-length").toLongLong();
        if (it->buffer.size() < end + 4 + length)
            return;
        r.body = it->buffer.mid(end + 4, length);
        it->buffer.remove(0, end + 4 + length);
        m_requests << r;
        it->busy = true;
        const ScriptedReply reply = m_handler ? m_handler(r) : ScriptedReply::json(404, "{}");
        if (reply.delayMs > 0) {
            QPointer<QTcpSocket> guard(socket);
            QTimer::singleShot(reply.delayMs, this, [this, guard, reply] {
                if (guard)
                    answer(guard, reply);
            });
            return;
        }
        answer(socket, reply);
        it = m_open.find(socket);
        if (it == m_open.end())
            return;
    }
}

void ScriptedHttpServer::answer(QTcpSocket *socket, const ScriptedReply &reply)
{
    using Kind = ScriptedReply::Kind;
    switch (reply.kind) {
    case Kind::CloseAfterRead:
        socket->disconnectFromHost();
        return;
    case Kind::ResetAfterRead:
        socket->abort();
        return;
    case Kind::NeverAnswer:
        return;
    case Kind::Respond:
    case Kind::Trickle:
        break;
    }
    QByteArray head = "HTTP/1.1 " + QByteArray::number(reply.status) + ' '
                      + (reply.reason.isEmpty() ? standardReason(reply.status) : reply.reason)
                      + "\r\n";
    bool hasLength = false;
    for (const auto &[name, value] : reply.headers) {
        head += name + ": " + value + "\r\n";
        hasLength = hasLength || name.compare("content-length", Qt::CaseInsensitive) == 0;
    }
    if (!hasLength && !reply.noContentLength)
        head += "Content-Length: " + QByteArray::number(reply.body.size()) + "\r\n";
    const bool close = reply.closeAfter || reply.noContentLength;
    if (close)
        head += "Connection: close\r\n";
    head += "\r\n";
    if (reply.kind == Kind::Trickle) {
        socket->write(head);
        auto *timer = new QTimer(socket);
        auto sent = std::make_shared<qsizetype>(0);
        connect(timer, &QTimer::timeout, socket, [socket, timer, sent, body = reply.body] {
            if (*sent >= body.size()) {
                timer->stop();
                return;
            }
            socket->write(body.mid((*sent)++, 1));
        });
        timer->start(reply.trickleIntervalMs);
        return;
    }
    socket->write(head + reply.body);
    if (close) {
        socket->disconnectFromHost();
        return;
    }
    auto it = m_open.find(socket);
    if (it != m_open.end()) {
        it->busy = false;
        if (!it->buffer.isEmpty())
            QTimer::singleShot(0, this, [this, guard = QPointer<QTcpSocket>(socket)] {
                if (guard)
                    onReadable(guard);
            });
    }
}

TestCertificate makeSelfSignedCertificate(const QString &directory, QString *why,
                                          const QString &host)
{
    const QString subject = host.isEmpty() ? u"/CN=127.0.0.1"_s : u"/CN="_s + host;
    const QString altNames = host.isEmpty() ? u"subjectAltName=IP:127.0.0.1,DNS:localhost"_s
                                            : u"subjectAltName=DNS:"_s + host;
    TestCertificate out;
    const QString certPath = directory + u"/cert.pem"_s;
    const QString keyPath = directory + u"/key.pem"_s;
    QProcess openssl;
    openssl.start(u"openssl"_s, {u"req"_s, u"-x509"_s, u"-newkey"_s, u"rsa:2048"_s, u"-nodes"_s,
                                 u"-days"_s, u"2"_s, u"-subj"_s, subject, u"-addext"_s, altNames,
                                 u"-keyout"_s, keyPath, u"-out"_s, certPath});
    if (!openssl.waitForFinished(60000) || openssl.exitCode() != 0) {
        if (why)
            *why = u"openssl failed: "_s + QString::fromLocal8Bit(openssl.readAllStandardError());
        return out;
    }
    QFile certFile(certPath), keyFile(keyPath);
    if (!certFile.open(QIODevice::ReadOnly) || !keyFile.open(QIODevice::ReadOnly)) {
        if (why)
            *why = u"cannot read the generated certificate"_s;
        return out;
    }
    out.certificate = QSslCertificate(certFile.readAll(), QSsl::Pem);
    out.key = QSslKey(keyFile.readAll(), QSsl::Rsa, QSsl::Pem);
    out.valid = !out.certificate.isNull() && !out.key.isNull();
    if (!out.valid && why)
        *why = u"the generated certificate or key did not load"_s;
    return out;
}

} // namespace feather::test
