#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>

namespace feather::devserver {

// Limits of the HTTP layer (feather-devserver's --max-body-bytes, --max-connections and the
// three timeouts). A client that breaks one gets a definite answer (413, 431, 408, 503) or a
// closed socket, never unbounded memory or an unbounded wait.
struct HttpLimits {
    qint64 maxBodyBytes = 1024 * 1024; // declared or chunked body; more → 413
    int maxHeadBytes = 16 * 1024;      // request line + headers; more → 431
    int maxConnections = 4096;         // open sockets; beyond it the longest-idle one goes
    int idleTimeoutMs = 5000;          // a connection with no request in progress
    int headerTimeoutMs = 10000;       // first byte of a request → end of its headers
    int requestTimeoutMs = 30000;      // end of headers → body read; and writing the answer
    int lingerMs = 1000;               // discarding input after an early answer, before close
};

using HeaderList = QList<QPair<QByteArray, QByteArray>>;

// One parsed request head (and, once read, its body). Header names are lower case.
struct HttpRequest {
    quint64 connectionId = 0;
    QByteArray method;
    QByteArray target; // the request-target as sent
    QByteArray path;   // its path, still percent-encoded
    QByteArray query;  // after '?', still percent-encoded; empty when absent
    bool hasQuery = false;
    int minorVersion = 1; // HTTP/1.x
    HeaderList headers;
    QByteArray body;
    bool keepAlive = true;
    bool chunked = false;
    qint64 contentLength = 0;
    bool expectContinue = false;

    // The first header of that name (lower case), or a null QByteArray.
    QByteArray header(QByteArrayView lowerName) const;
};

// One answer, built on any thread and written by the server thread.
struct HttpResponse {
    int status = 200;
    QByteArray body;
    QByteArray contentType = QByteArrayLiteral("application/json");
    HeaderList headers;
    bool close = false; // send Connection: close and close after writing
};

} // namespace feather::devserver
