#include "ui/profilesdialog.h"

#include "backends/backendfactory.h"
#include "config/credentials.h"
#include "models/presentation.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace feather {

ProfilesDialog::ProfilesDialog(ProfileStore *store, CredentialStore *credentials, QWidget *parent)
    : QDialog(parent)
    , m_store(store)
    , m_credentials(credentials)
    , m_list(new QListWidget(this))
    , m_name(new QLineEdit(this))
    , m_mode(new QComboBox(this))
    , m_urlLabel(new QLabel(this))
    , m_url(new QLineEdit(this))
    , m_production(
          new QCheckBox(u"Production (red banner, typed confirmation for large runs)"_s, this))
    , m_environment(new QLineEdit(this))
    , m_concurrency(new QSpinBox(this))
    , m_secretLabel(new QLabel(this))
    , m_secret(new QLineEdit(this))
    , m_fingerprint(new QLabel(this))
    , m_fileOptIn(new QCheckBox(u"Store it in a file readable only by me (0600) instead"_s, this))
    , m_fileWarning(new QLabel(this))
    , m_status(new QLabel(this))
    , m_saveButton(new QPushButton(u"Save"_s, this))
{
    setWindowTitle(u"Profiles"_s);
    setAccessibleName(u"Profiles"_s);
    auto *outer = new QHBoxLayout(this);
    auto *left = new QVBoxLayout;
    m_list->setAccessibleName(u"Profile list"_s);
    left->addWidget(m_list, 1);
    auto *add = new QPushButton(u"New"_s, this);
    add->setAccessibleName(u"New profile"_s);
    auto *remove = new QPushButton(u"Delete"_s, this);
    remove->setAccessibleName(u"Delete profile"_s);
    auto *listButtons = new QHBoxLayout;
    listButtons->addWidget(add);
    listButtons->addWidget(remove);
    left->addLayout(listButtons);
    outer->addLayout(left, 1);

    auto *right = new QVBoxLayout;
    auto *form = new QFormLayout;
    m_mode->addItem(u"API (Feather HTTP API)"_s, int(BackendMode::Api));
    m_mode->addItem(u"Direct (database)"_s, int(BackendMode::Direct));
    m_concurrency->setRange(1, 64);
    m_concurrency->setValue(4);
    m_environment->setPlaceholderText(u"optional label, e.g. staging"_s);
    m_secret->setEchoMode(QLineEdit::Password);
    m_secret->setPlaceholderText(u"leave empty to keep the stored one"_s);
    m_name->setAccessibleName(u"Profile name"_s);
    m_mode->setAccessibleName(u"Connection mode"_s);
    m_url->setAccessibleName(u"Base URL or database URL"_s);
    m_production->setAccessibleName(u"Production profile"_s);
    m_environment->setAccessibleName(u"Environment label"_s);
    m_concurrency->setAccessibleName(u"Concurrency"_s);
    m_secret->setAccessibleName(u"API key or database password"_s);
    m_fingerprint->setAccessibleName(u"Stored secret fingerprint"_s);
    m_fileOptIn->setAccessibleName(u"Store the secret in a private file"_s);
    form->addRow(u"&Name:"_s, m_name);
    form->addRow(u"&Mode:"_s, m_mode);
    form->addRow(m_urlLabel, m_url);
    m_urlLabel->setBuddy(m_url);
    form->addRow(QString(), m_production);
    form->addRow(u"&Environment:"_s, m_environment);
    form->addRow(u"&Concurrency:"_s, m_concurrency);
    form->addRow(m_secretLabel, m_secret);
    m_secretLabel->setBuddy(m_secret);
    form->addRow(QString(), m_fingerprint);
    right->addLayout(form);
    m_fileWarning->setText(
        u"⚠ Warning: a secret in a file is only as safe as your account. Backups, administrators "
        u"and any program running as you can read it. Prefer a system keychain."_s);
    m_fileWarning->setWordWrap(true);
    m_fileWarning->setStyleSheet(u"color:#c77c0e;"_s);
    m_fileWarning->setAccessibleName(u"Secret file warning"_s);
    right->addWidget(m_fileOptIn);
    right->addWidget(m_fileWarning);
    setFileOptInVisible(false);
    m_status->setWordWrap(true);
    m_status->setAccessibleName(u"Profile status"_s);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    right->addWidget(m_status);
    right->addStretch(1);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_saveButton->setAccessibleName(u"Save profile"_s);
    buttons->addButton(m_saveButton, QDialogButtonBox::ActionRole);
    right->addWidget(buttons);
    outer->addLayout(right, 2);

    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::accept);
    connect(m_saveButton, &QPushButton::clicked, this, &ProfilesDialog::save);
    connect(add, &QPushButton::clicked, this, [this] {
        m_list->clearSelection();
        loadForm(Profile{});
        m_name->setFocus();
    });
    connect(remove, &QPushButton::clicked, this, &ProfilesDialog::removeSelected);
    connect(m_mode, &QComboBox::currentIndexChanged, this, &ProfilesDialog::updateModeLabels);
    connect(m_list, &QListWidget::currentTextChanged, this, [this](const QString &name) {
        if (const auto p = m_store->profile(name))
            loadForm(*p);
    });
    resize(800, 480);
    reloadList({});
    if (m_list->count() == 0)
        loadForm(Profile{});
}

void ProfilesDialog::reloadList(const QString &select)
{
    const QSignalBlocker block(m_list);
    m_list->clear();
    for (const Profile &p : m_store->profiles()) {
        auto *item = new QListWidgetItem(p.production ? themedIcon(u"status-error"_s) : QIcon(),
                                         p.name, m_list);
        item->setToolTip(p.production ? u"Production profile"_s : p.environmentLabel());
        if (p.name == select)
            m_list->setCurrentItem(item);
    }
}

void ProfilesDialog::selectProfile(const QString &name)
{
    reloadList(name);
    if (const auto p = m_store->profile(name))
        loadForm(*p);
}

void ProfilesDialog::loadForm(const Profile &p)
{
    m_editing = p.name;
    m_name->setText(p.name);
    m_mode->setCurrentIndex(p.mode == BackendMode::Direct ? 1 : 0);
    m_url->setText(p.target());
    m_production->setChecked(p.production);
    m_environment->setText(p.environment);
    m_concurrency->setValue(p.concurrency);
    m_secret->clear();
    setFileOptInVisible(p.secretStorage == SecretStorage::File);
    m_fileOptIn->setChecked(p.secretStorage == SecretStorage::File);
    setStatus({}, false);
    updateModeLabels();
    const QString session = m_credentials->sessionSecret(p.name);
    switch (p.secretStorage) {
    case SecretStorage::Keychain:
        m_fingerprint->setText(p.name.isEmpty() ? QString() : u"Kept in the system keychain."_s);
        if (!p.name.isEmpty()) {
            // Only the fingerprint is ever shown; the secret itself never reaches a widget.
            m_credentials->readFromKeychain(
                p.name, this, [this, name = p.name](const CredentialResult &r) {
                    if (m_editing != name)
                        return;
                    m_fingerprint->setText(r.ok() ? u"Kept in the system keychain: "_s
                                                        + CredentialStore::fingerprint(r.secret)
                                                  : r.message);
                });
        }
        break;
    case SecretStorage::Session:
        m_fingerprint->setText(session.isEmpty()
                                   ? u"Kept for one session only: enter it when connecting."_s
                                   : u"Kept for this session only: "_s
                                         + CredentialStore::fingerprint(session));
        break;
    case SecretStorage::File:
        m_fingerprint->setText(u"Stored in a private file (0600)."_s);
        break;
    }
}

void ProfilesDialog::updateModeLabels()
{
    const bool api = m_mode->currentData().toInt() == int(BackendMode::Api);
    m_urlLabel->setText(api ? u"Base &URL:"_s : u"Database &URL:"_s);
    m_url->setPlaceholderText(
        api ? u"https://api.example.com"_s
            : u"sqlite:///path/to/feather.db or postgresql://user@host:5432/db"_s);
    m_secretLabel->setText(api ? u"API &key:"_s : u"DB &password:"_s);
}

Profile ProfilesDialog::formProfile() const
{
    Profile p;
    p.name = m_name->text().trimmed();
    p.mode = BackendMode(m_mode->currentData().toInt());
    (p.mode == BackendMode::Api ? p.baseUrl : p.dbUrl) = m_url->text().trimmed();
    p.production = m_production->isChecked();
    p.environment = m_environment->text().trimmed();
    p.concurrency = m_concurrency->value();
    if (const auto existing = m_store->profile(m_editing))
        p.secretStorage = existing->secretStorage;
    return p;
}

void ProfilesDialog::setStatus(const QString &text, bool problem)
{
    m_status->setText(text);
    m_status->setStyleSheet(problem ? u"color:#d63a3a;"_s : QString());
}

void ProfilesDialog::save()
{
    if (m_saving)
        return;
    Profile p = formProfile();
    QString why;
    if (!validateProfile(p, &why)) {
        setStatus(why, true);
        return;
    }
    if (p.name != m_editing && m_store->profile(p.name)) {
        setStatus(u"A profile called “%1” already exists."_s.arg(p.name), true);
        return;
    }
    const QString secret = m_secret->text();
    m_secret->clear(); // the field never keeps a secret longer than needed
    if (secret.isEmpty()) {
        m_store->save(p, m_editing);
        m_store->sync();
        m_editing = p.name;
        reloadList(p.name);
        setStatus(u"Saved."_s, false);
        Q_EMIT profileSaved(p.name);
        return;
    }
    if (!m_fileOptIn->isHidden() && m_fileOptIn->isChecked()) {
        finishSecret(p, secret, true, {});
        return;
    }
    m_saving = true;
    m_saveButton->setEnabled(false);
    setStatus(u"Storing the secret in the system keychain…"_s, false);
    m_credentials->storeInKeychain(p.name, secret, this,
                                   [this, p, secret](const CredentialResult &r) {
                                       finishSecret(p, secret, !r.ok(), r.message);
                                   });
}

void ProfilesDialog::finishSecret(Profile p, const QString &secret, bool keychainFailed,
                                  const QString &why)
{
    m_saving = false;
    m_saveButton->setEnabled(true);
    QString status;
    bool problem = false;
    if (!keychainFailed) {
        p.secretStorage = SecretStorage::Keychain;
        m_credentials->forgetSession(p.name);
        status = u"Saved. The secret is in the system keychain ("_s
                 + CredentialStore::fingerprint(secret) + u")."_s;
    } else if (!m_fileOptIn->isHidden() && m_fileOptIn->isChecked()) {
        QString fileWhy;
        if (!CredentialStore::writeSecretFile(p.name, secret, &fileWhy)) {
            setStatus(fileWhy, true);
            return;
        }
        p.secretStorage = SecretStorage::File;
        m_credentials->keepForSession(p.name, secret);
        status = u"Saved. Warning: the secret is stored in a file readable only by you ("_s
                 + CredentialStore::secretFilePath(p.name) + u"), not in a keychain. "_s
                 + CredentialStore::fingerprint(secret);
        problem = true;
    } else {
        p.secretStorage = SecretStorage::Session;
        m_credentials->keepForSession(p.name, secret);
        setFileOptInVisible(true);
        status =
            why + u"\nThe secret ("_s + CredentialStore::fingerprint(secret)
            + u") is kept for this session only. Tick the file option and save again to keep it on disk."_s;
        problem = true;
    }
    m_store->save(p, m_editing);
    m_store->sync();
    m_editing = p.name;
    reloadList(p.name);
    loadForm(p);
    setFileOptInVisible(keychainFailed);
    setStatus(status, problem);
    Q_EMIT profileSaved(p.name);
}

void ProfilesDialog::setFileOptInVisible(bool visible)
{
    m_fileOptIn->setVisible(visible);
    m_fileWarning->setVisible(visible);
}

void ProfilesDialog::removeSelected()
{
    const QString name = m_editing;
    if (name.isEmpty() || !m_store->profile(name))
        return;
    m_store->remove(name);
    m_store->sync();
    m_credentials->forgetSession(name);
    CredentialStore::removeSecretFile(name);
    m_credentials->removeFromKeychain(name, this, [](const CredentialResult &) {});
    reloadList({});
    loadForm(Profile{});
    setStatus(u"Deleted “%1”."_s.arg(name), false);
    Q_EMIT profileRemoved(name);
}

} // namespace feather
