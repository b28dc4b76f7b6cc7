#include "config/profiles.h"

#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace feather;

class TestProfiles : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void saveAndLoad_roundTripsEveryField_data();
    void saveAndLoad_roundTripsEveryField();
    void rename_replacesTheOldEntryAndLastUsed();
    void remove_dropsOnlyThatProfile();
    void environmentLabel_fallsBackToProductionFlag();

private:
    QTemporaryDir m_dir;
};

void TestProfiles::saveAndLoad_roundTripsEveryField_data()
{
    QTest::addColumn<int>("mode");
    QTest::addColumn<QString>("target");
    QTest::addColumn<bool>("production");
    QTest::addColumn<int>("concurrency");
    QTest::addColumn<int>("storage");
    QTest::newRow("api sandbox") << int(BackendMode::Api) << u"https://api.example.com"_s << false
                                 << 4 << int(SecretStorage::Keychain);
    QTest::newRow("api prod") << int(BackendMode::Api) << u"https://api.feather.example"_s << true
                              << 16 << int(SecretStorage::Session);
    QTest::newRow("direct sqlite") << int(BackendMode::Direct) << u"sqlite:///tmp/x.db"_s << false
                                   << 2 << int(SecretStorage::File);
    QTest::newRow("concurrency clamped") << int(BackendMode::Api) << u"https://a.example"_s << false
                                         << 500 << int(SecretStorage::Keychain);
}

void TestProfiles::saveAndLoad_roundTripsEveryField()
{
    QFETCH(int, mode);
    QFETCH(QString, target);
    QFETCH(bool, production);
    QFETCH(int, concurrency);
    QFETCH(int, storage);
    QSettings settings(m_dir.filePath(QString::fromLatin1(QTest::currentDataTag()) + u".ini"_s),
                       QSettings::IniFormat);
    {
        ProfileStore store(&settings);
        Profile p;
        p.name = u"Prod EU"_s;
        p.mode = BackendMode(mode);
        (p.mode == BackendMode::Api ? p.baseUrl : p.dbUrl) = target;
        p.production = production;
        p.environment = u"eu-west"_s;
        p.concurrency = concurrency;
        p.secretStorage = SecretStorage(storage);
        store.save(p);
        store.setLastUsed(p.name);
        store.sync();
    }
    ProfileStore again(&settings);
    const auto p = again.profile(u"Prod EU"_s);
    QVERIFY(p.has_value());
    QCOMPARE(int(p->mode), mode);
    QCOMPARE(p->target(), target);
    QCOMPARE(p->production, production);
    QCOMPARE(p->environment, u"eu-west"_s);
    QCOMPARE(p->concurrency, qMin(concurrency, 64));
    QCOMPARE(int(p->secretStorage), storage);
    QCOMPARE(again.lastUsed(), u"Prod EU"_s);
    QCOMPARE(again.profiles().size(), 1);
}

void TestProfiles::rename_replacesTheOldEntryAndLastUsed()
{
    QSettings settings(m_dir.filePath(u"rename.ini"_s), QSettings::IniFormat);
    ProfileStore store(&settings);
    Profile a;
    a.name = u"staging"_s;
    a.baseUrl = u"https://staging.example"_s;
    store.save(a);
    store.setLastUsed(a.name);
    Profile renamed = a;
    renamed.name = u"staging-eu"_s;
    store.save(renamed, a.name);
    QCOMPARE(store.profiles().size(), 1);
    QVERIFY(!store.profile(u"staging"_s));
    QVERIFY(store.profile(u"staging-eu"_s));
    QCOMPARE(store.lastUsed(), u"staging-eu"_s);
}

void TestProfiles::remove_dropsOnlyThatProfile()
{
    QSettings settings(m_dir.filePath(u"remove.ini"_s), QSettings::IniFormat);
    ProfileStore store(&settings);
    for (const QString &name : {u"a"_s, u"b"_s, u"c"_s}) {
        Profile p;
        p.name = name;
        store.save(p);
    }
    store.remove(u"b"_s);
    QStringList names;
    for (const Profile &p : store.profiles())
        names << p.name;
    QCOMPARE(names, (QStringList{u"a"_s, u"c"_s}));
}

void TestProfiles::environmentLabel_fallsBackToProductionFlag()
{
    Profile p;
    QCOMPARE(p.environmentLabel(), u"non-production"_s);
    p.production = true;
    QCOMPARE(p.environmentLabel(), u"production"_s);
    p.environment = u" prod-us "_s;
    QCOMPARE(p.environmentLabel(), u"prod-us"_s);
}

QTEST_GUILESS_MAIN(TestProfiles)
#include "tst_profiles.moc"
