#include "ui/scheduledialog.h"

#include "core/syncage.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace feather {

namespace {

QString sourceName(const Source &s)
{
    return s.connectionNickname.isEmpty() ? s.id.left(8) : s.connectionNickname;
}

QString localTime(const QDateTime &t)
{
    return t.isValid() ? t.toLocalTime().toString(u"yyyy-MM-dd HH:mm"_s) : QString();
}

} // namespace

ScheduleDialog::ScheduleDialog(const QList<Source> &sources, const QString &environment,
                               bool production, QWidget *parent)
    : QDialog(parent)
    , m_sources(sources)
    , m_environment(environment)
    , m_production(production)
    , m_current(new QLabel(this))
    , m_enable(new QRadioButton(tr("&Enable auto-sync, every"), this))
    , m_disable(
          new QRadioButton(tr("&Disable auto-sync (clears the interval and the next run)"), this))
    , m_interval(new QSpinBox(this))
    , m_unit(new QComboBox(this))
    , m_confirm(new QLabel(this))
    , m_productionCheck(new QCheckBox(this))
    , m_apply(new QPushButton(this))
{
    setWindowTitle(tr("Auto-sync schedule"));
    setAccessibleName(tr("Auto-sync schedule"));
    m_current->setText(currentText());
    m_current->setWordWrap(true);
    m_current->setAccessibleName(tr("Current schedule"));
    m_current->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_interval->setRange(1, 10000);
    m_interval->setAccessibleName(tr("Interval"));
    m_unit->addItem(tr("minutes"), 60);
    m_unit->addItem(tr("hours"), 3600);
    m_unit->addItem(tr("days"), 86400);
    m_unit->setAccessibleName(tr("Interval unit"));
    // Start from what the (first) source has, else hourly, the guide's example.
    const Source *first = m_sources.isEmpty() ? nullptr : &m_sources.first();
    const int seconds = first && first->syncIntervalSeconds ? *first->syncIntervalSeconds : 3600;
    const int unit = seconds % 86400 == 0 ? 2 : seconds % 3600 == 0 ? 1 : 0;
    m_unit->setCurrentIndex(unit);
    m_interval->setValue(std::max(1, seconds / m_unit->currentData().toInt()));
    m_enable->setChecked(true);
    m_confirm->setWordWrap(true);
    m_confirm->setAccessibleName(tr("What will change"));
    m_productionCheck->setText(tr("I am changing the schedule in %1").arg(m_environment));
    m_productionCheck->setVisible(m_production);
    m_productionCheck->setAccessibleName(tr("Confirm production change"));

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_current);
    auto *every = new QHBoxLayout;
    every->addWidget(m_enable);
    every->addWidget(m_interval);
    every->addWidget(m_unit);
    every->addStretch(1);
    layout->addLayout(every);
    layout->addWidget(m_disable);
    layout->addWidget(m_confirm);
    layout->addWidget(m_productionCheck);
    auto *buttons = new QDialogButtonBox(this);
    buttons->addButton(m_apply, QDialogButtonBox::AcceptRole);
    buttons->addButton(QDialogButtonBox::Cancel);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    for (QRadioButton *b : {m_enable, m_disable})
        connect(b, &QRadioButton::toggled, this, &ScheduleDialog::updateState);
    connect(m_interval, &QSpinBox::valueChanged, this, &ScheduleDialog::updateState);
    connect(m_unit, &QComboBox::currentIndexChanged, this, &ScheduleDialog::updateState);
    connect(m_productionCheck, &QCheckBox::toggled, this, &ScheduleDialog::updateState);
    updateState();
}

QString ScheduleDialog::currentText() const
{
    if (m_sources.size() == 1) {
        const Source &s = m_sources.first();
        if (!s.autoSyncEnabled)
            return tr("%1: auto-sync is off.").arg(sourceName(s));
        QString text =
            tr("%1: auto-sync is on, every %2.")
                .arg(sourceName(s), formatDurationSeconds(s.syncIntervalSeconds.value_or(0)));
        if (s.nextSyncAt.isValid())
            text += u' ' + tr("Next sync %1.").arg(localTime(s.nextSyncAt));
        if (s.lastAutoSyncAt.isValid())
            text += u' ' + tr("Last automatic sync %1.").arg(localTime(s.lastAutoSyncAt));
        return text;
    }
    int on = 0;
    for (const Source &s : m_sources)
        on += s.autoSyncEnabled ? 1 : 0;
    return tr("%1 selected sources: auto-sync on for %2, off for %3.")
        .arg(m_sources.size())
        .arg(on)
        .arg(m_sources.size() - on);
}

ScheduleChange ScheduleDialog::change() const
{
    ScheduleChange c;
    c.autoSyncEnabled = m_enable->isChecked();
    if (c.autoSyncEnabled)
        c.syncIntervalSeconds = m_interval->value() * m_unit->currentData().toInt();
    return c;
}

QString ScheduleDialog::confirmationText() const
{
    return m_confirm->text();
}

void ScheduleDialog::updateState()
{
    m_interval->setEnabled(m_enable->isChecked());
    m_unit->setEnabled(m_enable->isChecked());
    QStringList names;
    for (const Source &s : m_sources.mid(0, 5))
        names << sourceName(s);
    QString list = names.join(u", "_s);
    if (m_sources.size() > 5)
        list += u' ' + tr("and %n more", nullptr, int(m_sources.size() - 5));
    const ScheduleChange c = change();
    const QString what = c.autoSyncEnabled
                             ? tr("turn auto-sync on, every %1,")
                                   .arg(formatDurationSeconds(c.syncIntervalSeconds.value_or(0)))
                             : tr("turn auto-sync off");
    m_confirm->setText(tr("This will %1 for %n source(s) in %2: %3. Each change is written to "
                          "the audit log.",
                          nullptr, int(m_sources.size()))
                           .arg(what, m_environment, list));
    m_apply->setText(tr("Change %n schedule(s)", nullptr, int(m_sources.size())));
    m_apply->setEnabled(!m_sources.isEmpty() && (!m_production || m_productionCheck->isChecked()));
}

} // namespace feather
