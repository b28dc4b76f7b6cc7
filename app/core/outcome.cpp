#include "core/outcome.h"

#include <QCoreApplication>
#include <array>

namespace feather {

namespace {

using C = ColourRole;
using R = RetryClass;
using B = BatchEffect;
using S = Severity;

// THE outcome table: everything the programs know about an outcome, one row each, in enum
// order. Columns: outcome, wire name, display text, icon, colour, retry, batch, severity,
// featherctl exit contribution, the API's HTTP status and its ErrorResponse.error code.
// clang-format off
constexpr std::array<OutcomeTraits, OutcomeCount> kTraits{{
    {Outcome::Triggered, "triggered", QT_TRANSLATE_NOOP("Outcome", "Triggered"),
     ":/icons/outcome-triggered.svg", C::Success, R::Never, B::None, S::Success, 0,
     200, nullptr},
    {Outcome::AlreadySyncing, "already_syncing", QT_TRANSLATE_NOOP("Outcome", "Already syncing"),
     ":/icons/outcome-already-syncing.svg", C::Busy, R::Never, B::None, S::Info, 1,
     409, "sync_in_progress"},
    {Outcome::NotFound, "not_found", QT_TRANSLATE_NOOP("Outcome", "Not found"),
     ":/icons/outcome-failed.svg", C::Failure, R::Never, B::None, S::Error, 1,
     404, "not_found"},
    {Outcome::Unauthorized, "unauthorized", QT_TRANSLATE_NOOP("Outcome", "Unauthorized"),
     ":/icons/outcome-failed.svg", C::Failure, R::Never, B::Stop, S::Error, 1,
     401, "authentication_required"},
    {Outcome::Forbidden, "forbidden", QT_TRANSLATE_NOOP("Outcome", "Forbidden"),
     ":/icons/outcome-failed.svg", C::Failure, R::Never, B::None, S::Error, 1,
     403, "forbidden"},
    {Outcome::Invalid, "invalid", QT_TRANSLATE_NOOP("Outcome", "Invalid"),
     ":/icons/outcome-failed.svg", C::Failure, R::Never, B::None, S::Error, 1,
     400, "bad_request"},
    {Outcome::RateLimited, "rate_limited", QT_TRANSLATE_NOOP("Outcome", "Rate limited"),
     ":/icons/outcome-retry.svg", C::Transient, R::Backoff, B::Hold, S::Warning, 1,
     429, "rate_limited"},
    {Outcome::ServerError, "server_error", QT_TRANSLATE_NOOP("Outcome", "Server error"),
     ":/icons/outcome-retry.svg", C::Transient, R::Reconcile, B::None, S::Warning, 1,
     500, "internal_error"},
    {Outcome::NetworkError, "network_error", QT_TRANSLATE_NOOP("Outcome", "Network error"),
     ":/icons/outcome-retry.svg", C::Transient, R::Backoff, B::None, S::Warning, 1,
     0, nullptr},
    {Outcome::UnknownOutcome, "unknown_outcome", QT_TRANSLATE_NOOP("Outcome", "Outcome unknown"),
     ":/icons/outcome-retry.svg", C::Transient, R::Reconcile, B::None, S::Warning, 1,
     0, nullptr},
    {Outcome::NotEligible, "not_eligible", QT_TRANSLATE_NOOP("Outcome", "Not eligible"),
     ":/icons/outcome-not-eligible.svg", C::Neutral, R::Never, B::None, S::Warning, 1,
     409, "source_not_eligible"},
    {Outcome::Cancelled, "cancelled", QT_TRANSLATE_NOOP("Outcome", "Cancelled"),
     ":/icons/outcome-cancelled.svg", C::Neutral, R::Never, B::None, S::Info, 1,
     0, nullptr},
}};
// clang-format on

constexpr bool sameText(const char *a, const char *b)
{
    for (; *a && *a == *b; ++a, ++b) {
    }
    return *a == *b;
}

// A missing row (value-initialised: outcome 0, null texts), a row out of place, an error status
// without its code or a wire name used twice fails the build.
constexpr bool tableMatchesEnum()
{
    for (std::size_t i = 0; i < kTraits.size(); ++i) {
        const OutcomeTraits &t = kTraits[i];
        if (int(t.outcome) != int(i) || !t.wire || !*t.wire || !t.display || !t.icon)
            return false;
        if ((t.httpStatus >= 400) != (t.apiError != nullptr))
            return false;
        for (std::size_t j = 0; j < i; ++j) {
            if (sameText(kTraits[j].wire, t.wire))
                return false;
        }
    }
    return true;
}
static_assert(tableMatchesEnum(), "kTraits needs exactly one complete row per Outcome, in order");

} // namespace

const OutcomeTraits &traits(Outcome outcome)
{
    return kTraits[std::size_t(outcome)];
}

QString toString(Outcome outcome)
{
    return QString::fromLatin1(traits(outcome).wire);
}

QString displayName(Outcome outcome)
{
    return QCoreApplication::translate("Outcome", traits(outcome).display);
}

QString iconName(Outcome outcome)
{
    return QString::fromLatin1(traits(outcome).icon);
}

std::optional<Outcome> outcomeFromString(const QString &name)
{
    for (const OutcomeTraits &t : kTraits) {
        if (name == QLatin1StringView(t.wire))
            return t.outcome;
    }
    return std::nullopt;
}

bool isRetryable(Outcome outcome)
{
    return traits(outcome).retry == RetryClass::Backoff;
}

bool isRetryCandidate(Outcome outcome)
{
    return traits(outcome).retry != RetryClass::Never;
}

} // namespace feather
