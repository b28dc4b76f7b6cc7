#pragma once

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;

namespace feather {

class HistoryModel;
class KnowledgeBaseModel;
class SourceModel;

// The local audit log: who triggered what, when, with which outcome. Filters by period and
// outcome (in the query) and by text: what a row shows (KB and source names included) or any of
// its ids, trigger id too. The query runs on a worker thread with its own connection.
class HistoryPanel final : public QWidget {
    Q_OBJECT
public:
    explicit HistoryPanel(QWidget *parent = nullptr);
    ~HistoryPanel() override;
    Q_DISABLE_COPY_MOVE(HistoryPanel)

    void setAuditLogPath(const QString &path);
    // The team audit database (a profile's audit.url); empty: the local log (or --audit-db).
    void setTeamUrl(const QString &url);
    QLineEdit *operatorField() const { return m_operator; }
    // Shows KB and source names in place of their ids (and lets the search find them).
    void setNames(const KnowledgeBaseModel *kbs, const SourceModel *sources);
    QLineEdit *searchField() const { return m_text; }
    void reload();
    bool isLoading() const { return m_loading; }
    HistoryModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }

Q_SIGNALS:
    void reloaded(int rows);
    // The team database could not be read: the rows shown are this machine's local ones.
    void auditWarning(const QString &text);

private:
    QString m_path;
    QString m_teamUrl;
    HistoryModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QTableView *m_view;
    QComboBox *m_period;
    QComboBox *m_outcome;
    QLineEdit *m_text;
    QLineEdit *m_operator;
    QLabel *m_summary;
    bool m_loading = false;
    bool m_reloadAgain = false;
};

} // namespace feather
