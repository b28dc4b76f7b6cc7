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

// One entry of a FastAPI HTTPValidationError (`detail[]`). The input is echoed only as a
// bounded excerpt: a large body never comes back whole.
QJsonObject validationError(const QString &type, const QJsonArray &loc, const QString &msg,
                            const QJsonValue &input, const QJsonObject &ctx = {});
ApiResponse validationReply(const QJsonArray &detail);
// `value` itself when its JSON is short, else a string excerpt saying how long it was.
QJsonValue boundedInput(const QJsonValue &value);

// A store failure as an HTTP answer: not_found → 404, database unreachable → 503 (with
// Retry-After), invalid → 400, anything else → 500. The store's message is passed on
// verbatim; it never holds credentials (DirectStore's contract).
ApiResponse storeErrorReply(const Error &error);
// storeErrorReply, but a not-found answer carries `notFoundMessage`, worded like the API's.
ApiResponse notFoundOr(const Error &error, const QString &notFoundMessage);
ApiResponse notFoundReply(const QString &message);
QString sourceNotFoundMessage(const QString &kbId, const QString &sourceId);

// 401 with the documented wording.
ApiResponse unauthorizedReply();

} // namespace feather::devserver
