#pragma once

#include "core/types.h"
#include "devserver/jobsim.h"
#include "direct/directstore.h"

#include <QJsonObject>

namespace feather::devserver {

// The documented response schemas (feather-api.md §3; resources in openapi.json), written
// field for field with their names, types and nullability. Times are stamped to the second
// with a 'Z', as real servers do. `extensions` (--extensions) adds the devserver-only fields
// of earlier versions; no documented field depends on it.

QJsonValue wireTime(const QDateTime &t); // "2026-11-07T05:31:56Z" or null

QJsonObject knowledgeBaseJson(const KnowledgeBase &kb, bool extensions);
QJsonObject sourceJson(const Source &s, bool extensions);
QJsonObject syncStatusJson(const SyncStatus &s);
QJsonObject jobJson(const SyncJob &j, const JobCounts &counts, bool extensions);
QJsonObject jobSummaryJson(const SyncJob &j, const JobCounts &counts, const QString &itemTitle);
QJsonObject freshnessJson(const DirectStore::FreshnessRow &row, const JobCounts &counts,
                          const QDateTime &now);

} // namespace feather::devserver
