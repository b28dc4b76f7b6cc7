#pragma once

#include "core/types.h"
#include "triage/triage.h"

#include <QWidget>

class QCheckBox;
class QLabel;
class QPushButton;
class QTreeView;

namespace feather {

class TriageCollector;
class TriageModel;
class Workspace;

// The Triage tab (issue 15): errored sources grouped by cause, then by signature, with counts
// overall and per knowledge base. Selecting a cause or a signature selects its sources in the
// source table; "Resync fixable" asks for a resync (through the usual confirmation) of the
// causes a resync can fix; the copy buttons put the selected cause's hand-off text on the
// clipboard. The last errors are gathered when the tab is shown (and again after a load or a
// run while it is shown): see TriageCollector.
class TriagePanel final : public QWidget {
    Q_OBJECT
public:
    explicit TriagePanel(Workspace *workspace, QWidget *parent = nullptr);
    ~TriagePanel() override;
    Q_DISABLE_COPY_MOVE(TriagePanel)

    // Gathers the errored sources' last errors again (reads them where the listing has none).
    void refresh();
    bool isCollecting() const;
    // The errored sources among `targets`, with their last error where this panel knows it
    // (else the listing's, possibly empty): what the resync confirmation warns about.
    QList<ErroredSource> erroredAmong(const QList<TriggerTarget> &targets) const;

    // The selected cause's hand-off texts (empty when no cause is selected).
    QString customerText() const;
    QString engineeringText() const;
    void copyForCustomer();
    void copyForEngineering();
    void resyncFixable();

    TriageModel *model() const { return m_model; }
    QTreeView *view() const { return m_view; }
    QLabel *summary() const { return m_summary; }
    QPushButton *resyncFixableButton() const { return m_resyncFixable; }
    QPushButton *customerButton() const { return m_copyCustomer; }
    QPushButton *engineeringButton() const { return m_copyEngineering; }
    QCheckBox *markdownBox() const { return m_markdown; }

Q_SIGNALS:
    void sourcesChosen(const QStringList &sourceIds);
    void resyncRequested(const QList<feather::TriggerTarget> &targets);
    void collected(); // a refresh() has finished and the model shows its result

protected:
    void showEvent(QShowEvent *event) override;

private:
    void onCollected();
    void onCurrentChanged();
    void updateSummary();
    void updateButtons();
    const CauseGroup *selectedCause() const;

    Workspace *m_workspace;
    TriageModel *m_model;
    TriageCollector *m_collector;
    QLabel *m_summary;
    QTreeView *m_view;
    QPushButton *m_refresh;
    QPushButton *m_resyncFixable;
    QPushButton *m_copyCustomer;
    QPushButton *m_copyEngineering;
    QCheckBox *m_markdown;
    QLabel *m_status;
    bool m_stale = true;
    bool m_restoring = false;
};

} // namespace feather
