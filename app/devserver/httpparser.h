#pragma once

#include "devserver/httptypes.h"

#include <QByteArray>
#include <optional>

namespace feather::devserver {

// The HTTP/1.1 request head and chunked-body rules of RFC 9112, strict where leniency lets a
// request mean two things (request smuggling): no whitespace before a header colon, no line
// folding, Content-Length as plain digits only, never both Content-Length and
// Transfer-Encoding. Pure functions, unit-tested without sockets.

struct HeadError {
    int status = 400; // 400, 431, 501 or 505
    QByteArray message;
};

// Parses `head` (request line and header lines, each ending in CRLF, without the blank line
// that ends the head). Returns std::nullopt on success with *request filled, else the error.
std::optional<HeadError> parseRequestHead(QByteArrayView head, HttpRequest *request);

// Decodes a chunked body incrementally. feed() consumes what it can of `in` (appending data to
// *body) and returns the number of bytes consumed; done() once the last chunk and the trailer
// have been read. error() is set on malformed input or when the body would exceed the limit.
class ChunkedDecoder final {
public:
    explicit ChunkedDecoder(qint64 maxBody)
        : m_maxBody(maxBody)
    {}
    qsizetype feed(QByteArrayView in, QByteArray *body);
    bool done() const { return m_state == State::Done; }
    const std::optional<HeadError> &error() const { return m_error; }

private:
    enum class State { Size, Data, DataEnd, Trailer, Done };
    State m_state = State::Size;
    qint64 m_remaining = 0;
    qint64 m_maxBody;
    QByteArray m_line; // a size or trailer line in progress (bounded)
    std::optional<HeadError> m_error;
};

// "Sun, 06 Nov 1994 08:49:37 GMT" for now (cached per second; server thread only).
QByteArray httpDate();

// The reason phrase for the status codes this server sends.
QByteArray reasonPhrase(int status);

} // namespace feather::devserver
