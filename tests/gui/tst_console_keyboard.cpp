#include "config/credentials.h"
#include "config/profiles.h"
#include "guitestutil.h"
#include "models/resultmodel.h"
#include "models/sourcefilterproxy.h"
#include "models/sourcemodel.h"
#include "models/workspace.h"
#include "resyncintegration.h"
#include "ui/confirmdialog.h"
#include "ui/historypanel.h"
#include "ui/kbpanel.h"
#include "ui/mainwindow.h"
#include "ui/profileswitcher.h"
#include "ui/resultspanel.h"
#include "ui/runstatus.h"
#include "ui/sourcepanel.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QFileDialog>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTest>
#include <QTimer>

using namespace Qt::StringLiterals;
using namespace feather;
using namespace feather::test;

// The main window driven by keyboard alone: Tab between panes (never changing a selection),
// mnemonics on the pane titles, and the shortcuts for the run and the results.
class TestConsoleKeyboard : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void tabInSourceTable_keepsSelectionAndLeavesTheTable();
    void tabInKbTable_keepsSelectedKbAndMovesToSources();
    void paneMnemonics_moveFocusAndSwitchTabs();
    void shortcuts_switchTabs();
    void pauseShortcut_pausesAndResumesTheRun();
    void retryShortcut_opensConfirmationForFailedRows();
    void exportShortcut_savesCsvAndSaysWhere();

private:
    DevServer m_server;
    std::unique_ptr<ProfileStore> m_profiles;
    std::unique_ptr<CredentialStore> m_credentials;
};

void TestConsoleKeyboard::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"FeatherTest"_s);
    QCoreApplication::setApplicationName(u"tst_console_keyboard"_s);
    QSettings().clear();
    QString why;
    QVERIFY2(m_server.start(150, {u"--sync-seconds"_s, u"600"_s, u"--latency-ms"_s, u"40"_s}, &why),
             qPrintable(why));
}

void TestConsoleKeyboard::init()
{
    m_profiles = std::make_unique<ProfileStore>();
    m_credentials = std::make_unique<CredentialStore>();
}

void TestConsoleKeyboard::cleanup()
{
    m_credentials.reset();
    m_profiles.reset();
}

void TestConsoleKeyboard::tabInSourceTable_keepsSelectionAndLeavesTheTable()
{
    auto window = openApiWindow(m_profiles.get(), m_credentials.get(), u"Keys"_s,
                                m_server.baseUrl(), m_server.apiKey());
    QVERIFY(waitLoaded(*window));
    QTableView *sources = window->sourcePanel()->view();
    sources->setFocus();
    typeKey(Qt::Key_E, Qt::ControlModifier); // select errored
    const QStringList selected = window->sourcePanel()->selectedSourceIds();
    QVERIFY2(selected.size() >= 5, qPrintable(QString::number(selected.size())));
    QCOMPARE(QApplication::focusWidget(), sources);

    typeKey(Qt::Key_Tab);
    QCOMPARE(window->sourcePanel()->selectedSourceIds(), selected);
    QVERIFY(QApplication::focusWidget() != sources);
    sources->setFocus();
    typeKey(Qt::Key_Backtab, Qt::ShiftModifier);
    QCOMPARE(window->sourcePanel()->selectedSourceIds(), selected);
    QVERIFY(QApplication::focusWidget() != sources);
}

void TestConsoleKeyboard::tabInKbTable_keepsSelectedKbAndMovesToSources()
{
    auto window = openApiWindow(m_profiles.get(), m_credentials.get(), u"Keys"_s,
                                m_server.baseUrl(), m_server.apiKey());
    QVERIFY(waitLoaded(*window));
    const QString kb = window->workspace()->sources()->sourceAt(0).knowledgeBaseId;
    window->kbPanel()->selectKb(kb);
    QCOMPARE(window->kbPanel()->selectedKbIds(), QSet<QString>{kb});
    const int visibleSources = window->sourcePanel()->proxy()->rowCount();
    window->kbPanel()->view()->setFocus();

    typeKey(Qt::Key_Tab);
    QCOMPARE(window->kbPanel()->selectedKbIds(), QSet<QString>{kb});
    QCOMPARE(window->sourcePanel()->proxy()->rowCount(), visibleSources);
    QWidget *focus = QApplication::focusWidget();
    QVERIFY(focus);
    QVERIFY2(window->sourcePanel()->isAncestorOf(focus), focus->metaObject()->className());
}

void TestConsoleKeyboard::paneMnemonics_moveFocusAndSwitchTabs()
{
    auto window = openApiWindow(m_profiles.get(), m_credentials.get(), u"Keys"_s,
                                m_server.baseUrl(), m_server.apiKey());
    QVERIFY(waitLoaded(*window));
    window->sourcePanel()->view()->setFocus();
    typeKey(Qt::Key_P, Qt::AltModifier);
    QCOMPARE(QApplication::focusWidget(), window->profileSwitcher()->comboBox());
    typeKey(Qt::Key_K, Qt::AltModifier);
    QCOMPARE(QApplication::focusWidget(), window->kbPanel()->view());
    typeKey(Qt::Key_S, Qt::AltModifier);
    QCOMPARE(QApplication::focusWidget(), window->sourcePanel()->view());
    typeKey(Qt::Key_H, Qt::AltModifier);
    QCOMPARE(window->tabs()->currentWidget(), window->historyPanel());
    typeKey(Qt::Key_R, Qt::AltModifier);
    QCOMPARE(window->tabs()->currentWidget(), window->resultsPanel());
}

void TestConsoleKeyboard::shortcuts_switchTabs()
{
    auto window = openApiWindow(m_profiles.get(), m_credentials.get(), u"Keys"_s,
                                m_server.baseUrl(), m_server.apiKey());
    QVERIFY(waitLoaded(*window));
    window->sourcePanel()->view()->setFocus();
    typeKey(Qt::Key_2, Qt::ControlModifier);
    QCOMPARE(window->tabs()->currentWidget(), window->historyPanel());
    typeKey(Qt::Key_1, Qt::ControlModifier);
    QCOMPARE(window->tabs()->currentWidget(), window->resultsPanel());
}

void TestConsoleKeyboard::pauseShortcut_pausesAndResumesTheRun()
{
    // One request at a time, 40 ms each: the run is still going when the keys arrive.
    auto window = openApiWindow(m_profiles.get(), m_credentials.get(), u"Slow"_s,
                                m_server.baseUrl(), m_server.apiKey(), false, 1);
    QVERIFY(waitLoaded(*window));
    window->sourcePanel()->selectSources(sourcesWithStatus(*window, u"active"_s, 30));
    ResyncConfirmDialog *dialog = openConfirmation(*window, [&] { window->resyncSelected(); });
    QVERIFY(dialog && QTest::qWaitFor([&] { return dialog->isPreviewFinished(); }, 20000));
    QSignalSpy finished(window->workspace(), &Workspace::runFinished);
    QTest::mouseClick(dialog->confirmButton(), Qt::LeftButton);
    QVERIFY(window->workspace()->isRunning());
    QVERIFY(activate(window.get()));
    window->sourcePanel()->view()->setFocus();

    typeKey(Qt::Key_P, Qt::ControlModifier | Qt::ShiftModifier);
    QVERIFY(window->workspace()->progress().paused);
    QCOMPARE(window->actions().pause->text(), u"Resume"_s);
    const int doneWhilePaused = window->workspace()->progress().done;
    QTest::qWait(300); // requests in flight finish; nothing new is sent
    QVERIFY(window->workspace()->progress().done <= doneWhilePaused + 1);
    QVERIFY(window->workspace()->isRunning());

    typeKey(Qt::Key_P, Qt::ControlModifier | Qt::ShiftModifier);
    QVERIFY(!window->workspace()->progress().paused);
    QVERIFY(QTest::qWaitFor([&] { return !finished.isEmpty(); }, 30000));
    QCOMPARE(window->workspace()->lastRunResults().size(), 30);
}

void TestConsoleKeyboard::retryShortcut_opensConfirmationForFailedRows()
{
    // Every trigger answers 500: after its retries each row ends as a server error.
    DevServer failing;
    QString why;
    QVERIFY2(failing.start(30, {u"--fail-every"_s, u"1"_s}, &why), qPrintable(why));
    auto window = openApiWindow(m_profiles.get(), m_credentials.get(), u"Failing"_s,
                                failing.baseUrl(), failing.apiKey());
    QVERIFY(waitLoaded(*window));
    const QStringList ids = sourcesWithStatus(*window, u"active"_s, 2);
    window->sourcePanel()->selectSources(ids);
    QVERIFY(confirmAndWaitForRun(
        *window, openConfirmation(*window, [&] { window->resyncSelected(); }), 60000));
    QCOMPARE(window->workspace()->retryCandidates().size(), 2);
    QVERIFY(window->actions().retryFailed->isEnabled());
    QVERIFY(activate(window.get()));
    window->sourcePanel()->view()->setFocus();

    ResyncConfirmDialog *dialog = openConfirmation(
        *window, [] { typeKey(Qt::Key_T, Qt::ControlModifier | Qt::ShiftModifier); });
    QVERIFY2(dialog, "Ctrl+Shift+T must open the confirmation for the failed rows");
    QCOMPARE(dialog->targetTable()->rowCount(), 2);
    QVERIFY(!window->workspace()->isRunning());
    dialog->reject();
}

void TestConsoleKeyboard::exportShortcut_savesCsvAndSaysWhere()
{
    auto window = openApiWindow(m_profiles.get(), m_credentials.get(), u"Export"_s,
                                m_server.baseUrl(), m_server.apiKey());
    QVERIFY(waitLoaded(*window));
    window->sourcePanel()->selectSources(sourcesWithStatus(*window, u"active"_s, 2));
    QVERIFY(confirmAndWaitForRun(*window,
                                 openConfirmation(*window, [&] { window->resyncSelected(); })));
    QVERIFY(activate(window.get()));
    window->sourcePanel()->view()->setFocus();

    QTemporaryDir dir;
    const QString path = dir.filePath(u"results.csv"_s);
    bool answered = false;
    QTimer::singleShot(200, this, [&] {
        auto *files = qobject_cast<QFileDialog *>(QApplication::activeModalWidget());
        if (!files)
            return;
        // Type the path over the suggested name, as a person would, and press Save.
        auto *name = files->findChild<QLineEdit *>(u"fileNameEdit"_s);
        if (!name)
            return;
        name->selectAll();
        QTest::keyClicks(name, path);
        static_cast<QDialog *>(files)->accept(); // QFileDialog::accept() is protected
        answered = true;
    });
    typeKey(Qt::Key_S, Qt::ControlModifier);
    QVERIFY2(answered, "Ctrl+S must open the export file dialog");
    QVERIFY(QFile::exists(path));
    const QString message = window->statusBar()->currentMessage();
    QVERIFY2(message.contains(u"Exported 2 row(s)"_s), qPrintable(message));
    QVERIFY(message.contains(QDir::toNativeSeparators(path)));
}

QTEST_MAIN(TestConsoleKeyboard)
#include "tst_console_keyboard.moc"
