#pragma once

#include <QObject>

class QSocketNotifier;

namespace feather::cli {

// SIGINT and SIGTERM as a Qt signal, for `resync` (issue 9 item 8). The handler itself only
// writes the signal number to a self-pipe (async-signal-safe); a QSocketNotifier turns that
// into `interrupted` on the event loop, where the run is cancelled in an orderly way. A second
// signal while the first is being handled ends the process at once, from the handler, with
// _exit(128 + signal) — for when the orderly way takes too long.
//
// One instance at a time; the destructor restores the previous handlers.
class SignalWatcher final : public QObject {
    Q_OBJECT
public:
    explicit SignalWatcher(QObject *parent = nullptr);
    ~SignalWatcher() override;
    Q_DISABLE_COPY_MOVE(SignalWatcher)

    bool isValid() const { return m_notifier != nullptr; }
    static QString signalName(int signal); // "SIGINT"

Q_SIGNALS:
    void interrupted(int signal);

private:
    void onReadable();

    QSocketNotifier *m_notifier = nullptr;
};

} // namespace feather::cli
