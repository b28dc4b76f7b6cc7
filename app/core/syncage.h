#pragma once

#include <QDateTime>
#include <QString>
#include <optional>

namespace feather {

// What the server's clock reads relative to ours (ms, server minus ours), as far as a backend
// knows it. API mode learns the bounds from the answers' Date headers (api/serverclock.h);
// direct mode stores the writers' own clock readings, so the offset there is zero.
struct ServerSkew {
    std::optional<qint64> lowMs;  // server minus ours, at least
    std::optional<qint64> highMs; // at most
    bool known() const { return lowMs.has_value(); }
};

// Default threshold after which a sync counts as stuck (per profile: Profile::stuckAfterSeconds).
inline constexpr qint64 kDefaultStuckAfterSeconds = 3600;

// How long a sync that the server stamped as started at `startedServer` has run, in whole
// seconds on the server's clock: the earliest the server's clock can read now (our `localNow`
// carried over by the skew's lower bound) minus the start. Never negative. nullopt when the
// start or the skew is unknown: a server time is never compared with our clock alone.
std::optional<qint64> syncAgeSeconds(const QDateTime &startedServer, const QDateTime &localNow,
                                     const ServerSkew &skew);

// Stuck: syncing for at least `thresholdSeconds` (a threshold <= 0 turns the check off).
bool isStuckAge(std::optional<qint64> ageSeconds, qint64 thresholdSeconds);

// "90", "90s", "45m", "1h", "1h30m", "2d" → seconds (> 0). nullopt for anything else, with a
// one-line reason in `why` when given.
std::optional<qint64> parseDurationSeconds(const QString &text, QString *why = nullptr);

// 3600 → "1h", 5400 → "1h30m", 90 → "1m30s": the form parseDurationSeconds reads back.
QString formatDurationSeconds(qint64 seconds);

} // namespace feather
