#pragma once

namespace feather {

// The limits featherctl, the console's profiles, the backend factory and the resync engine
// share, so the two programs can never disagree about them again.
inline constexpr int kMinConcurrency = 1;
inline constexpr int kMaxConcurrency = 64; // requests in flight (API connections, SQL workers)
inline constexpr int kDefaultConcurrency = 4;
inline constexpr int kDefaultDeadlineMs = 30000; // a whole API request, connect to last byte

} // namespace feather
