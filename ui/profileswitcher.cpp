#include "ui/profileswitcher.h"

#include "backends/backendfactory.h"
#include "models/presentation.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>

using namespace Qt::StringLiterals;

namespace feather {

ProfileSwitcher::ProfileSwitcher(QWidget *parent)
    : QWidget(parent)
    , m_box(new QComboBox(this))
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(6, 0, 6, 0);
    auto *label = new QLabel(tr("&Profile:"), this);
    label->setBuddy(m_box);
    m_box->setMinimumContentsLength(18);
    m_box->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_box->setAccessibleName(tr("Profile"));
    m_box->setToolTip(tr("Switch profile (environment)"));
    layout->addWidget(label);
    layout->addWidget(m_box);
    setFocusProxy(m_box);
    connect(m_box, &QComboBox::activated, this,
            [this](int index) { Q_EMIT profileChosen(m_box->itemText(index)); });
}

void ProfileSwitcher::setProfiles(const QList<Profile> &profiles, const QString &current)
{
    const QSignalBlocker block(m_box);
    m_box->clear();
    for (const Profile &p : profiles) {
        m_box->addItem(p.production ? themedIcon(u"status-error"_s) : QIcon(), p.name);
        m_box->setItemData(m_box->count() - 1,
                           QString(p.environmentLabel() + u" · "_s + displayTarget(p)),
                           Qt::ToolTipRole);
    }
    m_box->setCurrentIndex(qMax(0, m_box->findText(current)));
}

void ProfileSwitcher::setCurrent(const QString &name)
{
    const QSignalBlocker block(m_box);
    if (const int index = m_box->findText(name); index >= 0)
        m_box->setCurrentIndex(index);
}

QString ProfileSwitcher::current() const
{
    return m_box->currentText();
}

} // namespace feather
