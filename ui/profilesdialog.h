#pragma once

#include "config/profiles.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QSpinBox;

namespace feather {

class CredentialStore;

// Add, edit and remove profiles: name, mode (API / direct), base URL or DB URL (never with the
// password), production flag, environment label, concurrency, and the API key / DB password,
// which goes to the OS keychain. Without a keychain the dialog says so plainly and keeps the
// secret for this run only, unless the user ticks the 0600-file opt-in (with its warning).
// Only a fingerprint of a stored secret is ever shown.
class ProfilesDialog final : public QDialog {
    Q_OBJECT
public:
    ProfilesDialog(ProfileStore *store, CredentialStore *credentials, QWidget *parent = nullptr);
    Q_DISABLE_COPY_MOVE(ProfilesDialog)

    void selectProfile(const QString &name);
    // Validates, writes the profile, then stores the secret (asynchronously when typed).
    void save();

    // For tests and the main window.
    QLineEdit *nameEdit() const { return m_name; }
    QComboBox *modeBox() const { return m_mode; }
    QLineEdit *urlEdit() const { return m_url; }
    QLineEdit *secretEdit() const { return m_secret; }
    QCheckBox *productionBox() const { return m_production; }
    QCheckBox *fileOptIn() const { return m_fileOptIn; }
    QLabel *statusLabel() const { return m_status; }
    bool isSaving() const { return m_saving; }

Q_SIGNALS:
    void profileSaved(const QString &name);
    void profileRemoved(const QString &name);

private:
    void reloadList(const QString &select);
    void loadForm(const Profile &profile);
    Profile formProfile() const;
    void updateModeLabels();
    void setStatus(const QString &text, bool problem);
    void finishSecret(Profile profile, const QString &secret, bool keychainFailed,
                      const QString &why);
    void removeSelected();
    void setFileOptInVisible(bool visible);

    ProfileStore *m_store;
    CredentialStore *m_credentials;
    QString m_editing; // name of the profile in the form ("" for a new one)
    bool m_saving = false;
    QListWidget *m_list;
    QLineEdit *m_name;
    QComboBox *m_mode;
    QLabel *m_urlLabel;
    QLineEdit *m_url;
    QCheckBox *m_production;
    QLineEdit *m_environment;
    QSpinBox *m_concurrency;
    QSpinBox *m_stuckMinutes; // Profile::stuckAfterSeconds, in minutes
    QLabel *m_secretLabel;
    QLineEdit *m_secret;
    QLabel *m_fingerprint;
    QCheckBox *m_fileOptIn;
    QLabel *m_fileWarning;
    QLabel *m_status;
    QPushButton *m_saveButton;
    QLineEdit *m_webConsole = nullptr; // "Open in Feather" URL template
    QLineEdit *m_auditUrl = nullptr;   // the team audit trail (audit.url)
};

} // namespace feather
