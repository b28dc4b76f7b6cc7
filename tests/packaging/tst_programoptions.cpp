// Every program answers --version with the one project version and --help with all of its
// options, and its man page documents exactly the options --help lists. The programs are run
// from the build tree as a user would run them; unbuilt ones are skipped.
#include "pkgsupport.h"

#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

using namespace feather::test;
using namespace Qt::StringLiterals;

class ProgramOptionsTest final : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_home;
    QString m_manDir;

    static void addProgramRows()
    {
        QTest::addColumn<QString>("program");
        for (const QString &program : pkg::programNames())
            QTest::newRow(qPrintable(program)) << program;
    }

    // Fresh XDG dirs: asking for --help must not depend on, or touch, anyone's settings.
    ProcessResult run(const QString &program, const QStringList &args) const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"HOME"_s, m_home.path());
        env.insert(u"XDG_CONFIG_HOME"_s, m_home.filePath(u"config"_s));
        env.insert(u"XDG_DATA_HOME"_s, m_home.filePath(u"data"_s));
        env.insert(u"XDG_RUNTIME_DIR"_s, m_home.filePath(u"runtime"_s)); // else Qt warns on stderr
        env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
        env.remove(u"FEATHER_API_KEY"_s);
        return runProcess(binaryPath(program), args, env, {}, 30000);
    }

    // The options the man page's OPTIONS section documents (other sections may mention
    // another program's options, e.g. the devserver page shows featherctl --api-url).
    QSet<QString> manOptions(const QString &program) const
    {
        QString warnings;
        const QString text = pkg::renderManPage(m_manDir + u'/' + program + u".1"_s, &warnings);
        if (text.isEmpty())
            qWarning("%s", qPrintable(warnings));
        const qsizetype begin = text.indexOf(u"\nOPTIONS\n"_s);
        if (begin < 0)
            return {};
        static const QRegularExpression nextSection(u"\n[A-Z][A-Z ]+\n"_s);
        const qsizetype end = text.indexOf(nextSection, begin + 1);
        return pkg::longOptions(text.mid(begin, end < 0 ? -1 : end - begin));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_home.isValid());
        QVERIFY(QDir(m_home.path()).mkdir(u"runtime"_s));
        QVERIFY(QFile::setPermissions(m_home.filePath(u"runtime"_s),
                                      QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
        m_manDir = pkg::envDir("FEATHER_PKG_MAN_DIR");
        QVERIFY2(!m_manDir.isEmpty(), "FEATHER_PKG_MAN_DIR is not a directory; run through ctest");
    }

    void init()
    {
        if (QTest::currentDataTag() == nullptr)
            return;
        const QString program = QString::fromLatin1(QTest::currentDataTag());
        if (!pkg::isBuilt(program))
            QSKIP(qPrintable(program + u" is not built in "_s + binaryPath(program)));
    }

    void version_printsProjectVersion_data() { addProgramRows(); }
    void version_printsProjectVersion()
    {
        QFETCH(QString, program);
        const ProcessResult r = run(program, {u"--version"_s});
        QVERIFY2(!r.crashed && !r.timedOut, r.err.constData());
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.err.isEmpty(), r.err.constData());
        const QString out = QString::fromUtf8(r.out).trimmed();
        QVERIFY2(!out.contains(u'\n'), qPrintable(out));
        // "<name> <version>" or just "<version>": the version is the last word, exactly.
        QCOMPARE(out.split(u' ').constLast(), QStringLiteral(FEATHER_VERSION));
    }

    void help_printsUsageOnStdout_data() { addProgramRows(); }
    void help_printsUsageOnStdout()
    {
        QFETCH(QString, program);
        const ProcessResult r = run(program, {u"--help"_s});
        QVERIFY2(!r.crashed && !r.timedOut, r.err.constData());
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.err.isEmpty(), r.err.constData());
        QVERIFY2(QString::fromUtf8(r.out).contains(u"Usage"_s, Qt::CaseInsensitive),
                 r.out.constData());
    }

    void help_listsEveryOptionTheManPageDocuments_data() { addProgramRows(); }
    void help_listsEveryOptionTheManPageDocuments()
    {
        QFETCH(QString, program);
        const QSet<QString> man = manOptions(program);
        QVERIFY(!man.isEmpty());
        const QSet<QString> help =
            pkg::longOptions(QString::fromUtf8(run(program, {u"--help"_s}).out));
        const QSet<QString> missing = man - help;
        QVERIFY2(missing.isEmpty(),
                 qPrintable(u"documented but not in --help: "_s + pkg::describe(missing)));
    }

    void manPage_documentsEveryOptionHelpLists_data() { addProgramRows(); }
    void manPage_documentsEveryOptionHelpLists()
    {
        QFETCH(QString, program);
        const QSet<QString> help =
            pkg::longOptions(QString::fromUtf8(run(program, {u"--help"_s}).out));
        QVERIFY2(help.contains(u"--help"_s) && help.contains(u"--version"_s),
                 qPrintable(pkg::describe(help)));
        const QSet<QString> undocumented = help - manOptions(program);
        QVERIFY2(undocumented.isEmpty(), qPrintable(u"in --help but not in the man page: "_s
                                                    + pkg::describe(undocumented)));
    }

    void unknownOption_failsWithOneLineReason_data() { addProgramRows(); }
    void unknownOption_failsWithOneLineReason()
    {
        QFETCH(QString, program);
        const ProcessResult r = run(program, {u"--no-such-option"_s});
        QVERIFY2(!r.crashed && !r.timedOut, r.err.constData());
        if (program == u"featherctl"_s)
            QCOMPARE(r.exitCode, 2); // DESIGN.md: 2 for usage errors
        else
            QVERIFY2(r.exitCode != 0, "an unknown option was accepted");
        const QString reason = QString::fromUtf8(r.err).trimmed();
        QVERIFY2(!reason.isEmpty() && !reason.contains(u'\n'), qPrintable(reason));
        QVERIFY2(reason.contains(u"no-such-option"_s), qPrintable(reason));
    }
};

QTEST_GUILESS_MAIN(ProgramOptionsTest)
#include "tst_programoptions.moc"
