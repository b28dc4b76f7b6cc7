#include "ui/filterbar.h"

#include "models/presentation.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QMenu>
#include <QToolButton>

using namespace Qt::StringLiterals;

namespace feather {

FilterBar::FilterBar(QWidget *parent)
    : QWidget(parent)
    , m_text(new QLineEdit(this))
    , m_status(new QToolButton(this))
    , m_statusMenu(new QMenu(this))
    , m_provider(new QComboBox(this))
    , m_clear(new QToolButton(this))
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_text->setPlaceholderText(tr("Filter by name, provider, source or job id (Ctrl+F)"));
    m_text->setClearButtonEnabled(true);
    m_text->setAccessibleName(tr("Source filter text"));
    m_status->setPopupMode(QToolButton::InstantPopup);
    m_status->setMenu(m_statusMenu);
    m_status->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_status->setAccessibleName(tr("Status filter"));
    m_provider->setAccessibleName(tr("Provider filter"));
    m_provider->addItem(tr("All providers"), QString());
    m_provider->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_clear->setIcon(themedIcon(u"action-filter-clear"_s));
    m_clear->setText(tr("Clear filters"));
    m_clear->setToolTip(tr("Clear filters"));
    m_clear->setAccessibleName(tr("Clear filters"));
    m_clear->setAutoRaise(true);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_status);
    layout->addWidget(m_provider);
    layout->addWidget(m_clear);

    connect(m_text, &QLineEdit::textChanged, this, &FilterBar::textChanged);
    connect(m_provider, &QComboBox::currentIndexChanged, this,
            [this] { Q_EMIT providerChanged(provider()); });
    connect(m_clear, &QToolButton::clicked, this, &FilterBar::clear);
    rebuildStatusMenu();
}

QString FilterBar::text() const
{
    return m_text->text();
}

QString FilterBar::provider() const
{
    return m_provider->currentData().toString();
}

void FilterBar::focusText()
{
    m_text->setFocus(Qt::ShortcutFocusReason);
    m_text->selectAll();
}

void FilterBar::clear()
{
    m_text->clear();
    m_provider->setCurrentIndex(0);
    setStatuses({});
    setStuck(false);
}

void FilterBar::setText(const QString &text)
{
    m_text->setText(text);
}

void FilterBar::setProvider(const QString &provider)
{
    int index = m_provider->findData(provider);
    if (index < 0 && !provider.isEmpty()) {
        m_provider->addItem(provider, provider);
        index = m_provider->count() - 1;
    }
    m_provider->setCurrentIndex(index < 0 ? 0 : index);
}

void FilterBar::setStuck(bool on)
{
    if (on == m_stuck)
        return;
    m_stuck = on;
    rebuildStatusMenu();
    Q_EMIT stuckChanged(m_stuck);
}

void FilterBar::setStuckCount(int count)
{
    if (count == m_stuckCount)
        return;
    m_stuckCount = count;
    rebuildStatusMenu();
}

void FilterBar::setStatuses(const QSet<QString> &statuses)
{
    if (statuses == m_statuses)
        return;
    m_statuses = statuses;
    rebuildStatusMenu();
    Q_EMIT statusesChanged(m_statuses);
}

void FilterBar::setAvailable(const QMap<QString, int> &statusCounts, const QStringList &providers)
{
    if (statusCounts != m_counts) {
        m_counts = statusCounts;
        rebuildStatusMenu();
    }
    QStringList current;
    for (int i = 1; i < m_provider->count(); ++i)
        current << m_provider->itemData(i).toString();
    if (current != providers) {
        const QString selected = provider();
        const QSignalBlocker block(m_provider);
        m_provider->clear();
        m_provider->addItem(tr("All providers"), QString());
        for (const QString &p : providers)
            m_provider->addItem(p, p);
        const int index = m_provider->findData(selected);
        m_provider->setCurrentIndex(index < 0 ? 0 : index);
        if (index < 0 && !selected.isEmpty())
            Q_EMIT providerChanged(QString());
    }
}

void FilterBar::rebuildStatusMenu()
{
    m_statusMenu->clear();
    // The three known statuses are always offered; anything else appears when present.
    QStringList statuses{u"active"_s, u"syncing"_s, u"error"_s};
    for (auto it = m_counts.cbegin(); it != m_counts.cend(); ++it) {
        if (!statuses.contains(it.key()))
            statuses << it.key();
    }
    for (const QString &status : std::as_const(statuses)) {
        const QString label =
            statusText(status, {}, {}) + u" ("_s + QString::number(m_counts.value(status)) + u")"_s;
        QAction *action = m_statusMenu->addAction(statusIcon(statusKind(status)), label);
        action->setCheckable(true);
        action->setChecked(m_statuses.contains(status));
        connect(action, &QAction::toggled, this, [this, status](bool on) {
            if (on)
                m_statuses.insert(status);
            else
                m_statuses.remove(status);
            updateStatusButton();
            Q_EMIT statusesChanged(m_statuses);
        });
    }
    m_statusMenu->addSeparator();
    // Not a server status: syncing longer than the profile's threshold (SourceModel::isStuck).
    QAction *stuck =
        m_statusMenu->addAction(themedIcon(u"status-stuck"_s), tr("Stuck (%1)").arg(m_stuckCount));
    stuck->setCheckable(true);
    stuck->setChecked(m_stuck);
    stuck->setToolTip(tr("Syncing for longer than this profile's stuck threshold"));
    connect(stuck, &QAction::toggled, this, [this](bool on) {
        m_stuck = on;
        updateStatusButton();
        Q_EMIT stuckChanged(m_stuck);
    });
    m_statusMenu->addSeparator();
    QAction *all = m_statusMenu->addAction(tr("Any status"));
    connect(all, &QAction::triggered, this, [this] {
        setStatuses({});
        setStuck(false);
    });
    updateStatusButton();
}

void FilterBar::updateStatusButton()
{
    if (m_stuck) {
        QStringList names{tr("Stuck")};
        for (const QString &s : m_statuses)
            names << statusText(s, {}, {});
        m_status->setText(names.join(u", "_s));
        m_status->setIcon(themedIcon(u"status-stuck"_s));
        return;
    }
    if (m_statuses.isEmpty()) {
        m_status->setText(tr("Any status"));
        m_status->setIcon(QIcon());
        return;
    }
    QStringList names;
    for (const QString &s : m_statuses)
        names << statusText(s, {}, {});
    names.sort();
    m_status->setText(names.join(u", "_s));
    m_status->setIcon(m_statuses.size() == 1 ? statusIcon(statusKind(*m_statuses.cbegin()))
                                             : QIcon());
}

} // namespace feather
