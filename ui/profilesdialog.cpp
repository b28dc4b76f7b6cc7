#include "ui/profilesdialog.h"

#include "backends/backendfactory.h"
#include "config/auditlog.h"
#include "config/credentials.h"
#include "models/presentation.h"
#include "ui/viewstate.h"

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
          new QCheckBox(tr("Production (red banner, typed confirmation for large runs)"), this))
    , m_environment(new QLineEdit(this))
    , m_concurrency(new QSpinBox(this))
    , m_stuckMinutes(new QSpinBox(this))
    , m_secretLabel(new QLabel(this))
    , m_secret(new QLineEdit(this))
    , m_fingerprint(new QLabel(this))
    , m_fileOptIn(new QCheckBox(tr("Store it in a file readable only by me (0600) instead"), this))
    , m_fileWarning(new QLabel(this))
    , m_status(new QLabel(this))
    , m_saveButton(new QPushButton(tr("Save"), this))
{
    setWindowTitle(tr("Profiles"));
    setAccessibleName(tr("Profiles"));
    auto *outer = new QHBoxLayout(this);
    auto *left = new QVBoxLayout;
    m_list->setAccessibleName(tr("Profile list"));
    left->addWidget(m_list, 1);
    auto *add = new QPushButton(tr("New"), this);
    add->setAccessibleName(tr("New profile"));
    auto *remove = new QPushButton(tr("Delete"), this);
    remove->setAccessibleName(tr("Delete profile"));
    auto *listButtons = new QHBoxLayout;
    listButtons->addWidget(add);
    listButtons->addWidget(remove);
    left->addLayout(listButtons);
    outer->addLayout(left, 1);

    auto *right = new QVBoxLayout;
    auto *form = new QFormLayout;
    m_mode->addItem(tr("API (Feather HTTP API)"), int(BackendMode::Api));
    m_mode->addItem(tr("Direct (database)"), int(BackendMode::Direct));
    m_concurrency->setRange(1, 64);
    m_concurrency->setValue(4);
    m_environment->setPlaceholderText(tr("optional label, e.g. staging"));
    m_secret->setEchoMode(QLineEdit::Password);
    m_secret->setPlaceholderText(tr("leave empty to keep the stored one"));
    m_name->setAccessibleName(tr("Profile name"));
    m_mode->setAccessibleName(tr("Connection mode"));
    m_url->setAccessibleName(tr("Base URL or database URL"));
    m_production->setAccessibleName(tr("Production profile"));
    m_environment->setAccessibleName(tr("Environment label"));
    m_concurrency->setAccessibleName(tr("Concurrency"));
    m_secret->setAccessibleName(tr("API key or database password"));
    m_fingerprint->setAccessibleName(tr("Stored secret fingerprint"));
    m_fileOptIn->setAccessibleName(tr("Store the secret in a private file"));
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("&Mode:"), m_mode);
    form->addRow(m_urlLabel, m_url);
    m_urlLabel->setBuddy(m_url);
    form->addRow(QString(), m_production);
    form->addRow(tr("&Environment:"), m_environment);
    form->addRow(tr("&Concurrency:"), m_concurrency);
    m_webConsole = new QLineEdit(this);
    m_webConsole->setPlaceholderText(
        tr("optional, e.g. https://app.example.com/kb/{kb_id}/sources/{source_id}"));
    m_webConsole->setAccessibleName(tr("Web console URL template"));
    m_webConsole->setToolTip(tr("\"Open in Feather\" opens this URL with {kb_id}, {source_id} "
                                "and {job_id} filled in; empty hides the action."));
    form->addRow(tr("&Web console URL:"), m_webConsole);
    m_auditUrl = new QLineEdit(this);
    m_auditUrl->setPlaceholderText(tr("postgresql://user@host:5432/db (empty: local only)"));
    m_auditUrl->setAccessibleName(tr("Team audit database URL"));
    m_auditUrl->setToolTip(tr("Keep the audit log in the team's PostgreSQL database, so the "
                              "team sees one history. The password comes from PGPASSWORD or "
                              "PGPASSFILE, never from this URL."));
    form->addRow(tr("Team &audit log:"), m_auditUrl);
    form->addRow(m_secretLabel, m_secret);
    m_secretLabel->setBuddy(m_secret);
    m_stuckMinutes->setRange(1, 30 * 24 * 60);
    m_stuckMinutes->setValue(int(kDefaultStuckAfterSeconds / 60));
    m_stuckMinutes->setSuffix(tr(" min"));
    m_stuckMinutes->setAccessibleName(tr("Stuck after"));
    m_stuckMinutes->setToolTip(tr("A sync running this long is marked stuck"));
    form->addRow(tr("S&tuck after:"), m_stuckMinutes);
    form->addRow(QString(), m_fingerprint);
    right->addLayout(form);
    m_fileWarning->setText(
        tr("⚠ Warning: a secret in a file is only as safe as your account. Backups, "
           "administrators and any program running as you can read it. Prefer a system "
           "keychain."));
    m_fileWarning->setWordWrap(true);
    m_fileWarning->setStyleSheet(
        u"color:%1;"_s.arg(roleColor(ColourRole::Transient, palette()).name()));
    m_fileWarning->setAccessibleName(tr("Secret file warning"));
    right->addWidget(m_fileOptIn);
    right->addWidget(m_fileWarning);
    setFileOptInVisible(false);
    m_status->setWordWrap(true);
    m_status->setAccessibleName(tr("Profile status"));
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    right->addWidget(m_status);
    right->addStretch(1);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_saveButton->setAccessibleName(tr("Save profile"));
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
    fitToScreen(this);
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
        item->setToolTip(p.production ? tr("Production profile") : p.environmentLabel());
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
    m_webConsole->setText(p.webConsoleUrl);
    m_auditUrl->setText(p.auditUrl);
    m_stuckMinutes->setValue(int(std::max<qint64>(1, p.stuckAfterSeconds / 60)));
    m_secret->clear();
    setFileOptInVisible(p.secretStorage == SecretStorage::File);
    m_fileOptIn->setChecked(p.secretStorage == SecretStorage::File);
    setStatus({}, false);
    updateModeLabels();
    const QString session = m_credentials->sessionSecret(p.name);
    switch (p.secretStorage) {
    case SecretStorage::Keychain:
        m_fingerprint->setText(p.name.isEmpty() ? QString() : tr("Kept in the system keychain."));
        if (!p.name.isEmpty()) {
            // Only the fingerprint is ever shown; the secret itself never reaches a widget.
            m_credentials->readFromKeychain(
                p.name, this, [this, name = p.name](const CredentialResult &r) {
                    if (m_editing != name)
                        return;
                    m_fingerprint->setText(r.ok() ? tr("Kept in the system keychain: %1")
                                                        .arg(CredentialStore::fingerprint(r.secret))
                                                  : r.message);
                });
        }
        break;
    case SecretStorage::Session:
        m_fingerprint->setText(
            session.isEmpty()
                ? tr("Kept for one session only: enter it when connecting.")
                : tr("Kept for this session only: %1").arg(CredentialStore::fingerprint(session)));
        break;
    case SecretStorage::File:
        m_fingerprint->setText(tr("Stored in a private file (0600)."));
        break;
    }
}

void ProfilesDialog::updateModeLabels()
{
    const bool api = m_mode->currentData().toInt() == int(BackendMode::Api);
    m_urlLabel->setText(api ? tr("Base &URL:") : tr("Database &URL:"));
    m_url->setPlaceholderText(
        api ? u"https://api.example.com"_s
            : tr("sqlite:///path/to/feather.db or postgresql://user@host:5432/db"));
    m_secretLabel->setText(api ? tr("API &key:") : tr("DB &password:"));
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
    p.webConsoleUrl = m_webConsole->text().trimmed();
    p.auditUrl = m_auditUrl->text().trimmed();
    p.stuckAfterSeconds = qint64(m_stuckMinutes->value()) * 60;
    if (const auto existing = m_store->profile(m_editing))
        p.secretStorage = existing->secretStorage;
    return p;
}

void ProfilesDialog::setStatus(const QString &text, bool problem)
{
    m_status->setText(text);
    m_status->setStyleSheet(
        problem ? u"color:%1;"_s.arg(roleColor(ColourRole::Failure, palette()).name()) : QString());
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
    if (!p.auditUrl.isEmpty() && !AuditLog::isValidTeamUrl(p.auditUrl, &why)) {
        setStatus(why, true);
        return;
    }
    if (p.name != m_editing && m_store->profile(p.name)) {
        setStatus(tr("A profile called “%1” already exists.").arg(p.name), true);
        return;
    }
    const QString secret = m_secret->text();
    m_secret->clear(); // the field never keeps a secret longer than needed
    if (secret.isEmpty()) {
        m_store->save(p, m_editing);
        m_store->sync();
        m_editing = p.name;
        reloadList(p.name);
        setStatus(tr("Saved."), false);
        Q_EMIT profileSaved(p.name);
        return;
    }
    if (!m_fileOptIn->isHidden() && m_fileOptIn->isChecked()) {
        finishSecret(p, secret, true, {});
        return;
    }
    m_saving = true;
    m_saveButton->setEnabled(false);
    setStatus(tr("Storing the secret in the system keychain…"), false);
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
        status = tr("Saved. The secret is in the system keychain (%1).")
                     .arg(CredentialStore::fingerprint(secret));
    } else if (!m_fileOptIn->isHidden() && m_fileOptIn->isChecked()) {
        QString fileWhy;
        if (!CredentialStore::writeSecretFile(p.name, secret, &fileWhy)) {
            setStatus(fileWhy, true);
            return;
        }
        p.secretStorage = SecretStorage::File;
        m_credentials->keepForSession(p.name, secret);
        status =
            tr("Saved. Warning: the secret is stored in a file readable only by you (%1), "
               "not in a keychain. %2")
                .arg(CredentialStore::secretFilePath(p.name), CredentialStore::fingerprint(secret));
        problem = true;
    } else {
        p.secretStorage = SecretStorage::Session;
        m_credentials->keepForSession(p.name, secret);
        setFileOptInVisible(true);
        status = why + u'\n'
                 + tr("The secret (%1) is kept for this session only. Tick the file option and "
                      "save again to keep it on disk.")
                       .arg(CredentialStore::fingerprint(secret));
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
    setStatus(tr("Deleted “%1”.").arg(name), false);
    Q_EMIT profileRemoved(name);
}

} // namespace feather
