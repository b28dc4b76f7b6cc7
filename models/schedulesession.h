#pragma once

#include "resync/schedulebatch.h"

#include <QObject>
#include <memory>

namespace feather {

class Workspace;

// The console's schedule change, without widgets: PATCH …/schedule for the chosen sources
// through the open profile's backend (ScheduleBatch: one audit row each in the workspace's
// audit log), then the source rows show the server's new schedule. Returns at once.
class ScheduleSession final : public QObject {
    Q_OBJECT
public:
    explicit ScheduleSession(Workspace *workspace, QObject *parent = nullptr);
    ~ScheduleSession() override;
    Q_DISABLE_COPY_MOVE(ScheduleSession)

    // False with *why (and nothing sent) when no profile is open, a change is still running,
    // the change is invalid or the audit log cannot be written.
    bool start(const QStringList &sourceIds, const ScheduleChange &change, QString *why);
    bool isRunning() const { return m_batch && m_batch->isRunning(); }
    // "3 sources: auto-sync on, every 1h" / "2 changed, 1 failed (not_found: …)".
    static QString summary(const QList<ScheduleOutcome> &rows, const ScheduleChange &change);

Q_SIGNALS:
    void finished(const QString &summary, bool allChanged);

private:
    void onRow(const ScheduleOutcome &row);

    Workspace *m_workspace;
    std::unique_ptr<ScheduleBatch> m_batch;
    ScheduleChange m_change;
};

} // namespace feather
