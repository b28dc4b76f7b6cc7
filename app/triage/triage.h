#pragma once

#include "core/types.h"
#include "triage/triagerules.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QString>
#include <optional>

namespace feather {

// Error triage (issue 15): errored sources grouped by cause, then by signature. Pure functions
// over value types, so the console view, the resync confirmation, the hand-off texts and
// `featherctl triage` all read the same grouping.

struct ErroredSource {
    QString kbId;
    QString kbName;
    QString sourceId;
    QString provider;
    QString nickname;
    QString message;               // the last error, verbatim
    std::optional<int> httpStatus; // when the backend knows it; else read from the message
    QDateTime failedAt;            // invalid when unknown
};

// Sources in status "error" (any case), with their KB's name from `kbNames` (id → name).
QList<ErroredSource> erroredSources(const QList<Source> &sources,
                                    const QHash<QString, QString> &kbNames = {});

struct KbCount {
    QString kbId;
    QString kbName;
    int count = 0;
};

struct SignatureGroup {
    QString signature;
    QString exampleMessage; // of the most recent failure (the first one when no times)
    QStringList providers;  // sorted, distinct
    QList<ErroredSource> sources;
    int count() const { return int(sources.size()); }
};

struct CauseGroup {
    TriageCause cause;
    QList<SignatureGroup> signatures; // most sources first, then by signature
    QStringList providers;            // sorted, distinct
    QList<KbCount> perKb;             // most sources first, then by KB name
    int count = 0;
    QList<ErroredSource> sources() const; // every source under this cause, signature by signature
};

struct TriageReport {
    QList<CauseGroup> causes; // most sources first, then in action order, then by cause id
    QList<KbCount> perKb;     // errored sources per KB, most first
    int total = 0;
    int fixableCount = 0; // resync + wait-and-resync
    // The group of one cause; nullptr when no source has it.
    const CauseGroup *cause(const QString &causeId) const;
};

TriageReport triage(const QList<ErroredSource> &sources,
                    const TriageRules &rules = TriageRules::builtIn());

TriageMatch classify(const ErroredSource &source,
                     const TriageRules &rules = TriageRules::builtIn());

// The sources a resync is expected to fix ("Resync the fixable ones"), in input order.
QList<ErroredSource> fixableSources(const QList<ErroredSource> &sources,
                                    const TriageRules &rules = TriageRules::builtIn());

// "Failed again, same cause" for one source: its earlier and its new error message.
bool failedAgainSameCause(const QString &provider, const QString &before, const QString &after,
                          const TriageRules &rules = TriageRules::builtIn());

} // namespace feather
