#pragma once

#include "core/backend.h"

#include <QDialog>
#include <QHash>
#include <memory>

class QLabel;
class QLineEdit;
class QPushButton;
class QTableWidget;

namespace feather {

class ResyncRunner;

struct ConfirmRequest {
    QList<TriggerTarget> targets;
    QHash<QString, QString> sourceNames; // source id -> nickname
    QHash<QString, QString> kbNames;     // kb id -> name
    QString profileName;
    QString environment; // "production", "staging" …
    QString target;      // API origin or DB target (no secret)
    bool production = false;
    int excludedInFlight = 0; // selected rows left out: a resync is already running
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

Q_SIGNALS:
    void previewFinished();

protected:
    void keyPressEvent(QKeyEvent *event) override;

private:
    static QString previewText(const TriggerResult &result);
    void onPreviewRow(const TriggerResult &result);
    void updateConfirmEnabled();
    void updateSummary();

    ConfirmRequest m_request;
    std::unique_ptr<ResyncRunner> m_previewRunner;
    QHash<QString, int> m_rowBySource;
    QList<TriggerResult> m_preview;
    bool m_previewDone = false;
    QTableWidget *m_table;
    QLabel *m_summary;
    QLineEdit *m_typed = nullptr;
    QPushButton *m_confirm;
    QPushButton *m_cancel = nullptr;
};

} // namespace feather
