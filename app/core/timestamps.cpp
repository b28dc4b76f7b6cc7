#include "core/timestamps.h"

namespace feather {

namespace {

// Reads exactly `count` digits at `pos`; -1 when one of them is not a digit or text ends.
int digits(QStringView text, qsizetype pos, int count)
{
    if (pos + count > text.size())
        return -1;
    int value = 0;
    for (int i = 0; i < count; ++i) {
        const char16_t c = text[pos + i].unicode();
        if (c < u'0' || c > u'9')
            return -1;
        value = value * 10 + (c - u'0');
    }
    return value;
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant, "chrono-compatible
// low-level date algorithms").
qint64 daysFromCivil(int y, int m, int d)
{
    y -= m <= 2;
    const qint64 era = (y >= 0 ? y : y - 399) / 400;
    const int yoe = int(y - era * 400);
    const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

int daysInMonth(int y, int m)
{
    static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : days[m - 1];
}

void put(char16_t *&out, int value, int width)
{
    for (int i = width - 1; i >= 0; --i) {
        out[i] = char16_t(u'0' + value % 10);
        value /= 10;
    }
    out += width;
}

} // namespace

QDateTime parseTimestamp(QStringView t)
{
    // YYYY-MM-DD?HH:MM:SS is 19 characters.
    if (t.size() < 19 || t[4] != u'-' || t[7] != u'-' || (t[10] != u'T' && t[10] != u' ')
        || t[13] != u':' || t[16] != u':')
        return {};
    const int y = digits(t, 0, 4), mo = digits(t, 5, 2), d = digits(t, 8, 2);
    const int h = digits(t, 11, 2), mi = digits(t, 14, 2), s = digits(t, 17, 2);
    if (y < 0 || mo < 1 || mo > 12 || d < 1 || h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0
        || s > 59 || d > daysInMonth(y, mo))
        return {};
    qsizetype pos = 19;
    int ms = 0;
    if (pos < t.size() && t[pos] == u'.') {
        ++pos;
        int scale = 100, count = 0;
        for (; pos < t.size() && t[pos] >= u'0' && t[pos] <= u'9'; ++pos, ++count) {
            ms += (t[pos].unicode() - u'0') * scale;
            scale /= 10;
        }
        if (count == 0)
            return {};
    }
    int offsetSeconds = 0;
    if (pos < t.size()) {
        const QChar sign = t[pos];
        if (sign == u'Z') {
            ++pos;
        } else if (sign == u'+' || sign == u'-') {
            const int oh = digits(t, pos + 1, 2);
            if (oh < 0 || oh > 15)
                return {};
            pos += 3;
            int om = 0;
            if (pos < t.size()) {
                if (t[pos] == u':')
                    ++pos;
                om = digits(t, pos, 2);
                if (om < 0 || om > 59)
                    return {};
                pos += 2;
            }
            offsetSeconds = (oh * 3600 + om * 60) * (sign == u'-' ? -1 : 1);
        } else {
            return {};
        }
    }
    if (pos != t.size())
        return {};
    const qint64 seconds = daysFromCivil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s - offsetSeconds;
    return QDateTime::fromMSecsSinceEpoch(seconds * 1000 + ms, Qt::UTC);
}

QString formatTimestamp(const QDateTime &time)
{
    if (!time.isValid())
        return {};
    const QDateTime utc = time.toUTC();
    const QDate date = utc.date();
    if (date.year() < 0 || date.year() > 9999)
        return utc.toString(Qt::ISODateWithMs);
    const QTime clock = utc.time();
    QString out(24, Qt::Uninitialized);
    char16_t *p = reinterpret_cast<char16_t *>(out.data());
    put(p, date.year(), 4);
    *p++ = u'-';
    put(p, date.month(), 2);
    *p++ = u'-';
    put(p, date.day(), 2);
    *p++ = u'T';
    put(p, clock.hour(), 2);
    *p++ = u':';
    put(p, clock.minute(), 2);
    *p++ = u':';
    put(p, clock.second(), 2);
    *p++ = u'.';
    put(p, clock.msec(), 3);
    *p = u'Z';
    return out;
}

} // namespace feather
