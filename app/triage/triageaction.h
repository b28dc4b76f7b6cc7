#pragma once

#include <QString>
#include <optional>

namespace feather {

// What support staff should do about an errored source (issue 15). Every triage cause carries
// exactly one action class; the set is small and closed so the console, the confirmation and
// featherctl can switch over it (no `default:`).
enum class TriageAction {
    Reauthorise,      // token expired/revoked, missing permission: a resync will not help
    FixConfiguration, // not shared, missing bucket/page, limit reached: a resync will not help
    WaitAndResync,    // rate limit, quota: resync later, paced
    Resync,           // server error, timeout, network: a resync is likely to help
    Unknown,          // no rule matched: the message is shown verbatim
};

inline constexpr int TriageActionCount = int(TriageAction::Unknown) + 1;

QString toString(TriageAction action); // stable wire name: "reauthorise", "wait_and_resync" …
std::optional<TriageAction> triageActionFromString(const QString &name);
QString displayName(TriageAction action); // "Re-authorise" (translated when a translator is set)

// "Resync the fixable ones": resync and wait-and-resync.
bool isFixable(TriageAction action);
// The confirmation warns about these: re-authorise and fix configuration. Unknown is neither
// fixable nor known to be hopeless.
bool resyncWillNotHelp(TriageAction action);

} // namespace feather
