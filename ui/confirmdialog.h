#pragma once

#include "core/backend.h"
#include "triage/triage.h"

#include <QDialog>
#include <QHash>
#include <memory>

class QLabel;
class QLineEdit;
class QPushButton;
class QTableWidget;

namespace feather {

class ResyncRunner;
class TriageCollector;

struct ConfirmRequest {
    QList<TriggerTarget> targets;
    QHash<QString, QString> sourceNames; // source id -> nickname
    QHash<QString, QString> kbNames;     // kb id -> name
    QString profileName;
    QString environment; // "production", "staging" …
    QString target;      // API origin or DB target (no secret)
    bool production = false;
    int excludedInFlight = 0; // selected rows left out: a resync is already running
    // The errored sources among the targets, with their last error when known; the dialog
    // reads the missing ones (…/sync/status) and warns about causes a resync will not fix.
    QList<ErroredSource> errored;
};

// The one confirmation every resync goes through (buttons, shortcuts, retry): the count, the
// profile and environment, the targets, and a dry-run preview (ResyncRunner::dryRun, read
// only) of what would be skipped and what could not be checked. On production profiles nothing
// is the default button, and with more than kTypedThreshold targets the user types the count
// before the button enables.
class ResyncConfirmDialog final : public QDialog {
    Q_OBJECT
public:
    static constexpr int kTypedThreshold = 10;
    static constexpr int kPreviewLimit = 1000;

    ResyncConfirmDialog(ConfirmRequest request, Backend *previewBackend, QWidget *parent = nullptr);
    ~ResyncConfirmDialog() override;
    Q_DISABLE_COPY_MOVE(ResyncConfirmDialog)

    bool needsTypedCount() const;
    bool isPreviewFinished() const { return m_previewDone; }
    QList<TriggerResult> preview() const { return m_preview; }
    QPushButton *confirmButton() const { return m_confirm; }
    QLineEdit *typedCount() const { return m_typed; }
    QTableWidget *targetTable() const { return m_table; }
    QString previewSummary() const;
    // The targets the run gets: the request's, less those left out with "Leave them out".
    QList<TriggerTarget> targets() const { return m_request.targets; }
    // The warning about sources whose cause a resync will not fix (empty when none).
    QString triageWarning() const;
    QPushButton *leaveOutButton() const { return m_leaveOut; }
    bool isTriageFinished() const { return m_triageDone; }
    void leaveOutUnfixable();

Q_SIGNALS:
    void previewFinished();
    void triageFinished();

protected:
    void keyPressEvent(QKeyEvent *event) override;

private:
    static QString previewText(const TriggerResult &result);
    void onPreviewRow(const TriggerResult &result);
    void updateConfirmEnabled();
    void updateSummary();
    void updateHeadline();
    void updateTriage();
    QList<ErroredSource> unfixable() const;

    ConfirmRequest m_request;
    std::unique_ptr<ResyncRunner> m_previewRunner;
    QHash<QString, int> m_rowBySource;
    QList<TriggerResult> m_preview;
    bool m_previewDone = false;
    QTableWidget *m_table;
    QLabel *m_summary;
    QLabel *m_headline = nullptr;
    QLabel *m_triageWarning = nullptr;
    QPushButton *m_leaveOut = nullptr;
    TriageCollector *m_triage = nullptr;
    QList<ErroredSource> m_errored;
    bool m_triageDone = true;
    QLineEdit *m_typed = nullptr;
    QLabel *m_prompt = nullptr;
    QPushButton *m_confirm;
    QPushButton *m_cancel = nullptr;
};

} // namespace feather
