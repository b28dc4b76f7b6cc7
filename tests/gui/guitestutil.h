#pragma once

#include "core/types.h"

#include <QList>
#include <QPointer>
#include <QStringList>
#include <QTcpServer>
#include <functional>
#include <memory>

class QTcpSocket;
class QWidget;

namespace feather {
class CredentialStore;
class MainWindow;
class ProfileStore;
class ResyncConfirmDialog;
} // namespace feather

namespace feather::test {

// QStandardPaths test mode, organisation "FeatherTest" and `applicationName`, with that
// application's data and config folders and settings emptied: a test starts from nothing and
// never touches the user's own.
void startFromEmptySettings(const QString &applicationName);
// Waits for the window's first load (KBs + every source page); false on timeout.
bool waitLoaded(MainWindow &window, int timeoutMs = 20000);
// Up to `count` source ids whose raw status is `status`, in model order.
QStringList sourcesWithStatus(MainWindow &window, const QString &status, int count);
// Triggers `action` and returns the confirmation dialog it opened (null on timeout).
ResyncConfirmDialog *openConfirmation(MainWindow &window, const std::function<void()> &action);
// Clicks the confirm button once the dry-run preview has finished; waits for the run to end.
bool confirmAndWaitForRun(MainWindow &window, ResyncConfirmDialog *dialog, int timeoutMs = 30000);
// Every file under the QStandardPaths test-mode folders that contains `needle`.
QStringList filesContaining(const QByteArray &needle);

// A shown, active window on a session-only API profile (`name`), opening it.
std::unique_ptr<MainWindow> openApiWindow(ProfileStore *profiles, CredentialStore *credentials,
                                          const QString &name, const QString &baseUrl,
                                          const QString &key, bool production = false,
                                          int concurrency = 4);
// Makes `window` the active window again (a closed dialog leaves none active offscreen), so
// its shortcuts and focus work; false when it does not become active.
bool activate(QWidget *window);
// Sends a key click to whatever has the keyboard focus (as a person typing would).
void typeKey(Qt::Key key, Qt::KeyboardModifiers modifiers = Qt::NoModifier);
// Presses Tab until `target` has the focus; false when it never does (at most `maxTabs`).
bool tabTo(const QWidget *target, int maxTabs = 12);

// A loopback TCP relay in front of a server: a profile points at the relay, and taking the relay
// down makes connections fail with "connection refused" while the server itself keeps running;
// bringing it up again on the same port is "the server came back".
class TcpRelay final : public QObject {
    Q_OBJECT
public:
    explicit TcpRelay(quint16 upstreamPort);
    ~TcpRelay() override;
    Q_DISABLE_COPY_MOVE(TcpRelay)

    bool up();   // listens (on the same port as before, if it listened before)
    void down(); // stops listening and drops every relayed connection
    // Where connections made from now on go (another server: "the key was rotated there").
    void setUpstreamPort(quint16 port) { m_upstreamPort = port; }
    QString baseUrl() const;

private:
    void onConnection();

    QTcpServer m_server;
    quint16 m_upstreamPort;
    quint16 m_port = 0;
    QList<QPointer<QTcpSocket>> m_sockets;
};

} // namespace feather::test
