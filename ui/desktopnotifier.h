#pragma once

#include <QObject>

class QSystemTrayIcon;

namespace feather {

// A desktop notification: freedesktop Notifications over the D-Bus session bus when there is one
// (an asynchronous call: the GUI thread never waits for the bus), else the system tray's message
// where the platform has a tray, else nothing (the window's own message still shows).
class DesktopNotifier final : public QObject {
    Q_OBJECT
public:
    explicit DesktopNotifier(QObject *parent = nullptr);
    Q_DISABLE_COPY_MOVE(DesktopNotifier)

    enum class Channel { DBus, Tray, None };
    // Which way notify() goes on this desktop.
    Channel channel() const;
    // Returns the channel used.
    Channel notify(const QString &title, const QString &body);

Q_SIGNALS:
    // How the notification went out in the end (D-Bus answers later; a bus without the
    // notification service falls back to the tray).
    void delivered(feather::DesktopNotifier::Channel channel);

private:
    void showInTray(const QString &title, const QString &body);

    QSystemTrayIcon *m_tray = nullptr; // created on first use
};

} // namespace feather
