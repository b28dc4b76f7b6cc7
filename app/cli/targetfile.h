#pragma once

#include "core/types.h"

#include <QString>
#include <optional>

namespace feather::cli {

// Reads `resync --file` input: one "kb_id,source_id" per line; blank lines, lines starting with
// '#', and a "kb_id,source_id" header are skipped. Any malformed line fails the whole file with
// "FILE:LINE: reason" so nothing is sent for a half-valid list.
std::optional<QList<TriggerTarget>> readTargetFile(const QString &path, QString *why);

} // namespace feather::cli
