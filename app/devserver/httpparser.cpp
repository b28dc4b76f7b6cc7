#include "devserver/httpparser.h"

#include <QDateTime>
#include <QLocale>

namespace feather::devserver {

namespace {

bool isTokenChar(char c)
{
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
        return true;
    return QByteArrayView("!#$%&'*+-.^_`|~").contains(c);
}

bool isToken(QByteArrayView s)
{
    if (s.isEmpty())
        return false;
    for (const char c : s) {
        if (!isTokenChar(c))
            return false;
    }
    return true;
}

// Visible ASCII only: the target is logged and echoed, so no control bytes, no spaces.
bool isTargetChar(char c)
{
    return c > 0x20 && c < 0x7f;
}

bool isFieldValueChar(char c)
{
    const auto u = static_cast<unsigned char>(c);
    return u == '\t' || (u >= 0x20 && u != 0x7f);
}

HeadError bad(QByteArray message, int status = 400)
{
    return HeadError{status, std::move(message)};
}

// Splits "a, b ,c" into trimmed, lower-case elements.
QList<QByteArray> listElements(const QByteArray &value)
{
    QList<QByteArray> out;
    for (const QByteArray &part : value.split(',')) {
        const QByteArray t = part.trimmed().toLower();
        if (!t.isEmpty())
            out.append(t);
    }
    return out;
}

} // namespace

QByteArray HttpRequest::header(QByteArrayView lowerName) const
{
    for (const auto &[name, value] : headers) {
        if (name == lowerName)
            return value.isNull() ? QByteArray("") : value;
    }
    return {};
}

std::optional<HeadError> parseRequestHead(QByteArrayView head, HttpRequest *request)
{
    const qsizetype lineEnd = head.indexOf("\r\n");
    const QByteArrayView requestLine = lineEnd < 0 ? head : head.first(lineEnd);
    const qsizetype sp1 = requestLine.indexOf(' ');
    const qsizetype sp2 = sp1 < 0 ? -1 : requestLine.lastIndexOf(' ');
    if (sp1 <= 0 || sp2 <= sp1 + 1)
        return bad("malformed request line");
    const QByteArrayView method = requestLine.first(sp1);
    const QByteArrayView target = requestLine.sliced(sp1 + 1, sp2 - sp1 - 1);
    const QByteArrayView version = requestLine.sliced(sp2 + 1);
    if (!isToken(method))
        return bad("malformed method");
    for (const char c : target) {
        if (!isTargetChar(c))
            return bad("malformed request target");
    }
    if (version.size() != 8 || !version.startsWith("HTTP/") || version.at(6) != '.'
        || version.at(5) < '0' || version.at(5) > '9' || version.at(7) < '0' || version.at(7) > '9')
        return bad("malformed HTTP version");
    if (version.at(5) != '1')
        return bad("HTTP version not supported", 505);
    request->method = method.toByteArray();
    request->target = target.toByteArray();
    request->minorVersion = version.at(7) - '0';
    // origin-form only ("/path?query"); absolute-form is for proxies, asterisk-form for OPTIONS *.
    if (!target.startsWith('/'))
        return bad("the request target must start with /");
    const qsizetype q = target.indexOf('?');
    request->path = (q < 0 ? target : target.first(q)).toByteArray();
    request->hasQuery = q >= 0;
    request->query = q < 0 ? QByteArray() : target.sliced(q + 1).toByteArray();

    request->headers.clear();
    qsizetype pos = lineEnd < 0 ? head.size() : lineEnd + 2;
    while (pos < head.size()) {
        qsizetype end = head.indexOf("\r\n", pos);
        if (end < 0)
            end = head.size();
        const QByteArrayView line = head.sliced(pos, end - pos);
        pos = end + 2;
        if (line.startsWith(' ') || line.startsWith('\t'))
            return bad("obsolete header line folding");
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0 || !isToken(line.first(colon)))
            return bad("malformed header line");
        const QByteArrayView rawValue = line.sliced(colon + 1);
        for (const char c : rawValue) {
            if (!isFieldValueChar(c))
                return bad("control character in a header value");
        }
        request->headers.append(
            {line.first(colon).toByteArray().toLower(), rawValue.toByteArray().trimmed()});
    }

    // Framing: Content-Length (digits only, every copy equal) or chunked, never both.
    std::optional<qint64> length;
    bool transferEncoding = false;
    QList<QByteArray> connection;
    int hosts = 0;
    for (const auto &[name, value] : std::as_const(request->headers)) {
        if (name == "content-length") {
            if (value.isEmpty() || value.size() > 18)
                return bad("invalid Content-Length");
            for (const char c : value) {
                if (c < '0' || c > '9')
                    return bad("invalid Content-Length");
            }
            const qint64 v = value.toLongLong();
            if (length && *length != v)
                return bad("conflicting Content-Length headers");
            length = v;
        } else if (name == "transfer-encoding") {
            if (transferEncoding)
                return bad("repeated Transfer-Encoding header");
            transferEncoding = true;
            if (listElements(value) != QList<QByteArray>{QByteArrayLiteral("chunked")})
                return bad("only Transfer-Encoding: chunked is supported", 501);
        } else if (name == "connection") {
            connection += listElements(value);
        } else if (name == "host") {
            ++hosts;
        } else if (name == "expect") {
            if (value.toLower() != "100-continue")
                return bad("unsupported Expect header", 417);
            request->expectContinue = true;
        }
    }
    if (transferEncoding && length)
        return bad("both Content-Length and Transfer-Encoding");
    if (request->minorVersion >= 1 && hosts != 1)
        return bad("an HTTP/1.1 request needs exactly one Host header");
    request->chunked = transferEncoding;
    request->contentLength = length.value_or(0);
    request->keepAlive = request->minorVersion >= 1
                             ? !connection.contains(QByteArrayLiteral("close"))
                             : connection.contains(QByteArrayLiteral("keep-alive"));
    return std::nullopt;
}

qsizetype ChunkedDecoder::feed(QByteArrayView in, QByteArray *body)
{
    constexpr qsizetype maxLine = 4096;
    qsizetype pos = 0;
    auto fail = [this](QByteArray message, int status = 400) {
        m_error = HeadError{status, std::move(message)};
        m_state = State::Done;
    };
    while (pos < in.size() && !m_error && m_state != State::Done) {
        switch (m_state) {
        case State::Size:
        case State::Trailer:
        case State::DataEnd: {
            const qsizetype nl = in.indexOf('\n', pos);
            const qsizetype take = (nl < 0 ? in.size() : nl + 1) - pos;
            if (m_line.size() + take > maxLine) {
                fail("chunk line too long");
                break;
            }
            m_line += in.sliced(pos, take);
            pos += take;
            if (nl < 0)
                break;
            if (!m_line.endsWith("\r\n")) {
                fail("chunk lines must end with CRLF");
                break;
            }
            const QByteArray line = m_line.chopped(2);
            m_line.clear();
            if (m_state == State::DataEnd) {
                if (!line.isEmpty())
                    fail("chunk data longer than its size");
                else
                    m_state = State::Size;
            } else if (m_state == State::Trailer) {
                if (line.isEmpty())
                    m_state = State::Done;
            } else {
                const qsizetype semi = line.indexOf(';'); // chunk extensions are ignored
                const QByteArray hex = (semi < 0 ? line : line.first(semi)).trimmed();
                bool ok = !hex.isEmpty() && hex.size() <= 15;
                for (const char c : hex)
                    ok = ok && isxdigit(static_cast<unsigned char>(c));
                const qint64 size = ok ? hex.toLongLong(&ok, 16) : -1;
                if (!ok || size < 0) {
                    fail("malformed chunk size");
                } else if (body->size() + size > m_maxBody) {
                    fail("request body too large", 413);
                } else if (size == 0) {
                    m_state = State::Trailer;
                } else {
                    m_remaining = size;
                    m_state = State::Data;
                }
            }
            break;
        }
        case State::Data: {
            const qsizetype take = qMin<qint64>(m_remaining, in.size() - pos);
            body->append(in.sliced(pos, take));
            pos += take;
            m_remaining -= take;
            if (m_remaining == 0)
                m_state = State::DataEnd;
            break;
        }
        case State::Done:
            break;
        }
    }
    return pos;
}

QByteArray httpDate()
{
    static qint64 cachedSecond = -1;
    static QByteArray cached;
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    if (now != cachedSecond) {
        cachedSecond = now;
        cached = QLocale::c()
                     .toString(QDateTime::fromSecsSinceEpoch(now, Qt::UTC),
                               QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"))
                     .toLatin1();
    }
    return cached;
}

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 100:
        return "Continue";
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 202:
        return "Accepted";
    case 204:
        return "No Content";
    case 307:
        return "Temporary Redirect";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 408:
        return "Request Timeout";
    case 409:
        return "Conflict";
    case 411:
        return "Length Required";
    case 413:
        return "Content Too Large";
    case 417:
        return "Expectation Failed";
    case 422:
        return "Unprocessable Entity";
    case 429:
        return "Too Many Requests";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 501:
        return "Not Implemented";
    case 503:
        return "Service Unavailable";
    case 505:
        return "HTTP Version Not Supported";
    }
    return "Unknown";
}

} // namespace feather::devserver
