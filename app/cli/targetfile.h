#pragma once

#include "core/types.h"

#include <QString>
#include <optional>

namespace feather::cli {

// Size caps of a `resync --file` input (issue 13 item 3): a line holds two UUIDs and a comma,
// so 1 MiB per line and 64 MiB per file (about 900,000 targets) leave room for any real list
// while a wrong file (a 200 MB single line, /dev/zero) fails at once, having read at most one
// line's worth, instead of growing memory.
inline constexpr qint64 kMaxTargetFileBytes = 64 * 1024 * 1024;
inline constexpr qint64 kMaxTargetLineBytes = 1024 * 1024;

// Reads `resync --file` input: one "kb_id,source_id" per line; blank lines, lines starting with
// '#', and a "kb_id,source_id" header are skipped. Any malformed or over-long line, or a file
// over the cap, fails the whole file with "FILE[:LINE]: reason" so nothing is sent for a
// half-valid list. Pipes and FIFOs work too (`--file <(…)`); the caps apply as bytes arrive.
std::optional<QList<TriggerTarget>> readTargetFile(const QString &path, QString *why);

} // namespace feather::cli
