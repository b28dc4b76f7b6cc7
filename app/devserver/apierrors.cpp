#include "devserver/apierrors.h"

namespace feather::devserver {

ApiResponse jsonReply(const QJsonObject &body, int status)
{
    return ApiResponse{status, body, {}};
}

ApiResponse errorReply(int status, const QString &code, const QString &message,
                       const QJsonObject &extra)
{
    QJsonObject body = extra;
    body.insert(QStringLiteral("error"), code);
    body.insert(QStringLiteral("message"), message);
    return ApiResponse{status, body, {}};
}

QJsonObject validationError(const QString &type, const QJsonArray &loc, const QString &msg,
                            const QJsonValue &input, const QJsonObject &ctx)
{
    QJsonObject entry{
        {QStringLiteral("type"), type},
        {QStringLiteral("loc"), loc},
        {QStringLiteral("msg"), msg},
        {QStringLiteral("input"), input},
    };
    if (!ctx.isEmpty())
        entry.insert(QStringLiteral("ctx"), ctx);
    return entry;
}

ApiResponse validationReply(const QJsonArray &detail)
{
    return ApiResponse{422, QJsonObject{{QStringLiteral("detail"), detail}}, {}};
}

QJsonObject uuidError(const QString &where, const QString &name, const QString &input)
{
    // pydantic's two messages for a str that is not a UUID: wrong length first, then the
    // first offending character.
    static const QString allowed = QStringLiteral("0123456789abcdefABCDEF-");
    QString reason;
    const qsizetype bad = [&] {
        for (qsizetype i = 0; i < input.size(); ++i) {
            if (!allowed.contains(input.at(i)))
                return i;
        }
        return qsizetype(-1);
    }();
    if (bad >= 0) {
        reason = QStringLiteral("invalid character: expected an optional prefix of `urn:uuid:` "
                                "followed by [0-9a-fA-F-], found `%1` at %2")
                     .arg(input.at(bad))
                     .arg(bad + 1);
    } else if (input.size() != 36) {
        reason = QStringLiteral("invalid length: expected length 32 for simple format, found %1")
                     .arg(QString(input).remove(u'-').size());
    } else {
        reason = QStringLiteral("invalid group length: expected 8-4-4-4-12 hex digits");
    }
    return validationError(QStringLiteral("uuid_parsing"), QJsonArray{where, name},
                           QStringLiteral("Input should be a valid UUID, ") + reason, input);
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
        r.headers.append({QByteArrayLiteral("Retry-After"), QByteArrayLiteral("1")});
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

ApiResponse notEligibleReply(const QString &sourceStatus)
{
    return apiErrorReply(
        Outcome::NotEligible,
        QStringLiteral("Source is not eligible for sync: status is %1").arg(sourceStatus));
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
