#include "guitestutil.h"

#include "config/credentials.h"
#include "config/profiles.h"
#include "models/sourcemodel.h"
#include "models/workspace.h"
#include "ui/confirmdialog.h"
#include "ui/mainwindow.h"

#include <QApplication>
#include <QCoreApplication>
#include <QDir>
#include <QDirIterator>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpSocket>
#include <QTest>

namespace feather::test {

bool waitLoaded(MainWindow &window, int timeoutMs)
{
    return QTest::qWaitFor(
        [&] { return window.workspace()->hasLoaded() && !window.workspace()->isLoading(); },
        timeoutMs);
}

QStringList sourcesWithStatus(MainWindow &window, const QString &status, int count)
{
    QStringList ids;
    const SourceModel *model = window.workspace()->sources();
    for (int r = 0; r < model->rowCount() && ids.size() < count; ++r) {
        if (model->sourceAt(r).status == status && !model->isInFlight(model->sourceAt(r).id))
            ids << model->sourceAt(r).id;
    }
    return ids;
}

ResyncConfirmDialog *openConfirmation(MainWindow &window, const std::function<void()> &action)
{
    ResyncConfirmDialog *dialog = nullptr;
    const auto connection = QObject::connect(&window, &MainWindow::confirmationShown, &window,
                                             [&](ResyncConfirmDialog *d) { dialog = d; });
    action();
    const bool shown = QTest::qWaitFor([&] { return dialog != nullptr; }, 5000);
    QObject::disconnect(connection);
    return shown ? dialog : nullptr;
}

bool confirmAndWaitForRun(MainWindow &window, ResyncConfirmDialog *dialog, int timeoutMs)
{
    if (!dialog || !QTest::qWaitFor([&] { return dialog->isPreviewFinished(); }, timeoutMs))
        return false;
    QSignalSpy finished(window.workspace(), &Workspace::runFinished);
    QTest::mouseClick(dialog->confirmButton(), Qt::LeftButton);
    return QTest::qWaitFor([&] { return !finished.isEmpty(); }, timeoutMs);
}

QStringList filesContaining(const QByteArray &needle)
{
    QStringList hits;
    QSet<QString> seen;
    for (const auto location :
         {QStandardPaths::GenericConfigLocation, QStandardPaths::AppConfigLocation,
          QStandardPaths::AppDataLocation, QStandardPaths::GenericDataLocation,
          QStandardPaths::GenericCacheLocation}) {
        QDirIterator it(QStandardPaths::writableLocation(location), QDir::Files | QDir::Hidden,
                        QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = it.next();
            if (seen.contains(path))
                continue;
            seen.insert(path);
            QFile f(path);
            if (f.open(QIODevice::ReadOnly) && f.readAll().contains(needle))
                hits << path;
        }
    }
    return hits;
}

std::unique_ptr<MainWindow> openApiWindow(ProfileStore *profiles, CredentialStore *credentials,
                                          const QString &name, const QString &baseUrl,
                                          const QString &key, bool production, int concurrency)
{
    auto window = std::make_unique<MainWindow>(profiles, credentials);
    Profile p;
    p.name = name;
    p.mode = BackendMode::Api;
    p.baseUrl = baseUrl;
    p.production = production;
    p.concurrency = concurrency;
    p.secretStorage = SecretStorage::Session;
    credentials->keepForSession(p.name, key);
    window->addTransientProfile(p);
    window->show();
    if (!activate(window.get()))
        qWarning("openApiWindow: the window never became active");
    window->openProfile(p.name);
    return window;
}

void startFromEmptySettings(const QString &applicationName)
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("FeatherTest"));
    QCoreApplication::setApplicationName(applicationName);
    for (const auto location : {QStandardPaths::AppDataLocation, QStandardPaths::AppConfigLocation})
        QDir(QStandardPaths::writableLocation(location)).removeRecursively();
    QSettings().clear();
}

bool activate(QWidget *window)
{
    window->activateWindow();
    return QTest::qWaitForWindowActive(window);
}

void typeKey(Qt::Key key, Qt::KeyboardModifiers modifiers)
{
    QWidget *target = QApplication::focusWidget();
    if (!target)
        target = QApplication::activeWindow();
    if (target)
        QTest::keyClick(target, key, modifiers);
}

bool tabTo(const QWidget *target, int maxTabs)
{
    for (int i = 0; i <= maxTabs; ++i) {
        if (QApplication::focusWidget() == target)
            return true;
        typeKey(Qt::Key_Tab);
    }
    return QApplication::focusWidget() == target;
}

TcpRelay::TcpRelay(quint16 upstreamPort)
    : m_upstreamPort(upstreamPort)
{
    connect(&m_server, &QTcpServer::newConnection, this, &TcpRelay::onConnection);
}

TcpRelay::~TcpRelay()
{
    down();
}

bool TcpRelay::up()
{
    if (!m_server.listen(QHostAddress::LocalHost, m_port))
        return false;
    m_port = m_server.serverPort();
    return true;
}

void TcpRelay::down()
{
    m_server.close();
    for (const QPointer<QTcpSocket> &s : std::as_const(m_sockets)) {
        if (s)
            s->abort();
    }
    m_sockets.clear();
}

QString TcpRelay::baseUrl() const
{
    return QStringLiteral("http://127.0.0.1:%1").arg(m_port);
}

void TcpRelay::onConnection()
{
    while (QTcpSocket *client = m_server.nextPendingConnection()) {
        auto *upstream = new QTcpSocket(client);
        m_sockets << client << upstream;
        const auto pipe = [](QTcpSocket *from, QTcpSocket *to) {
            QObject::connect(from, &QTcpSocket::readyRead, to,
                             [from, to] { to->write(from->readAll()); });
            QObject::connect(from, &QTcpSocket::disconnected, to, [to] {
                if (to->bytesToWrite() > 0)
                    to->flush();
                to->disconnectFromHost();
            });
        };
        pipe(client, upstream);
        pipe(upstream, client);
        connect(client, &QTcpSocket::disconnected, client, &QObject::deleteLater);
        // What the client sent before the upstream connected waits in its buffer.
        connect(upstream, &QTcpSocket::connected, client, [client, upstream] {
            if (client->bytesAvailable() > 0)
                upstream->write(client->readAll());
        });
        upstream->connectToHost(QHostAddress::LocalHost, m_upstreamPort);
    }
}

} // namespace feather::test
