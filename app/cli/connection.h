#pragma once

#include "cli/cliargs.h"
#include "config/profiles.h"
#include "core/backend.h"

#include <QString>
#include <memory>
#include <optional>

namespace feather::cli {

// Turns --api-url / --db (+ FEATHER_API_KEY, --api-key-file, PGPASSWORD) into a Backend.
// Returns nullptr with a one-line reason on any configuration problem; nothing has been sent.
std::unique_ptr<Backend> openBackend(const CliRequest &request, QString *why);

// --profile NAME: the saved profile (feather-console's profile store), or nullopt and a reason
// listing the profiles that do exist.
std::optional<Profile> findProfile(const QString &name, QString *why);

// A secret given for this run overrides the profile's stored one: FEATHER_API_KEY or
// --api-key-file in API mode, PGPASSWORD in direct mode. Empty when none was given.
QString secretOverride(const Profile &profile, const CliRequest &request, QString *why);

// Builds the profile's backend once its secret is known.
std::unique_ptr<Backend> openProfileBackend(const Profile &profile, const QString &secret,
                                            const CliRequest &request, QString *why);

// Reads an API key file: the first line, trimmed. Empty → error.
QString readApiKeyFile(const QString &path, QString *why);

} // namespace feather::cli
