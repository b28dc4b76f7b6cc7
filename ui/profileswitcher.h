#pragma once

#include "config/profiles.h"

#include <QWidget>

class QComboBox;

namespace feather {

// "Profile: [name ▾]" in the toolbar: every profile (production ones marked with an icon,
// environment and target in the tooltip). Reports a choice; opening it is the window's job.
class ProfileSwitcher final : public QWidget {
    Q_OBJECT
public:
    explicit ProfileSwitcher(QWidget *parent = nullptr);
    Q_DISABLE_COPY_MOVE(ProfileSwitcher)

    // Replaces the list without emitting profileChosen; `current` stays selected when listed.
    void setProfiles(const QList<Profile> &profiles, const QString &current);
    void setCurrent(const QString &name);
    QString current() const;
    QComboBox *comboBox() const { return m_box; }

Q_SIGNALS:
    void profileChosen(const QString &name);

private:
    QComboBox *m_box;
};

} // namespace feather
