#pragma once

#include "resync/resyncrunner.h"

#include <QLabel>
#include <QMap>
#include <QPointer>
#include <QWidget>

class QProgressBar;

namespace feather {

// What the status bar shows besides its messages. The source counts per status (icon + number +
// word, never colour alone) are a normal status-bar widget: a temporary message ("Copied 3 job
// ids") takes their place for its few seconds. The run's progress bar with done/total, in-flight
// and ETA is this widget itself, permanent, as narrow as its text.
class RunStatusWidget final : public QWidget {
    Q_OBJECT
public:
    explicit RunStatusWidget(QWidget *parent = nullptr);
    ~RunStatusWidget() override;
    Q_DISABLE_COPY_MOVE(RunStatusWidget)

    // The counts label, to be added to the status bar next to this widget (which owns it).
    QLabel *countsLabel() const { return m_counts; }
    void setStatusCounts(const QMap<QString, int> &counts);
    void setProgress(const RunProgress &progress, bool running);
    QString countsText() const;
    QString progressText() const;
    // Tells assistive technology (accessible description + alert event), e.g. a finished run.
    void announce(const QString &text);
    QString lastAnnouncement() const { return m_announcement; }

private:
    QPointer<QLabel> m_counts; // may live in the status bar and be deleted with it
    QProgressBar *m_bar;
    QLabel *m_progress;
    QString m_countsPlain;
    QString m_announcement;
};

// "1 min 20 s", "45 s": the ETA as people read it.
QString formatEta(qint64 ms);

} // namespace feather
