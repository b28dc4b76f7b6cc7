#pragma once

#include "core/types.h"

#include <QJsonObject>

namespace feather::json {

// The Feather API's JSON shapes (docs/feather-api.md §3), shared by the HTTP client (parsing),
// feather-devserver (writing) and featherctl --json. Parsers ignore unknown fields, accept
// null for optional ones and return std::nullopt only when a required field is missing or of
// the wrong type, with `why` saying which.

QString formatTime(const QDateTime &t);   // ISO-8601 UTC with ms and 'Z'; null → ""
QDateTime parseTime(const QJsonValue &v); // null/absent/garbage → invalid QDateTime

QJsonObject toJson(const KnowledgeBase &kb); // KnowledgeBaseResponse (+ source_status_counts)
QJsonObject toJson(const Source &s);     // SourceResponse (+ last_sync_status, last_error_message)
QJsonObject toJson(const SyncJob &j);    // IngestionJobResponse (+ knowledge_base_source_id …)
QJsonObject toJson(const SyncStatus &s); // SyncStatusResponse
QJsonObject toJson(const TriggerResult &r); // featherctl's resync row (DESIGN.md)

std::optional<KnowledgeBase> knowledgeBaseFromJson(const QJsonObject &o, QString *why = nullptr);
std::optional<Source> sourceFromJson(const QJsonObject &o, QString *why = nullptr);
std::optional<SyncJob> jobFromJson(const QJsonObject &o, QString *why = nullptr);
std::optional<SyncStatus> syncStatusFromJson(const QJsonObject &o, QString *why = nullptr);
std::optional<TriggerResult> triggerRowFromJson(const QJsonObject &o, QString *why = nullptr);

} // namespace feather::json
