#pragma once

#include "core/types.h"

#include <QJsonObject>
#include <optional>

// The API's objects as the client reads them: core/json.h's parsers plus a check of every id a
// later request may put in a path (docs/feather-api.md: all are `format: uuid`). An id that is
// not a UUID makes the object malformed, `why` naming the field, so it becomes an error row
// and never a request. Ids come back in canonical lower case.
namespace feather::api {

std::optional<KnowledgeBase> parseKnowledgeBase(const QJsonObject &o, QString *why);
std::optional<Source> parseSource(const QJsonObject &o, QString *why);
std::optional<SyncStatus> parseSyncStatus(const QJsonObject &o, QString *why);
std::optional<SyncJob> parseJob(const QJsonObject &o, QString *why);
// ConnectorFreshnessRow (§3.9): every required field present with its documented type. Its
// ids are plain strings there (never put in a path): UUIDs come back in canonical lower case
// so they match the sources' ids, anything else verbatim.
std::optional<ConnectorFreshness> parseFreshnessRow(const QJsonObject &o, QString *why);

} // namespace feather::api
