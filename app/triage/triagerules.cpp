// The rule table format (resources/triage/rules.json):
//
//   { "format": 1,
//     "causes": [ { "id": "token_revoked", "title": "…", "action": "reauthorise",
//                   "customer": "…", "engineering": "…" }, … ],
//     "rules":  [ { "id": "oauth-token", "provider": "any", "http_status": [401, 401],
//                   "patterns": ["token.{0,40}(expired|revoked)"], "cause": "token_revoked",
//                   "note": "…" }, … ] }
//
// A rule matches when the provider matches ("any" or the source's provider), the HTTP status
// is in range (when the rule has `http_status`: a number or [low, high]) and one of `patterns`
// (case-insensitive regular expressions) finds a match (when it has patterns); it needs at least
// one of the two. Rules are tried in order, the first match wins. The cause "unknown" (action
// "unknown") must exist: it is what no rule matched. Every key is checked: a misspelt key is an
// error, not an ignored field, and so is a pattern that matches the empty string (it would
// match every message and hide the rules after it).

#include "triage/triagerules.h"

#include "triage/signature.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QtGlobal>
#include <algorithm>

using namespace Qt::StringLiterals;

namespace feather {

namespace {

const QRegularExpression kIdSyntax(u"^[a-z0-9][a-z0-9_-]*$"_s);

// Every key of `o` must be in `allowed`; `what` names the object in the message.
bool onlyKnownKeys(const QJsonObject &o, const QStringList &allowed, const QString &what,
                   QString *why)
{
    for (const QString &key : o.keys()) {
        if (!allowed.contains(key)) {
            *why = u"%1: unknown key \"%2\" (expected %3)"_s.arg(what, key, allowed.join(u", "_s));
            return false;
        }
    }
    return true;
}

bool requiredText(const QJsonObject &o, const QString &key, const QString &what, QString *out,
                  QString *why)
{
    const QJsonValue v = o.value(key);
    if (!v.isString() || v.toString().trimmed().isEmpty()) {
        *why = u"%1: \"%2\" must be a non-empty string"_s.arg(what, key);
        return false;
    }
    *out = v.toString().trimmed();
    return true;
}

bool parseCause(const QJsonValue &value, const QString &what, TriageCause *cause, QString *why)
{
    if (!value.isObject()) {
        *why = what + u": must be an object"_s;
        return false;
    }
    const QJsonObject o = value.toObject();
    QString action;
    if (!onlyKnownKeys(o, {u"id"_s, u"title"_s, u"action"_s, u"customer"_s, u"engineering"_s}, what,
                       why)
        || !requiredText(o, u"id"_s, what, &cause->id, why)
        || !requiredText(o, u"title"_s, what, &cause->title, why)
        || !requiredText(o, u"action"_s, what, &action, why)
        || !requiredText(o, u"customer"_s, what, &cause->customerText, why)
        || !requiredText(o, u"engineering"_s, what, &cause->engineeringHint, why))
        return false;
    if (!kIdSyntax.match(cause->id).hasMatch()) {
        *why =
            u"%1: id \"%2\" must be lower-case letters, digits, '-' or '_'"_s.arg(what, cause->id);
        return false;
    }
    const std::optional<TriageAction> a = triageActionFromString(action);
    if (!a) {
        QStringList names;
        for (int i = 0; i < TriageActionCount; ++i)
            names << toString(TriageAction(i));
        *why = u"%1: unknown action \"%2\" (expected %3)"_s.arg(what, action, names.join(u", "_s));
        return false;
    }
    cause->action = *a;
    return true;
}

bool parseStatus(const QJsonValue &v, const QString &what, TriageRule *rule, QString *why)
{
    const auto valid = [](const QJsonValue &x) {
        return x.isDouble() && x.toDouble() == double(x.toInt()) && x.toInt() >= 100
               && x.toInt() <= 599;
    };
    const QJsonArray range = v.toArray();
    if (valid(v)) {
        rule->statusMin = rule->statusMax = v.toInt();
    } else if (v.isArray() && range.size() == 2 && valid(range[0]) && valid(range[1])
               && range[0].toInt() <= range[1].toInt()) {
        rule->statusMin = range[0].toInt();
        rule->statusMax = range[1].toInt();
    } else {
        *why =
            what + u": \"http_status\" must be a status (100-599) or a range [low, high] of them"_s;
        return false;
    }
    return true;
}

bool parsePatterns(const QJsonValue &v, const QString &what, TriageRule *rule, QString *why)
{
    const QJsonArray list = v.toArray();
    if (!v.isArray() || list.isEmpty()) {
        *why = what + u": \"patterns\" must be a non-empty list of regular expressions"_s;
        return false;
    }
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QString where = u"%1: pattern %2"_s.arg(what).arg(i + 1);
        if (!list[i].isString() || list[i].toString().isEmpty()) {
            *why = where + u" must be a non-empty string"_s;
            return false;
        }
        QRegularExpression re(list[i].toString(), QRegularExpression::CaseInsensitiveOption);
        if (!re.isValid()) {
            *why = u"%1 is not a valid regular expression: %2 at offset %3"_s.arg(where)
                       .arg(re.errorString())
                       .arg(re.patternErrorOffset());
            return false;
        }
        if (re.match(QString()).hasMatch()) {
            *why = where + u" matches the empty string, so it would match every message"_s;
            return false;
        }
        re.optimize(); // compiled here, once; classify() only reads it
        rule->patterns.append(re);
    }
    return true;
}

bool parseRule(const QJsonValue &value, const QString &what, TriageRule *rule, QString *why)
{
    if (!value.isObject()) {
        *why = what + u": must be an object"_s;
        return false;
    }
    const QJsonObject o = value.toObject();
    if (!onlyKnownKeys(
            o, {u"id"_s, u"provider"_s, u"http_status"_s, u"patterns"_s, u"cause"_s, u"note"_s},
            what, why)
        || !requiredText(o, u"id"_s, what, &rule->id, why)
        || !requiredText(o, u"provider"_s, what, &rule->provider, why)
        || !requiredText(o, u"cause"_s, what, &rule->causeId, why))
        return false;
    if (!kIdSyntax.match(rule->id).hasMatch() || !kIdSyntax.match(rule->provider).hasMatch()) {
        *why = what + u": \"id\" and \"provider\" must be lower-case letters, digits, '-' or '_'"_s;
        return false;
    }
    if (o.contains(u"note"_s) && !o.value(u"note"_s).isString()) {
        *why = what + u": \"note\" must be a string"_s;
        return false;
    }
    rule->note = o.value(u"note"_s).toString();
    if (!o.contains(u"http_status"_s) && !o.contains(u"patterns"_s)) {
        *why = what
               + u": needs \"http_status\" or \"patterns\" (a rule without either would "
                 "match every message)"_s;
        return false;
    }
    if (o.contains(u"http_status"_s) && !parseStatus(o.value(u"http_status"_s), what, rule, why))
        return false;
    return !o.contains(u"patterns"_s) || parsePatterns(o.value(u"patterns"_s), what, rule, why);
}

} // namespace

std::optional<TriageRules> TriageRules::parse(const QByteArray &json, QString *why,
                                              const QString &origin)
{
    QString ignored;
    if (!why)
        why = &ignored;
    const auto fail = [&](const QString &reason) {
        *why = origin + u": "_s + reason;
        return std::nullopt;
    };
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError)
        return fail(
            u"not valid JSON: %1 at offset %2"_s.arg(error.errorString()).arg(error.offset));
    const QJsonObject top = doc.object();
    if (!doc.isObject())
        return fail(u"the table must be a JSON object"_s);
    if (!onlyKnownKeys(top, {u"format"_s, u"causes"_s, u"rules"_s}, u"table"_s, why))
        return fail(*why);
    if (top.value(u"format"_s) != QJsonValue(1))
        return fail(u"\"format\" must be 1 (the only format this build reads)"_s);
    if (!top.value(u"causes"_s).isArray() || top.value(u"causes"_s).toArray().isEmpty())
        return fail(u"\"causes\" must be a non-empty list"_s);
    if (!top.value(u"rules"_s).isArray() || top.value(u"rules"_s).toArray().isEmpty())
        return fail(u"\"rules\" must be a non-empty list"_s);

    TriageRules table;
    QSet<QString> ids;
    const QJsonArray causes = top.value(u"causes"_s).toArray();
    for (qsizetype i = 0; i < causes.size(); ++i) {
        const QString what = u"cause %1"_s.arg(i + 1);
        TriageCause cause;
        if (!parseCause(causes[i], what, &cause, why))
            return fail(*why);
        if (ids.contains(cause.id))
            return fail(u"%1: duplicate cause id \"%2\""_s.arg(what, cause.id));
        ids.insert(cause.id);
        if (cause.id == kUnknownCauseId) {
            if (cause.action != TriageAction::Unknown)
                return fail(
                    u"%1: the cause \"unknown\" must have the action \"unknown\""_s.arg(what));
            table.m_unknownCause = i;
        }
        table.m_causes.append(cause);
    }
    if (table.m_unknownCause < 0)
        return fail(u"the cause \"unknown\" (what no rule matched) is missing"_s);

    ids.clear();
    QSet<QString> usedCauses{kUnknownCauseId};
    const QJsonArray rules = top.value(u"rules"_s).toArray();
    for (qsizetype i = 0; i < rules.size(); ++i) {
        const QJsonObject o = rules[i].toObject();
        const QString what = o.value(u"id"_s).isString()
                                 ? u"rule %1 (\"%2\")"_s.arg(i + 1).arg(o.value(u"id"_s).toString())
                                 : u"rule %1"_s.arg(i + 1);
        TriageRule rule;
        if (!parseRule(rules[i], what, &rule, why))
            return fail(*why);
        if (ids.contains(rule.id))
            return fail(u"%1: duplicate rule id"_s.arg(what));
        ids.insert(rule.id);
        qsizetype causeIndex = -1;
        for (qsizetype c = 0; c < table.m_causes.size(); ++c) {
            if (table.m_causes[c].id == rule.causeId)
                causeIndex = c;
        }
        if (causeIndex < 0)
            return fail(u"%1: unknown cause \"%2\""_s.arg(what, rule.causeId));
        usedCauses.insert(rule.causeId);
        table.m_rules.append(rule);
        table.m_ruleCause.append(causeIndex);
    }
    for (const TriageCause &cause : std::as_const(table.m_causes)) {
        if (!usedCauses.contains(cause.id))
            return fail(u"cause \"%1\" is not used by any rule"_s.arg(cause.id));
    }
    return table;
}

std::optional<TriageRules> TriageRules::load(const QString &path, QString *why)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (why)
            *why = u"%1: cannot read: %2"_s.arg(path, file.errorString());
        return std::nullopt;
    }
    return parse(file.readAll(), why, path);
}

const TriageRules &TriageRules::builtIn()
{
    static const TriageRules table = [] {
        QString why;
        std::optional<TriageRules> t = load(kBuiltInPath, &why);
        if (!t)
            qFatal("built-in triage rules are invalid: %s", qPrintable(why));
        return *t;
    }();
    return table;
}

std::optional<TriageCause> TriageRules::cause(const QString &id) const
{
    for (const TriageCause &c : m_causes) {
        if (c.id == id)
            return c;
    }
    return std::nullopt;
}

TriageMatch TriageRules::classify(const QString &provider, const QString &message,
                                  std::optional<int> httpStatus) const
{
    TriageMatch match;
    match.signature = errorSignature(message);
    match.httpStatus = httpStatus ? httpStatus : httpStatusInMessage(message);
    for (qsizetype i = 0; i < m_rules.size(); ++i) {
        const TriageRule &rule = m_rules[i];
        if (rule.provider != u"any"_s && rule.provider.compare(provider, Qt::CaseInsensitive) != 0)
            continue;
        if (rule.statusMin
            && (!match.httpStatus || *match.httpStatus < *rule.statusMin
                || *match.httpStatus > *rule.statusMax))
            continue;
        const bool patternMatches = rule.patterns.isEmpty()
                                    || std::any_of(rule.patterns.cbegin(), rule.patterns.cend(),
                                                   [&](const QRegularExpression &re) {
                                                       return re.match(message).hasMatch();
                                                   });
        if (!patternMatches)
            continue;
        match.cause = m_causes[m_ruleCause[i]];
        match.ruleId = rule.id;
        return match;
    }
    match.cause = m_causes[m_unknownCause];
    return match;
}

bool sameCause(const TriageMatch &before, const TriageMatch &after)
{
    if (before.signature.isEmpty() || before.cause.id != after.cause.id)
        return false;
    return before.cause.action != TriageAction::Unknown || before.signature == after.signature;
}

} // namespace feather
