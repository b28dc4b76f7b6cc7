#pragma once

#include <QString>
#include <optional>

namespace feather {

// One outcome per source per attempt, shared by the GUI, featherctl and the audit log
// (DESIGN.md, "Outcomes"). The wire names (toString) are stable: they appear in JSON Lines,
// CSV exports and the audit database.
enum class Outcome {
    Triggered,
    AlreadySyncing,
    NotFound,
    Unauthorized,
    Forbidden,
    Invalid,
    RateLimited,
    ServerError,
    NetworkError,
    UnknownOutcome,
    Cancelled,
};

inline constexpr int OutcomeCount = int(Outcome::Cancelled) + 1;

QString toString(Outcome outcome); // "already_syncing"
std::optional<Outcome> outcomeFromString(const QString &name);
QString displayName(Outcome outcome); // "Already syncing"

// Retried automatically by the engine with the same trigger id (rate_limited, server_error,
// network_error). unknown_outcome is *not* in this set: it is reconciled first.
bool isRetryable(Outcome outcome);
// Rows that "Retry failed" re-runs: retryable ones plus unknown outcomes.
bool isRetryCandidate(Outcome outcome);

} // namespace feather
