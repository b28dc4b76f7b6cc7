#pragma once

#include "core/types.h"

#include <QHash>
#include <QList>
#include <QRandomGenerator>
#include <QString>

namespace feather::bench {

// N deterministic sources spread over `kbCount` knowledge bases, shaped like the demo data the
// issue measured: mostly active, some errored (with a message), a few syncing, some in a status
// the console does not know. Roughly one nickname in eight contains "legal".
QList<Source> syntheticSources(int count, int kbCount = 20);

// The same rows a slice at a time: next(n) continues where the last call ended, so
// next(a) + next(b) equals syntheticSources(a + b) (bench_rss parses them page by page
// without holding every synthetic row at once).
class SyntheticSources {
public:
    explicit SyntheticSources(int kbCount = 20);
    QList<Source> next(int count);

private:
    int m_kbCount;
    int m_next = 0;
    QRandomGenerator m_rng;
};
QHash<QString, QString> syntheticKbNames(int kbCount = 20);

// The page size the API serves at most (feather-api.md: limit 1–200): loads arrive in pages.
inline constexpr int pageSize = 200;

} // namespace feather::bench
