#pragma once

#include <QString>
#include <optional>

namespace feather {

// One outcome per source per attempt, shared by the GUI, featherctl and the audit log
// (DESIGN.md, "Outcomes"). The wire names (toString) are stable: they appear in JSON Lines,
// CSV exports and the audit database. Only the names are stored, never the numbers, so a new
// outcome may go anywhere; Cancelled stays last (OutcomeCount). To add one: a row in the
// traits table (outcome.cpp), then follow the compiler.
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
    NotEligible,
    Cancelled,
};

inline constexpr int OutcomeCount = int(Outcome::Cancelled) + 1;

// What the engine does with a row that ended this way.
enum class RetryClass {
    Never,     // final
    Backoff,   // sent again with the same trigger id after a delay
    Reconcile, // first asked whether it happened (job by trigger id), then maybe sent again
};

// What one row's outcome does to the rest of the batch.
enum class BatchEffect {
    None,
    Hold, // everyone waits (Retry-After, else a backoff ceiling), then carries on
    Stop, // nothing more is sent; unsent rows end as cancelled
};

// How bad it is for the operator.
enum class Severity {
    Success, // done
    Info,    // nothing to do
    Warning, // not done, may clear up on its own or on a retry
    Error,   // not done, someone has to act
};

// A colour family; the GUI picks the shade for the palette (models/presentation.cpp).
enum class ColourRole { Success, Busy, Neutral, Transient, Failure };

struct OutcomeTraits {
    Outcome outcome;     // the row's own enumerator: checked against its index at compile time
    const char *wire;    // toString(): JSON Lines, CSV, audit log
    const char *display; // QT_TRANSLATE_NOOP("Outcome", …): read through displayName()
    const char *icon;    // Qt resource (resources/icons)
    ColourRole colour;
    RetryClass retry;
    BatchEffect batch;
    Severity severity;
    int exitCode; // featherctl exits with the largest contribution of its rows
    // How a Feather API server answers a request that ends this way (feather-devserver sends it,
    // the API client reads it back); 0 / nullptr: no server answer means this.
    int httpStatus;
    const char *apiError; // ErrorResponse.error
};

const OutcomeTraits &traits(Outcome outcome);

QString toString(Outcome outcome); // "already_syncing"
std::optional<Outcome> outcomeFromString(const QString &name);
QString displayName(Outcome outcome); // "Already syncing", translated
QString iconName(Outcome outcome);    // ":/icons/outcome-already-syncing.svg"

// Retried automatically by the engine with the same trigger id (RetryClass::Backoff).
// unknown_outcome is *not* in this set: it is reconciled first.
bool isRetryable(Outcome outcome);
// Rows that "Retry failed" re-runs: every retry class but Never.
bool isRetryCandidate(Outcome outcome);

} // namespace feather
