#pragma once

#include <QString>
#include <optional>

namespace feather {

// Error signatures (issue 15): the parts of a message that differ from source to source are
// replaced by placeholders, so "Page 'Q3 plan' is no longer shared" and "Page 'Roadmap' is no
// longer shared" group together. Replaced, in this order:
//   <name>   quoted text ('…', "…", “…”, ‘…’, `…`, «…») unless it is a code identifier
//            (snake_case, camelCase, PascalCase with an inner capital: 'invalid_grant',
//            'userRateLimitExceeded', 'NoneType' stay, they tell errors apart)
//   <time>   ISO-8601 and HTTP dates, clock times, d/m/y dates
//   <email>  e-mail addresses
//   <url>    scheme://… URLs, and host names followed by a path
//   <id>     ARNs, UUIDs, hex tokens of 8+ characters and letter+digit tokens of 16+ characters
//   <host>   host names (common top-level domains) and IPv4 addresses, with an optional port
//   <path>   /absolute/paths, relative/paths/with/two+/slashes, dir/file.ext, file.pdf
//   <n>      every other number (10,000 · 1.5 · 60), except an HTTP status the message names
//            ("returned 401", "(429)", "503 Service Unavailable"): that stays, it is the cause
// then whitespace is collapsed and the result capped at kMaxSignatureLength characters.
// Every expression is compiled once, on first use.
inline constexpr int kMaxSignatureLength = 300;

QString errorSignature(const QString &message);

// The HTTP status a message names, if any: "returned 503", "HTTP 502", "status: 429",
// "(403 insufficientFilePermissions)", "(429)", "404 Not Found". Only 4xx and 5xx count,
// and a bare number is never taken for one ("(500 pages)" is not a status).
std::optional<int> httpStatusInMessage(const QString &message);

} // namespace feather
