#include "cli/jsonlines.h"

#include "core/json.h"

namespace feather::cli {

namespace {

constexpr char kHex[] = "0123456789abcdef";

void appendEscape(QByteArray &out, char16_t u)
{
    const char e[6] = {
        '\\',         'u', kHex[(u >> 12) & 0xf], kHex[(u >> 8) & 0xf], kHex[(u >> 4) & 0xf],
        kHex[u & 0xf]};
    out.append(e, 6);
}

// Left raw by QJsonDocument, but a terminal acts on them (see the header).
bool isTerminalControl(char32_t c)
{
    return c == 0x7f || (c >= 0x80 && c <= 0x9f) || c == 0x061c || c == 0x200e || c == 0x200f
           || (c >= 0x2028 && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
}

void appendUtf8(QByteArray &out, char32_t c)
{
    if (c < 0x800) {
        out.append(char(0xc0 | (c >> 6)));
        out.append(char(0x80 | (c & 0x3f)));
    } else if (c < 0x10000) {
        out.append(char(0xe0 | (c >> 12)));
        out.append(char(0x80 | ((c >> 6) & 0x3f)));
        out.append(char(0x80 | (c & 0x3f)));
    } else {
        out.append(char(0xf0 | (c >> 18)));
        out.append(char(0x80 | ((c >> 12) & 0x3f)));
        out.append(char(0x80 | ((c >> 6) & 0x3f)));
        out.append(char(0x80 | (c & 0x3f)));
    }
}

void appendKey(QByteArray &out, const char *key)
{
    out.append('"').append(key).append("\":");
}

void appendStringOrNull(QByteArray &out, const QString &s)
{
    if (s.isNull())
        out.append("null");
    else
        appendJsonString(out, s);
}

void appendTimeOrNull(QByteArray &out, const QDateTime &t)
{
    if (!t.isValid()) {
        out.append("null");
        return;
    }
    out.append('"');
    appendIsoTime(out, t);
    out.append('"');
}

struct UtcParts {
    int year, month, day, hour, minute, second, ms;
};

// Days since 1970-01-01 → civil date (H. Hinnant's algorithm); false outside 1–9999, where
// the caller falls back to QDateTime.
bool utcParts(const QDateTime &t, UtcParts *p)
{
    const qint64 msecs = t.toMSecsSinceEpoch();
    qint64 days = msecs / 86400000;
    qint64 rest = msecs % 86400000;
    if (rest < 0) {
        rest += 86400000;
        --days;
    }
    const qint64 z = days + 719468;
    const qint64 era = (z >= 0 ? z : z - 146096) / 146097;
    const qint64 doe = z - era * 146097;
    const qint64 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const qint64 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const qint64 mp = (5 * doy + 2) / 153;
    const int day = int(doy - (153 * mp + 2) / 5 + 1);
    const int month = int(mp < 10 ? mp + 3 : mp - 9);
    const qint64 year = yoe + era * 400 + (month <= 2 ? 1 : 0);
    if (year < 1 || year > 9999)
        return false;
    *p = {int(year),
          month,
          day,
          int(rest / 3600000),
          int(rest / 60000 % 60),
          int(rest / 1000 % 60),
          int(rest % 1000)};
    return true;
}

void appendDigits(QByteArray &out, int value, int width)
{
    char buf[4];
    for (int i = width - 1; i >= 0; --i) {
        buf[i] = char('0' + value % 10);
        value /= 10;
    }
    out.append(buf, width);
}

} // namespace

void appendJsonString(QByteArray &out, QStringView text)
{
    out.append('"');
    const char16_t *p = text.utf16();
    const char16_t *const end = p + text.size();
    while (p != end) {
        const char16_t u = *p++;
        if (u < 0x80) {
            if (u >= 0x20 && u != u'"' && u != u'\\' && u != 0x7f) {
                out.append(char(u));
                continue;
            }
            switch (u) {
            case u'"':
                out.append("\\\"", 2);
                break;
            case u'\\':
                out.append("\\\\", 2);
                break;
            case u'\b':
                out.append("\\b", 2);
                break;
            case u'\f':
                out.append("\\f", 2);
                break;
            case u'\n':
                out.append("\\n", 2);
                break;
            case u'\r':
                out.append("\\r", 2);
                break;
            case u'\t':
                out.append("\\t", 2);
                break;
            default:
                appendEscape(out, u);
            }
            continue;
        }
        if (QChar::isHighSurrogate(u) && p != end && QChar::isLowSurrogate(*p)) {
            appendUtf8(out, QChar::surrogateToUcs4(u, *p++));
            continue;
        }
        if (QChar::isSurrogate(u) || isTerminalControl(u))
            appendEscape(out, u);
        else
            appendUtf8(out, u);
    }
    out.append('"');
}

void appendSourceJsonLine(QByteArray &out, const Source &s)
{
    // The keys in QJsonObject's (sorted) order, so the line equals json::toJson(Source).
    out.append("{\"auto_sync_enabled\":").append(s.autoSyncEnabled ? "true" : "false");
    out.append(',');
    appendKey(out, "connection_nickname");
    appendStringOrNull(out, s.connectionNickname);
    out.append(',');
    appendKey(out, "created_at");
    appendTimeOrNull(out, s.createdAt);
    out.append(',');
    appendKey(out, "id");
    appendJsonString(out, s.id);
    out.append(',');
    appendKey(out, "knowledge_base_id");
    appendJsonString(out, s.knowledgeBaseId);
    out.append(',');
    appendKey(out, "last_auto_sync_at");
    appendTimeOrNull(out, s.lastAutoSyncAt);
    out.append(',');
    appendKey(out, "last_error_message");
    appendStringOrNull(out, s.lastErrorMessage);
    out.append(',');
    appendKey(out, "last_sync_completed_at");
    appendTimeOrNull(out, s.lastSyncCompletedAt);
    out.append(',');
    appendKey(out, "last_sync_job_id");
    appendStringOrNull(out, s.lastSyncJobId);
    out.append(',');
    appendKey(out, "last_sync_status");
    appendStringOrNull(out, s.lastSyncStatus);
    out.append(',');
    appendKey(out, "next_sync_at");
    appendTimeOrNull(out, s.nextSyncAt);
    out.append(',');
    appendKey(out, "provider");
    appendJsonString(out, s.provider);
    out.append(',');
    appendKey(out, "status");
    appendJsonString(out, s.status);
    out.append(',');
    appendKey(out, "sync_interval_seconds");
    if (s.syncIntervalSeconds)
        out.append(QByteArray::number(*s.syncIntervalSeconds));
    else
        out.append("null");
    out.append(',');
    appendKey(out, "updated_at");
    appendTimeOrNull(out, s.updatedAt);
    out.append("}\n");
}

void hardenJson(QByteArray &json)
{
    // Fast path: nothing above 0x7e, the usual case.
    const auto isPlain = [](char c) { return uchar(c) < 0x7f; };
    if (std::all_of(json.cbegin(), json.cend(), isPlain))
        return;
    const QString text = QString::fromUtf8(json);
    QByteArray out;
    out.reserve(json.size() + 16);
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char16_t u = text.at(i).unicode();
        if (u < 0x7f) {
            out.append(char(u));
        } else if (QChar::isHighSurrogate(u) && i + 1 < text.size()
                   && QChar::isLowSurrogate(text.at(i + 1).unicode())) {
            appendUtf8(out, QChar::surrogateToUcs4(u, text.at(i + 1).unicode()));
            ++i;
        } else if (isTerminalControl(u)) {
            appendEscape(out, u);
        } else {
            appendUtf8(out, u);
        }
    }
    json = out;
}

namespace {

// yyyy-MM-dd<sep>HH:mm, then :ss.zzzZ when `seconds`: the hot path of every row's times.
void appendUtcParts(QByteArray &out, const UtcParts &p, char separator, bool seconds)
{
    appendDigits(out, p.year, 4);
    out.append('-');
    appendDigits(out, p.month, 2);
    out.append('-');
    appendDigits(out, p.day, 2);
    out.append(separator);
    appendDigits(out, p.hour, 2);
    out.append(':');
    appendDigits(out, p.minute, 2);
    if (!seconds)
        return;
    out.append(':');
    appendDigits(out, p.second, 2);
    out.append('.');
    appendDigits(out, p.ms, 3);
    out.append('Z');
}

} // namespace

void appendIsoTime(QByteArray &out, const QDateTime &t)
{
    UtcParts p;
    if (!t.isValid())
        return;
    if (!utcParts(t, &p)) {
        out.append(json::formatTime(t).toUtf8());
        return;
    }
    appendUtcParts(out, p, 'T', true);
}

void appendHumanTime(QByteArray &out, const QDateTime &t)
{
    UtcParts p;
    if (!t.isValid())
        return;
    if (!utcParts(t, &p)) {
        out.append(t.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm")).toUtf8());
        return;
    }
    appendUtcParts(out, p, ' ', false);
}

} // namespace feather::cli
