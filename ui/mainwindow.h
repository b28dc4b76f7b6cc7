#pragma once

#include "config/profiles.h"
#include "core/types.h"
#include "ui/mainactions.h"

#include <QMainWindow>
#include <memory>

class QInputDialog;
class QMessageBox;
class QSplitter;
class QTabWidget;

namespace feather {

class CredentialStore;
class HistoryPanel;
class KbPanel;
class MessageBanner;
class ProfileSwitcher;
class ResultsPanel;
class ResyncConfirmDialog;
class RunStatusWidget;
class SourcePanel;
class JobRetrier;
class SourceDetailsDock;
class SourceDetailsSession;
struct HandoffContext;
struct JobRetryTarget;
class TriagePanel;
class Workspace;
class ScheduleDialog;
class ScheduleSession;
class DesktopNotifier;
class RunCompletionWatcher;
class SavedViewStore;
class ViewsButton;
struct SavedView;

// The window support staff live in. It only arranges panels and routes actions; each panel is
// its own widget and the data flow lives in Workspace.
class MainWindow final : public QMainWindow {
    Q_OBJECT
public:
    // `profiles` and `credentials` are not owned and must outlive the window.
    MainWindow(ProfileStore *profiles, CredentialStore *credentials, QWidget *parent = nullptr);
    ~MainWindow() override;
    Q_DISABLE_COPY_MOVE(MainWindow)

    // Resolves the profile's secret (session memory, keychain or file) and opens it.
    void openProfile(const QString &name);
    // Opens a profile with a secret the caller already has (command-line quick start).
    bool openProfileWith(const Profile &profile, const QString &secret);
    // A profile for this run only (command line): listed in the switcher, never saved. Its
    // secret, if any, is kept in session memory by the caller.
    void addTransientProfile(const Profile &profile);
    void offerDemoWorkspace();
    void openDemoWorkspace();

    // Every resync goes through here and the confirmation dialog.
    void resyncSelected();
    void resyncAllErrored();
    void retryFailed();
    void requestResync(const QList<TriggerTarget> &targets);
    void cancelRun();
    // Auto-sync schedule of the selected sources (mainwindow_schedule.cpp).
    void editSchedule();

    Workspace *workspace() const { return m_workspace; }
    SourcePanel *sourcePanel() const { return m_sources; }
    KbPanel *kbPanel() const { return m_kbs; }
    ResultsPanel *resultsPanel() const { return m_results; }
    HistoryPanel *historyPanel() const { return m_history; }
    TriagePanel *triagePanel() const { return m_triage; }
    ProfileSwitcher *profileSwitcher() const { return m_profileSwitcher; }
    MessageBanner *messageBanner() const { return m_banner; }
    MessageBanner *productionBanner() const { return m_prodBanner; }
    RunStatusWidget *runStatus() const { return m_runStatus; }
    QTabWidget *tabs() const { return m_tabs; }
    QAction *resyncAction() const { return m_actions.resyncSelected; }
    const MainActions &actions() const { return m_actions; }
    void showTab(int index);
    void reloadProfileList();

    // Source details (mainwindow_details.cpp): opens the dock on a loaded source, selecting
    // `jobId` in its history once listed; false when the source is not loaded.
    bool openSourceDetails(const QString &sourceId, const QString &jobId = {});
    SourceDetailsDock *sourceDetails() const { return m_details; }
    // Retry failed items of jobs: confirmation (jobRetryConfirmationShown), then an audited run
    // whose rows land in the results table.
    void requestJobRetry(const QList<JobRetryTarget> &targets);
    // Saved views (mainwindow_views.cpp): sets the filters and KB selection a view holds.
    void applyView(const feather::SavedView &view);
    // Asks for a name (viewSaveDialogShown) and saves the current filters under it.
    void saveCurrentView();
    ViewsButton *viewsButton() const { return m_viewsButton; }

Q_SIGNALS:
    void confirmationShown(feather::ResyncConfirmDialog *dialog);
    void profileOpened(const QString &name);
    void jobRetryConfirmationShown(QMessageBox *box);
    void jobRetryFinished();
    void scheduleDialogShown(feather::ScheduleDialog *dialog);
    void scheduleFinished(const QString &summary, bool allChanged);
    // Every job of a run ended: the in-window message and the desktop notification went out.
    void runJobsFinished(const QString &text, const QStringList &failedSourceIds);
    void viewApplied(const QString &name);
    void viewSaveDialogShown(QInputDialog *dialog);

protected:
    void changeEvent(QEvent *event) override;
    void closeEvent(QCloseEvent *event) override;
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void buildActions();
    void buildLayout();
    void connectWorkspace();
    void updateActions();
    void updateTitleAndBanner();
    void onProfileChosen(const QString &name);
    std::optional<Profile> findProfile(const QString &name) const;
    void onRunFinished();
    void showProblem(const QString &text);
    void onLoadFailed(const QString &message, const feather::Error &error);
    void showKeyRejected(const QString &text);
    void showProfilesDialog();
    void restoreLayout();
    void saveLayout();
    void buildDetails();
    void updateDetailsBackend();
    HandoffContext handoffContext(const QString &kbId) const;
    QList<JobRetryTarget> failedJobTargets() const;
    void copyResultSummaries();
    void startJobRetry(const QList<JobRetryTarget> &targets);
    void setUpSchedule();         // mainwindow_schedule.cpp
    void setUpRunNotifications(); // mainwindow_notify.cpp
    void setUpViews();            // mainwindow_views.cpp
    void refreshViews();
    QString viewScopeName() const;
    void showViewNotice(const QString &text, bool warning = false); // empty: clears ours

    ProfileStore *m_profiles;
    CredentialStore *m_credentials;
    Workspace *m_workspace;
    ProfileSwitcher *m_profileSwitcher = nullptr;
    MessageBanner *m_prodBanner = nullptr;
    MessageBanner *m_banner = nullptr;
    KbPanel *m_kbs = nullptr;
    SourcePanel *m_sources = nullptr;
    ResultsPanel *m_results = nullptr;
    HistoryPanel *m_history = nullptr;
    TriagePanel *m_triage = nullptr;
    RunStatusWidget *m_runStatus = nullptr;
    QTabWidget *m_tabs = nullptr;
    QSplitter *m_vertical = nullptr;
    QSplitter *m_horizontal = nullptr;
    MainActions m_actions;
    QList<Profile> m_transient;
    bool m_confirming = false;
    bool m_loadFailed = false;       // the load in progress (or the last one) reported a failure
    bool m_loadProblemShown = false; // the message banner shows a load failure
    SourceDetailsSession *m_detailsSession = nullptr;
    SourceDetailsDock *m_details = nullptr;
    JobRetrier *m_jobRetrier = nullptr;           // while a retry of failed items runs
    ScheduleSession *m_schedule = nullptr;        // mainwindow_schedule.cpp
    RunCompletionWatcher *m_completion = nullptr; // mainwindow_notify.cpp
    DesktopNotifier *m_notifier = nullptr;
    // Saved views (issue 11 item 8)
    ViewsButton *m_viewsButton = nullptr;
    std::unique_ptr<SavedViewStore> m_views;
    bool m_applyingView = false; // the filters change because a view is being applied
    QString m_viewNotice;        // the banner text a view put up, cleared by the next one
};

} // namespace feather
