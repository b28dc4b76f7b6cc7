#pragma once

#include "cli/cliargs.h"
#include "core/backend.h"

#include <QString>

#include <memory>

namespace feather::cli {

// Turns --profile / --api-url / --db (+ FEATHER_API_KEY, --api-key-file, PGPASSWORD, the
// profile's keychain entry) into a Backend. Returns nullptr with a one-line reason on any
// configuration problem; nothing has been sent at that point.
std::unique_ptr<Backend> openBackend(const CliRequest &request, QString *why);

// Reads an API key file: the first line, trimmed. Empty → error.
QString readApiKeyFile(const QString &path, QString *why);

} // namespace feather::cli
