#include "core/syncage.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace feather {

std::optional<qint64> syncAgeSeconds(const QDateTime &startedServer, const QDateTime &localNow,
                                     const ServerSkew &skew)
{
    if (!startedServer.isValid() || !localNow.isValid() || !skew.lowMs)
        return std::nullopt;
    // Server stamps are whole seconds; the lower bound keeps the age from being overstated, so a
    // skewed clock never makes a fresh sync look stuck.
    const qint64 serverNowMs = localNow.toMSecsSinceEpoch() + *skew.lowMs;
    const qint64 ms = serverNowMs - startedServer.toMSecsSinceEpoch();
    return ms <= 0 ? 0 : ms / 1000;
}

bool isStuckAge(std::optional<qint64> ageSeconds, qint64 thresholdSeconds)
{
    return thresholdSeconds > 0 && ageSeconds && *ageSeconds >= thresholdSeconds;
}

std::optional<qint64> parseDurationSeconds(const QString &text, QString *why)
{
    static const QRegularExpression form(
        u"^(?:(\\d{1,6})d)?(?:(\\d{1,7})h)?(?:(\\d{1,9})m)?(?:(\\d{1,10})s?)?$"_s);
    const QString t = text.trimmed().toLower();
    const QRegularExpressionMatch m = form.match(t);
    if (t.isEmpty() || !m.hasMatch()) {
        if (why)
            *why = u"not a duration: \"%1\" (use e.g. 90s, 45m, 1h, 1h30m, 2d)"_s.arg(text);
        return std::nullopt;
    }
    const qint64 total = m.captured(1).toLongLong() * 86400 + m.captured(2).toLongLong() * 3600
                         + m.captured(3).toLongLong() * 60 + m.captured(4).toLongLong();
    if (total <= 0 || total > qint64(10) * 365 * 86400) {
        if (why)
            *why = u"duration out of range: \"%1\" (1s to 10 years)"_s.arg(text);
        return std::nullopt;
    }
    return total;
}

QString formatDurationSeconds(qint64 seconds)
{
    if (seconds <= 0)
        return u"0s"_s;
    QString out;
    const qint64 d = seconds / 86400, h = seconds % 86400 / 3600, m = seconds % 3600 / 60,
                 s = seconds % 60;
    if (d)
        out += QString::number(d) + u'd';
    if (h)
        out += QString::number(h) + u'h';
    if (m)
        out += QString::number(m) + u'm';
    if (s)
        out += QString::number(s) + u's';
    return out;
}

} // namespace feather
