#pragma once

#include "config/profiles.h"
#include "core/backend.h"
#include "core/identity.h"
#include "core/limits.h"

#include <QString>
#include <memory>
#include <optional>

namespace feather {

// How to build a backend beyond what the profile says; the same defaults for the console and
// featherctl (core/limits.h).
struct BackendOptions {
    std::optional<int> concurrency;           // overrides the profile's (featherctl --concurrency)
    int deadlineMs = kDefaultDeadlineMs;      // API: one whole request (featherctl --timeout-ms)
    QString triggeredBy = operatorIdentity(); // direct mode: ingestion_jobs.triggered_by
    bool kbCounts = true; // API: listKnowledgeBases counts sources (ApiConfig::countSources)
    // API: ApiBackend stays on the caller's thread instead of a thread of its own. For a caller
    // with no GUI to keep fluid (featherctl resync): two thread hops fewer per request.
    bool apiOnCallerThread = false;
};

// The one place a Backend is made (DESIGN.md, "a backend"), for the console and featherctl
// alike: ApiBackend on a thread of its own (its replies are read and parsed there, so a
// 10,000-source listing never runs on the caller's thread; unless apiOnCallerThread), or
// DirectBackend with one SQL worker per allowed request. `secret` is the API key or the DB
// password; it goes into the backend's memory and nowhere else. Returns null with a one-line reason
// when the profile cannot be used; nothing has been sent then.
std::unique_ptr<Backend> makeBackend(const Profile &profile, const QString &secret,
                                     const BackendOptions &options, QString *why);

// What can be checked without I/O: URL shape, loopback-only http, no password in the DB URL,
// concurrency within limits. False with a one-line reason.
bool validateConnection(const Profile &profile, QString *why);
// validateConnection, and a name (the profiles dialog).
bool validateProfile(const Profile &profile, QString *why);

// What the UI may show about where a profile points: an origin or a DB target, never a secret.
QString displayTarget(const Profile &profile);

// Whether a profile needs a secret to connect (API key always; a DB password only for PostgreSQL).
bool needsSecret(const Profile &profile);

} // namespace feather
