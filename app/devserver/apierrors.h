#pragma once

#include "core/types.h"
#include "devserver/httptypes.h"

#include <QJsonArray>
#include <QJsonObject>

namespace feather::devserver {

// Handlers build HttpResponses directly: compact JSON bodies made on the worker thread.
using ApiResponse = HttpResponse;

ApiResponse jsonReply(const QJsonObject &body, int status = 200);
ApiResponse jsonReply(const QJsonArray &body, int status = 200);

// `{error, message}`: ErrorResponse, the shape of every non-422 API error (feather-api.md §4).
ApiResponse errorReply(int status, const QString &code, const QString &message,
                       const QJsonObject &extra = {});
// `{"detail": "..."}`: FastAPI's answer for routing errors (404 Not Found, 405).
ApiResponse detailReply(int status, const QString &detail);
// 400 {error:"bad_request", message}.
ApiResponse badRequestReply(const QString &message);

// The outcome's answer from the traits table (app/core/outcome.cpp): its HTTP status and
// ErrorResponse.error code, e.g. not_eligible → 409 {"error":"source_not_eligible", …}.
ApiResponse apiErrorReply(Outcome outcome, const QString &message, const QJsonObject &extra = {});

// One entry of a FastAPI HTTPValidationError (`detail[]`).
QJsonObject validationError(const QString &type, const QJsonArray &loc, const QString &msg,
                            const QJsonValue &input, const QJsonObject &ctx = {});
ApiResponse validationReply(const QJsonArray &detail);
// `value` itself when its JSON is short, else a string excerpt saying how long it was.
QJsonValue boundedInput(const QJsonValue &value);

// A store failure as an HTTP answer: outcomes about the request answer as the traits table
// says (not_found → 404, invalid → 400, …), database unreachable → 503 (with Retry-After),
// anything else → 500. The store's message is passed on verbatim; it never
// holds credentials (DirectStore's contract).
ApiResponse storeErrorReply(const Error &error);
// storeErrorReply, but a not-found answer carries `notFoundMessage`, worded like the API's.
ApiResponse notFoundOr(const Error &error, const QString &notFoundMessage);
ApiResponse notFoundReply(const QString &message);
// 409 {error:"source_not_eligible", message:"… status is paused"}: the guard admits only
// active and error sources, and this one is in neither state nor syncing.
ApiResponse notEligibleReply(const QString &sourceStatus, const QJsonObject &extra = {});
// The message for a source that is not in that knowledge base (or does not exist at all).
QString sourceNotFoundMessage(const QString &kbId, const QString &sourceId);

// 401 with the documented wording.
ApiResponse unauthorizedReply();

} // namespace feather::devserver
