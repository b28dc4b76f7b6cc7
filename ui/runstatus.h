#pragma once

#include "resync/resyncrunner.h"

#include <QMap>
#include <QWidget>

class QLabel;
class QProgressBar;

namespace feather {

// The status bar's content: source counts per status (icon + number + word, never colour
// alone) and, while a run is going, a progress bar with done/total, in-flight and ETA.
class RunStatusWidget final : public QWidget {
    Q_OBJECT
public:
    explicit RunStatusWidget(QWidget *parent = nullptr);
    Q_DISABLE_COPY_MOVE(RunStatusWidget)

    void setStatusCounts(const QMap<QString, int> &counts);
    void setProgress(const RunProgress &progress, bool running);
    QString countsText() const;
    QString progressText() const;

private:
    QLabel *m_counts;
    QProgressBar *m_bar;
    QLabel *m_progress;
    QString m_countsPlain;
};

// "1 min 20 s", "45 s": the ETA as people read it.
QString formatEta(qint64 ms);

} // namespace feather
