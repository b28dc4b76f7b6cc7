// The packages CPack builds (fixture packaging_packages runs cpack once): the .deb's control
// data names the right Debian dependencies, both packages hold exactly what `cmake --install`
// stages, and the programs run straight from the unpacked trees against the system Qt.
#include "pkgsupport.h"

#include <QDirIterator>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

using namespace feather::test;
using namespace Qt::StringLiterals;

namespace {

// "Key: value" paragraphs as dpkg-deb -f prints them (continuation lines start with a space).
QMap<QString, QString> parseControl(const QString &text)
{
    QMap<QString, QString> fields;
    QString key;
    for (const QString &line : text.split(u'\n')) {
        if (line.startsWith(u' ') && !key.isEmpty()) {
            fields[key] += u'\n' + line.trimmed();
        } else if (line.contains(u':')) {
            key = line.section(u':', 0, 0);
            fields[key] = line.section(u':', 1).trimmed();
        }
    }
    return fields;
}

// "a (>= 1), b | c" → {{a}, {b, c}}: names only, without versions or :arch qualifiers.
QList<QStringList> dependencyGroups(const QString &depends)
{
    static const QRegularExpression qualifiers(QStringLiteral("\\s*\\(.*\\)|:\\S+"));
    QList<QStringList> groups;
    for (const QString &group : depends.split(u',', Qt::SkipEmptyParts)) {
        QStringList names;
        for (QString alternative : group.split(u'|'))
            names << alternative.remove(qualifiers).trimmed();
        groups << names;
    }
    return groups;
}

QSet<QString> filesUnder(const QString &root)
{
    QSet<QString> files;
    for (QDirIterator it(root, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
         it.hasNext();)
        files.insert(it.next().mid(root.size() + 1));
    return files;
}

} // namespace

class DebPackageTest final : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_tmp;
    QString m_deb;
    QString m_debRoot;
    QString m_tarRoot; // the tarball's single top-level directory
    QMap<QString, QString> m_control;
    QSet<QString> m_dependencyNames;
    QString m_stageRoot;

    static void addProgramRows()
    {
        QTest::addColumn<QString>("program");
        for (const QString &program : pkg::programNames())
            QTest::newRow(qPrintable(program)) << program;
    }

    static QString onlyFile(const QString &dir, const QString &pattern, QString *why)
    {
        const QStringList found = QDir(dir).entryList({pattern}, QDir::Files);
        if (found.size() != 1) {
            *why = u"expected one %1 in %2, found: %3"_s.arg(pattern, dir, found.join(u' '));
            return {};
        }
        return dir + u'/' + found.first();
    }

    QStringList expectedDependencies() const
    {
        QStringList names{u"libc6"_s,      u"libqt6core6"_s,       u"libqt6network6"_s,
                          u"libqt6sql6"_s, u"libqt6sql6-sqlite"_s, u"libqt6sql6-psql"_s};
        if (pkg::isBuilt(u"feather-console"_s))
            names << u"libqt6gui6"_s << u"libqt6widgets6"_s << u"libqt6svg6"_s
                  << u"libqt6keychain1"_s;
        return names;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        const QString out = pkg::envDir("FEATHER_PKG_OUT");
        QVERIFY2(!out.isEmpty(),
                 "FEATHER_PKG_OUT is missing: run through ctest (fixture packaging_packages)");
        m_stageRoot = pkg::envDir("FEATHER_PKG_ROOT");
        QString why;
        m_deb = onlyFile(out, u"*.deb"_s, &why);
        QVERIFY2(!m_deb.isEmpty(), qPrintable(why));
        const QString tarball = onlyFile(out, u"*.tar.gz"_s, &why);
        QVERIFY2(!tarball.isEmpty(), qPrintable(why));

        const ProcessResult control = runProcess(u"dpkg-deb"_s, {u"-f"_s, m_deb});
        QVERIFY2(control.exitCode == 0, control.err.constData());
        m_control = parseControl(QString::fromUtf8(control.out));
        for (const QStringList &group : dependencyGroups(m_control.value(u"Depends"_s))) {
            for (const QString &name : group)
                m_dependencyNames.insert(name);
        }

        m_debRoot = m_tmp.filePath(u"deb"_s);
        const ProcessResult x = runProcess(u"dpkg-deb"_s, {u"-x"_s, m_deb, m_debRoot});
        QVERIFY2(x.exitCode == 0, x.err.constData());

        const QString tarDir = m_tmp.filePath(u"tgz"_s);
        QVERIFY(QDir().mkpath(tarDir));
        const ProcessResult t = runProcess(u"tar"_s, {u"-xzf"_s, tarball, u"-C"_s, tarDir});
        QVERIFY2(t.exitCode == 0, t.err.constData());
        const QStringList top = QDir(tarDir).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
        QVERIFY2(top.size() == 1, "the tarball must unpack into one directory");
        m_tarRoot = tarDir + u'/' + top.first();
    }

    void control_namesPackageVersionAndArchitecture()
    {
        QCOMPARE(m_control.value(u"Package"_s), u"feather-ops-console"_s);
        QCOMPARE(m_control.value(u"Version"_s), QStringLiteral(FEATHER_VERSION));
        const ProcessResult arch = runProcess(u"dpkg"_s, {u"--print-architecture"_s});
        QCOMPARE(m_control.value(u"Architecture"_s), QString::fromUtf8(arch.out).trimmed());
        QVERIFY(!m_control.value(u"Maintainer"_s).isEmpty());
        const QStringList description = m_control.value(u"Description"_s).split(u'\n');
        QVERIFY2(description.size() > 3, "no long description");
        for (const QString &line : description) // Debian policy 3.4.1: under 80 columns
            QVERIFY2(line.size() + 1 < 80, qPrintable(line));
        QCOMPARE(QFileInfo(m_deb).fileName(),
                 u"feather-ops-console_%1_%2.deb"_s.arg(QStringLiteral(FEATHER_VERSION),
                                                        m_control.value(u"Architecture"_s)));
    }

    // Qt loads SQL drivers as plugins, invisible to dpkg-shlibdeps: they must be named.
    void depends_namesSqlDriverPackages()
    {
        QVERIFY2(m_dependencyNames.contains(u"libqt6sql6-sqlite"_s),
                 qPrintable(m_control.value(u"Depends"_s)));
        QVERIFY2(m_dependencyNames.contains(u"libqt6sql6-psql"_s),
                 qPrintable(m_control.value(u"Depends"_s)));
    }

    void depends_namesEveryRuntimeLibrary()
    {
        for (const QString &name : expectedDependencies())
            QVERIFY2(
                m_dependencyNames.contains(name),
                qPrintable(name + u" missing from Depends: "_s + m_control.value(u"Depends"_s)));
    }

    // A misspelt package name would make the .deb uninstallable; everything it needs is
    // installed on the machine that built it, so every dependency must be known to dpkg here.
    void depends_everyGroupIsSatisfiedOnTheBuildHost()
    {
        const QList<QStringList> groups = dependencyGroups(m_control.value(u"Depends"_s));
        QVERIFY(groups.size() >= 6);
        for (const QStringList &group : groups) {
            const bool satisfied =
                std::any_of(group.cbegin(), group.cend(), [](const QString &name) {
                    const ProcessResult r =
                        runProcess(u"dpkg-query"_s, {u"-W"_s, u"-f=${Status}"_s, name});
                    return r.exitCode == 0 && r.out.endsWith(" installed");
                });
            QVERIFY2(satisfied, qPrintable(group.join(u" | "_s)));
        }
    }

    void deb_holdsExactlyTheInstalledFiles()
    {
        if (m_stageRoot.isEmpty())
            QSKIP("no staged install (fixture packaging_installed)");
        const QSet<QString> staged = filesUnder(m_stageRoot);
        const QSet<QString> packaged = filesUnder(m_debRoot);
        QVERIFY(!staged.isEmpty());
        QVERIFY2(staged - packaged == QSet<QString>(),
                 qPrintable(u"not in .deb: "_s + pkg::describe(staged - packaged)));
        QVERIFY2(packaged - staged == QSet<QString>(),
                 qPrintable(u"only in .deb: "_s + pkg::describe(packaged - staged)));
    }

    void tarball_holdsTheInstalledFilesWithoutUsr()
    {
        if (m_stageRoot.isEmpty())
            QSKIP("no staged install (fixture packaging_installed)");
        QSet<QString> staged;
        for (const QString &file : filesUnder(m_stageRoot))
            staged.insert(file.startsWith(u"usr/"_s) ? file.mid(4) : file);
        const QSet<QString> packaged = filesUnder(m_tarRoot);
        QVERIFY2(
            staged == packaged,
            qPrintable(u"differ: "_s + pkg::describe((staged - packaged) + (packaged - staged))));
    }

    void deb_entriesAreOwnedByRoot()
    {
        const ProcessResult r = runProcess(u"dpkg-deb"_s, {u"-c"_s, m_deb});
        QCOMPARE(r.exitCode, 0);
        const QList<QByteArray> lines = r.out.trimmed().split('\n');
        QVERIFY(lines.size() > 5);
        for (const QByteArray &line : lines)
            QVERIFY2(line.contains(" root/root "), line.constData());
    }

    void debProgram_printsProjectVersion_data() { addProgramRows(); }
    void debProgram_printsProjectVersion()
    {
        QFETCH(QString, program);
        if (!pkg::isBuilt(program))
            QSKIP(qPrintable(program + u" is not built"_s));
        const ProcessResult r =
            runProcess(m_debRoot + u"/usr/bin/"_s + program, {u"--version"_s},
                       pkg::environmentWith(u"QT_QPA_PLATFORM"_s, u"offscreen"_s), {}, 30000);
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(QString::fromUtf8(r.out).trimmed().split(u' ').constLast(),
                 QStringLiteral(FEATHER_VERSION));
    }

    void tarballProgram_printsProjectVersion_data() { addProgramRows(); }
    void tarballProgram_printsProjectVersion()
    {
        QFETCH(QString, program);
        if (!pkg::isBuilt(program))
            QSKIP(qPrintable(program + u" is not built"_s));
        const ProcessResult r =
            runProcess(m_tarRoot + u"/bin/"_s + program, {u"--version"_s},
                       pkg::environmentWith(u"QT_QPA_PLATFORM"_s, u"offscreen"_s), {}, 30000);
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(QString::fromUtf8(r.out).trimmed().split(u' ').constLast(),
                 QStringLiteral(FEATHER_VERSION));
    }

    // Qt is system-wide: a RUNPATH into the build tree would be a leak, any RUNPATH a smell.
    void debProgram_hasNoRunpathAndIsStripped_data() { addProgramRows(); }
    void debProgram_hasNoRunpathAndIsStripped()
    {
        QFETCH(QString, program);
        if (!pkg::isBuilt(program))
            QSKIP(qPrintable(program + u" is not built"_s));
        const QString binary = m_debRoot + u"/usr/bin/"_s + program;
        const ProcessResult dynamic = runProcess(u"readelf"_s, {u"-d"_s, binary});
        QCOMPARE(dynamic.exitCode, 0);
        QVERIFY2(!dynamic.out.contains("RUNPATH") && !dynamic.out.contains("RPATH"),
                 dynamic.out.constData());
        const ProcessResult sections = runProcess(u"readelf"_s, {u"-S"_s, binary});
        QCOMPARE(sections.exitCode, 0);
        QVERIFY2(!sections.out.contains(".debug_info") && !sections.out.contains(".symtab"),
                 "binary is not stripped");
    }
};

QTEST_GUILESS_MAIN(DebPackageTest)
#include "tst_debpackage.moc"
