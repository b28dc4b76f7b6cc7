#include "screenshot.h"

#include "models/jobhistorymodel.h"
#include "models/presentation.h"
#include "models/sourcedetailssession.h"
#include "models/sourcefilterproxy.h"
#include "models/sourcemodel.h"
#include "models/triagemodel.h"
#include "models/workspace.h"
#include "ui/confirmdialog.h"
#include "ui/historypanel.h"
#include "ui/kbpanel.h"
#include "ui/mainwindow.h"
#include "ui/sourcedetails.h"
#include "ui/sourcepanel.h"
#include "ui/triagepanel.h"

#include <QApplication>
#include <QPixmap>
#include <QTableView>
#include <QTimer>
#include <QTreeView>
#include <cstdio>

using namespace Qt::StringLiterals;

namespace feather {

ScreenshotDirector::ScreenshotDirector(MainWindow *window, QString file, QString view, bool demoRun,
                                       QObject *parent)
    : QObject(parent)
    , m_window(window)
    , m_file(std::move(file))
    , m_view(std::move(view))
    , m_demoRun(demoRun)
{}

void ScreenshotDirector::start(int timeoutMs)
{
    connect(m_window->workspace(), &Workspace::loaded, this, &ScreenshotDirector::onLoaded);
    connect(m_window, &MainWindow::confirmationShown, this, &ScreenshotDirector::onConfirmation);
    QTimer::singleShot(timeoutMs, this,
                       [this] { fail(tr("timed out before the view was ready")); });
}

void ScreenshotDirector::onLoaded()
{
    if (m_started)
        return;
    m_started = true;
    // Let the views lay out and the poller settle before anything is captured.
    QTimer::singleShot(300, this, [this] {
        if (m_view == u"sources"_s || m_view == u"details"_s)
            showBusiestKb();
        if (m_view == u"details"_s)
            return showDetails();
        selectMixed();
        if (m_view == u"confirm"_s || m_demoRun) {
            m_window->resyncSelected();
            return;
        }
        capture();
    });
}

void ScreenshotDirector::showBusiestKb()
{
    // The KB with the most syncing and errored sources: its table shows every kind of status.
    const auto counts = m_window->workspace()->sources()->statusCountsByKb();
    QString best;
    int bestScore = -1;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it) {
        const int score = it.value().value(u"syncing"_s) + it.value().value(u"error"_s);
        if (score > bestScore || (score == bestScore && it.key() < best)) {
            best = it.key();
            bestScore = score;
        }
    }
    if (!best.isEmpty())
        m_window->kbPanel()->selectKb(best);
}

// The details dock on the first errored source with its newest job selected, once that job's
// documents and logs have arrived.
void ScreenshotDirector::showDetails()
{
    const QAbstractItemModel *visible = m_window->sourcePanel()->proxy();
    QString id;
    for (int r = 0; r < visible->rowCount() && id.isEmpty(); ++r) {
        const QModelIndex idx = visible->index(r, 0);
        if (statusKind(idx.data(SourceModel::StatusRole).toString()) == StatusKind::Error)
            id = idx.data(SourceModel::IdRole).toString();
    }
    if (id.isEmpty() && visible->rowCount() > 0)
        id = visible->index(0, 0).data(SourceModel::IdRole).toString();
    SourceDetailsDock *dock = m_window->sourceDetails();
    SourceDetailsSession *session = dock->session();
    connect(session, &SourceDetailsSession::historyChanged, this, [this, dock, session] {
        if (session->isHistoryLoading() || !session->selectedJobId().isEmpty())
            return;
        if (session->history()->rowCount() == 0)
            return capture();
        dock->historyView()->selectRow(0);
    });
    const auto whenJobRead = [this, session] {
        if (!session->selectedJobId().isEmpty() && !session->isJobLoading())
            QTimer::singleShot(300, this, [this] { save(m_window); });
    };
    connect(session, &SourceDetailsSession::logsChanged, this, whenJobRead);
    connect(session, &SourceDetailsSession::documentsChanged, this, whenJobRead);
    m_window->sourcePanel()->selectSources({id});
    m_window->openSourceDetails(id);
}

void ScreenshotDirector::selectMixed()
{
    // A realistic selection: a few healthy sources, the errored ones nearby and one that is
    // already syncing, so the preview and the results show more than one outcome.
    // Taken from the visible (filtered, sorted) rows, so what is selected is on screen.
    const QAbstractItemModel *visible = m_window->sourcePanel()->proxy();
    QStringList ids;
    int active = 0, errored = 0, syncing = 0;
    for (int r = 0; r < visible->rowCount() && ids.size() < 12; ++r) {
        const QModelIndex idx = visible->index(r, 0);
        const QString id = idx.data(SourceModel::IdRole).toString();
        switch (statusKind(idx.data(SourceModel::StatusRole).toString())) {
        case StatusKind::Active:
            if (active++ < 7)
                ids << id;
            break;
        case StatusKind::Error:
            if (errored++ < 3)
                ids << id;
            break;
        case StatusKind::Syncing:
            if (syncing++ < 2)
                ids << id;
            break;
        case StatusKind::Unknown:
            break;
        }
    }
    m_window->sourcePanel()->selectSources(ids);
}

void ScreenshotDirector::onConfirmation(ResyncConfirmDialog *dialog)
{
    const auto proceed = [this, dialog] {
        if (m_view == u"confirm"_s) {
            QTimer::singleShot(200, this, [this, dialog] { save(dialog); });
            return;
        }
        connect(m_window->workspace(), &Workspace::runFinished, this, [this] {
            // Give the live refresh a moment to show the new syncing rows.
            QTimer::singleShot(800, this, &ScreenshotDirector::capture);
        });
        dialog->accept();
    };
    if (dialog->isPreviewFinished())
        proceed();
    else
        connect(dialog, &ResyncConfirmDialog::previewFinished, this, proceed);
}

void ScreenshotDirector::capture()
{
    m_window->sourcePanel()->scrollToSelection();
    if (m_view == u"results"_s) {
        m_window->showTab(0);
    } else if (m_view == u"history"_s) {
        connect(m_window->historyPanel(), &HistoryPanel::reloaded, this,
                [this] { QTimer::singleShot(200, this, [this] { save(m_window); }); });
        m_window->showTab(1);
        m_window->historyPanel()->reload();
        return;
    } else if (m_view == u"triage"_s) {
        // The errors are read when the tab is shown; then the largest cause is selected, which
        // selects its sources in the table above.
        TriagePanel *triage = m_window->triagePanel();
        connect(triage, &TriagePanel::collected, this, [this, triage] {
            triage->view()->setCurrentIndex(triage->model()->index(0, 0));
            QTimer::singleShot(200, this, [this] { save(m_window); });
        });
        m_window->showTab(2);
        return;
    }
    QTimer::singleShot(200, this, [this] { save(m_window); });
}

void ScreenshotDirector::save(QWidget *widget)
{
    if (m_done)
        return;
    m_done = true;
    const QPixmap pixmap = widget->grab();
    if (pixmap.isNull() || !pixmap.save(m_file, "PNG")) {
        m_done = false;
        fail(tr("could not write %1").arg(m_file));
        return;
    }
    QCoreApplication::exit(0);
}

void ScreenshotDirector::fail(const QString &why)
{
    if (m_done)
        return;
    m_done = true;
    std::fprintf(stderr, "feather-console: --screenshot: %s\n", qUtf8Printable(why));
    QCoreApplication::exit(1);
}

} // namespace feather
