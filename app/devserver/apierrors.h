#pragma once

#include "core/types.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QPair>

namespace feather::devserver {

// One HTTP answer as a plain value: built on a worker thread, written to the socket on the
// server thread. Copyable on purpose (QHttpServerResponse is move-only and tied to Qt's own
// future plumbing; see DevServer::handleRequest).
struct ApiResponse {
    int status = 200;
    QJsonObject body;
    QList<QPair<QByteArray, QByteArray>> headers;
};

ApiResponse jsonReply(const QJsonObject &body, int status = 200);

// `{error, message}`: the ErrorResponse shape of every non-422 error (feather-api.md §4).
ApiResponse errorReply(int status, const QString &code, const QString &message,
                       const QJsonObject &extra = {});

// The outcome's answer from the traits table (app/core/outcome.cpp): its HTTP status and
// ErrorResponse.error code, e.g. not_eligible → 409 {"error":"source_not_eligible", …}.
ApiResponse apiErrorReply(Outcome outcome, const QString &message, const QJsonObject &extra = {});

// One entry of a FastAPI HTTPValidationError (`detail[]`).
QJsonObject validationError(const QString &type, const QJsonArray &loc, const QString &msg,
                            const QJsonValue &input, const QJsonObject &ctx = {});
ApiResponse validationReply(const QJsonArray &detail);

// The 422 entry for a path/query value that is not a UUID, with pydantic's wording.
QJsonObject uuidError(const QString &where, const QString &name, const QString &input);

// A store failure as an HTTP answer: outcomes about the request answer as the traits table
// says (not_found → 404, invalid → 400, …), database unreachable → 503 (with Retry-After),
// anything else → 500. The store's message is passed on verbatim; it never
// holds credentials (DirectStore's contract).
ApiResponse storeErrorReply(const Error &error);

// storeErrorReply, but a not-found answer carries `notFoundMessage`, worded like the API's.
ApiResponse notFoundOr(const Error &error, const QString &notFoundMessage);

// 404 {error:"not_found", message}.
ApiResponse notFoundReply(const QString &message);
// 409 {error:"source_not_eligible", message:"… status is paused"}: the guard admits only
// active and error sources, and this one is in neither state nor syncing.
ApiResponse notEligibleReply(const QString &sourceStatus);
// The message for a source that is not in that knowledge base (or does not exist at all).
QString sourceNotFoundMessage(const QString &kbId, const QString &sourceId);

// 401 with the documented wording.
ApiResponse unauthorizedReply();

} // namespace feather::devserver
