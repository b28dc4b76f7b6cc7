#include "ui/desktopnotifier.h"

#include <QApplication>
#include <QSystemTrayIcon>
#ifdef FEATHER_HAVE_QTDBUS
#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QVariantMap>
#endif

using namespace Qt::StringLiterals;

namespace feather {

DesktopNotifier::DesktopNotifier(QObject *parent)
    : QObject(parent)
{}

DesktopNotifier::Channel DesktopNotifier::channel() const
{
#ifdef FEATHER_HAVE_QTDBUS
    if (QDBusConnection::sessionBus().isConnected())
        return Channel::DBus;
#endif
    if (QSystemTrayIcon::isSystemTrayAvailable())
        return Channel::Tray;
    return Channel::None;
}

void DesktopNotifier::showInTray(const QString &title, const QString &body)
{
    if (!QSystemTrayIcon::isSystemTrayAvailable())
        return;
    if (!m_tray) {
        m_tray = new QSystemTrayIcon(QApplication::windowIcon(), this);
        m_tray->show();
    }
    m_tray->showMessage(title, body);
}

DesktopNotifier::Channel DesktopNotifier::notify(const QString &title, const QString &body)
{
    const Channel how = channel();
    switch (how) {
    case Channel::DBus: {
#ifdef FEATHER_HAVE_QTDBUS
        // org.freedesktop.Notifications.Notify(app_name, replaces_id, app_icon, summary, body,
        // actions, hints, expire_timeout). Asynchronous: the GUI thread never waits for the bus;
        // a bus without a notification service answers with an error, and the tray takes over.
        const QString service = u"org.freedesktop.Notifications"_s;
        QDBusMessage call = QDBusMessage::createMethodCall(
            service, u"/org/freedesktop/Notifications"_s, service, u"Notify"_s);
        call << QApplication::applicationDisplayName() << uint(0) << u"feather-ops-console"_s
             << title << body << QStringList() << QVariantMap() << int(-1);
        auto *watcher =
            new QDBusPendingCallWatcher(QDBusConnection::sessionBus().asyncCall(call), this);
        connect(watcher, &QDBusPendingCallWatcher::finished, this, [this, watcher, title, body] {
            watcher->deleteLater();
            const bool failed = watcher->isError();
            Q_EMIT delivered(failed ? Channel::Tray : Channel::DBus);
            if (failed)
                showInTray(title, body);
        });
#endif
        break;
    }
    case Channel::Tray:
        showInTray(title, body);
        Q_EMIT delivered(Channel::Tray);
        break;
    case Channel::None:
        Q_EMIT delivered(Channel::None);
        break;
    }
    return how;
}

} // namespace feather
