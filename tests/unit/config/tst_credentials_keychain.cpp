#include "config/credentials.h"

#include <QDirIterator>
#include <QStandardPaths>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace feather;

// Runs inside `dbus-run-session` with an unlocked gnome-keyring (see CMakeLists.txt): the real
// Secret Service, not a stand-in.
namespace {
CredentialResult waitResult(const std::function<void(CredentialStore::Callback)> &call)
{
    std::optional<CredentialResult> result;
    call([&](const CredentialResult &r) { result = r; });
    if (!QTest::qWaitFor([&] { return result.has_value(); }, 20000))
        return {CredentialResult::Status::Failed, {}, u"timed out"_s};
    return *result;
}
} // namespace

class TestCredentialsKeychain : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void storedKey_readsBackFromKeychain();
    void removedKey_isNotFound();
    void profileResolve_readsFromKeychain();
};

void TestCredentialsKeychain::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY2(qEnvironmentVariableIsSet("DBUS_SESSION_BUS_ADDRESS"),
             "run me through dbus-run-session");
}

void TestCredentialsKeychain::storedKey_readsBackFromKeychain()
{
    CredentialStore store;
    const QString key = u"fk_test_"_s + QString::number(QDateTime::currentMSecsSinceEpoch());
    const CredentialResult stored = waitResult([&](CredentialStore::Callback cb) {
        store.storeInKeychain(u"keychain test"_s, key, this, std::move(cb));
    });
    QVERIFY2(stored.ok(), qPrintable(stored.message));
    const CredentialResult read = waitResult([&](CredentialStore::Callback cb) {
        store.readFromKeychain(u"keychain test"_s, this, std::move(cb));
    });
    QVERIFY2(read.ok(), qPrintable(read.message));
    QCOMPARE(read.secret, key);
    QVERIFY(!QFile::exists(CredentialStore::secretFilePath(u"keychain test"_s)));
}

void TestCredentialsKeychain::removedKey_isNotFound()
{
    CredentialStore store;
    const CredentialResult stored = waitResult([&](CredentialStore::Callback cb) {
        store.storeInKeychain(u"to remove"_s, u"fk_remove_me_123456"_s, this, std::move(cb));
    });
    QVERIFY2(stored.ok(), qPrintable(stored.message));
    const CredentialResult removed = waitResult([&](CredentialStore::Callback cb) {
        store.removeFromKeychain(u"to remove"_s, this, std::move(cb));
    });
    QVERIFY2(removed.ok(), qPrintable(removed.message));
    const CredentialResult read = waitResult([&](CredentialStore::Callback cb) {
        store.readFromKeychain(u"to remove"_s, this, std::move(cb));
    });
    QCOMPARE(int(read.status), int(CredentialResult::Status::NotFound));
    QVERIFY(read.secret.isEmpty());
}

void TestCredentialsKeychain::profileResolve_readsFromKeychain()
{
    CredentialStore store;
    QVERIFY(waitResult([&](CredentialStore::Callback cb) {
                store.storeInKeychain(u"resolved"_s, u"fk_resolved_abcdef12"_s, this,
                                      std::move(cb));
            }).ok());
    Profile p;
    p.name = u"resolved"_s;
    p.secretStorage = SecretStorage::Keychain;
    CredentialStore fresh; // nothing in session memory: the answer must come from the keychain
    const CredentialResult r =
        waitResult([&](CredentialStore::Callback cb) { fresh.resolve(p, this, std::move(cb)); });
    QVERIFY2(r.ok(), qPrintable(r.message));
    QCOMPARE(r.secret, u"fk_resolved_abcdef12"_s);
    QCOMPARE(CredentialStore::fingerprint(r.secret), u"…ef12"_s);
}

QTEST_GUILESS_MAIN(TestCredentialsKeychain)
#include "tst_credentials_keychain.moc"
