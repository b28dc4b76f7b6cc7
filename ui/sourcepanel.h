#pragma once

#include <QSet>
#include <QWidget>

class QLabel;
class QTableView;

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

    QStringList selectedSourceIds() const;
    void selectSources(const QStringList &sourceIds);
    void selectAllVisible();
    void scrollToSelection();
    void selectErrored();
    void setKnowledgeBases(const QSet<QString> &kbIds);
    // Re-offers the statuses and providers present (after loads and live changes).
    void updateFilterChoices();

    FilterBar *filterBar() const { return m_filter; }
    SourceFilterProxy *proxy() const { return m_proxy; }
    QTableView *view() const { return m_view; }

Q_SIGNALS:
    void selectionChanged(int count);
    void resyncRequested();

private:
    void updateSummary();

    SourceModel *m_model;
    SourceFilterProxy *m_proxy;
    FilterBar *m_filter;
    QTableView *m_view;
    QLabel *m_summary;
};

} // namespace feather
