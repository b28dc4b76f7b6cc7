// What `cmake --install` puts on a system (staged by the packaging_installed fixture into
// FEATHER_PKG_ROOT with prefix /usr): programs, a valid desktop file and AppStream metainfo,
// hicolor icons, man pages and the SQL schema files — and nothing else.
#include "pkgsupport.h"

#include <QDirIterator>
#include <QFile>
#include <QXmlStreamReader>
#include <QtTest>

using namespace feather::test;
using namespace Qt::StringLiterals;

namespace {

QMap<QString, QString> desktopEntry(const QString &path)
{
    QMap<QString, QString> keys;
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly | QIODevice::Text))
        return keys;
    bool inEntry = false;
    while (!f.atEnd()) {
        const QString line = QString::fromUtf8(f.readLine()).trimmed();
        if (line.startsWith(u'['))
            inEntry = line == u"[Desktop Entry]"_s;
        else if (inEntry && line.contains(u'='))
            keys.insert(line.section(u'=', 0, 0), line.section(u'=', 1));
    }
    return keys;
}

struct Metainfo {
    QString id, launchable, releaseVersion, contentRating;
    QStringList screenshots, binaries;
    bool wellFormed = false;
};

Metainfo readMetainfo(const QString &path)
{
    Metainfo m;
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return m;
    QXmlStreamReader xml(&f);
    while (!xml.atEnd()) {
        if (xml.readNext() != QXmlStreamReader::StartElement)
            continue;
        const auto name = xml.name();
        if (name == u"release" && m.releaseVersion.isEmpty())
            m.releaseVersion = xml.attributes().value(u"version"_s).toString();
        else if (name == u"content_rating")
            m.contentRating = xml.attributes().value(u"type"_s).toString();
        else if (name == u"id")
            m.id = xml.readElementText();
        else if (name == u"launchable")
            m.launchable = xml.readElementText();
        else if (name == u"image")
            m.screenshots << xml.readElementText();
        else if (name == u"binary")
            m.binaries << xml.readElementText();
    }
    m.wellFormed = !xml.hasError();
    return m;
}

} // namespace

class InstallTreeTest final : public QObject {
    Q_OBJECT

private:
    QString m_root;

    QString usr(const QString &relative) const { return m_root + u"/usr/"_s + relative; }
    QString desktopFile() const
    {
        return usr(u"share/applications/"_s + pkg::appId() + u".desktop"_s);
    }
    QString metainfoFile() const
    {
        return usr(u"share/metainfo/"_s + pkg::appId() + u".metainfo.xml"_s);
    }

    static void requireConsole()
    {
        if (!pkg::isBuilt(u"feather-console"_s))
            QSKIP("feather-console is not built, so no desktop integration is installed");
    }

    static void addProgramRows()
    {
        QTest::addColumn<QString>("program");
        for (const QString &program : pkg::programNames())
            QTest::newRow(qPrintable(program)) << program;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_root = pkg::envDir("FEATHER_PKG_ROOT");
        QVERIFY2(!m_root.isEmpty(),
                 "FEATHER_PKG_ROOT is missing: run through ctest (fixture packaging_installed)");
    }

    void program_installedExecutableInBin_data() { addProgramRows(); }
    void program_installedExecutableInBin()
    {
        QFETCH(QString, program);
        if (!pkg::isBuilt(program))
            QSKIP(qPrintable(program + u" is not built"_s));
        const QFileInfo installed(usr(u"bin/"_s + program));
        QVERIFY2(installed.isFile() && installed.isExecutable(), qPrintable(installed.filePath()));
    }

    void manPage_installedCompressed_data() { addProgramRows(); }
    void manPage_installedCompressed()
    {
        QFETCH(QString, program);
        if (!pkg::isBuilt(program))
            QSKIP(qPrintable(program + u" is not built"_s));
        QFile page(usr(u"share/man/man1/"_s + program + u".1.gz"_s));
        QVERIFY2(page.open(QIODevice::ReadOnly), qPrintable(page.fileName()));
        QCOMPARE(page.read(2), QByteArray("\x1f\x8b")); // gzip magic
    }

    void desktopFile_passesDesktopFileValidate()
    {
        requireConsole();
        const ProcessResult r = runProcess(u"desktop-file-validate"_s, {desktopFile()});
        QCOMPARE(r.exitCode, 0);
        // Hints are allowed (the three categories asked for include two main ones); warnings not.
        const QString out = QString::fromUtf8(r.out + r.err);
        QVERIFY2(!out.contains(u"error:"_s) && !out.contains(u"warning:"_s), qPrintable(out));
    }

    void desktopFile_launchesConsoleWithThemedIcon()
    {
        requireConsole();
        const QMap<QString, QString> entry = desktopEntry(desktopFile());
        QCOMPARE(entry.value(u"Type"_s), u"Application"_s);
        QCOMPARE(entry.value(u"Exec"_s), u"feather-console"_s);
        QCOMPARE(entry.value(u"Icon"_s), pkg::appId());
        QCOMPARE(entry.value(u"Categories"_s), u"Development;Network;Qt;"_s);
        QVERIFY(!entry.value(u"Name"_s).isEmpty());
        QVERIFY(!entry.value(u"Comment"_s).isEmpty());
    }

    void metainfo_passesAppstreamValidate()
    {
        requireConsole();
        const ProcessResult r = runProcess(
            u"appstreamcli"_s, {u"validate"_s, u"--no-net"_s, u"--no-color"_s, metainfoFile()});
        QVERIFY2(r.exitCode == 0, QByteArray(r.out + r.err).constData());
    }

    // validate-tree also checks the desktop file and metainfo against each other.
    void installTree_passesAppstreamValidateTree()
    {
        requireConsole();
        const ProcessResult r = runProcess(
            u"appstreamcli"_s, {u"validate-tree"_s, u"--no-net"_s, u"--no-color"_s, m_root});
        QVERIFY2(r.exitCode == 0, QByteArray(r.out + r.err).constData());
    }

    void metainfo_describesThisRelease()
    {
        requireConsole();
        const Metainfo m = readMetainfo(metainfoFile());
        QVERIFY(m.wellFormed);
        QCOMPARE(m.id, pkg::appId());
        QCOMPARE(m.launchable, pkg::appId() + u".desktop"_s);
        QCOMPARE(m.releaseVersion, QStringLiteral(FEATHER_VERSION));
        QCOMPARE(m.contentRating, u"oars-1.1"_s);
        const QStringList shots{u"sources"_s, u"confirm"_s, u"results"_s, u"history"_s};
        QCOMPARE(m.screenshots.size(), shots.size());
        for (const QString &shot : shots) {
            const QString suffix = u"/docs/screenshot-"_s + shot + u".png"_s;
            const bool listed =
                std::any_of(m.screenshots.cbegin(), m.screenshots.cend(), [&](const QString &url) {
                    return url.startsWith(u"https://"_s) && url.endsWith(suffix);
                });
            QVERIFY2(listed, qPrintable(suffix));
        }
        QStringList built;
        for (const QString &program : pkg::programNames()) {
            if (pkg::isBuilt(program))
                built << program;
        }
        QCOMPARE(m.binaries, built);
    }

    void icon_installedForEverySize_data()
    {
        QTest::addColumn<int>("size");
        for (int size : {16, 22, 24, 32, 48, 64, 128, 256})
            QTest::newRow(qPrintable(QString::number(size))) << size;
    }
    void icon_installedForEverySize()
    {
        requireConsole();
        QFETCH(int, size);
        const QString path =
            usr(u"share/icons/hicolor/%1x%1/apps/"_s.arg(size) + pkg::appId() + u".png"_s);
        QCOMPARE(pkg::pngSize(path), QSize(size, size));
    }

    void icon_installedAsScalableSvg()
    {
        requireConsole();
        QFile svg(usr(u"share/icons/hicolor/scalable/apps/"_s + pkg::appId() + u".svg"_s));
        QVERIFY2(svg.open(QIODevice::ReadOnly), qPrintable(svg.fileName()));
        QXmlStreamReader xml(&svg);
        QVERIFY(xml.readNextStartElement());
        QCOMPARE(xml.name(), u"svg"_s);
        QCOMPARE(xml.attributes().value(u"viewBox"_s), u"0 0 128 128"_s);
    }

    void sqlSchemaFiles_installedVerbatim()
    {
        const QString source = qEnvironmentVariable("FEATHER_SOURCE_DIR") + u"/resources/sql"_s;
        const QString target = usr(u"share/feather-ops-console/sql"_s);
        int compared = 0;
        for (QDirIterator it(source, {u"*.sql"_s}, QDir::Files, QDirIterator::Subdirectories);
             it.hasNext();) {
            const QString file = it.next();
            QFile original(file);
            QFile installed(target + file.mid(source.size()));
            QVERIFY(original.open(QIODevice::ReadOnly));
            QVERIFY2(installed.open(QIODevice::ReadOnly), qPrintable(installed.fileName()));
            QVERIFY2(installed.readAll() == original.readAll(), qPrintable(installed.fileName()));
            ++compared;
        }
        if (compared == 0)
            QSKIP("resources/sql holds no .sql files yet");
    }

    // Static libraries, headers or test programs in the tree would end up in the .deb.
    void installTree_holdsOnlyPackagedPaths()
    {
        const QStringList allowed{u"usr/bin/"_s,
                                  u"usr/share/applications/"_s,
                                  u"usr/share/metainfo/"_s,
                                  u"usr/share/icons/hicolor/"_s,
                                  u"usr/share/man/man1/"_s,
                                  u"usr/share/feather-ops-console/"_s,
                                  u"usr/share/doc/feather-ops-console/"_s};
        QStringList unexpected;
        int files = 0;
        for (QDirIterator it(m_root, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
             it.hasNext();) {
            const QString relative = it.next().mid(m_root.size() + 1);
            ++files;
            if (std::none_of(allowed.cbegin(), allowed.cend(),
                             [&](const QString &prefix) { return relative.startsWith(prefix); }))
                unexpected << relative;
        }
        QVERIFY(files > 0);
        QVERIFY2(unexpected.isEmpty(), qPrintable(unexpected.join(u", "_s)));
        const QStringList bins = QDir(usr(u"bin"_s)).entryList(QDir::Files);
        for (const QString &bin : bins)
            QVERIFY2(pkg::programNames().contains(bin), qPrintable(u"unexpected program "_s + bin));
    }
};

QTEST_GUILESS_MAIN(InstallTreeTest)
#include "tst_installtree.moc"
