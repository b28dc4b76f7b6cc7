#include "triage/triage.h"

#include <QMap>
#include <algorithm>

using namespace Qt::StringLiterals;

namespace feather {

namespace {

void addSorted(QStringList *list, const QString &value)
{
    const auto at = std::lower_bound(list->begin(), list->end(), value);
    if (at == list->end() || *at != value)
        list->insert(at, value);
}

QList<KbCount> kbCounts(const QList<ErroredSource> &sources)
{
    QList<KbCount> counts;
    QHash<QString, qsizetype> index;
    for (const ErroredSource &s : sources) {
        auto it = index.constFind(s.kbId);
        if (it == index.cend()) {
            it = index.insert(s.kbId, counts.size());
            counts.append({s.kbId, s.kbName, 0});
        }
        ++counts[*it].count;
    }
    std::stable_sort(counts.begin(), counts.end(), [](const KbCount &a, const KbCount &b) {
        if (a.count != b.count)
            return a.count > b.count;
        return a.kbName.localeAwareCompare(b.kbName) < 0;
    });
    return counts;
}

// The example of a signature: its most recent failure (what the customer sees now); the first
// source when no failure time is known.
const ErroredSource &mostRecent(const QList<ErroredSource> &sources)
{
    const ErroredSource *best = &sources.first();
    for (const ErroredSource &s : sources) {
        if (s.failedAt.isValid() && (!best->failedAt.isValid() || s.failedAt > best->failedAt))
            best = &s;
    }
    return *best;
}

} // namespace

QList<ErroredSource> erroredSources(const QList<Source> &sources,
                                    const QHash<QString, QString> &kbNames)
{
    QList<ErroredSource> out;
    for (const Source &s : sources) {
        if (s.status.compare(u"error"_s, Qt::CaseInsensitive) != 0)
            continue;
        out.append({s.knowledgeBaseId, kbNames.value(s.knowledgeBaseId), s.id, s.provider,
                    s.connectionNickname, s.lastErrorMessage, std::nullopt, s.lastSyncCompletedAt});
    }
    return out;
}

TriageMatch classify(const ErroredSource &source, const TriageRules &rules)
{
    return rules.classify(source.provider, source.message, source.httpStatus);
}

QList<ErroredSource> CauseGroup::sources() const
{
    QList<ErroredSource> out;
    for (const SignatureGroup &g : signatures)
        out += g.sources;
    return out;
}

const CauseGroup *TriageReport::cause(const QString &causeId) const
{
    for (const CauseGroup &group : causes) {
        if (group.cause.id == causeId)
            return &group;
    }
    return nullptr;
}

TriageReport triage(const QList<ErroredSource> &sources, const TriageRules &rules)
{
    TriageReport report;
    report.total = int(sources.size());
    report.perKb = kbCounts(sources);

    // Group in input order; sort once at the end.
    QHash<QString, qsizetype> causeIndex;
    QList<QHash<QString, qsizetype>> signatureIndex;
    for (const ErroredSource &source : sources) {
        const TriageMatch match = classify(source, rules);
        if (isFixable(match.cause.action))
            ++report.fixableCount;
        auto c = causeIndex.constFind(match.cause.id);
        if (c == causeIndex.cend()) {
            c = causeIndex.insert(match.cause.id, report.causes.size());
            report.causes.append({match.cause, {}, {}, {}, 0});
            signatureIndex.append(QHash<QString, qsizetype>());
        }
        CauseGroup &group = report.causes[*c];
        ++group.count;
        addSorted(&group.providers, source.provider);
        auto s = signatureIndex[*c].constFind(match.signature);
        if (s == signatureIndex[*c].cend()) {
            s = signatureIndex[*c].insert(match.signature, group.signatures.size());
            group.signatures.append({match.signature, {}, {}, {}});
        }
        SignatureGroup &sig = group.signatures[*s];
        addSorted(&sig.providers, source.provider);
        sig.sources.append(source);
    }

    for (CauseGroup &group : report.causes) {
        for (SignatureGroup &sig : group.signatures)
            sig.exampleMessage = mostRecent(sig.sources).message;
        std::stable_sort(group.signatures.begin(), group.signatures.end(),
                         [](const SignatureGroup &a, const SignatureGroup &b) {
                             if (a.count() != b.count())
                                 return a.count() > b.count();
                             return a.signature < b.signature;
                         });
        group.perKb = kbCounts(group.sources());
    }
    std::stable_sort(report.causes.begin(), report.causes.end(),
                     [](const CauseGroup &a, const CauseGroup &b) {
                         if (a.count != b.count)
                             return a.count > b.count;
                         if (a.cause.action != b.cause.action)
                             return a.cause.action < b.cause.action;
                         return a.cause.id < b.cause.id;
                     });
    return report;
}

QList<ErroredSource> fixableSources(const QList<ErroredSource> &sources, const TriageRules &rules)
{
    QList<ErroredSource> out;
    for (const ErroredSource &s : sources) {
        if (isFixable(classify(s, rules).cause.action))
            out.append(s);
    }
    return out;
}

bool failedAgainSameCause(const QString &provider, const QString &before, const QString &after,
                          const TriageRules &rules)
{
    return sameCause(rules.classify(provider, before), rules.classify(provider, after));
}

} // namespace feather
