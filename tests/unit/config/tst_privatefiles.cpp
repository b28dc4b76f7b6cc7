// Owner-only files and folders (issue 13 item 7): the helper itself, what QSaveFile makes of a
// file it prepared (CSV exports), and the settings file QSettings writes for ProfileStore.
#include "config/privatefiles.h"
#include "config/profiles.h"
#include "core/appinfo.h"

#include <QDir>
#include <QFile>
#include <QSaveFile>
#include <QSettings>
#include <QTemporaryDir>
#include <QtTest>
#include <sys/stat.h>

using namespace feather;

namespace {

constexpr QFile::Permissions kGroupOrOther = QFile::ReadGroup | QFile::WriteGroup | QFile::ExeGroup
                                             | QFile::ReadOther | QFile::WriteOther
                                             | QFile::ExeOther;

bool ownerOnly(const QString &path)
{
    return QFileInfo::exists(path) && !(QFile::permissions(path) & kGroupOrOther);
}

constexpr QFile::Permissions k0755 = QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner
                                     | QFile::ReadGroup | QFile::ExeGroup | QFile::ReadOther
                                     | QFile::ExeOther;

} // namespace

class TestPrivateFiles final : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase() { ::umask(022); } // the usual one: group and others could read

    void makePrivateDir_createsEveryMissingFolderOwnerOnly()
    {
        const QString leaf = m_dir.filePath(QStringLiteral("a/b/c"));
        QString why;
        QVERIFY2(makePrivateDir(leaf, &why), qPrintable(why));
        for (const QString &d :
             {m_dir.filePath(QStringLiteral("a")), m_dir.filePath(QStringLiteral("a/b")), leaf}) {
            QVERIFY2(ownerOnly(d), qPrintable(d));
            QVERIFY(QFile::permissions(d) & QFile::ExeOwner);
        }
    }

    void makePrivateDir_narrowsTheLeafOnly()
    {
        const QString parent = m_dir.filePath(QStringLiteral("shared"));
        const QString leaf = parent + QStringLiteral("/ours");
        QVERIFY(QDir().mkpath(leaf));
        QVERIFY(QFile::setPermissions(parent, k0755));
        QVERIFY(QFile::setPermissions(leaf, k0755));
        QString why;
        QVERIFY2(makePrivateDir(leaf, &why), qPrintable(why));
        QVERIFY(ownerOnly(leaf));
        QCOMPARE(QFile::permissions(parent) & kGroupOrOther, k0755 & kGroupOrOther);
    }

    void makePrivateDir_refusesAFileInTheWay()
    {
        QFile blocker(m_dir.filePath(QStringLiteral("blocker")));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        QString why;
        QVERIFY(!makePrivateDir(blocker.fileName() + QStringLiteral("/sub"), &why));
        QVERIFY(why.contains(QLatin1String("not a folder")));
        QVERIFY(!why.contains(u'\n'));
    }

    void makePrivateFile_createsOwnerOnly_narrowsButNeverWidens()
    {
        const QString fresh = m_dir.filePath(QStringLiteral("fresh.csv"));
        QString why;
        QVERIFY2(makePrivateFile(fresh, &why), qPrintable(why));
        QVERIFY(ownerOnly(fresh));
        QVERIFY(QFile::permissions(fresh) & QFile::WriteOwner);

        const QString loose = m_dir.filePath(QStringLiteral("loose.csv"));
        QFile f(loose);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("kept");
        f.close();
        QVERIFY(QFile::setPermissions(loose, QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup
                                                 | QFile::ReadOther));
        QVERIFY(makePrivateFile(loose, &why));
        QVERIFY(ownerOnly(loose));
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), QByteArray("kept")); // narrowed, not rewritten

        const QString strict = m_dir.filePath(QStringLiteral("strict.csv"));
        QVERIFY(makePrivateFile(strict, &why));
        QVERIFY(QFile::setPermissions(strict, QFile::ReadOwner));
        QVERIFY(makePrivateFile(strict, &why));
        QVERIFY(!(QFile::permissions(strict) & QFile::WriteOwner));
    }

    void makePrivateFile_refusesAFolder()
    {
        QString why;
        QVERIFY(!makePrivateFile(m_dir.path(), &why));
        QVERIFY(!why.isEmpty() && !why.contains(u'\n'));
    }

    // What ResultsPanel::exportCsv does: prepare the file, then write it through QSaveFile,
    // which would otherwise create a new file 0644 (umask 022).
    void saveFile_keepsThePreparedMode()
    {
        const QString path = m_dir.filePath(QStringLiteral("export.csv"));
        QString why;
        QVERIFY(makePrivateFile(path, &why));
        QSaveFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("time,kb,source\n");
        QVERIFY(file.commit());
        QVERIFY(ownerOnly(path));
        // Without it, the same write is world-readable under the usual umask.
        QSaveFile plain(m_dir.filePath(QStringLiteral("plain.csv")));
        QVERIFY(plain.open(QIODevice::WriteOnly));
        QVERIFY(plain.commit());
        QVERIFY(!ownerOnly(plain.fileName()));
    }

    void settingsFile_isOwnerOnly_inAnOwnerOnlyFolder()
    {
        setApplicationIdentity();
        const QString file = QSettings().fileName();
        QVERIFY2(file.startsWith(qEnvironmentVariable("XDG_CONFIG_HOME"))
                     || file.startsWith(QDir::homePath()),
                 qPrintable(file)); // a private HOME (tests/support/isolated.sh)
        QFile::remove(file);
        {
            ProfileStore store;
            Profile p;
            p.name = QStringLiteral("sandbox");
            p.baseUrl = QStringLiteral("https://api.example.test");
            store.save(p);
            store.setLastUsed(p.name);
            store.sync();
        }
        QVERIFY2(ownerOnly(file), qPrintable(file));
        QVERIFY(ownerOnly(QFileInfo(file).absolutePath()));
        QVERIFY(ProfileStore().profile(QStringLiteral("sandbox")).has_value());
    }
};

QTEST_GUILESS_MAIN(TestPrivateFiles)
#include "tst_privatefiles.moc"
