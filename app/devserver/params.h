#pragma once

#include <QDateTime>
#include <QJsonArray>
#include <QString>
#include <QUrlQuery>
#include <optional>

namespace feather::devserver {

// Request parameters parsed the way FastAPI + pydantic v2 parse them, with their 422 entries.

// A UUID in any spelling pydantic accepts (hyphenated, 32 hex digits, {braced},
// urn:uuid:…; any case) → canonical lower case; nullopt with pydantic's reason otherwise.
std::optional<QString> parseUuid(const QString &text, QString *reason = nullptr);

// The uuid_parsing entry for `input` at loc [where, name].
QJsonObject uuidError(const QString &where, const QString &name, const QString &input);

// The last value of a query parameter (FastAPI takes the last), decoded; nullopt if absent.
std::optional<QString> queryValue(const QUrlQuery &query, const QString &key);

// `limit` (integer 1–200, default 50) with FastAPI's 422 entries appended to *detail, and the
// raw `cursor` (empty when absent).
struct PageParams {
    int limit = 50;
    QString cursor;
};
PageParams pageParams(const QUrlQuery &query, QJsonArray *detail);

// Opaque keyset cursors, base64url. A cursor that does not decode is a 400 (feather-api.md
// §3.6: "Errors: 400"), not a 422.
QString encodeIdCursor(const QString &lastId);
std::optional<QString> decodeIdCursor(const QString &cursor);
QString encodeJobCursor(const QDateTime &createdAt, const QString &id);
std::optional<std::pair<QDateTime, QString>> decodeJobCursor(const QString &cursor);
QString encodeIndexCursor(int nextIndex);
std::optional<int> decodeIndexCursor(const QString &cursor);

} // namespace feather::devserver
