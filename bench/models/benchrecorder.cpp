#include "bench/models/benchrecorder.h"

#include <algorithm>
#include <cstdio>

namespace feather::bench {

double medianMs(QList<qint64> nsecs)
{
    if (nsecs.isEmpty())
        return 0.0;
    std::sort(nsecs.begin(), nsecs.end());
    const qsizetype mid = nsecs.size() / 2;
    const double ns =
        nsecs.size() % 2 ? double(nsecs[mid]) : (double(nsecs[mid - 1]) + double(nsecs[mid])) / 2;
    return ns / 1e6;
}

void BenchRecorder::add(const QString &measure, int size, Side side, qint64 nsecs)
{
    auto it = m_samples.begin();
    while (it != m_samples.end() && !(it.key().measure == measure && it.key().size == size))
        ++it;
    if (it == m_samples.end())
        it = m_samples.insert(Key{int(m_samples.size()), measure, size}, {});
    (side == Side::Project ? it->project : it->anchor).append(nsecs);
}

void BenchRecorder::print() const
{
    std::printf("\n%-16s %8s %12s %12s %8s\n", "measure", "rows", "project ms", "anchor ms",
                "ratio");
    for (auto it = m_samples.cbegin(); it != m_samples.cend(); ++it) {
        const double p = medianMs(it->project);
        const double a = medianMs(it->anchor);
        std::printf("%-16s %8d %12.2f %12.2f %7.2fx\n", qPrintable(it.key().measure), it.key().size,
                    p, a, a > 0 ? p / a : 0.0);
    }
    for (auto it = m_samples.cbegin(); it != m_samples.cend(); ++it)
        std::printf("FEATHER_BENCH\t%s\t%d\t%.3f\t%.3f\n", qPrintable(it.key().measure),
                    it.key().size, medianMs(it->project), medianMs(it->anchor));
    std::fflush(stdout);
}

} // namespace feather::bench
