#pragma once

#include <QWidget>

class QCheckBox;
class QLabel;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;

namespace feather {

class ResultModel;

// One row per attempt: time, KB, source, outcome icon + text, job id, status, message, HTTP
// code, duration. Copy job id(s) (Ctrl+C), Retry failed, Export CSV.
class ResultsPanel final : public QWidget {
    Q_OBJECT
public:
    explicit ResultsPanel(ResultModel *model, QWidget *parent = nullptr);
    ~ResultsPanel() override;
    Q_DISABLE_COPY_MOVE(ResultsPanel)

    // Job ids of the selected rows (the current run's rows when none is selected), newest first,
    // no blanks.
    QStringList jobIdsForCopy() const;
    void copyJobIds();
    bool exportCsv(const QString &path, QString *why) const;
    // Asks where to save (a file dialog), writes, and reports through `message`.
    void exportWithDialog();
    void setRetryEnabled(bool enabled, int count);
    QTableView *view() const { return m_view; }
    // "This run only" (the default): rows of earlier runs are hidden until it is unticked.
    QCheckBox *currentRunOnly() const { return m_currentRunOnly; }
    QString summaryText() const;

Q_SIGNALS:
    void retryFailedRequested();
    void message(const QString &text);

private:
    void updateSummary();
    // Coalesces updateSummary to one per event-loop turn: a summary reads every row, and a
    // 10,000-row resync changes rows 20,000 times (issue 12).
    void scheduleSummary();
    QString computeSummary() const;
    void applyRunFilter();

    ResultModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QTableView *m_view;
    QLabel *m_summary;
    QCheckBox *m_currentRunOnly;
    QPushButton *m_retry;
    bool m_summaryPending = false;
};

} // namespace feather
