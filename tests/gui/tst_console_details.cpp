// The source details dock (issue 11 items 1, 2, 5), offscreen, against a real feather-devserver
// (documented API only): opened with Enter on a source and from a result row, its job history,
// a job's documents and logs, Retry failed items through a confirmation into the results table
// and the audit log, Copy summary (plain text + Markdown) and Open in Feather.
#include "config/auditlog.h"
#include "config/credentials.h"
#include "config/profiles.h"
#include "guitestutil.h"
#include "models/jobhistorymodel.h"
#include "models/resultmodel.h"
#include "models/sourcedetailssession.h"
#include "models/sourcefilterproxy.h"
#include "models/sourcemodel.h"
#include "models/workspace.h"
#include "resyncintegration.h"
#include "support/testsupport.h"
#include "ui/confirmdialog.h"
#include "ui/mainwindow.h"
#include "ui/resultspanel.h"
#include "ui/sourcedetails.h"
#include "ui/sourcepanel.h"

#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDir>
#include <QLabel>
#include <QMessageBox>
#include <QMimeData>
#include <QPushButton>
#include <QScopeGuard>
#include <QSettings>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QStandardPaths>
#include <QTableView>
#include <QTableWidget>
#include <QTest>
#include <QTreeWidget>

using namespace Qt::StringLiterals;
using namespace feather;
using namespace feather::test;

class TestConsoleDetails : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void enterOnSource_opensHistoryDocumentsAndLogs();
    void retryFailedItems_confirmedThenResultRowAndAuditRow();
    void copySummaryAndOpenInFeather_carryIdsStatusAndLink();
    void enterOnResultRow_opensTheSourceWithItsJobSelected();
    void bulkRetryFromResults_confirmsEachFailedJobOnceAndCancelSendsNothing();

private:
    bool openOnSource();

    DevServer m_server;
    std::unique_ptr<ProfileStore> m_profiles;
    std::unique_ptr<CredentialStore> m_credentials;
    std::unique_ptr<MainWindow> m_window;
    QString m_source;
    QString m_job;
};

void TestConsoleDetails::initTestCase()
{
    startFromEmptySettings(u"tst_console_details"_s);
    QString why;
    // Every job fails after a second: a failed job to read and to retry.
    QVERIFY2(m_server.start(40, {u"--sync-seconds"_s, u"1"_s, u"--job-fail-every"_s, u"1"_s}, &why),
             qPrintable(why));
    m_profiles = std::make_unique<ProfileStore>();
    m_credentials = std::make_unique<CredentialStore>();
    m_window = std::make_unique<MainWindow>(m_profiles.get(), m_credentials.get());
    Profile p;
    p.name = u"Local devserver"_s;
    p.mode = BackendMode::Api;
    p.baseUrl = m_server.baseUrl();
    p.secretStorage = SecretStorage::Session;
    p.webConsoleUrl = u"https://console.example.com/kb/{kb_id}/sources/{source_id}?job={job_id}"_s;
    m_credentials->keepForSession(p.name, m_server.apiKey());
    m_window->addTransientProfile(p);
    m_window->resize(1500, 900);
    m_window->show();
    m_window->openProfile(p.name);
    QVERIFY(waitLoaded(*m_window));

    // A resync through the window, then wait for its job to fail.
    const QStringList ids = sourcesWithStatus(*m_window, u"active"_s, 1);
    QCOMPARE(ids.size(), 1);
    m_source = ids.first();
    m_window->sourcePanel()->selectSources(ids);
    ResyncConfirmDialog *dialog = openConfirmation(*m_window, [&] { m_window->resyncSelected(); });
    QVERIFY(confirmAndWaitForRun(*m_window, dialog));
    m_job = m_window->workspace()->lastRunResults().value(0).jobId;
    QVERIFY(!m_job.isEmpty());
    QVERIFY(QTest::qWaitFor(
        [&] {
            const JobResult r = await(m_window->workspace()->backend()->job(m_job));
            return r.ok() && r.value.status == u"failed"_s;
        },
        20000));
}

bool TestConsoleDetails::openOnSource()
{
    QTableView *view = m_window->sourcePanel()->view();
    const int row = m_window->sourcePanel()
                        ->proxy()
                        ->mapFromSource(m_window->workspace()->sources()->index(
                            m_window->workspace()->sources()->rowOf(m_source), 0))
                        .row();
    if (row < 0)
        return false;
    view->setFocus();
    view->setCurrentIndex(view->model()->index(row, 0));
    QTest::keyClick(view, Qt::Key_Return);
    return m_window->sourceDetails()->isVisible()
           && m_window->sourceDetails()->session()->source().id == m_source;
}

void TestConsoleDetails::enterOnSource_opensHistoryDocumentsAndLogs()
{
    QVERIFY(openOnSource());
    SourceDetailsDock *dock = m_window->sourceDetails();
    JobHistoryModel *history = dock->session()->history();
    QVERIFY(QTest::qWaitFor([&] { return history->rowCount() > 0; }, 10000));
    QCOMPARE(history->jobAt(0).job.id, m_job);
    QCOMPARE(history->jobAt(0).match, JobMatch::Exact);
    QVERIFY(QTest::qWaitFor([&] { return dock->session()->status().has_value(); }, 10000));
    QVERIFY(dock->fieldsLabel()->text().contains(m_source));
    // The KB has several sources: the pane says which jobs it could tie and how.
    QVERIFY2(dock->noteLabel()->text().contains(u"Note:"_s), qPrintable(dock->noteLabel()->text()));

    dock->historyView()->selectRow(0);
    QVERIFY(QTest::qWaitFor([&] { return dock->documentsTable()->rowCount() > 0; }, 10000));
    QVERIFY(QTest::qWaitFor([&] { return dock->logsTree()->topLevelItemCount() > 0; }, 10000));
    QCOMPARE(dock->logsTree()->topLevelItemCount(), dock->documentsTable()->rowCount());
    QVERIFY(dock->logsTree()->topLevelItem(0)->childCount() > 0);
    bool anyFailed = false;
    for (int r = 0; r < dock->documentsTable()->rowCount(); ++r)
        anyFailed |= dock->documentsTable()->item(r, 1)->text() == u"failed"_s;
    QVERIFY(anyFailed);
    QVERIFY(dock->retryButton()->isEnabled());

    const QString shot = QDir(QString::fromLocal8Bit(qgetenv("FEATHER_SCREENSHOT_DIR")))
                             .filePath(u"source-details.png"_s);
    if (qEnvironmentVariableIsSet("FEATHER_SCREENSHOT_DIR"))
        QVERIFY(m_window->grab().save(shot));
}

void TestConsoleDetails::retryFailedItems_confirmedThenResultRowAndAuditRow()
{
    SourceDetailsDock *dock = m_window->sourceDetails();
    QVERIFY(dock->retryButton()->isEnabled());
    QMessageBox *box = nullptr;
    // Disconnected when this case returns: `box` lives on its stack.
    const QMetaObject::Connection shown =
        connect(m_window.get(), &MainWindow::jobRetryConfirmationShown, this,
                [&](QMessageBox *b) { box = b; });
    const auto forget = qScopeGuard([shown] { QObject::disconnect(shown); });
    QSignalSpy finished(m_window.get(), &MainWindow::jobRetryFinished);
    QTest::mouseClick(dock->retryButton(), Qt::LeftButton);
    QVERIFY(QTest::qWaitFor([&] { return box != nullptr; }, 5000));
    QVERIFY(box->text().contains(u"Local devserver"_s));
    QVERIFY(box->informativeText().contains(m_job));
    QAbstractButton *go = nullptr;
    for (QAbstractButton *b : box->buttons()) {
        if (box->buttonRole(b) == QMessageBox::AcceptRole)
            go = b;
    }
    QVERIFY(go);
    QTest::mouseClick(go, Qt::LeftButton);
    QVERIFY(QTest::qWaitFor([&] { return !finished.isEmpty(); }, 10000));

    const ResultModel *results = m_window->workspace()->results();
    const ResultRow &row = results->rowAt(0); // newest first
    QCOMPARE(row.result.jobId, m_job);
    QCOMPARE(toString(row.result.outcome), QStringLiteral("triggered"));
    QCOMPARE(row.result.httpStatus, 202);
    QVERIFY(row.result.message.startsWith(u"retry of job"_s));

    AuditQuery q;
    q.sourceId = m_source;
    bool audited = false;
    for (const AuditEntry &e : AuditLog(m_window->workspace()->auditLogPath()).query(q))
        audited |= e.jobId == m_job && e.message.startsWith(u"retry of job"_s)
                   && e.outcome == Outcome::Triggered;
    QVERIFY(audited);
    // Wait for it to fail again, for the next cases.
    QVERIFY(QTest::qWaitFor(
        [&] {
            const JobResult r = await(m_window->workspace()->backend()->job(m_job));
            return r.ok() && r.value.status == u"failed"_s;
        },
        20000));
}

void TestConsoleDetails::copySummaryAndOpenInFeather_carryIdsStatusAndLink()
{
    SourceDetailsDock *dock = m_window->sourceDetails();
    dock->session()->refresh();
    QVERIFY(QTest::qWaitFor(
        [&] {
            return dock->session()->history()->rowCount() > 0
                   && !dock->session()->isHistoryLoading();
        },
        10000));
    dock->historyView()->selectRow(0);
    dock->copySummary();
    const QMimeData *mime = QApplication::clipboard()->mimeData();
    QVERIFY(mime);
    const QString plain = mime->text();
    QVERIFY2(plain.contains(u"Source id: "_s + m_source), qPrintable(plain));
    QVERIFY(plain.contains(u"Job id: "_s + m_job));
    QVERIFY(plain.contains(u"Status: failed"_s));
    QVERIFY(plain.contains(u"Profile: Local devserver"_s));
    const QString md = QString::fromUtf8(mime->data(u"text/markdown"_s));
    QVERIFY2(md.contains(u"- Job id: `"_s + m_job + u'`'), qPrintable(md));
    QVERIFY(md.contains(u"**Feather source"_s));
    QVERIFY(!dock->errorText().isEmpty());
    QCOMPARE(dock->webLink(), u"https://console.example.com/kb/%1/sources/%2?job=%3"_s.arg(
                                  dock->session()->source().knowledgeBaseId, m_source, m_job));
}

void TestConsoleDetails::enterOnResultRow_opensTheSourceWithItsJobSelected()
{
    SourceDetailsDock *dock = m_window->sourceDetails();
    dock->hide();
    dock->session()->selectJob({});
    QTableView *view = m_window->resultsPanel()->view();
    view->setFocus();
    view->setCurrentIndex(view->model()->index(0, 0));
    QTest::keyClick(view, Qt::Key_Return);
    QVERIFY(dock->isVisible());
    QCOMPARE(dock->session()->source().id, m_source);
    QVERIFY(QTest::qWaitFor([&] { return dock->session()->selectedJobId() == m_job; }, 10000));
}

void TestConsoleDetails::bulkRetryFromResults_confirmsEachFailedJobOnceAndCancelSendsNothing()
{
    QTableView *view = m_window->resultsPanel()->view();
    QVERIFY(QTest::qWaitFor(
        [&] {
            for (int r = 0; r < view->model()->rowCount(); ++r) {
                if (view->model()->index(r, 0).data(ResultModel::JobStatusRole) == u"failed"_s)
                    return true;
            }
            return false;
        },
        20000));
    view->selectAll();
    QAction *retry = nullptr;
    for (QAction *a : view->actions()) {
        if (a->text().startsWith(u"Retry failed"_s))
            retry = a;
    }
    QVERIFY(retry);
    QMessageBox *box = nullptr;
    // Disconnected when this case returns: `box` lives on its stack.
    const QMetaObject::Connection shown =
        connect(m_window.get(), &MainWindow::jobRetryConfirmationShown, this,
                [&](QMessageBox *b) { box = b; });
    const auto forget = qScopeGuard([shown] { QObject::disconnect(shown); });
    const int rowsBefore = m_window->workspace()->results()->rowCount();
    retry->trigger();
    QVERIFY(QTest::qWaitFor([&] { return box != nullptr; }, 5000));
    // Two result rows follow the same job: it is asked for once.
    QCOMPARE(box->informativeText(), m_job);
    QTest::mouseClick(box->button(QMessageBox::Cancel), Qt::LeftButton);
    QTest::qWait(300);
    QCOMPARE(m_window->workspace()->results()->rowCount(), rowsBefore);
}

QTEST_MAIN(TestConsoleDetails)
#include "tst_console_details.moc"
