#include "triage/signature.h"

#include <QList>
#include <QRegularExpression>
#include <functional>

using namespace Qt::StringLiterals;

namespace feather {

namespace {

QRegularExpression
compiled(const QString &pattern,
         QRegularExpression::PatternOptions options = QRegularExpression::CaseInsensitiveOption)
{
    QRegularExpression re(pattern, options);
    Q_ASSERT_X(re.isValid(), "signature.cpp", qPrintable(re.errorString()));
    re.optimize(); // compile now: the expression is then only read, from any thread
    return re;
}

using Replacer = std::function<QString(const QRegularExpressionMatch &)>;

QString replaceAll(const QString &in, const QRegularExpression &re, const Replacer &replace)
{
    QString out;
    qsizetype last = 0;
    for (QRegularExpressionMatchIterator it = re.globalMatch(in); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        out += QStringView(in).mid(last, m.capturedStart() - last);
        out += replace(m);
        last = m.capturedEnd();
    }
    out += QStringView(in).mid(last);
    return out;
}

Replacer placeholder(const QString &text)
{
    return [text](const QRegularExpressionMatch &) { return text; };
}

// Three ways a message names an HTTP status; the first capture that matched is the status.
const QRegularExpression &statusExpression()
{
    static const QRegularExpression re = compiled(
        uR"re(\(([45]\d\d)(?=\)|[\s:]+(?-i:[A-Za-z]*[A-Z])))re"
        uR"re(|\b(?:HTTP(?:/[\d.]+)?|status(?:[\s_-]?code)?|code|returned|responded(?:\s+with)?|error)\s*[:=]?\s*([45]\d\d)\b)re"
        uR"re(|\b([45]\d\d)[\s:-]+(?:Unauthorized|Forbidden|Not\s+Found|Too\s+Many\s+Requests|Internal\s+Server\s+Error)re"
        uR"re(|Bad\s+Gateway|Service\s+Unavailable|Gateway\s+Time-?out|Bad\s+Request|Request\s+Time-?out|Conflict|Gone)\b)re"_s);
    return re;
}

int statusGroup(const QRegularExpressionMatch &m)
{
    for (int group = 1; group <= 3; ++group) {
        if (m.capturedStart(group) >= 0)
            return group;
    }
    return 0;
}

// Quoted text that is a code identifier, not a user's name for something.
bool isIdentifier(const QString &text)
{
    static const QRegularExpression re = compiled(
        uR"re(^(?:[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+|[a-z]+[A-Z][A-Za-z0-9]*|[A-Z][a-z0-9]+[A-Z][A-Za-z0-9]*)$)re"_s,
        QRegularExpression::NoPatternOption);
    return re.match(text).hasMatch();
}

struct Step {
    QRegularExpression re;
    Replacer replace;
};

QList<Step> makeSteps()
{
    const QString url =
        uR"re([^\s"'<>]*[^\s"'<>.,;:!?)\]])re"_s; // a URL tail, no trailing punctuation
    const QString tlds =
        u"com|net|org|io|dev|app|co|ai|cloud|edu|gov|info|biz|site|tech|us|uk|de|fr|eu|nl|ca|au|jp|ch|se|internal|local"_s;
    // In the order of the header's list; the order matters: URLs before hosts, hosts (and their
    // ports) before clock times, everything with digits before plain numbers.
    return {
        // <name>: quoted text, unless it is a code identifier; an apostrophe inside a word
        // ("can't") opens no quote
        {compiled(uR"re((?<!\w)'([^'\n]{1,200})'(?!\w)|"([^"\n]{1,200})"|“([^”\n]{1,200})”)re"
                  uR"re(|‘([^’\n]{1,200})’|`([^`\n]{1,200})`|«([^»\n]{1,200})»)re"_s),
         [](const QRegularExpressionMatch &m) {
             for (int group = 1; group <= m.lastCapturedIndex(); ++group) {
                 if (m.capturedStart(group) >= 0 && isIdentifier(m.captured(group)))
                     return m.captured(0);
             }
             return u"<name>"_s;
         }},
        // <time>: ISO-8601 date and time, HTTP date
        {compiled(
             uR"re(\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?)?)re"
             uR"re((?:Z\b|[+-]\d{2}:?\d{2}\b|\s?UTC\b)?)re"
             uR"re(|\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun),\s+\d{1,2}\s+[A-Z][a-z]{2}\s+\d{4}\s+\d{2}:\d{2}:\d{2}\s+GMT\b)re"_s),
         placeholder(u"<time>"_s)},
        // <email>
        {compiled(uR"re([\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)re"_s),
         placeholder(u"<email>"_s)},
        // <url>: scheme://…
        {compiled(uR"re(\b[a-z][a-z0-9+.-]*://)re"_s + url), placeholder(u"<url>"_s)},
        // <id>: AWS ARN, UUID
        {compiled(uR"re(\barn:[\w-]+:[\w-]+:[\w-]*:\d*:[^\s"',;)]+)re"
                  uR"re(|\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b)re"_s),
         placeholder(u"<id>"_s)},
        // <host> (or <url> when a path follows): IPv4 or a name under a common top-level domain
        {compiled(
             uR"re((?<![\w.@-])(?:\d{1,3}(?:\.\d{1,3}){3}|(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:)re"_s
             + tlds + uR"re())(?::\d{1,5})?(?![\w-])(?:(/))re"_s + url + u")?"_s),
         [](const QRegularExpressionMatch &m) {
             return m.capturedStart(1) >= 0 ? u"<url>"_s : u"<host>"_s;
         }},
        // <time>: clock time, d/m/y date
        {compiled(uR"re(\b\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s?(?:[AP]M|UTC|GMT)\b)?(?![\w:]))re"
                  uR"re(|\b\d{1,2}/\d{1,2}/\d{2,4}\b)re"_s),
         placeholder(u"<time>"_s)},
        // <path>: /absolute, relative/with/two+/slashes, dir/file.ext, file.pdf
        {compiled(
             uR"re((?<![\w<>/.:-])(?:(?:~|\.{1,2})?/[\w.@%+=~-]+(?:/[\w.@%+=~-]*)*)re"
             uR"re(|[\w.@%+=~-]+(?:/[\w.@%+=~-]+){2,}/?)re"
             uR"re(|[\w.@%+=~-]+/[\w@%+=~-]+(?:\.[\w-]+)*\.[a-z][a-z0-9]{0,4}(?![\w/]))re"
             uR"re(|[\w-]+(?:\.[\w-]+)*\.(?:pdf|docx?|xlsx?|pptx?|csv|tsv|txt|md|html?|json|xml|ya?ml|zip|gz|png|jpe?g|gif|svg|rtf|odt|ods|odp|epub)(?![\w.])))re"_s),
         placeholder(u"<path>"_s)},
        // <id>: hex token (8+, digits and letters), letter+digit token (16+)
        {compiled(uR"re((?<![\w-])(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{8,}(?![\w-]))re"
                  uR"re(|(?<![\w-])(?=[\w-]*\d)(?=[\w-]*[a-z])[\w-]{16,}(?![\w-]))re"_s),
         placeholder(u"<id>"_s)},
    };
}

const QList<Step> &steps()
{
    static const QList<Step> list = makeSteps();
    return list;
}

} // namespace

std::optional<int> httpStatusInMessage(const QString &message)
{
    const QRegularExpressionMatch m = statusExpression().match(message);
    if (const int group = statusGroup(m); group > 0)
        return m.captured(group).toInt();
    return std::nullopt;
}

QString errorSignature(const QString &message)
{
    QString s = message;
    for (const Step &step : steps())
        s = replaceAll(s, step.re, step.replace);

    // Numbers last, keeping the HTTP status the message names: it is part of the cause.
    QList<qsizetype> statusAt;
    for (QRegularExpressionMatchIterator it = statusExpression().globalMatch(s); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        statusAt.append(m.capturedStart(statusGroup(m)));
    }
    static const QRegularExpression number = compiled(uR"re((?<![\w.<])\d+(?:[.,]\d+)*)re"_s);
    s = replaceAll(s, number, [&statusAt](const QRegularExpressionMatch &m) {
        return statusAt.contains(m.capturedStart()) ? m.captured(0) : u"<n>"_s;
    });

    s = s.simplified();
    if (s.size() > kMaxSignatureLength)
        s = s.left(kMaxSignatureLength - 1) + u'…';
    return s;
}

} // namespace feather
