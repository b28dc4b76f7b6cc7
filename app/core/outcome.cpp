#include "core/outcome.h"

#include <array>

namespace feather {

namespace {
struct Names {
    const char16_t *wire;
    const char16_t *display;
};
// Indexed by Outcome; a static_assert below keeps the table and the enum in step.
constexpr std::array<Names, OutcomeCount> kNames{{
    {u"triggered", u"Triggered"},
    {u"already_syncing", u"Already syncing"},
    {u"not_found", u"Not found"},
    {u"unauthorized", u"Unauthorized"},
    {u"forbidden", u"Forbidden"},
    {u"invalid", u"Invalid"},
    {u"rate_limited", u"Rate limited"},
    {u"server_error", u"Server error"},
    {u"network_error", u"Network error"},
    {u"unknown_outcome", u"Outcome unknown"},
    {u"cancelled", u"Cancelled"},
}};
static_assert(kNames.size() == std::size_t(Outcome::Cancelled) + 1);
} // namespace

QString toString(Outcome outcome)
{
    return QString::fromUtf16(kNames[std::size_t(outcome)].wire);
}

QString displayName(Outcome outcome)
{
    return QString::fromUtf16(kNames[std::size_t(outcome)].display);
}

std::optional<Outcome> outcomeFromString(const QString &name)
{
    for (std::size_t i = 0; i < kNames.size(); ++i) {
        if (name == QString::fromUtf16(kNames[i].wire))
            return Outcome(i);
    }
    return std::nullopt;
}

bool isRetryable(Outcome outcome)
{
    switch (outcome) {
    case Outcome::RateLimited:
    case Outcome::ServerError:
    case Outcome::NetworkError:
        return true;
    case Outcome::Triggered:
    case Outcome::AlreadySyncing:
    case Outcome::NotFound:
    case Outcome::Unauthorized:
    case Outcome::Forbidden:
    case Outcome::Invalid:
    case Outcome::UnknownOutcome:
    case Outcome::Cancelled:
        return false;
    }
    return false;
}

bool isRetryCandidate(Outcome outcome)
{
    return isRetryable(outcome) || outcome == Outcome::UnknownOutcome;
}

} // namespace feather
