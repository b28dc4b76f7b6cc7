#include "api/apimapping.h"

#include "api/apiconfig.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QRegularExpression>
#include <algorithm>

using namespace Qt::StringLiterals;

namespace feather::api {

namespace {

QString stringField(const QJsonObject &o, QLatin1String key)
{
    const QJsonValue v = o.value(key);
    return v.isString() ? v.toString() : QString();
}

QString locToString(const QJsonValue &loc)
{
    if (!loc.isArray())
        return loc.isString() ? loc.toString() : QString();
    QStringList parts;
    for (const QJsonValue &part : loc.toArray()) {
        if (part.isString())
            parts << part.toString();
        else if (part.isDouble())
            parts << QString::number(part.toInteger());
    }
    return parts.join(u'.');
}

// Keeps a server-provided text on one line and short enough for a table cell.
QString oneLine(QString text, qsizetype maxChars = 300)
{
    text.replace(u'\r', u' ').replace(u'\n', u' ').replace(u'\t', u' ');
    text = text.simplified();
    if (text.size() > maxChars)
        text = text.left(maxChars) + u"…"_s;
    return text;
}

// Fills `out` from an ErrorResponse-like object; returns whether anything was found.
bool readObject(const QJsonObject &o, ErrorBody &out)
{
    bool found = false;
    const QJsonValue detail = o.value("detail"_L1);
    if (detail.isArray()) {
        out.message = renderValidationDetail(detail.toArray());
        found = true;
    } else if (detail.isString()) {
        out.message = detail.toString();
        found = true;
    } else if (detail.isObject()) {
        found = readObject(detail.toObject(), out);
    }
    const QString message = stringField(o, "message"_L1);
    const QString code = stringField(o, "error"_L1);
    if (!message.isEmpty() && out.message.isEmpty())
        out.message = message;
    if (!code.isEmpty()) {
        out.code = code;
        if (out.message.isEmpty())
            out.message = code;
    }
    for (const auto key : {"job_id"_L1, "last_sync_job_id"_L1, "running_job_id"_L1}) {
        if (out.jobId.isEmpty())
            out.jobId = stringField(o, key);
    }
    for (const auto key : {"source_status"_L1, "status"_L1}) {
        if (out.status.isEmpty())
            out.status = stringField(o, key);
    }
    if (out.sourceStatus.isEmpty())
        out.sourceStatus = stringField(o, "source_status"_L1);
    // A JSON number can be as large as 1.8e308: converting that to an integer is undefined
    // behaviour, so clamp first. Past the longest Retry-After header (nine digits) it only
    // means "a long time"; the retry policy caps it far lower anyway.
    const QJsonValue retry = o.value("retry_after"_L1);
    if (retry.isDouble() && retry.toDouble() >= 0)
        out.retryAfterSeconds = qint64(std::min(retry.toDouble(), double(kMaxRetryAfterSeconds)));
    return found || !message.isEmpty() || !code.isEmpty();
}

QString statusText(const HttpAnswer &a)
{
    QString text = u"HTTP "_s + QString::number(a.status);
    if (!a.reason.isEmpty())
        text += u' ' + QString::fromLatin1(a.reason);
    return text;
}

// What to show when the body said nothing we understood: the status, plus the start of the
// body when it looks like text (a proxy's HTML error page, a plain-text message).
QString fallbackMessage(const HttpAnswer &a)
{
    QString text = statusText(a);
    if (a.bodyTooLarge)
        return text + u" (reply body larger than 1 MiB, not read)"_s;
    const QString body = oneLine(QString::fromUtf8(a.body), 200);
    if (!body.isEmpty() && !body.contains(QChar::ReplacementCharacter))
        text += u": "_s + body;
    return text;
}

std::optional<qint64> retryAfterOf(const HttpAnswer &a, const std::optional<ErrorBody> &body,
                                   const QDateTime &now)
{
    if (a.status != 429 && a.status != 503)
        return std::nullopt;
    // Server time against server time: our clock may be off by minutes.
    const QDateTime serverNow = parseHttpDate(a.date);
    if (auto fromHeader = parseRetryAfter(a.retryAfter, serverNow.isValid() ? serverNow : now))
        return fromHeader;
    if (body && body->retryAfterSeconds)
        return *body->retryAfterSeconds * 1000;
    return std::nullopt;
}

} // namespace

QString renderValidationDetail(const QJsonArray &detail)
{
    QStringList lines;
    for (const QJsonValue &item : detail) {
        if (item.isString()) {
            lines << item.toString();
            continue;
        }
        const QJsonObject o = item.toObject();
        const QString loc = locToString(o.value("loc"_L1));
        const QString msg = stringField(o, "msg"_L1);
        if (msg.isEmpty() && loc.isEmpty())
            continue;
        lines << (loc.isEmpty() ? msg : loc + u": "_s + msg);
    }
    return lines.join(u"; "_s);
}

std::optional<ErrorBody> parseErrorBody(const QByteArray &body)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return std::nullopt;
    ErrorBody out;
    if (!readObject(doc.object(), out))
        return std::nullopt;
    if (out.sourceStatus.isEmpty()) {
        static const QRegularExpression named(uR"(\bstatus is "?([a-z][a-z0-9_-]*))"_s,
                                              QRegularExpression::CaseInsensitiveOption);
        out.sourceStatus = named.match(out.message).captured(1);
    }
    return out;
}

bool saysAlreadyRunning(const ErrorBody &body)
{
    static const QRegularExpression pattern(
        uR"(already[ _-]*(syncing|running|in[ _-]progress|started|queued)|in[ _-]progress|currently[ _-]syncing)"_s,
        QRegularExpression::CaseInsensitiveOption);
    return pattern.match(body.code).hasMatch() || pattern.match(body.message).hasMatch();
}

bool saysNotEligible(const ErrorBody &body)
{
    const QString status = body.sourceStatus.trimmed().toLower();
    if (status.isEmpty())
        return body.code == u"source_not_eligible"_s;
    return status != u"active"_s && status != u"error"_s && status != u"syncing"_s;
}

QDateTime parseHttpDate(const QByteArray &value)
{
    // RFC 9110 §5.6.7: IMF-fixdate, then the two obsolete forms. The weekday is dropped
    // first: it is redundant, and Qt rejects a date whose weekday disagrees.
    QString date = QString::fromLatin1(value).simplified();
    if (date.isEmpty())
        return {};
    const qsizetype comma = date.indexOf(u", "_s);
    date = comma >= 0 ? date.mid(comma + 2) : date.section(u' ', 1);
    const QLocale c = QLocale::c();
    QDateTime when;
    for (const auto &format : {u"dd MMM yyyy HH:mm:ss 'GMT'"_s, u"dd-MMM-yy HH:mm:ss 'GMT'"_s,
                               u"MMM d HH:mm:ss yyyy"_s}) {
        when = c.toDateTime(date, format);
        if (when.isValid())
            break;
    }
    if (!when.isValid())
        return {};
    when = QDateTime(when.date(), when.time(), Qt::UTC);
    if (when.date().year() < 1970) // two-digit RFC 850 years
        when = when.addYears(100);
    return when;
}

std::optional<qint64> parseRetryAfter(const QByteArray &value, const QDateTime &now)
{
    const QString text = QString::fromLatin1(value).trimmed();
    if (text.isEmpty())
        return std::nullopt;
    static const QRegularExpression digits(u"^[0-9]{1,9}$"_s); // ≤ kMaxRetryAfterSeconds
    if (digits.match(text).hasMatch())
        return text.toLongLong() * 1000;
    const QDateTime when = parseHttpDate(value);
    if (!when.isValid())
        return std::nullopt;
    return std::max<qint64>(0, now.msecsTo(when));
}

std::optional<qint64> requestedDelayMs(const HttpAnswer &answer, const QDateTime &now)
{
    const std::optional<ErrorBody> body =
        answer.bodyTooLarge ? std::nullopt : parseErrorBody(answer.body);
    return retryAfterOf(answer, body, now);
}

Outcome outcomeForStatus(int status, bool bodySaysAlreadyRunning)
{
    switch (status) {
    case 401:
        return Outcome::Unauthorized;
    case 403:
        return Outcome::Forbidden;
    case 404:
    case 410:
        return Outcome::NotFound;
    case 409:
        return Outcome::AlreadySyncing;
    case 429:
        return Outcome::RateLimited;
    case 408: // the server gave up waiting for our request: nothing was processed
        return Outcome::ServerError;
    default:
        break;
    }
    if (status >= 400 && status < 500)
        return bodySaysAlreadyRunning ? Outcome::AlreadySyncing : Outcome::Invalid;
    return Outcome::ServerError; // 5xx, and anything else we cannot use
}

Error errorFromAnswer(const HttpAnswer &answer, const QString &secret)
{
    const std::optional<ErrorBody> body =
        answer.bodyTooLarge ? std::nullopt : parseErrorBody(answer.body);
    Error e;
    e.httpStatus = answer.status;
    e.outcome = outcomeForStatus(answer.status, body && saysAlreadyRunning(*body));
    // The guard refused the source for its state, not for a running sync (409 or 400/422).
    if (body && (e.outcome == Outcome::AlreadySyncing || e.outcome == Outcome::Invalid)
        && saysNotEligible(*body))
        e.outcome = Outcome::NotEligible;
    // A JSON error body without a message ({"detail": []}) gets the bare status, not its JSON.
    e.message = !body                     ? fallbackMessage(answer)
                : body->message.isEmpty() ? statusText(answer)
                                          : body->message;
    e.message = redacted(e.message, secret);
    return e;
}

Error malformedReply(const HttpAnswer &answer, const QString &why)
{
    return Error{Outcome::ServerError, answer.status,
                 u"malformed reply: %1 (%2)"_s.arg(why, statusText(answer))};
}

TriggerResult triggerResultFromAnswer(const TriggerTarget &target, const HttpAnswer &answer,
                                      const QString &secret, const QDateTime &now)
{
    TriggerResult r;
    r.target = target;
    r.httpStatus = answer.status;
    if (answer.status >= 200 && answer.status < 300) {
        QString why;
        if (answer.bodyTooLarge) {
            why = u"body larger than 1 MiB"_s;
        } else {
            QJsonParseError error;
            const QJsonDocument doc = QJsonDocument::fromJson(answer.body, &error);
            const QJsonObject o = doc.object();
            if (error.error != QJsonParseError::NoError)
                why = u"not JSON ("_s + error.errorString() + u')';
            else if (!doc.isObject())
                why = u"not a JSON object"_s;
            else if (stringField(o, "job_id"_L1).isEmpty())
                why = u"no job_id in the body"_s;
            if (why.isEmpty()) {
                r.outcome = Outcome::Triggered;
                r.jobId = stringField(o, "job_id"_L1);
                r.status = stringField(o, "status"_L1);
                r.message = redacted(stringField(o, "message"_L1), secret);
                return r;
            }
        }
        const Error e = malformedReply(answer, why);
        r.outcome = e.outcome;
        r.message = e.message;
        return r;
    }

    const std::optional<ErrorBody> body =
        answer.bodyTooLarge ? std::nullopt : parseErrorBody(answer.body);
    const Error e = errorFromAnswer(answer, secret);
    r.outcome = e.outcome;
    r.message = e.message;
    r.retryAfterMs = retryAfterOf(answer, body, now);
    if (body && r.outcome == Outcome::AlreadySyncing) {
        r.jobId = body->jobId;
        r.status = body->status;
    }
    if (body && r.outcome == Outcome::NotEligible)
        r.status = body->sourceStatus;
    return r;
}

} // namespace feather::api
