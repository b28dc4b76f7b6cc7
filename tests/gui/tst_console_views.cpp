// Saved views in the console (issue 11 item 8), offscreen against a real feather-devserver:
// save the filters under a name, recall them per profile, the built-ins, and "Failed again in
// my last run" after a real run whose jobs fail every second time.
#include "config/credentials.h"
#include "config/profiles.h"
#include "config/savedviews.h"
#include "guitestutil.h"
#include "models/sourcefilterproxy.h"
#include "models/sourcemodel.h"
#include "models/workspace.h"
#include "resyncintegration.h"
#include "ui/banner.h"
#include "ui/confirmdialog.h"
#include "ui/filterbar.h"
#include "ui/kbpanel.h"
#include "ui/mainwindow.h"
#include "ui/sourcepanel.h"
#include "ui/viewsbutton.h"

#include <QApplication>
#include <QDir>
#include <QInputDialog>
#include <QMenu>
#include <QPainter>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QTimer>

using namespace Qt::StringLiterals;
using namespace feather;
using namespace feather::test;

class TestConsoleViews : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void savedView_recallsFiltersAndKbs_perProfile();
    void builtinErrored_byKeyboard_showsExactlyTheErroredSources();
    void failedAgainInMyLastRun_showsTheRunsFailedSources_andFollowsFilterEdits();

private:
    std::unique_ptr<MainWindow> openWindow(const QString &name, const DevServer &server);
    // Opens the views menu with its shortcut, as a keyboard user would, and triggers the entry
    // whose text starts with `label`; false when the menu or the entry did not show.
    bool pickFromViewsMenu(MainWindow &window, const QString &label);
    // What the source table shows, as ids.
    static QSet<QString> visibleIds(MainWindow &window);

    DevServer m_server;     // demo data, long syncs
    DevServer m_fastServer; // one-second syncs, every second job fails
    std::unique_ptr<ProfileStore> m_profiles;
    std::unique_ptr<CredentialStore> m_credentials;
};

void TestConsoleViews::initTestCase()
{
    qRegisterMetaType<QInputDialog *>();
    startFromEmptySettings(u"tst_console_views"_s);
    QString why;
    QVERIFY2(m_server.start(80, {u"--sync-seconds"_s, u"600"_s}, &why), qPrintable(why));
    QVERIFY2(
        m_fastServer.start(40, {u"--sync-seconds"_s, u"1"_s, u"--job-fail-every"_s, u"2"_s}, &why),
        qPrintable(why));
}

void TestConsoleViews::init()
{
    m_profiles = std::make_unique<ProfileStore>();
    m_credentials = std::make_unique<CredentialStore>();
}

void TestConsoleViews::cleanup()
{
    m_credentials.reset();
    m_profiles.reset();
}

std::unique_ptr<MainWindow> TestConsoleViews::openWindow(const QString &name,
                                                         const DevServer &server)
{
    auto window = std::make_unique<MainWindow>(m_profiles.get(), m_credentials.get());
    Profile p;
    p.name = name;
    p.mode = BackendMode::Api;
    p.baseUrl = server.baseUrl();
    p.secretStorage = SecretStorage::Session;
    m_credentials->keepForSession(p.name, server.apiKey());
    window->addTransientProfile(p);
    window->resize(1400, 900);
    window->show();
    activate(window.get());
    window->openProfile(p.name);
    return window;
}

bool TestConsoleViews::pickFromViewsMenu(MainWindow &window, const QString &label)
{
    bool picked = false;
    // The menu runs its own event loop: look for it once it is up.
    QTimer::singleShot(200, &window, [&] {
        auto *menu = qobject_cast<QMenu *>(QApplication::activePopupWidget());
        if (!menu)
            return;
        for (QAction *a : menu->actions()) {
            if (a->isEnabled() && a->text().startsWith(label)) {
                menu->setActiveAction(a);
                QTest::keyClick(menu, Qt::Key_Return);
                picked = true;
                return;
            }
        }
        menu->close();
    });
    if (!activate(&window))
        return false;
    QTest::keyClick(&window, Qt::Key_V, Qt::ControlModifier | Qt::ShiftModifier);
    if (!QTest::qWaitFor([] { return QApplication::activePopupWidget() == nullptr; }, 5000))
        return false;
    return picked;
}

QSet<QString> TestConsoleViews::visibleIds(MainWindow &window)
{
    QSet<QString> ids;
    SourceFilterProxy *proxy = window.sourcePanel()->proxy();
    for (int r = 0; r < proxy->rowCount(); ++r)
        ids.insert(proxy->index(r, 0).data(SourceModel::IdRole).toString());
    return ids;
}

void TestConsoleViews::savedView_recallsFiltersAndKbs_perProfile()
{
    auto window = openWindow(u"Views A"_s, m_server);
    QVERIFY(waitLoaded(*window));
    SourceModel *model = window->workspace()->sources();
    // Filters a support person would keep: errored sources of one KB, one provider.
    const Source first = model->sourceAt(0);
    window->kbPanel()->selectKb(first.knowledgeBaseId);
    FilterBar *bar = window->sourcePanel()->filterBar();
    bar->setStatuses({u"error"_s, u"active"_s});
    bar->setProvider(first.provider);
    QTRY_VERIFY(window->sourcePanel()->proxy()->rowCount() > 0);
    const QSet<QString> expected = visibleIds(*window);
    for (int r = 0; r < model->rowCount(); ++r) {
        const Source &s = model->sourceAt(r);
        const bool shown = s.knowledgeBaseId == first.knowledgeBaseId
                           && s.provider == first.provider
                           && (s.status == u"error"_s || s.status == u"active"_s);
        QCOMPARE(expected.contains(s.id), shown);
    }

    QSignalSpy dialogs(window.get(), &MainWindow::viewSaveDialogShown);
    QVERIFY(pickFromViewsMenu(*window, u"&Save current filters"_s));
    QTRY_COMPARE(dialogs.size(), 1);
    auto *dialog = dialogs.first().first().value<QInputDialog *>();
    QVERIFY(dialog);
    dialog->setTextValue(u"  Billing errors  "_s);
    dialog->accept();
    QTRY_COMPARE(window->viewsButton()->active(), u"Billing errors"_s);
    QCOMPARE(window->viewsButton()->text(), u"View: Billing errors"_s);

    // A built-in name is refused with a reason and nothing is saved.
    QVERIFY(pickFromViewsMenu(*window, u"&Save current filters"_s));
    QTRY_COMPARE(dialogs.size(), 2);
    dialog = dialogs.last().first().value<QInputDialog *>();
    dialog->setTextValue(u"stuck"_s);
    dialog->accept();
    QTRY_VERIFY(window->messageBanner()->text().contains(u"built-in"_s));
    SavedViewStore store(m_profiles->settings());
    QCOMPARE(store.views(u"Views A"_s).size(), 1);

    // Clearing the filters ends the view; recalling it brings everything back.
    bar->clear();
    window->kbPanel()->selectKb({});
    QCOMPARE(window->viewsButton()->active(), QString());
    QTRY_COMPARE(window->sourcePanel()->proxy()->rowCount(), model->rowCount());
    QVERIFY(pickFromViewsMenu(*window, u"Billing errors"_s));
    QTRY_COMPARE(visibleIds(*window), expected);
    QCOMPARE(bar->statuses(), (QSet<QString>{u"error"_s, u"active"_s}));
    QCOMPARE(bar->provider(), first.provider);
    QCOMPARE(window->kbPanel()->selectedKbIds(), QSet<QString>{first.knowledgeBaseId});
    const QString shot = qEnvironmentVariable("FEATHER_SHOT_DIR");
    if (!shot.isEmpty()) {
        // The window with the views menu open over it (a popup is its own window offscreen).
        QTimer::singleShot(300, window.get(), [&] {
            auto *menu = qobject_cast<QMenu *>(QApplication::activePopupWidget());
            QPixmap picture = window->grab();
            if (menu) {
                QPainter painter(&picture);
                // Under the button, right-aligned (the offscreen screen is smaller than the
                // window, so the menu's own position is clamped to it).
                ViewsButton *button = window->viewsButton();
                const QPoint corner = button->mapTo(window.get(), button->rect().bottomRight());
                painter.drawPixmap(corner.x() - menu->width(), corner.y() + 1, menu->grab());
                menu->close();
            }
            picture.save(shot + u"/screenshot-views.png"_s);
        });
        window->viewsButton()->showMenu();
    }

    // Another profile has its own views: this one is not offered there.
    auto other = openWindow(u"Views B"_s, m_server);
    QVERIFY(waitLoaded(*other));
    QVERIFY(!pickFromViewsMenu(*other, u"Billing errors"_s));
    QVERIFY(store.views(u"Views B"_s).isEmpty());
}

void TestConsoleViews::builtinErrored_byKeyboard_showsExactlyTheErroredSources()
{
    auto window = openWindow(u"Views errored"_s, m_server);
    QVERIFY(waitLoaded(*window));
    QVERIFY(pickFromViewsMenu(*window, u"Errored"_s));
    SourceModel *model = window->workspace()->sources();
    QSet<QString> errored;
    for (int r = 0; r < model->rowCount(); ++r) {
        if (model->sourceAt(r).status == u"error"_s)
            errored.insert(model->sourceAt(r).id);
    }
    QVERIFY(!errored.isEmpty());
    QTRY_COMPARE(visibleIds(*window), errored);
    QCOMPARE(window->viewsButton()->text(), u"View: Errored"_s);
}

void TestConsoleViews::failedAgainInMyLastRun_showsTheRunsFailedSources_andFollowsFilterEdits()
{
    auto window = openWindow(u"Views fast"_s, m_fastServer);
    QVERIFY(waitLoaded(*window));
    // Before any run: the view says why it is empty.
    QVERIFY(pickFromViewsMenu(*window, u"Failed again in my last run"_s));
    QTRY_COMPARE(window->sourcePanel()->proxy()->rowCount(), 0);
    QVERIFY2(window->messageBanner()->text().contains(u"No run is recorded"_s),
             qPrintable(window->messageBanner()->text()));
    window->sourcePanel()->filterBar()->clear();
    QTRY_VERIFY(window->sourcePanel()->proxy()->rowCount() > 0);

    const QStringList ids = sourcesWithStatus(*window, u"active"_s, 4);
    QCOMPARE(ids.size(), 4);
    window->sourcePanel()->selectSources(ids);
    QSignalSpy ended(window.get(), &MainWindow::runJobsFinished);
    ResyncConfirmDialog *dialog =
        openConfirmation(*window, [&] { window->resyncAction()->trigger(); });
    QVERIFY(dialog);
    QVERIFY(confirmAndWaitForRun(*window, dialog));
    QVERIFY(ended.wait(30000));
    const QStringList failedList = ended.first().at(1).toStringList();
    const QSet<QString> failed(failedList.cbegin(), failedList.cend());
    QVERIFY(!failed.isEmpty());
    QVERIFY(failed.size() < ids.size()); // every second job completes on this server

    QVERIFY(pickFromViewsMenu(*window, u"Failed again in my last run"_s));
    QTRY_COMPARE(visibleIds(*window), failed);
    // The run is recorded for the profile, as featherctl reads it.
    SavedViewStore store(m_profiles->settings());
    const LastRun run = store.lastRun(u"Views fast"_s);
    const QStringList recorded = run.sourceIds();
    QCOMPARE(QSet<QString>(recorded.cbegin(), recorded.cend()),
             QSet<QString>(ids.cbegin(), ids.cend()));

    // Typing a filter makes the filters the user's again: the run restriction goes.
    window->sourcePanel()->filterBar()->setStatuses({});
    QCOMPARE(window->viewsButton()->active(), QString());
    QVERIFY(!window->sourcePanel()->proxy()->hasOnlySources());
    QTRY_COMPARE(window->sourcePanel()->proxy()->rowCount(),
                 window->workspace()->sources()->rowCount());
}

QTEST_MAIN(TestConsoleViews)
#include "tst_console_views.moc"
