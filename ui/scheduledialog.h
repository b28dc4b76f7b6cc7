#pragma once

#include "core/types.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QLabel;
class QPushButton;
class QRadioButton;
class QSpinBox;

namespace feather {

// View and change the auto-sync schedule of the selected sources. Shows what they have now,
// offers "enable, every N minutes/hours/days" or "disable", and is itself the confirmation: it
// names the number of sources, the environment and the first of them, and on a production
// profile the change button waits for an explicit tick. Sends nothing: the caller runs the
// chosen change (ScheduleSession).
class ScheduleDialog final : public QDialog {
    Q_OBJECT
public:
    ScheduleDialog(const QList<Source> &sources, const QString &environment, bool production,
                   QWidget *parent = nullptr);
    Q_DISABLE_COPY_MOVE(ScheduleDialog)

    ScheduleChange change() const;
    // For tests: the widgets a person uses.
    QRadioButton *enableButton() const { return m_enable; }
    QRadioButton *disableButton() const { return m_disable; }
    QSpinBox *intervalBox() const { return m_interval; }
    QComboBox *unitBox() const { return m_unit; }
    QCheckBox *productionCheck() const { return m_productionCheck; }
    QPushButton *applyButton() const { return m_apply; }
    QString currentText() const;
    QString confirmationText() const;

private:
    void updateState();

    QList<Source> m_sources;
    QString m_environment;
    bool m_production;
    QLabel *m_current;
    QRadioButton *m_enable;
    QRadioButton *m_disable;
    QSpinBox *m_interval;
    QComboBox *m_unit;
    QLabel *m_confirm;
    QCheckBox *m_productionCheck;
    QPushButton *m_apply;
};

} // namespace feather
