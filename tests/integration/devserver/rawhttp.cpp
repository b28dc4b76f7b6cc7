#include "rawhttp.h"

#include <QDeadlineTimer>
#include <QTcpSocket>

namespace feather::test {

QByteArray rawRequest(const QByteArray &method, const QByteArray &target, const QByteArray &key,
                      const QByteArray &body, const QList<QByteArray> &extraHeaders)
{
    QByteArray out =
        method + ' ' + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
    if (!key.isEmpty())
        out += "x-api-key: " + key + "\r\n";
    for (const QByteArray &h : extraHeaders)
        out += h + "\r\n";
    if (!body.isNull())
        out += "Content-Type: application/json\r\nContent-Length: "
               + QByteArray::number(body.size()) + "\r\n";
    out += "\r\n" + body;
    return out;
}

RawReply rawExchange(quint16 port, const QByteArray &request, int timeoutMs)
{
    RawReply reply;
    QTcpSocket socket;
    socket.connectToHost(QStringLiteral("127.0.0.1"), port);
    if (!socket.waitForConnected(timeoutMs))
        return reply;
    socket.write(request);
    const QDeadlineTimer deadline(timeoutMs);
    QByteArray in;
    qsizetype headEnd = -1;
    qint64 length = -1;
    while (!deadline.hasExpired()) {
        if (headEnd < 0) {
            headEnd = in.indexOf("\r\n\r\n");
            if (headEnd >= 0) {
                const QList<QByteArray> lines = in.left(headEnd).split('\n');
                reply.status = lines.value(0).split(' ').value(1).toInt();
                for (qsizetype i = 1; i < lines.size(); ++i) {
                    const QByteArray line = lines.at(i).trimmed();
                    const qsizetype colon = line.indexOf(':');
                    if (colon > 0)
                        reply.headers.insert(line.left(colon).trimmed().toLower(),
                                             line.mid(colon + 1).trimmed());
                }
                length =
                    request.startsWith("HEAD ") ? 0 : reply.header("content-length").toLongLong();
            }
        }
        if (headEnd >= 0 && in.size() - headEnd - 4 >= length) {
            reply.body = in.mid(headEnd + 4, length);
            break;
        }
        if (socket.state() != QAbstractSocket::ConnectedState && socket.bytesAvailable() == 0)
            break;
        if (socket.bytesAvailable() > 0
            || socket.waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime()))))
            in += socket.readAll();
    }
    if (reply.status != 0)
        reply.closedByServer =
            socket.state() == QAbstractSocket::UnconnectedState || socket.waitForDisconnected(500);
    return reply;
}

} // namespace feather::test
