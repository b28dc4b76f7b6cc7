#include "devserver/params.h"

#include "devserver/apierrors.h"

namespace feather::devserver {

namespace {

bool isHex(QChar c)
{
    return (c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f') || (c >= u'A' && c <= u'F');
}

// The uuid crate's diagnosis (pydantic-core parses with it): which rule `body` breaks;
// `offset` is where body starts in the input (for 1-based character positions).
QString diagnose(const QString &body, qsizetype offset)
{
    for (qsizetype i = 0; i < body.size(); ++i) {
        if (!isHex(body.at(i)) && body.at(i) != u'-')
            return QStringLiteral("invalid character: expected an optional prefix of `urn:uuid:` "
                                  "followed by [0-9a-fA-F-], found `%1` at %2")
                .arg(body.at(i))
                .arg(offset + i + 1);
    }
    const QStringList groups = body.split(u'-');
    if (groups.size() == 1)
        return QStringLiteral("invalid length: expected length 32 for simple format, found %1")
            .arg(body.size());
    if (groups.size() != 5)
        return QStringLiteral("invalid group count: expected 5, found %1").arg(groups.size());
    static const int expected[5] = {8, 4, 4, 4, 12};
    for (int g = 0; g < 5; ++g) {
        if (groups.at(g).size() != expected[g])
            return QStringLiteral("invalid group length in group %1: expected %2, found %3")
                .arg(g)
                .arg(expected[g])
                .arg(groups.at(g).size());
    }
    return QStringLiteral("invalid length: expected length 32 for simple format, found %1")
        .arg(body.size());
}

QString b64(const QByteArray &raw)
{
    return QString::fromLatin1(
        raw.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

std::optional<QByteArray> unb64(const QString &cursor)
{
    if (cursor.isEmpty() || cursor.size() > 200)
        return std::nullopt;
    const auto decoded = QByteArray::fromBase64Encoding(
        cursor.toLatin1(), QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return std::nullopt;
    return *decoded;
}

} // namespace

std::optional<QString> parseUuid(const QString &text, QString *reason)
{
    QString body = text;
    qsizetype offset = 0;
    if (body.startsWith(QLatin1String("urn:uuid:"))) {
        body = body.mid(9);
        offset = 9;
    } else if (body.size() == 38 && body.startsWith(u'{') && body.endsWith(u'}')) {
        body = body.mid(1, 36);
        offset = 1;
    }
    QString hex;
    bool ok = false;
    if (body.size() == 32) {
        hex = body;
        ok = true;
    } else if (body.size() == 36 && body.at(8) == u'-' && body.at(13) == u'-' && body.at(18) == u'-'
               && body.at(23) == u'-') {
        hex = QString(body).remove(u'-');
        ok = hex.size() == 32;
    }
    for (const QChar c : std::as_const(hex))
        ok = ok && isHex(c);
    if (ok) {
        hex = hex.toLower();
        return hex.left(8) + u'-' + hex.mid(8, 4) + u'-' + hex.mid(12, 4) + u'-' + hex.mid(16, 4)
               + u'-' + hex.mid(20);
    }
    if (reason)
        *reason = diagnose(body, offset);
    return std::nullopt;
}

QJsonObject uuidError(const QString &where, const QString &name, const QString &input)
{
    QString reason;
    parseUuid(input, &reason);
    return validationError(QStringLiteral("uuid_parsing"), QJsonArray{where, name},
                           QStringLiteral("Input should be a valid UUID, ") + reason, input);
}

std::optional<QString> queryValue(const QUrlQuery &query, const QString &key)
{
    if (!query.hasQueryItem(key))
        return std::nullopt;
    const QStringList values = query.allQueryItemValues(key, QUrl::FullyDecoded);
    return values.isEmpty() ? QString() : values.constLast();
}

PageParams pageParams(const QUrlQuery &query, QJsonArray *detail)
{
    PageParams page;
    const QJsonArray limitLoc{QStringLiteral("query"), QStringLiteral("limit")};
    if (const auto text = queryValue(query, QStringLiteral("limit"))) {
        bool ok = false;
        const qlonglong value = text->trimmed().toLongLong(&ok);
        if (!ok) {
            detail->append(validationError(
                QStringLiteral("int_parsing"), limitLoc,
                QStringLiteral(
                    "Input should be a valid integer, unable to parse string as an integer"),
                *text));
        } else if (value < 1) {
            detail->append(
                validationError(QStringLiteral("greater_than_equal"), limitLoc,
                                QStringLiteral("Input should be greater than or equal to 1"), *text,
                                QJsonObject{{QStringLiteral("ge"), 1}}));
        } else if (value > 200) {
            detail->append(
                validationError(QStringLiteral("less_than_equal"), limitLoc,
                                QStringLiteral("Input should be less than or equal to 200"), *text,
                                QJsonObject{{QStringLiteral("le"), 200}}));
        } else {
            page.limit = int(value);
        }
    }
    page.cursor = queryValue(query, QStringLiteral("cursor")).value_or(QString());
    return page;
}

QString encodeIdCursor(const QString &lastId)
{
    return b64(lastId.toLatin1());
}

std::optional<QString> decodeIdCursor(const QString &cursor)
{
    const auto raw = unb64(cursor);
    if (!raw || raw->size() != 36)
        return std::nullopt;
    return parseUuid(QString::fromLatin1(*raw));
}

QString encodeJobCursor(const QDateTime &createdAt, const QString &id)
{
    return b64("j:" + QByteArray::number(createdAt.toMSecsSinceEpoch()) + ':' + id.toLatin1());
}

std::optional<std::pair<QDateTime, QString>> decodeJobCursor(const QString &cursor)
{
    const auto raw = unb64(cursor);
    if (!raw)
        return std::nullopt;
    const QList<QByteArray> parts = raw->split(':');
    if (parts.size() != 3 || parts.at(0) != "j")
        return std::nullopt;
    bool ok = false;
    const qint64 ms = parts.at(1).toLongLong(&ok);
    const auto id = parseUuid(QString::fromLatin1(parts.at(2)));
    if (!ok || !id)
        return std::nullopt;
    return std::pair{QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC), *id};
}

QString encodeIndexCursor(int nextIndex)
{
    return b64("d:" + QByteArray::number(nextIndex));
}

std::optional<int> decodeIndexCursor(const QString &cursor)
{
    const auto raw = unb64(cursor);
    if (!raw || !raw->startsWith("d:"))
        return std::nullopt;
    bool ok = false;
    const int index = raw->mid(2).toInt(&ok);
    if (!ok || index < 0)
        return std::nullopt;
    return index;
}

} // namespace feather::devserver
