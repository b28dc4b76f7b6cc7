// The man pages (packaging/man/*.1.in, configured into <build>/packaging/man): they render
// without groff or man warnings, mandb can index them, they carry the project version and
// they document the command-line contracts of DESIGN.md.
#include "pkgsupport.h"

#include <QFile>
#include <QRegularExpression>
#include <QtTest>

using namespace feather::test;
using namespace Qt::StringLiterals;

namespace {

struct Contract {
    QStringList options;
    QStringList mentions; // commands, variables, URL schemes that must be explained
};

Contract contractOf(const QString &program)
{
    if (program == QLatin1String("featherctl")) {
        return {{QStringLiteral("--profile"), QStringLiteral("--api-url"), QStringLiteral("--db"),
                 QStringLiteral("--api-key-file"), QStringLiteral("--json"),
                 QStringLiteral("--concurrency"), QStringLiteral("--kb"),
                 QStringLiteral("--source"), QStringLiteral("--all"), QStringLiteral("--status"),
                 QStringLiteral("--file"), QStringLiteral("--limit"), QStringLiteral("--demo"),
                 QStringLiteral("--help"), QStringLiteral("--version")},
                {QStringLiteral("kbs"), QStringLiteral("sources"), QStringLiteral("resync"),
                 QStringLiteral("status"), QStringLiteral("job"), QStringLiteral("history"),
                 QStringLiteral("init-db"), QStringLiteral("FEATHER_API_KEY"),
                 QStringLiteral("PGPASSWORD"), QStringLiteral("sqlite:///"),
                 QStringLiteral("postgresql://"), QStringLiteral("already_syncing"),
                 QStringLiteral("unknown_outcome"), QStringLiteral("elapsed_ms")}};
    }
    if (program == QLatin1String("feather-devserver")) {
        return {{QStringLiteral("--db"), QStringLiteral("--listen"),
                 QStringLiteral("--api-key-file"), QStringLiteral("--sync-seconds"),
                 QStringLiteral("--fail-every"), QStringLiteral("--latency-ms"),
                 QStringLiteral("--rate-limit"), QStringLiteral("--ready-file"),
                 QStringLiteral("--seed-demo"), QStringLiteral("--job-fail-every"),
                 QStringLiteral("--allow-remote"), QStringLiteral("--help"),
                 QStringLiteral("--version")},
                {QStringLiteral("127.0.0.1:8000"), QStringLiteral("sqlite:///"),
                 QStringLiteral("postgresql://"), QStringLiteral("PGPASSWORD")}};
    }
    return {{QStringLiteral("--api-url"), QStringLiteral("--db"), QStringLiteral("--profile"),
             QStringLiteral("--screenshot"), QStringLiteral("--help"), QStringLiteral("--version")},
            {QStringLiteral("FEATHER_API_KEY"), QStringLiteral("PGPASSWORD"),
             QStringLiteral("offscreen")}};
}

} // namespace

class ManPagesTest final : public QObject {
    Q_OBJECT

private:
    QString m_dir;

    QString pagePath(const QString &program) const { return m_dir + u'/' + program + u".1"_s; }

    static void addProgramRows()
    {
        QTest::addColumn<QString>("program");
        for (const QString &program : pkg::programNames())
            QTest::newRow(qPrintable(program)) << program;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_dir = pkg::envDir("FEATHER_PKG_MAN_DIR");
        QVERIFY2(!m_dir.isEmpty(), "FEATHER_PKG_MAN_DIR is not a directory; run through ctest");
        for (const char *tool : {"groff", "man", "lexgrog"})
            QVERIFY2(!QStandardPaths::findExecutable(QString::fromLatin1(tool)).isEmpty(),
                     qPrintable(QStringLiteral("%1 is missing (Debian: groff-base, man-db)")
                                    .arg(QString::fromLatin1(tool))));
    }

    void groff_rendersWithoutWarnings_data() { addProgramRows(); }
    void groff_rendersWithoutWarnings()
    {
        QFETCH(QString, program);
        const ProcessResult r =
            runProcess(QStringLiteral("groff"), {QStringLiteral("-ww"), QStringLiteral("-z"),
                                                 QStringLiteral("-man"), pagePath(program)});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.err.isEmpty(), r.err.constData());
    }

    void man_rendersWithoutWarnings_data() { addProgramRows(); }
    void man_rendersWithoutWarnings()
    {
        QFETCH(QString, program);
        const ProcessResult r =
            runProcess(QStringLiteral("man"),
                       {QStringLiteral("--warnings"), QStringLiteral("-l"), pagePath(program)},
                       pkg::environmentWith(QStringLiteral("MANWIDTH"), QStringLiteral("80")));
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.err.isEmpty(), r.err.constData());
        QVERIFY2(r.out.size() > 1000, "man rendered next to nothing");
        // MANWIDTH=80 is honoured: no rendered line is wider (a sign of unbreakable text).
        for (const QByteArray &line : r.out.split('\n'))
            QVERIFY2(QString::fromUtf8(line).size() <= 80, line.constData());
    }

    void lexgrog_findsWhatisLine_data() { addProgramRows(); }
    void lexgrog_findsWhatisLine()
    {
        QFETCH(QString, program);
        const ProcessResult r = runProcess(QStringLiteral("lexgrog"), {pagePath(program)});
        QCOMPARE(r.exitCode, 0);
        // mandb/apropos index "name - summary" from the NAME section.
        QVERIFY2(r.out.contains(QByteArray("\"" + program.toUtf8() + " - ")), r.out.constData());
    }

    void header_carriesProjectVersion_data() { addProgramRows(); }
    void header_carriesProjectVersion()
    {
        QFETCH(QString, program);
        QFile f(pagePath(program));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QString source = QString::fromUtf8(f.readAll());
        const QRegularExpression th(
            QStringLiteral("^\\.TH (\\S+) 1 \"[0-9-]+\" \"feather\\\\-ops\\\\-console ([^\"]+)\""),
            QRegularExpression::MultilineOption);
        const QRegularExpressionMatch m = th.match(source);
        QVERIFY2(m.hasMatch(), "no .TH line with the package name and version");
        QCOMPARE(m.captured(2), QStringLiteral(FEATHER_VERSION));
        QVERIFY2(!source.contains(QRegularExpression(u"@[A-Z_]+@"_s)),
                 "an @VARIABLE@ was left unconfigured");
    }

    void page_documentsDesignContract_data() { addProgramRows(); }
    void page_documentsDesignContract()
    {
        QFETCH(QString, program);
        QString warnings;
        const QString text = pkg::renderManPage(pagePath(program), &warnings);
        QVERIFY2(!text.isEmpty(), qPrintable(warnings));
        const Contract contract = contractOf(program);
        const QSet<QString> documented = pkg::longOptions(text);
        for (const QString &option : contract.options)
            QVERIFY2(documented.contains(option), qPrintable(option + u" is not documented"_s));
        for (const QString &word : contract.mentions)
            QVERIFY2(text.contains(word), qPrintable(word + u" is not mentioned"_s));
        for (const char *section :
             {"NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "EXIT STATUS", "SEE ALSO"})
            QVERIFY2(text.contains(u'\n' + QString::fromLatin1(section) + u'\n'), section);
    }

    // A secret on the command line ends up in `ps` output and shell history (COMMON.md).
    void page_offersNoOptionThatTakesASecret_data() { addProgramRows(); }
    void page_offersNoOptionThatTakesASecret()
    {
        QFETCH(QString, program);
        const QSet<QString> documented = pkg::longOptions(pkg::renderManPage(pagePath(program)));
        QVERIFY(!documented.isEmpty());
        for (const QString &option : documented) {
            QVERIFY2(!option.contains(u"password"_s) && !option.contains(u"secret"_s)
                         && option != u"--api-key"_s && option != u"--key"_s,
                     qPrintable(option));
        }
    }

    void featherctl_documentsEveryExitCode()
    {
        const QString text = pkg::renderManPage(pagePath(QStringLiteral("featherctl")));
        const qsizetype at = text.indexOf(u"\nEXIT STATUS\n"_s);
        QVERIFY(at >= 0);
        const QString section = text.mid(at, text.indexOf(u"\nEXAMPLES\n"_s) - at);
        for (const char *code : {"0", "1", "2"})
            QVERIFY2(section.contains(QRegularExpression(
                         QStringLiteral("\\n\\s+%1\\s").arg(QLatin1String(code)))),
                     code);
    }
};

QTEST_GUILESS_MAIN(ManPagesTest)
#include "tst_manpages.moc"
