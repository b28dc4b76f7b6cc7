#include "resync/retrypolicy.h"

#include <QLocale>
#include <QTimeZone>
#include <QStringList>

#include <algorithm>
#include <limits>

namespace feather {

BackoffPolicy::BackoffPolicy(qint64 baseMs, qint64 capMs, quint64 seed)
    : m_baseMs(qMax<qint64>(1, baseMs))
    , m_capMs(qMax<qint64>(1, capMs))
    , m_rng(seed)
{
}

qint64 BackoffPolicy::ceilingMs(int retry) const
{
    qint64 ceiling = m_baseMs;
    // Doubling stops as soon as the cap is reached, so large retry counts cannot overflow.
    for (int i = 1; i < retry && ceiling < m_capMs; ++i)
        ceiling *= 2;
    return qMin(ceiling, m_capMs);
}

qint64 BackoffPolicy::delayMs(int retry)
{
    std::uniform_int_distribution<qint64> pick(0, ceilingMs(retry));
    return pick(m_rng);
}

void BackoffPolicy::reseed(quint64 seed)
{
    m_rng.seed(seed);
}

namespace {

std::optional<QDateTime> parseHttpDate(const QString &text)
{
    // IMF-fixdate first (the only form servers may send), then the two obsolete forms that
    // recipients must still accept. The weekday is dropped before parsing: it is redundant,
    // and QLocale would reject a date whose weekday does not match (e.g. RFC 850's 2-digit
    // years read as 19xx). Month names are English whatever the locale.
    const QLocale c = QLocale::c();
    QString rest = text.simplified();
    const qsizetype comma = rest.indexOf(u',');
    rest = comma >= 0 ? rest.mid(comma + 1).trimmed() : rest.section(u' ', 1);
    static const QStringList formats = {
        QStringLiteral("dd MMM yyyy HH:mm:ss 'GMT'"),
        QStringLiteral("dd-MMM-yy HH:mm:ss 'GMT'"),
        QStringLiteral("MMM d HH:mm:ss yyyy"),
    };
    for (const QString &format : formats) {
        QDateTime parsed = c.toDateTime(rest, format);
        if (!parsed.isValid())
            continue;
        // RFC 9110: a two-digit year more than 50 years in the future is in the past century;
        // QLocale reads "26" as 1926, so move such years into this century.
        if (format.contains(u"-yy ") && parsed.date().year() < 1970)
            parsed = parsed.addYears(100);
        parsed.setTimeZone(QTimeZone::utc());
        return parsed;
    }
    return std::nullopt;
}

} // namespace

std::optional<qint64> parseRetryAfter(const QByteArray &value, const QDateTime &now)
{
    const QByteArray trimmed = value.trimmed();
    if (trimmed.isEmpty())
        return std::nullopt;
    bool allDigits = true;
    for (char ch : trimmed)
        allDigits = allDigits && ch >= '0' && ch <= '9';
    if (allDigits) {
        bool ok = false;
        const qulonglong seconds = trimmed.toULongLong(&ok);
        // Absurdly long values saturate instead of overflowing; the engine clamps anyway.
        if (!ok || seconds > qulonglong(std::numeric_limits<qint64>::max() / 1000))
            return std::numeric_limits<qint64>::max();
        return qint64(seconds) * 1000;
    }
    const std::optional<QDateTime> date = parseHttpDate(QString::fromLatin1(trimmed));
    if (!date)
        return std::nullopt;
    return qMax<qint64>(0, now.msecsTo(*date));
}

qint64 clampRetryAfter(qint64 requestedMs, qint64 capMs)
{
    return std::clamp<qint64>(requestedMs, 0, std::max<qint64>(0, capMs));
}

} // namespace feather
