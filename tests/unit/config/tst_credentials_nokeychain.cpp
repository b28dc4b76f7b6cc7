#include "config/credentials.h"

#include <QDirIterator>
#include <QFile>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace feather;

namespace {
const QString kSecret = u"fk_live_3b9f0c2e8d71a6b54c1d9e0f7a2b8c4d"_s;

// Every file under the test-mode config and data folders that contains the secret.
QStringList filesContainingSecret()
{
    QStringList hits;
    for (const auto location :
         {QStandardPaths::GenericConfigLocation, QStandardPaths::AppDataLocation,
          QStandardPaths::GenericDataLocation, QStandardPaths::AppConfigLocation}) {
        QDirIterator it(QStandardPaths::writableLocation(location), QDir::Files | QDir::Hidden,
                        QDirIterator::Subdirectories);
        while (it.hasNext()) {
            QFile f(it.next());
            if (f.open(QIODevice::ReadOnly) && f.readAll().contains(kSecret.toUtf8()))
                hits << f.fileName();
        }
    }
    return hits;
}

CredentialResult waitResult(const std::function<void(CredentialStore::Callback)> &call)
{
    std::optional<CredentialResult> result;
    call([&](const CredentialResult &r) { result = r; });
    if (!QTest::qWaitFor([&] { return result.has_value(); }, 20000))
        return {CredentialResult::Status::Failed, {}, u"timed out"_s};
    return *result;
}
} // namespace

class TestCredentialsNoKeychain : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void storeWithoutSecretService_failsWithActionableMessageAndWritesNothing();
    void sessionSecret_isKeptInMemoryOnly();
    void optInFile_isReadableOnlyByOwner();
    void optInFile_readableByOthers_isRefused();
    void fingerprint_showsOnlyTheLastCharacters();
};

void TestCredentialsNoKeychain::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"FeatherTest"_s);
    QCoreApplication::setApplicationName(u"tst_credentials_nokeychain"_s);
    QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).removeRecursively();
}

void TestCredentialsNoKeychain::
    storeWithoutSecretService_failsWithActionableMessageAndWritesNothing()
{
    CredentialStore store;
    const CredentialResult r = waitResult([&](CredentialStore::Callback cb) {
        store.storeInKeychain(u"prod"_s, kSecret, this, std::move(cb));
    });
    QVERIFY(!r.ok());
    QVERIFY2(r.status == CredentialResult::Status::NoKeychain, qPrintable(r.message));
    QVERIFY2(r.message.contains(u"No system keychain is available"_s), qPrintable(r.message));
    QVERIFY(r.message.contains(u"session only"_s));
    QVERIFY(!r.message.contains(kSecret));
    QVERIFY(!r.message.contains(kSecret.right(4)));
    QCOMPARE(filesContainingSecret(), QStringList{});
    QVERIFY(!QFile::exists(CredentialStore::secretFilePath(u"prod"_s)));
}

void TestCredentialsNoKeychain::sessionSecret_isKeptInMemoryOnly()
{
    CredentialStore store;
    store.keepForSession(u"prod"_s, kSecret);
    Profile p;
    p.name = u"prod"_s;
    p.secretStorage = SecretStorage::Session;
    const CredentialResult r =
        waitResult([&](CredentialStore::Callback cb) { store.resolve(p, this, std::move(cb)); });
    QVERIFY(r.ok());
    QCOMPARE(r.secret, kSecret);
    QCOMPARE(filesContainingSecret(), QStringList{});
    store.forgetSession(u"prod"_s);
    const CredentialResult gone =
        waitResult([&](CredentialStore::Callback cb) { store.resolve(p, this, std::move(cb)); });
    QCOMPARE(int(gone.status), int(CredentialResult::Status::NotFound));
}

void TestCredentialsNoKeychain::optInFile_isReadableOnlyByOwner()
{
    QString why;
    QVERIFY2(CredentialStore::writeSecretFile(u"opted in"_s, kSecret, &why), qPrintable(why));
    const QString path = CredentialStore::secretFilePath(u"opted in"_s);
    QCOMPARE(QFile::permissions(path) & ~(QFile::ReadUser | QFile::WriteUser),
             QFile::ReadOwner | QFile::WriteOwner);
    QVERIFY(!path.contains(u"opted"_s)); // the file name does not reveal the profile
    CredentialStore store;
    Profile p;
    p.name = u"opted in"_s;
    p.secretStorage = SecretStorage::File;
    const CredentialResult r =
        waitResult([&](CredentialStore::Callback cb) { store.resolve(p, this, std::move(cb)); });
    QVERIFY(r.ok());
    QCOMPARE(r.secret, kSecret);
    QVERIFY(CredentialStore::removeSecretFile(u"opted in"_s));
}

void TestCredentialsNoKeychain::optInFile_readableByOthers_isRefused()
{
    QString why;
    QVERIFY(CredentialStore::writeSecretFile(u"loose"_s, kSecret, &why));
    const QString path = CredentialStore::secretFilePath(u"loose"_s);
    QVERIFY(QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner | QFile::ReadOther));
    const CredentialResult r = CredentialStore::readSecretFile(u"loose"_s);
    QVERIFY(!r.ok());
    QVERIFY(r.message.contains(u"chmod 600"_s));
    QVERIFY(r.secret.isEmpty());
    QVERIFY(CredentialStore::removeSecretFile(u"loose"_s));
}

void TestCredentialsNoKeychain::fingerprint_showsOnlyTheLastCharacters()
{
    QCOMPARE(CredentialStore::fingerprint(kSecret), u"…8c4d"_s);
    QCOMPARE(CredentialStore::fingerprint(u"short"_s), u"…rt"_s);
    QCOMPARE(CredentialStore::fingerprint(QString()), u"(none)"_s);
}

QTEST_GUILESS_MAIN(TestCredentialsNoKeychain)
#include "tst_credentials_nokeychain.moc"
