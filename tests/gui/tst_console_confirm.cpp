#include "config/credentials.h"
#include "config/profiles.h"
#include "guitestutil.h"
#include "models/resultmodel.h"
#include "models/sourcemodel.h"
#include "models/workspace.h"
#include "resyncintegration.h"
#include "ui/confirmdialog.h"
#include "ui/mainwindow.h"
#include "ui/sourcepanel.h"

#include <QApplication>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTableWidget>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace feather;
using namespace feather::test;

// The resync confirmation as a person drives it with the keyboard: which key confirms, where
// typing goes, and whether the preview's words match what the run then does.
class TestConsoleConfirm : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void productionFewSources_enterDoesNothingUntilConfirmHasFocus();
    void productionManySources_countFieldHasFocusAndEnterWaitsForTheCount();
    void stagingProfile_enterConfirms();
    void previewCannotReachServer_saysWillBeTried_andTheRunTriesThem();

private:
    ResyncConfirmDialog *openWithCtrlR(MainWindow &window);

    DevServer m_server;
    std::unique_ptr<ProfileStore> m_profiles;
    std::unique_ptr<CredentialStore> m_credentials;
};

void TestConsoleConfirm::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"FeatherTest"_s);
    QCoreApplication::setApplicationName(u"tst_console_confirm"_s);
    QSettings().clear();
    QString why;
    QVERIFY2(m_server.start(120, {u"--sync-seconds"_s, u"600"_s}, &why), qPrintable(why));
}

void TestConsoleConfirm::init()
{
    m_profiles = std::make_unique<ProfileStore>();
    m_credentials = std::make_unique<CredentialStore>();
}

void TestConsoleConfirm::cleanup()
{
    m_credentials.reset();
    m_profiles.reset();
}

ResyncConfirmDialog *TestConsoleConfirm::openWithCtrlR(MainWindow &window)
{
    window.sourcePanel()->view()->setFocus();
    ResyncConfirmDialog *dialog =
        openConfirmation(window, [] { typeKey(Qt::Key_R, Qt::ControlModifier); });
    if (!dialog || !QTest::qWaitForWindowActive(dialog)
        || !QTest::qWaitFor([&] { return dialog->isPreviewFinished(); }, 20000))
        return nullptr;
    return dialog;
}

void TestConsoleConfirm::productionFewSources_enterDoesNothingUntilConfirmHasFocus()
{
    auto window = openApiWindow(m_profiles.get(), m_credentials.get(), u"Prod (few)"_s,
                                m_server.baseUrl(), m_server.apiKey(), true);
    QVERIFY(waitLoaded(*window));
    const QStringList ids = sourcesWithStatus(*window, u"active"_s, 5);
    QCOMPARE(ids.size(), 5);
    window->sourcePanel()->selectSources(ids);
    QPointer<ResyncConfirmDialog> dialog = openWithCtrlR(*window);
    QVERIFY(dialog);
    QVERIFY(!dialog->needsTypedCount());
    // Nothing is the default button: QDialogButtonBox must not have made "Resync" one.
    for (const QPushButton *b : dialog->findChildren<QPushButton *>())
        QVERIFY2(!b->isDefault(), qPrintable(b->text()));
    QVERIFY(QApplication::focusWidget() != dialog->confirmButton());

    typeKey(Qt::Key_Return);
    typeKey(Qt::Key_Enter);
    QTest::qWait(100);
    QVERIFY2(dialog && dialog->isVisible(), "Enter alone must not confirm on production");
    QVERIFY(!window->workspace()->isRunning());
    QCOMPARE(window->workspace()->results()->rowCount(), 0);

    // Tab to the button on purpose, then Enter confirms.
    QVERIFY(tabTo(dialog->confirmButton()));
    QSignalSpy finished(window->workspace(), &Workspace::runFinished);
    typeKey(Qt::Key_Return);
    QVERIFY(QTest::qWaitFor([&] { return !finished.isEmpty(); }, 20000));
    QCOMPARE(window->workspace()->lastRunResults().size(), 5);
}

void TestConsoleConfirm::productionManySources_countFieldHasFocusAndEnterWaitsForTheCount()
{
    auto window = openApiWindow(m_profiles.get(), m_credentials.get(), u"Prod (many)"_s,
                                m_server.baseUrl(), m_server.apiKey(), true);
    QVERIFY(waitLoaded(*window));
    const QStringList ids = sourcesWithStatus(*window, u"active"_s, 12);
    QCOMPARE(ids.size(), 12);
    window->sourcePanel()->selectSources(ids);
    QPointer<ResyncConfirmDialog> dialog = openWithCtrlR(*window);
    QVERIFY(dialog);
    QVERIFY(dialog->needsTypedCount());
    // Typing goes straight into the count field.
    QCOMPARE(QApplication::focusWidget(), dialog->typedCount());
    QTest::keyClicks(QApplication::focusWidget(), u"11"_s);
    QCOMPARE(dialog->typedCount()->text(), u"11"_s);
    typeKey(Qt::Key_Return);
    QTest::qWait(100);
    QVERIFY(dialog && dialog->isVisible());
    QVERIFY(!window->workspace()->isRunning());
    // The wrong count keeps the button disabled, so Tab cannot reach it either.
    QVERIFY(!tabTo(dialog->confirmButton(), 6));

    dialog->typedCount()->setFocus();
    typeKey(Qt::Key_Backspace);
    typeKey(Qt::Key_2);
    QCOMPARE(dialog->typedCount()->text(), u"12"_s);
    QSignalSpy finished(window->workspace(), &Workspace::runFinished);
    typeKey(Qt::Key_Return);
    QVERIFY(QTest::qWaitFor([&] { return !finished.isEmpty(); }, 20000));
    QCOMPARE(window->workspace()->lastRunResults().size(), 12);
}

void TestConsoleConfirm::stagingProfile_enterConfirms()
{
    auto window = openApiWindow(m_profiles.get(), m_credentials.get(), u"Staging"_s,
                                m_server.baseUrl(), m_server.apiKey(), false);
    QVERIFY(waitLoaded(*window));
    window->sourcePanel()->selectSources(sourcesWithStatus(*window, u"active"_s, 2));
    QPointer<ResyncConfirmDialog> dialog = openWithCtrlR(*window);
    QVERIFY(dialog);
    QVERIFY(dialog->confirmButton()->isDefault());
    QSignalSpy finished(window->workspace(), &Workspace::runFinished);
    typeKey(Qt::Key_Return);
    QVERIFY(QTest::qWaitFor([&] { return !finished.isEmpty(); }, 20000));
    QCOMPARE(window->workspace()->lastRunResults().size(), 2);
}

void TestConsoleConfirm::previewCannotReachServer_saysWillBeTried_andTheRunTriesThem()
{
    DevServer server;
    QString why;
    QVERIFY2(server.start(40, {u"--sync-seconds"_s, u"600"_s}, &why), qPrintable(why));
    auto window = openApiWindow(m_profiles.get(), m_credentials.get(), u"Going away"_s,
                                server.baseUrl(), server.apiKey());
    QVERIFY(waitLoaded(*window));
    const QStringList ids = sourcesWithStatus(*window, u"active"_s, 3);
    QCOMPARE(ids.size(), 3);
    server.stop(); // every request from now on: connection refused
    window->sourcePanel()->selectSources(ids);
    QPointer<ResyncConfirmDialog> dialog = openWithCtrlR(*window);
    QVERIFY(dialog);
    const QString summary = dialog->previewSummary();
    QVERIFY2(summary.contains(u"0 will start"_s), qPrintable(summary));
    QVERIFY2(summary.contains(u"3 could not be checked"_s), qPrintable(summary));
    QVERIFY2(summary.contains(u"will be tried"_s), qPrintable(summary));
    QVERIFY2(!summary.contains(u"skipped"_s), qPrintable(summary));
    for (int row = 0; row < 3; ++row) {
        const QString text = dialog->targetTable()->item(row, 2)->text();
        QVERIFY2(text.startsWith(u"Will be tried"_s), qPrintable(text));
        QVERIFY2(text.contains(u"Network error"_s), qPrintable(text));
    }

    // What the dialog said is what happens: every one of them is sent (and fails the same way).
    QVERIFY(confirmAndWaitForRun(*window, dialog, 60000));
    const QList<TriggerResult> run = window->workspace()->lastRunResults();
    QCOMPARE(run.size(), 3);
    QSet<QString> tried;
    for (const TriggerResult &r : run) {
        QCOMPARE(toString(r.outcome), toString(Outcome::NetworkError));
        QVERIFY(r.attempts >= 1);
        tried.insert(r.target.sourceId);
    }
    QCOMPARE(tried, QSet<QString>(ids.cbegin(), ids.cend()));
    QVERIFY(window->workspace()->results()->rowCount() >= 3); // one row per attempt
}

QTEST_MAIN(TestConsoleConfirm)
#include "tst_console_confirm.moc"
