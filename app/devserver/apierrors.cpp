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

ApiResponse storeErrorReply(const Error &error)
{
    switch (error.outcome) {
    case Outcome::NotFound:
        return notFoundReply(error.message);
    case Outcome::Invalid:
        return badRequestReply(error.message);
    case Outcome::NetworkError: {
        ApiResponse r = errorReply(
            503, QStringLiteral("database_unavailable"), error.message,
            QJsonObject{{QStringLiteral("retryable"), true}, {QStringLiteral("retry_after"), 1}});
        r.headers.append({QByteArrayLiteral("retry-after"), QByteArrayLiteral("1")});
        return r;
    }
    case Outcome::Triggered:
    case Outcome::AlreadySyncing:
    case Outcome::Unauthorized:
    case Outcome::Forbidden:
    case Outcome::RateLimited:
    case Outcome::ServerError:
    case Outcome::UnknownOutcome:
    case Outcome::Cancelled:
        break;
    }
    return errorReply(500, QStringLiteral("internal_error"), error.message);
}

ApiResponse notFoundOr(const Error &error, const QString &notFoundMessage)
{
    return error.outcome == Outcome::NotFound ? notFoundReply(notFoundMessage)
                                              : storeErrorReply(error);
}

ApiResponse notFoundReply(const QString &message)
{
    return errorReply(404, QStringLiteral("not_found"), message);
}

QString sourceNotFoundMessage(const QString &kbId, const QString &sourceId)
{
    return QStringLiteral("Source %1 not found in knowledge base %2").arg(sourceId, kbId);
}

ApiResponse unauthorizedReply()
{
    return errorReply(401, QStringLiteral("authentication_required"),
                      QStringLiteral("No valid API key was provided. Pass your key in the "
                                     "x-api-key header."));
}

} // namespace feather::devserver
