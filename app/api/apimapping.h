#pragma once

#include "core/types.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonArray>
#include <QString>
#include <optional>

// Pure functions that turn an HTTP answer into the outcome taxonomy (DESIGN.md, "Outcomes").
// No I/O here, so every rule is unit-tested without a server (tests/unit/api).
namespace feather::api {

// Bodies larger than this are cut off: the reply is aborted once it exceeds the limit.
inline constexpr qint64 MaxBodyBytes = 1024 * 1024;

// A complete HTTP answer (status line, headers and body all arrived).
struct HttpAnswer {
    int status = 0;
    QByteArray reason; // reason phrase, for messages only
    QByteArray body;   // empty when bodyTooLarge
    bool bodyTooLarge = false;
    QByteArray retryAfter; // raw Retry-After header
    QByteArray date;       // raw Date header: the server's clock, for Retry-After dates
};

// What an error body says, in any of the shapes the API (or a proxy in front of it) uses:
// FastAPI {detail:[{loc,msg,type,…}]}, {detail:"text"}, {error,message}, {message}.
struct ErrorBody {
    QString message; // for humans, server text verbatim
    QString code;    // ErrorResponse.error ("rate_limited", …)
    QString jobId;   // job_id / last_sync_job_id / running_job_id when present
    QString status;  // status / source_status when present
    // The source's status when the body names one: source_status, or "… status is paused" in
    // the message (feather-devserver's source_not_eligible wording).
    QString sourceStatus;
    std::optional<qint64> retryAfterSeconds; // ErrorResponse.retry_after (API v1.90)
};

// nullopt when the body is not a JSON object or carries none of the known fields.
std::optional<ErrorBody> parseErrorBody(const QByteArray &body);

// FastAPI validation errors as "loc: msg" lines joined by "; " (loc elements joined by '.').
QString renderValidationDetail(const QJsonArray &detail);

// Whether an error body says a sync is already running / in progress.
bool saysAlreadyRunning(const ErrorBody &body);

// Whether an error body says the source is in a status the guard refuses (anything but
// active, error or syncing), or carries the source_not_eligible code without naming one.
bool saysNotEligible(const ErrorBody &body);

// The longest delay a server can ask for, in seconds: a Retry-After header has at most nine
// digits; an error body's retry_after is clamped to the same.
inline constexpr qint64 kMaxRetryAfterSeconds = 999'999'999;

// Retry-After as a delay in ms from `now`: delay-seconds or an HTTP-date (IMF-fixdate,
// RFC 850, asctime). Dates in the past give 0; negative numbers and garbage give nullopt.
std::optional<qint64> parseRetryAfter(const QByteArray &value, const QDateTime &now);
// An HTTP-date (the three forms above) as UTC; invalid for anything else.
QDateTime parseHttpDate(const QByteArray &value);

// The delay a 429/503 answer asks for, in ms: Retry-After (an HTTP-date is measured from the
// answer's Date header when it has one, so our clock's skew does not matter, else from `now`),
// else the body's retry_after; nullopt for other statuses or when neither says.
std::optional<qint64> requestedDelayMs(const HttpAnswer &answer, const QDateTime &now);

// The outcome for a non-2xx status (3xx are handled by the transport: never followed).
Outcome outcomeForStatus(int status, bool bodySaysAlreadyRunning);

// A non-2xx answer (or a 2xx whose body could not be used) as an Error. `secret` is redacted
// from anything the server wrote.
Error errorFromAnswer(const HttpAnswer &answer, const QString &secret);

// "malformed reply: <why>" for a 2xx whose body we cannot use.
Error malformedReply(const HttpAnswer &answer, const QString &why);

// The trigger's answer (DESIGN.md outcome table): 2xx + SyncTriggerResponse → triggered;
// 2xx without job_id → server_error "malformed reply"; 409 or a 4xx naming a source status
// other than active/error/syncing → not_eligible; 409 or a 4xx saying "already running" →
// already_syncing; 401/403/404/400/422/429/5xx as the table says.
TriggerResult triggerResultFromAnswer(const TriggerTarget &target, const HttpAnswer &answer,
                                      const QString &secret, const QDateTime &now);

} // namespace feather::api
