#pragma once

#include <QSet>
#include <QWidget>

class QHBoxLayout;
class QLabel;
class QTableView;
class QTimer;

namespace feather {

class FilterBar;
class SourceFilterProxy;
class SourceModel;

// Filter bar + the source table (extended multi-select) + "select all visible" / "select
// errored". Selections are held by the view in terms of source rows keyed by id, so refreshes
// and live updates keep them.
class SourcePanel final : public QWidget {
    Q_OBJECT
public:
    explicit SourcePanel(SourceModel *model, QWidget *parent = nullptr);
    ~SourcePanel() override;
    Q_DISABLE_COPY_MOVE(SourcePanel)

    // The selected sources' ids, in view order.
    QStringList selectedSourceIds() const;
    int selectedCount() const;
    void selectSources(const QStringList &sourceIds);
    void selectAllVisible();
    void scrollToSelection();
    void selectErrored();
    void setKnowledgeBases(const QSet<QString> &kbIds);
    // Re-offers the statuses and providers present (after loads and live changes).
    void updateFilterChoices();

    // Typing in the filter field refilters once the keys pause this long (a burst of keystrokes
    // over 100,000 rows costs one refilter, not one per key).
    static constexpr int filterDelayMs = 150;

    FilterBar *filterBar() const { return m_filter; }
    // Puts `widget` after the filter bar (the window's saved-views button).
    void addFilterWidget(QWidget *widget);
    SourceFilterProxy *proxy() const { return m_proxy; }
    QTableView *view() const { return m_view; }

Q_SIGNALS:
    void selectionChanged(int count);
    void resyncRequested();

private:
    void updateSummary();
    void scheduleSummary();
    void onSelectionChanged();
    void applyFilterText();

    SourceModel *m_model;
    SourceFilterProxy *m_proxy;
    FilterBar *m_filter;
    QTableView *m_view;
    QLabel *m_summary;
    QTimer *m_filterDelay;
    QHBoxLayout *m_top = nullptr;
    QString m_pendingText;
    bool m_summaryPending = false;
};

} // namespace feather
