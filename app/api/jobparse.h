#pragma once

#include "core/jobtypes.h"

#include <QJsonObject>
#include <optional>

// The ingestion-job list rows, job documents and job log groups as the client reads them
// (feather-api.md §3.7): required fields present with their documented types, every id that a
// later request may put in a path a UUID (canonical lower case), anything else verbatim.
namespace feather::api {

// IngestionJobSummaryResponse: required id, job_type, status, created_at.
std::optional<JobHistoryEntry> parseJobSummary(const QJsonObject &o, QString *why);
// IngestionJobDocumentResponse: required document_id (nullable) and status.
std::optional<JobDocument> parseJobDocument(const QJsonObject &o, QString *why);
// DocumentLogGroup: required document_id (nullable), status, logs (IngestionTaskLogResponse:
// required id, task_name, status, started_at).
std::optional<JobLogGroup> parseJobLogGroup(const QJsonObject &o, QString *why);

} // namespace feather::api
