#pragma once

#include <QByteArray>
#include <QHash>
#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSslCertificate>
#include <QSslKey>
#include <QUrl>
#include <functional>

class QTcpServer;
class QTcpSocket;

namespace feather::test {

// One HTTP/1.1 request as it arrived on the wire.
struct RecordedRequest {
    int connection = 0; // 1-based index of the TCP connection it came on
    QByteArray method;
    QByteArray path;                       // as sent, without the query
    QByteArray rawQuery;                   // as sent, still percent-encoded
    QHash<QByteArray, QByteArray> headers; // names lower-cased
    QByteArray body;

    QByteArray header(const QByteArray &name) const { return headers.value(name.toLower()); }
    QString queryValue(const QString &key) const; // fully percent-decoded ('+' stays '+')
};

// What the server does with one request.
struct ScriptedReply {
    enum class Kind {
        Respond,        // status line, headers, body
        CloseAfterRead, // read the request, then close the connection (FIN) without answering
        ResetAfterRead, // … or reset it (RST)
        NeverAnswer,    // keep the connection open and say nothing
        Trickle,        // headers at once, then the body one byte every trickleIntervalMs
    };
    Kind kind = Kind::Respond;
    int status = 200;
    QByteArray reason; // default: a standard phrase for `status`
    QList<std::pair<QByteArray, QByteArray>> headers;
    QByteArray body;
    bool closeAfter = false;      // close the connection after answering
    bool noContentLength = false; // body delimited by closing the connection (implies closeAfter)
    int delayMs = 0;              // wait this long before answering
    int trickleIntervalMs = 100;

    static ScriptedReply json(int status, const QByteArray &body,
                              QList<std::pair<QByteArray, QByteArray>> headers = {});
    static ScriptedReply of(Kind kind);
};

// A scripted HTTP/1.1 server on 127.0.0.1 over real sockets (plain or TLS), for testing the
// client's transport without mocking QNetworkAccessManager: it records every request with its
// headers, keeps connections alive unless told otherwise, and answers whatever the handler
// says: a status, a dropped connection, silence or a trickle.
class ScriptedHttpServer final : public QObject {
    Q_OBJECT
public:
    using Handler = std::function<ScriptedReply(const RecordedRequest &)>;

    explicit ScriptedHttpServer(QObject *parent = nullptr);
    ~ScriptedHttpServer() override;
    Q_DISABLE_COPY_MOVE(ScriptedHttpServer)

    bool listen(const QHostAddress &address = QHostAddress::LocalHost); // plain HTTP
    bool listenTls(const QSslCertificate &cert, const QSslKey &key);    // HTTPS

    // Stops accepting new connections; open ones stay (a server that died mid-request).
    void stopListening();
    quint16 port() const;
    QUrl baseUrl() const; // http(s)://127.0.0.1:<port>
    void setHandler(Handler handler) { m_handler = std::move(handler); }

    const QList<RecordedRequest> &requests() const { return m_requests; }
    int connectionCount() const { return m_connections; } // accepted (after TLS: handshaken)
    int maxOpenConnections() const { return m_maxOpen; }  // most open at one moment
    int tlsHandshakesStarted() const { return m_handshakesStarted; }
    int tlsHandshakeFailures() const { return m_handshakeFailures; }
    qint64 bytesReceived() const { return m_bytesReceived; } // application bytes (after TLS)

private:
    struct Connection {
        int index = 0;
        QByteArray buffer;
        bool busy = false; // a request is being answered
    };
    void accept(QTcpSocket *socket);
    void onReadable(QTcpSocket *socket);
    void answer(QTcpSocket *socket, const ScriptedReply &reply);

    QTcpServer *m_server = nullptr;
    bool m_tls = false;
    Handler m_handler;
    QList<RecordedRequest> m_requests;
    QHash<QTcpSocket *, Connection> m_open;
    int m_connections = 0;
    int m_maxOpen = 0;
    int m_handshakesStarted = 0;
    int m_handshakeFailures = 0;
    qint64 m_bytesReceived = 0;
};

// A self-signed certificate made with the openssl CLI, for `host` (default: 127.0.0.1 and
// localhost as subjectAltNames); `valid` false (and *why) when openssl failed.
struct TestCertificate {
    bool valid = false;
    QSslCertificate certificate;
    QSslKey key;
};
TestCertificate makeSelfSignedCertificate(const QString &directory, QString *why = nullptr,
                                          const QString &host = {});

} // namespace feather::test
