#pragma once

#include <QMap>
#include <QSet>
#include <QWidget>

class QComboBox;
class QLineEdit;
class QMenu;
class QToolButton;

namespace feather {

// Text filter (name, id, provider), a status multi-select and a provider choice above the
// source table. It only reports what the user picked; SourcePanel applies it to the proxy.
class FilterBar final : public QWidget {
    Q_OBJECT
public:
    explicit FilterBar(QWidget *parent = nullptr);
    Q_DISABLE_COPY_MOVE(FilterBar)

    // Offers the statuses and providers present in the data (with counts on statuses).
    void setAvailable(const QMap<QString, int> &statusCounts, const QStringList &providers);
    void setStatuses(const QSet<QString> &statuses);
    void focusText();
    void clear();

    QString text() const;
    QSet<QString> statuses() const { return m_statuses; }
    QString provider() const;
    // The "Stuck" entry of the status menu: syncs past the profile's threshold.
    bool stuck() const { return m_stuck; }
    void setStuck(bool on);
    void setStuckCount(int count);
    // A saved view's text and provider (issue 11 item 8); a provider not offered yet is added.
    void setText(const QString &text);
    void setProvider(const QString &provider);

Q_SIGNALS:
    void textChanged(const QString &text);
    void statusesChanged(const QSet<QString> &statuses);
    void providerChanged(const QString &provider);
    void stuckChanged(bool on);

private:
    void rebuildStatusMenu();
    void updateStatusButton();

    QLineEdit *m_text;
    QToolButton *m_status;
    QMenu *m_statusMenu;
    QComboBox *m_provider;
    QToolButton *m_clear;
    QMap<QString, int> m_counts;
    QSet<QString> m_statuses;
    bool m_stuck = false;
    int m_stuckCount = 0;
};

} // namespace feather
