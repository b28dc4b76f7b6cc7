#pragma once

#include <QByteArray>
#include <QHash>
#include <QJsonDocument>

namespace feather::test {

// One HTTP exchange on a raw socket, for requests QNetworkAccessManager will not send
// (a lying Content-Length, a malformed header, a head that never ends) and for reading the
// answer exactly as written.
struct RawReply {
    int status = 0;                        // 0: no answer
    QHash<QByteArray, QByteArray> headers; // lower-case names
    QByteArray body;
    bool closedByServer = false; // the server closed the connection after the answer
    QByteArray header(const QByteArray &name) const { return headers.value(name.toLower()); }
    QJsonDocument json() const { return QJsonDocument::fromJson(body); }
};

// Connects to 127.0.0.1:port, writes `request` as is, reads one answer (framed by
// Content-Length) and waits briefly to see whether the server closes. The body of a HEAD
// answer is not read.
RawReply rawExchange(quint16 port, const QByteArray &request, int timeoutMs = 15000);

// "METHOD TARGET HTTP/1.1" with Host, the key (when not empty), Connection: close, the extra
// header lines and, when `body` is not null, Content-Length and the body.
QByteArray rawRequest(const QByteArray &method, const QByteArray &target, const QByteArray &key,
                      const QByteArray &body = {}, const QList<QByteArray> &extraHeaders = {});

} // namespace feather::test
