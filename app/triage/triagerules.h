#pragma once

#include "triage/triageaction.h"

#include <QByteArray>
#include <QList>
#include <QRegularExpression>
#include <QString>
#include <optional>

namespace feather {

// The triage rule table (issue 15): causes, and ordered rules that map a source's last error to
// a cause. It is data — resources/triage/rules.json, compiled in as ":/triage/rules.json" — and
// is validated completely when loaded: a malformed table is an error naming the entry and the
// field, never an empty or partial table. The format is documented in the README ("Error
// triage") and in the header of triagerules.cpp.

struct TriageCause {
    QString id;    // "token_revoked"
    QString title; // "Sign-in expired or revoked"
    TriageAction action = TriageAction::Unknown;
    QString customerText;    // plain words for the customer ("Copy for the customer")
    QString engineeringHint; // what an engineer should check ("Copy for engineering")
};

struct TriageRule {
    QString id;
    QString provider; // "any", or a provider id, compared case-insensitively
    // Inclusive HTTP status range; unset = any status, or none. The status is the one given
    // with the error or, failing that, the one the message names (httpStatusInMessage).
    std::optional<int> statusMin;
    std::optional<int> statusMax;
    QList<QRegularExpression> patterns; // case-insensitive; one match is enough; empty = any
    QString causeId;
    QString note; // why the rule exists (optional)
};

// What classify() found for one message: a value that can be stored, compared and shown.
struct TriageMatch {
    TriageCause cause;
    QString ruleId; // empty when no rule matched (the "unknown" cause)
    QString signature;
    std::optional<int> httpStatus; // given, or named in the message
};

class TriageRules final {
public:
    inline static const QString kBuiltInPath = QStringLiteral(":/triage/rules.json");
    inline static const QString kUnknownCauseId = QStringLiteral("unknown");

    // Parses and validates a table; on failure returns nothing and sets `why` to one line
    // ("<origin>: rule 7 (\"s3-bucket\"): pattern 2 is not a valid regular expression: …").
    static std::optional<TriageRules> parse(const QByteArray &json, QString *why,
                                            const QString &origin = QStringLiteral("rules"));
    static std::optional<TriageRules> load(const QString &path, QString *why);
    // The compiled-in table, parsed once (thread-safe). Being part of the build and pinned by
    // tst_triagerules, it cannot be invalid at run time; if it is anyway, this aborts with the
    // reason rather than triage every error as "unknown".
    static const TriageRules &builtIn();

    // First matching rule wins; no match → the "unknown" cause. Never compiles an expression.
    TriageMatch classify(const QString &provider, const QString &message,
                         std::optional<int> httpStatus = std::nullopt) const;

    const QList<TriageCause> &causes() const { return m_causes; }
    const QList<TriageRule> &rules() const { return m_rules; }
    std::optional<TriageCause> cause(const QString &id) const;

private:
    TriageRules() = default;
    QList<TriageCause> m_causes;
    QList<TriageRule> m_rules;
    QList<qsizetype> m_ruleCause; // per rule: its index in m_causes
    qsizetype m_unknownCause = -1;
};

// "Failed again, same cause" (issue 15, item 3): the same cause; for the "unknown" cause, which
// lumps unrelated errors together, the same signature as well. An empty earlier message means
// there was no earlier failure: never the same cause.
bool sameCause(const TriageMatch &before, const TriageMatch &after);

} // namespace feather
