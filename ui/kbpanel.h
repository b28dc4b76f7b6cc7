#pragma once

#include <QSet>
#include <QWidget>

class QLabel;
class QLineEdit;
class QTableView;

namespace feather {

class KnowledgeBaseModel;
class KnowledgeBaseSortProxy;

// The knowledge-base table with its "All knowledge bases" row and a name search. Selecting KBs
// filters the source table; selecting "All" (or nothing) shows every source.
class KbPanel final : public QWidget {
    Q_OBJECT
public:
    explicit KbPanel(KnowledgeBaseModel *model, QWidget *parent = nullptr);
    ~KbPanel() override;
    Q_DISABLE_COPY_MOVE(KbPanel)

    QSet<QString> selectedKbIds() const; // empty = all
    void selectKb(const QString &kbId);  // empty = "All"
    // Selects those of `kbIds` that are listed (clearing the name search first); none listed or
    // an empty set selects "All". Returns how many were selected.
    int selectKbs(const QSet<QString> &kbIds);
    QTableView *view() const { return m_view; }
    QLineEdit *searchField() const { return m_search; }
    QLabel *progressLabel() const { return m_progress; }

    // A source listing is under way: pages and sources so far (the counts are partial).
    void setLoadProgress(int pages, int sources);
    // The listing ended: the progress line goes, or says the counts stay partial.
    void setLoadFinished(bool complete);

Q_SIGNALS:
    void selectionChanged(const QSet<QString> &kbIds);

private:
    KnowledgeBaseModel *m_model;
    KnowledgeBaseSortProxy *m_proxy;
    QLineEdit *m_search;
    QTableView *m_view;
    QLabel *m_progress;
};

} // namespace feather
