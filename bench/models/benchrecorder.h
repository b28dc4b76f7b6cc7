#pragma once

#include <QList>
#include <QMap>
#include <QMetaType>
#include <QString>

namespace feather::bench {

enum class Side { Project, Anchor };

// Wall-clock samples of each (measure, size, side), timed around the same work QBENCHMARK
// repeats; at the end, one line per (measure, size) with both medians and their ratio. The
// ratio is the figure that matters: both sides ran on the same machine in the same minute.
class BenchRecorder {
public:
    void add(const QString &measure, int size, Side side, qint64 nsecs);
    // A human table on stdout, then "FEATHER_BENCH<TAB>measure<TAB>size<TAB>project_ms<TAB>
    // anchor_ms" lines that scripts/bench collects from repeated runs.
    void print() const;

private:
    struct Key {
        int order; // first-seen order, so the table follows the run
        QString measure;
        int size;
        bool operator<(const Key &o) const { return order < o.order; }
    };
    struct Samples {
        QList<qint64> project;
        QList<qint64> anchor;
    };
    QMap<Key, Samples> m_samples;
};

double medianMs(QList<qint64> nsecs);

} // namespace feather::bench

Q_DECLARE_METATYPE(feather::bench::Side)
