#include "config/credentials.h"
#include "config/profiles.h"
#include "guitestutil.h"
#include "models/historymodel.h"
#include "models/resultmodel.h"
#include "models/sourcefilterproxy.h"
#include "models/sourcemodel.h"
#include "models/workspace.h"
#include "resyncintegration.h"
#include "ui/banner.h"
#include "ui/confirmdialog.h"
#include "ui/filterbar.h"
#include "ui/historypanel.h"
#include "ui/mainwindow.h"
#include "ui/profilesdialog.h"
#include "ui/resultspanel.h"
#include "ui/runstatus.h"
#include "ui/sourcepanel.h"

#include <QAccessible>
#include <QApplication>
#include <QClipboard>
#include <QHeaderView>
#include <QHelpEvent>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableView>
#include <QTest>
#include <QTimer>
#include <QToolTip>

using namespace Qt::StringLiterals;
using namespace feather;
using namespace feather::test;

namespace {
QList<QPair<QObject *, QAccessible::Event>> g_accessibleEvents;

void recordAccessibleEvent(QAccessibleEvent *event)
{
    g_accessibleEvents.append({event->object(), event->type()});
}

QPushButton *bannerButton(MessageBanner *banner, const QString &text)
{
    for (QPushButton *b : banner->findChildren<QPushButton *>()) {
        if (b->text() == text && b->isVisible())
            return b;
    }
    return nullptr;
}

// Opens the view's context menu over `row` (a right-click, as a person would) and picks the
// entry called `entry` with the keyboard.
bool pickFromContextMenu(QTableView *view, int row, const QString &entry)
{
    const QRect cell = view->visualRect(view->model()->index(row, 0));
    QTest::mouseClick(view->viewport(), Qt::RightButton, {}, cell.center());
    bool picked = false;
    QTimer::singleShot(100, view, [&] {
        auto *menu = qobject_cast<QMenu *>(QApplication::activePopupWidget());
        if (!menu)
            return;
        for (QAction *a : menu->actions()) {
            if (a->text() == entry) {
                menu->setActiveAction(a);
                QTest::keyClick(menu, Qt::Key_Return);
                picked = true;
                return;
            }
        }
        menu->close();
    });
    QContextMenuEvent event(QContextMenuEvent::Mouse, cell.center(),
                            view->viewport()->mapToGlobal(cell.center()));
    QApplication::sendEvent(view->viewport(), &event);
    return picked;
}
} // namespace

// What the window tells people: status-bar messages, banners that follow the server's state,
// announcements, tooltips and copyable text, and searches that find what is shown.
class TestConsoleFeedback : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void statusMessages_haveRoomBesideTheRunStatus();
    void finishedRun_isAnnouncedToAssistiveTechnology();
    void serverBack_refreshClearsTheConnectionBanner();
    void rejectedKeyOnLoad_saysSoAndOffersEditProfile();
    void truncatedSourceName_showsFullNameAsTooltip();
    void contextMenu_copiesFullErrorAndRowText();
    void sourceFilter_findsTheLastJobIdShown();
    void historySearch_findsDisplayedNameAndTriggerId();

private:
    DevServer m_server;
    std::unique_ptr<ProfileStore> m_profiles;
    std::unique_ptr<CredentialStore> m_credentials;
};

void TestConsoleFeedback::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"FeatherTest"_s);
    QCoreApplication::setApplicationName(u"tst_console_feedback"_s);
    QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).removeRecursively();
    QSettings().clear();
    QString why;
    QVERIFY2(m_server.start(120, {u"--sync-seconds"_s, u"600"_s}, &why), qPrintable(why));
}

void TestConsoleFeedback::init()
{
    m_profiles = std::make_unique<ProfileStore>();
    m_credentials = std::make_unique<CredentialStore>();
}

void TestConsoleFeedback::cleanup()
{
    m_credentials.reset();
    m_profiles.reset();
}

void TestConsoleFeedback::statusMessages_haveRoomBesideTheRunStatus()
{
    auto window = openApiWindow(m_profiles.get(), m_credentials.get(), u"Messages"_s,
                                m_server.baseUrl(), m_server.apiKey());
    QVERIFY(waitLoaded(*window));
    window->sourcePanel()->selectSources(sourcesWithStatus(*window, u"active"_s, 3));
    QVERIFY(confirmAndWaitForRun(*window,
                                 openConfirmation(*window, [&] { window->resyncSelected(); })));
    QVERIFY(activate(window.get()));
    window->resultsPanel()->view()->setFocus();
    typeKey(Qt::Key_C, Qt::ControlModifier);
    QCOMPARE(QApplication::clipboard()->text().split(u'\n').size(), 3);
    const QString message = window->statusBar()->currentMessage();
    QCOMPARE(message, u"Copied 3 job id(s)."_s);
    QTest::qWait(50); // the status bar lays out
    // The message is drawn left of the permanent run status: it needs that much room.
    const int needed = window->statusBar()->fontMetrics().horizontalAdvance(message);
    const int room = window->runStatus()->geometry().left();
    QVERIFY2(room > needed, qPrintable(u"room %1 px for a %2 px message"_s.arg(room).arg(needed)));
    if (const QString dir = qEnvironmentVariable("FEATHER_GUI_SNAPSHOT_DIR"); !dir.isEmpty())
        window->grab().save(dir + u"/status-message.png"_s);
}

void TestConsoleFeedback::finishedRun_isAnnouncedToAssistiveTechnology()
{
    auto window = openApiWindow(m_profiles.get(), m_credentials.get(), u"Announce"_s,
                                m_server.baseUrl(), m_server.apiKey());
    QVERIFY(waitLoaded(*window));
    window->sourcePanel()->selectSources(sourcesWithStatus(*window, u"active"_s, 2));
    ResyncConfirmDialog *dialog = openConfirmation(*window, [&] { window->resyncSelected(); });
    QVERIFY(dialog);
    g_accessibleEvents.clear();
    QAccessible::installUpdateHandler(recordAccessibleEvent);
    QAccessible::setActive(true);
    const bool ran = confirmAndWaitForRun(*window, dialog);
    QAccessible::installUpdateHandler(nullptr);
    QVERIFY(ran);

    RunStatusWidget *status = window->runStatus();
    QVERIFY2(status->lastAnnouncement().startsWith(u"Resync finished: 2 triggered"_s),
             qPrintable(status->lastAnnouncement()));
    QAccessibleInterface *iface = QAccessible::queryAccessibleInterface(status);
    QVERIFY(iface);
    QCOMPARE(iface->text(QAccessible::Description), status->lastAnnouncement());
    const auto sent = [&](QAccessible::Event type) {
        return std::any_of(g_accessibleEvents.cbegin(), g_accessibleEvents.cend(),
                           [&](const auto &e) { return e.first == status && e.second == type; });
    };
    // The events reach a handler only where the platform has an accessibility bridge (xcb with
    // AT-SPI, Windows); offscreen has none, and the description above is what a reader gets.
    if (QAccessible::isActive()) {
        QVERIFY(sent(QAccessible::DescriptionChanged));
        QVERIFY(sent(QAccessible::Alert));
    }
}

void TestConsoleFeedback::serverBack_refreshClearsTheConnectionBanner()
{
    TcpRelay relay(quint16(QUrl(m_server.baseUrl()).port()));
    QVERIFY(relay.up());
    auto window = openApiWindow(m_profiles.get(), m_credentials.get(), u"Flaky"_s, relay.baseUrl(),
                                m_server.apiKey());
    QVERIFY(waitLoaded(*window));
    QVERIFY(!window->messageBanner()->isVisible());

    relay.down();
    QSignalSpy loaded(window->workspace(), &Workspace::loaded);
    typeKey(Qt::Key_F5);
    QVERIFY(QTest::qWaitFor([&] { return !loaded.isEmpty(); }, 20000));
    QVERIFY(window->messageBanner()->isVisible());
    QVERIFY2(window->messageBanner()->text().contains(u"refused"_s, Qt::CaseInsensitive),
             qPrintable(window->messageBanner()->text()));

    QVERIFY(relay.up()); // the server is back
    loaded.clear();
    typeKey(Qt::Key_F5);
    QVERIFY(QTest::qWaitFor([&] { return !loaded.isEmpty(); }, 20000));
    QCOMPARE(window->workspace()->sources()->rowCount(), 120);
    QVERIFY2(!window->messageBanner()->isVisible(), qPrintable(window->messageBanner()->text()));
}

void TestConsoleFeedback::rejectedKeyOnLoad_saysSoAndOffersEditProfile()
{
    auto window = openApiWindow(m_profiles.get(), m_credentials.get(), u"Wrong key"_s,
                                m_server.baseUrl(), u"fth_not_the_key_0123456789"_s);
    QVERIFY(QTest::qWaitFor([&] { return window->messageBanner()->isVisible(); }, 20000));
    QVERIFY(waitLoaded(*window));
    MessageBanner *banner = window->messageBanner();
    QVERIFY2(banner->text().contains(u"rejected the API key"_s), qPrintable(banner->text()));
    QVERIFY(banner->text().contains(u"“Wrong key”"_s));
    QVERIFY(!banner->text().contains(u"fth_not_the_key"_s));
    QVERIFY(!bannerButton(banner, u"Retry"_s));
    QPushButton *edit = bannerButton(banner, u"Edit profile…"_s);
    QVERIFY(edit);

    bool profilesShown = false;
    QTimer::singleShot(200, this, [&] {
        auto *dialog = qobject_cast<ProfilesDialog *>(QApplication::activeModalWidget());
        if (!dialog)
            return;
        profilesShown = true;
        dialog->reject();
    });
    QTest::mouseClick(edit, Qt::LeftButton);
    QVERIFY(profilesShown);
}

void TestConsoleFeedback::truncatedSourceName_showsFullNameAsTooltip()
{
    auto window = openApiWindow(m_profiles.get(), m_credentials.get(), u"Tips"_s,
                                m_server.baseUrl(), m_server.apiKey());
    QVERIFY(waitLoaded(*window));
    QTableView *view = window->sourcePanel()->view();
    view->horizontalHeader()->resizeSection(SourceModel::NicknameColumn, 40);
    const QModelIndex cell = view->model()->index(0, SourceModel::NicknameColumn);
    const QString name = cell.data(Qt::DisplayRole).toString();
    QVERIFY(view->fontMetrics().horizontalAdvance(name) > 40);
    const QPoint at = view->visualRect(cell).center();
    QHelpEvent help(QEvent::ToolTip, at, view->viewport()->mapToGlobal(at));
    QApplication::sendEvent(view->viewport(), &help);
    QTRY_VERIFY(QToolTip::isVisible());
    QCOMPARE(QToolTip::text(), name);
    QToolTip::hideText();

    // A name that fits gets no tooltip of its own.
    view->horizontalHeader()->resizeSection(SourceModel::NicknameColumn, 600);
    QTRY_VERIFY(!QToolTip::isVisible());
    QHelpEvent again(QEvent::ToolTip, at, view->viewport()->mapToGlobal(at));
    QApplication::sendEvent(view->viewport(), &again);
    QTest::qWait(50);
    QVERIFY(!QToolTip::isVisible() || QToolTip::text() != name);
}

void TestConsoleFeedback::contextMenu_copiesFullErrorAndRowText()
{
    // No --extensions: the error text comes from the documented connectors freshness read.
    DevServer server;
    QString why;
    QVERIFY2(server.start(60, {u"--sync-seconds"_s, u"600"_s}, &why), qPrintable(why));
    auto window = openApiWindow(m_profiles.get(), m_credentials.get(), u"Copy"_s, server.baseUrl(),
                                server.apiKey());
    QVERIFY(waitLoaded(*window));
    const QString id = sourcesWithStatus(*window, u"error"_s, 1).value(0);
    QVERIFY(!id.isEmpty());
    const Source source = *window->workspace()->sources()->source(id);
    QVERIFY(!source.lastErrorMessage.isEmpty());
    window->sourcePanel()->filterBar()->setStatuses({u"error"_s});
    QTableView *view = window->sourcePanel()->view();
    int row = -1;
    for (int r = 0; r < view->model()->rowCount(); ++r) {
        if (view->model()->index(r, 0).data(SourceModel::IdRole).toString() == id)
            row = r;
    }
    QVERIFY(row >= 0);
    QApplication::clipboard()->clear();
    QVERIFY(pickFromContextMenu(view, row, u"Copy error"_s));
    QCOMPARE(window->sourcePanel()->selectedSourceIds(), QStringList{id});
    QCOMPARE(QApplication::clipboard()->text(), source.lastErrorMessage);

    QVERIFY(pickFromContextMenu(view, row, u"Copy row as text"_s));
    const QStringList cells = QApplication::clipboard()->text().split(u'\t');
    QVERIFY2(cells.contains(source.connectionNickname), qPrintable(cells.join(u" | "_s)));
    QVERIFY(cells.contains(source.lastErrorMessage.simplified()));
    QVERIFY(cells.contains(source.provider));
    // The same from the keyboard.
    QApplication::clipboard()->clear();
    view->setFocus();
    typeKey(Qt::Key_C, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(QApplication::clipboard()->text().split(u'\t'), cells);
}

void TestConsoleFeedback::sourceFilter_findsTheLastJobIdShown()
{
    auto window = openApiWindow(m_profiles.get(), m_credentials.get(), u"Jobs"_s,
                                m_server.baseUrl(), m_server.apiKey());
    QVERIFY(waitLoaded(*window));
    const QString id = sourcesWithStatus(*window, u"active"_s, 1).value(0);
    window->sourcePanel()->selectSources({id});
    QVERIFY(confirmAndWaitForRun(*window,
                                 openConfirmation(*window, [&] { window->resyncSelected(); })));
    const QString job = window->workspace()->sources()->source(id)->lastSyncJobId;
    QVERIFY(!job.isEmpty());
    QVERIFY(activate(window.get()));

    typeKey(Qt::Key_F, Qt::ControlModifier);
    QTest::keyClicks(QApplication::focusWidget(), job.left(8)); // what the Last job column shows
    SourceFilterProxy *proxy = window->sourcePanel()->proxy();
    QTRY_COMPARE(proxy->rowCount(), 1); // after the typing pause (debounce)
    QCOMPARE(proxy->index(0, 0).data(SourceModel::IdRole).toString(), id);
}

void TestConsoleFeedback::historySearch_findsDisplayedNameAndTriggerId()
{
    auto window = openApiWindow(m_profiles.get(), m_credentials.get(), u"History"_s,
                                m_server.baseUrl(), m_server.apiKey());
    QVERIFY(waitLoaded(*window));
    const QStringList ids = sourcesWithStatus(*window, u"active"_s, 3);
    window->sourcePanel()->selectSources(ids);
    QVERIFY(confirmAndWaitForRun(*window,
                                 openConfirmation(*window, [&] { window->resyncSelected(); })));
    const TriggerResult first = window->workspace()->lastRunResults().first();
    const QString name =
        window->workspace()->sources()->source(first.target.sourceId)->connectionNickname;
    QVERIFY(!first.target.triggerId.isEmpty());

    HistoryPanel *history = window->historyPanel();
    QSignalSpy reloaded(history, &HistoryPanel::reloaded);
    QVERIFY(activate(window.get()));
    typeKey(Qt::Key_2, Qt::ControlModifier);
    QVERIFY(QTest::qWaitFor([&] { return !reloaded.isEmpty(); }, 10000));
    QTableView *view = history->view();
    QVERIFY(view->model()->rowCount() >= 3);

    history->searchField()->setFocus();
    QTest::keyClicks(history->searchField(), name);
    QVERIFY2(view->model()->rowCount() >= 1, qPrintable(name));
    for (int r = 0; r < view->model()->rowCount(); ++r)
        QCOMPARE(view->model()->index(r, HistoryModel::SourceColumn).data().toString(), name);

    history->searchField()->clear();
    QTest::keyClicks(history->searchField(), first.target.triggerId);
    QCOMPARE(view->model()->rowCount(), 1);
    QCOMPARE(view->model()->index(0, 0).data(HistoryModel::SourceIdRole).toString(),
             first.target.sourceId);

    // The found row can be copied whole, as people paste it into a ticket.
    QApplication::clipboard()->clear();
    view->setFocus();
    view->selectRow(0);
    typeKey(Qt::Key_C, Qt::ControlModifier | Qt::ShiftModifier);
    const QStringList cells = QApplication::clipboard()->text().split(u'\t');
    QVERIFY2(cells.contains(name), qPrintable(cells.join(u" | "_s)));
    QVERIFY(cells.contains(first.jobId));
}

QTEST_MAIN(TestConsoleFeedback)
#include "tst_console_feedback.moc"
