#include "config/credentials.h"
#include "config/profiles.h"
#include "guitestutil.h"
#include "models/knowledgebasemodel.h"
#include "models/sourcemodel.h"
#include "models/workspace.h"
#include "ui/banner.h"
#include "ui/confirmdialog.h"
#include "ui/demoworkspace.h"
#include "ui/kbpanel.h"
#include "ui/mainwindow.h"
#include "ui/profilesdialog.h"
#include "ui/sourcepanel.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAbstractSpinBox>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScreen>
#include <QSettings>
#include <QSplitter>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace feather;
using namespace feather::test;

namespace {
// Controls a person can reach that have neither an accessible name nor visible text.
QStringList unnamedControls(const QWidget *root)
{
    QStringList missing;
    for (const QWidget *w : root->findChildren<QWidget *>()) {
        const QString cls = QString::fromLatin1(w->metaObject()->className());
        // Qt's own internals (scroll bars, headers, the table corner, editors inside combos and
        // spin boxes, the toolbar extension) are named by Qt or not focusable.
        if (cls == u"QTableCornerButton"_s || cls.startsWith(u"QComboBox"_s)
            || qobject_cast<const QHeaderView *>(w)
            || qobject_cast<const QLineEdit *>(w->parentWidget()) // a line edit's own clear button
            || w->objectName().startsWith(u"qt_"_s)
            || qobject_cast<const QComboBox *>(w->parentWidget())
            || qobject_cast<const QAbstractSpinBox *>(w->parentWidget()))
            continue;
        QString text;
        if (const auto *b = qobject_cast<const QAbstractButton *>(w))
            text = b->text();
        const bool control =
            qobject_cast<const QAbstractButton *>(w) || qobject_cast<const QLineEdit *>(w)
            || qobject_cast<const QComboBox *>(w) || qobject_cast<const QAbstractItemView *>(w)
            || qobject_cast<const QAbstractSpinBox *>(w);
        if (control && w->accessibleName().isEmpty() && text.remove(u'&').trimmed().isEmpty())
            missing << cls + u" "_s + w->objectName();
    }
    return missing;
}
} // namespace

// The window without a server: first run, failures, accessibility, remembered layout.
class TestConsoleWindow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void firstRun_offersDemoWorkspaceAndOpensIt();
    void unreachableServer_showsDismissibleBannerNotModal();
    void everyControl_hasAnAccessibleName();
    void layout_isRememberedAcrossWindows();
    void defaultGeometry_fitsASmallScreen();
    void restoredGeometry_largerThanScreen_isClamped();
    void kbList_sortsNamesNaturallyAndSearches();
    void noKeychain_fileOptIn_writesOwnerOnlyFileWithWarning();

private:
    std::unique_ptr<ProfileStore> m_profiles;
    std::unique_ptr<CredentialStore> m_credentials;
};

void TestConsoleWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"FeatherTest"_s);
    QCoreApplication::setApplicationName(u"tst_console_window"_s);
    QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).removeRecursively();
    QSettings().clear();
}

void TestConsoleWindow::init()
{
    m_profiles = std::make_unique<ProfileStore>();
    m_credentials = std::make_unique<CredentialStore>();
}

void TestConsoleWindow::firstRun_offersDemoWorkspaceAndOpensIt()
{
    QVERIFY(m_profiles->profiles().isEmpty());
    QVERIFY(!QFile::exists(demoDatabasePath()));
    MainWindow window(m_profiles.get(), m_credentials.get());
    window.show();
    window.offerDemoWorkspace();
    QVERIFY(window.messageBanner()->isVisible());
    QCOMPARE(int(window.messageBanner()->kind()), int(MessageBanner::Kind::Info));
    QPushButton *open = nullptr;
    for (QPushButton *b : window.messageBanner()->findChildren<QPushButton *>()) {
        if (b->text() == u"Open demo workspace"_s)
            open = b;
    }
    QVERIFY(open && open->isVisible());
    QTest::mouseClick(open, Qt::LeftButton);
    // Seeding runs on a worker thread: the window keeps processing events meanwhile.
    QVERIFY(waitLoaded(window, 60000));
    QVERIFY(QFile::exists(demoDatabasePath()));
    QVERIFY(window.workspace()->sources()->rowCount() >= 100);
    QCOMPARE(window.workspace()->profile().name, u"Demo workspace"_s);
    QVERIFY(m_profiles->profile(u"Demo workspace"_s).has_value());
    QCOMPARE(m_profiles->lastUsed(), u"Demo workspace"_s);
    QVERIFY(!sourcesWithStatus(window, u"error"_s, 1).isEmpty());
}

void TestConsoleWindow::unreachableServer_showsDismissibleBannerNotModal()
{
    MainWindow window(m_profiles.get(), m_credentials.get());
    window.show();
    Profile p;
    p.name = u"Nowhere"_s;
    p.baseUrl = u"http://127.0.0.1:9"_s; // discard port: nothing listens
    p.secretStorage = SecretStorage::Session;
    m_credentials->keepForSession(p.name, u"fth_key_that_is_never_shown_1234"_s);
    window.addTransientProfile(p);
    window.openProfile(p.name);
    QVERIFY(QTest::qWaitFor([&] { return window.messageBanner()->isVisible(); }, 20000));
    QCOMPARE(int(window.messageBanner()->kind()), int(MessageBanner::Kind::Error));
    QVERIFY2(window.messageBanner()->text().startsWith(u"Could not list"_s),
             qPrintable(window.messageBanner()->text()));
    QVERIFY(!window.messageBanner()->text().contains(u"fth_key_that_is_never_shown"_s));
    QCOMPARE(QApplication::activeModalWidget(), nullptr);
    // Dismissed with its close button; the window stays usable.
    QAbstractButton *close = nullptr;
    for (QAbstractButton *b : window.messageBanner()->findChildren<QAbstractButton *>()) {
        if (b->accessibleName() == u"Dismiss message"_s)
            close = b;
    }
    QVERIFY(close);
    QTest::mouseClick(close, Qt::LeftButton);
    QVERIFY(!window.messageBanner()->isVisible());
}

void TestConsoleWindow::everyControl_hasAnAccessibleName()
{
    MainWindow window(m_profiles.get(), m_credentials.get());
    window.show();
    window.openProfile(u"Demo workspace"_s); // created by the first test
    QVERIFY(waitLoaded(window, 30000));
    QVERIFY2(unnamedControls(&window).isEmpty(),
             qPrintable(unnamedControls(&window).join(u", "_s)));

    ProfilesDialog profiles(m_profiles.get(), m_credentials.get());
    profiles.show();
    QCOMPARE(unnamedControls(&profiles), QStringList{});

    window.sourcePanel()->selectSources(sourcesWithStatus(window, u"active"_s, 2));
    ResyncConfirmDialog *dialog = openConfirmation(window, [&] { window.resyncSelected(); });
    QVERIFY(dialog);
    QCOMPARE(unnamedControls(dialog), QStringList{});
    dialog->reject();
}

void TestConsoleWindow::layout_isRememberedAcrossWindows()
{
    QList<int> sizes;
    int width = 0;
    {
        MainWindow window(m_profiles.get(), m_credentials.get());
        window.show();
        auto *splitter = window.findChild<QSplitter *>(u"kbSourceSplitter"_s);
        QVERIFY(splitter);
        splitter->setSizes({300, 700});
        sizes = splitter->sizes();
        QHeaderView *header = window.sourcePanel()->view()->horizontalHeader();
        header->resizeSection(0, 333);
        width = header->sectionSize(0);
    } // the destructor saves geometry, splitters and columns
    MainWindow again(m_profiles.get(), m_credentials.get());
    again.show();
    QCOMPARE(again.findChild<QSplitter *>(u"kbSourceSplitter"_s)->sizes(), sizes);
    QCOMPARE(again.sourcePanel()->view()->horizontalHeader()->sectionSize(0), width);
    QVERIFY(QSettings().contains(u"window/geometry"_s));
}

void TestConsoleWindow::defaultGeometry_fitsASmallScreen()
{
    // The offscreen screen is 800×600; the window's default size is larger than that.
    QSettings().remove(u"window/geometry"_s);
    MainWindow window(m_profiles.get(), m_credentials.get());
    window.show();
    const QRect available = window.screen()->availableGeometry();
    QVERIFY2(available.contains(window.frameGeometry()),
             qPrintable(u"%1x%2+%3+%4 on a %5x%6 screen"_s.arg(window.frameGeometry().width())
                            .arg(window.frameGeometry().height())
                            .arg(window.frameGeometry().x())
                            .arg(window.frameGeometry().y())
                            .arg(available.width())
                            .arg(available.height())));
}

void TestConsoleWindow::restoredGeometry_largerThanScreen_isClamped()
{
    // What a 1360×860 window saved at scale factor 1 looks like to a screen with half the room,
    // placed partly off screen.
    {
        QWidget big;
        big.setGeometry(300, 200, 2720, 1720);
        QSettings().setValue(u"window/geometry"_s, big.saveGeometry());
    }
    MainWindow window(m_profiles.get(), m_credentials.get());
    window.show();
    const QRect available = window.screen()->availableGeometry();
    QVERIFY(window.width() <= available.width());
    QVERIFY(window.height() <= available.height());
    QVERIFY2(available.contains(window.frameGeometry()),
             qPrintable(u"%1x%2+%3+%4"_s.arg(window.frameGeometry().width())
                            .arg(window.frameGeometry().height())
                            .arg(window.frameGeometry().x())
                            .arg(window.frameGeometry().y())));
}

void TestConsoleWindow::kbList_sortsNamesNaturallyAndSearches()
{
    KnowledgeBaseModel model;
    QList<KnowledgeBase> kbs;
    int n = 0;
    for (const QString &name :
         {u"Billing Support 10"_s, u"Billing Support 2"_s, u"billing support 1"_s,
          u"Support Handbook"_s, u"Billing Support"_s}) {
        KnowledgeBase kb;
        kb.id = u"00000000-0000-4000-8000-%1"_s.arg(++n, 12, 10, QChar(u'0'));
        kb.name = name;
        kbs << kb;
    }
    model.setKnowledgeBases(kbs);
    KbPanel panel(&model);
    panel.show();
    const auto names = [&] {
        QStringList out;
        for (int r = 0; r < panel.view()->model()->rowCount(); ++r)
            out << panel.view()->model()->index(r, 0).data().toString();
        return out;
    };
    QCOMPARE(names(),
             (QStringList{u"All knowledge bases"_s, u"Billing Support"_s, u"billing support 1"_s,
                          u"Billing Support 2"_s, u"Billing Support 10"_s, u"Support Handbook"_s}));

    // Typing in the search field narrows the list; "All" stays to clear the KB filter.
    panel.searchField()->setFocus();
    QTest::keyClicks(panel.searchField(), u"support 1"_s);
    QCOMPARE(names(), (QStringList{u"All knowledge bases"_s, u"billing support 1"_s,
                                   u"Billing Support 10"_s}));
    panel.searchField()->clear();
    QCOMPARE(panel.view()->model()->rowCount(), 6);
}

void TestConsoleWindow::noKeychain_fileOptIn_writesOwnerOnlyFileWithWarning()
{
    const QString secret = u"fth_optin_secret_0123456789abcd"_s;
    ProfilesDialog dialog(m_profiles.get(), m_credentials.get());
    dialog.show();
    QVERIFY(dialog.fileOptIn()->isHidden()); // offered only once the keychain has failed
    dialog.nameEdit()->setText(u"Opt-in"_s);
    dialog.urlEdit()->setText(u"https://api.example.com"_s);
    dialog.secretEdit()->setText(secret);
    dialog.save();
    QVERIFY(QTest::qWaitFor([&] { return !dialog.isSaving(); }, 20000));
    QVERIFY(!dialog.fileOptIn()->isHidden());
    QVERIFY(!QFile::exists(CredentialStore::secretFilePath(u"Opt-in"_s)));
    QTest::qWait(30); // let the layout settle before anyone looks
    if (const QString dir = qEnvironmentVariable("FEATHER_GUI_SNAPSHOT_DIR"); !dir.isEmpty())
        dialog.grab().save(dir + u"/profiles-dialog.png"_s);

    dialog.fileOptIn()->setChecked(true);
    dialog.secretEdit()->setText(secret);
    dialog.save();
    QVERIFY(QTest::qWaitFor([&] { return !dialog.isSaving(); }, 20000));
    const QString path = CredentialStore::secretFilePath(u"Opt-in"_s);
    QVERIFY(QFile::exists(path));
    QCOMPARE(QFile::permissions(path)
                 & (QFile::ReadGroup | QFile::ReadOther | QFile::WriteGroup | QFile::WriteOther),
             QFileDevice::Permissions());
    QVERIFY2(dialog.statusLabel()->text().contains(u"Warning"_s),
             qPrintable(dialog.statusLabel()->text()));
    QVERIFY(!dialog.statusLabel()->text().contains(secret));
    QCOMPARE(int(m_profiles->profile(u"Opt-in"_s)->secretStorage), int(SecretStorage::File));
    // The settings file itself still holds no secret; only the opted-in file does.
    m_profiles->sync();
    QCOMPARE(filesContaining(secret.toUtf8()), QStringList{path});
}

QTEST_MAIN(TestConsoleWindow)
#include "tst_console_window.moc"
