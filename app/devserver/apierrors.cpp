#include "devserver/apierrors.h"

#include <QJsonDocument>

namespace feather::devserver {

namespace {

constexpr qsizetype kMaxInputChars = 200;

ApiResponse reply(int status, const QJsonDocument &doc)
{
    ApiResponse r;
    r.status = status;
    r.body = doc.toJson(QJsonDocument::Compact);
    return r;
}

} // namespace

ApiResponse jsonReply(const QJsonObject &body, int status)
{
    return reply(status, QJsonDocument(body));
}

ApiResponse jsonReply(const QJsonArray &body, int status)
{
    return reply(status, QJsonDocument(body));
}

ApiResponse errorReply(int status, const QString &code, const QString &message,
                       const QJsonObject &extra)
{
    QJsonObject body = extra;
    body.insert(QStringLiteral("error"), code);
    body.insert(QStringLiteral("message"), message);
    return jsonReply(body, status);
}

ApiResponse detailReply(int status, const QString &detail)
{
    return jsonReply(QJsonObject{{QStringLiteral("detail"), detail}}, status);
}

ApiResponse badRequestReply(const QString &message)
{
    return errorReply(400, QStringLiteral("bad_request"), message);
}

QJsonValue boundedInput(const QJsonValue &value)
{
    if (value.isString()) {
        const QString s = value.toString();
        if (s.size() <= kMaxInputChars)
            return value;
        return QString(s.left(kMaxInputChars)
                       + QStringLiteral("… (%1 characters in all)").arg(s.size()));
    }
    if (!value.isArray() && !value.isObject())
        return value;
    const QByteArray json = value.isArray()
                                ? QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact)
                                : QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact);
    if (json.size() <= kMaxInputChars)
        return value;
    return QString(QString::fromUtf8(json.left(kMaxInputChars))
                   + QStringLiteral("… (%1 bytes of JSON in all)").arg(json.size()));
}

QJsonObject validationError(const QString &type, const QJsonArray &loc, const QString &msg,
                            const QJsonValue &input, const QJsonObject &ctx)
{
    QJsonObject entry{
        {QStringLiteral("type"), type},
        {QStringLiteral("loc"), loc},
        {QStringLiteral("msg"), msg},
        {QStringLiteral("input"), boundedInput(input)},
    };
    if (!ctx.isEmpty())
        entry.insert(QStringLiteral("ctx"), ctx);
    return entry;
}

ApiResponse validationReply(const QJsonArray &detail)
{
    return jsonReply(QJsonObject{{QStringLiteral("detail"), detail}}, 422);
}

ApiResponse apiErrorReply(Outcome outcome, const QString &message, const QJsonObject &extra)
{
    const OutcomeTraits &t = traits(outcome);
    return errorReply(t.httpStatus, QString::fromLatin1(t.apiError), message, extra);
}

ApiResponse storeErrorReply(const Error &error)
{
    switch (error.outcome) {
    case Outcome::NotFound:
    case Outcome::Invalid:
    case Outcome::AlreadySyncing:
    case Outcome::NotEligible:
    case Outcome::RateLimited:
    case Outcome::ServerError:
        return apiErrorReply(error.outcome, error.message);
    case Outcome::NetworkError: {
        // The database is unreachable: the caller may come back in a second.
        ApiResponse r = errorReply(
            503, QStringLiteral("database_unavailable"), error.message,
            QJsonObject{{QStringLiteral("retryable"), true}, {QStringLiteral("retry_after"), 1}});
        r.headers.append({QByteArrayLiteral("retry-after"), QByteArrayLiteral("1")});
        return r;
    }
    // The store's own login or grants failing is the server's problem, not the caller's key;
    // a lost COMMIT or a stopped statement is an internal error to the caller.
    case Outcome::Unauthorized:
    case Outcome::Forbidden:
    case Outcome::UnknownOutcome:
    case Outcome::Cancelled:
    case Outcome::Triggered: // not a failure: a store bug if it ever gets here
        break;
    }
    return apiErrorReply(Outcome::ServerError, error.message);
}

ApiResponse notFoundOr(const Error &error, const QString &notFoundMessage)
{
    return error.outcome == Outcome::NotFound ? notFoundReply(notFoundMessage)
                                              : storeErrorReply(error);
}

ApiResponse notFoundReply(const QString &message)
{
    return apiErrorReply(Outcome::NotFound, message);
}

ApiResponse notEligibleReply(const QString &sourceStatus, const QJsonObject &extra)
{
    return apiErrorReply(
        Outcome::NotEligible,
        QStringLiteral("Source is not eligible for sync: status is %1").arg(sourceStatus), extra);
}

QString sourceNotFoundMessage(const QString &kbId, const QString &sourceId)
{
    return QStringLiteral("Source %1 not found in knowledge base %2").arg(sourceId, kbId);
}

ApiResponse unauthorizedReply()
{
    return apiErrorReply(Outcome::Unauthorized,
                         QStringLiteral("No valid API key was provided. Pass your key in the "
                                        "x-api-key header."));
}

} // namespace feather::devserver
