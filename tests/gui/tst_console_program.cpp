#include "resyncintegration.h"
#include "support/testsupport.h"

#include <QImage>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace feather;
using namespace feather::test;

// feather-console as a program: flags, quick start and --screenshot.
class TestConsoleProgram : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void version_printsVersionAndExitsZero();
    void helpAndVersion_workWithoutADisplay();
    void apiUrlWithoutKey_isRefusedWithReason();
    void badScreenshotView_isRefused();
    void screenshot_afterFirstLoad_writesPng_data();
    void screenshot_afterFirstLoad_writesPng();

private:
    QProcessEnvironment env() const;
    DevServer m_server;
    QTemporaryDir m_home;
};

void TestConsoleProgram::initTestCase()
{
    QString why;
    QVERIFY2(m_server.start(80, {u"--sync-seconds"_s, u"600"_s}, &why), qPrintable(why));
}

QProcessEnvironment TestConsoleProgram::env() const
{
    // A private home, so the program's settings and data never touch the real ones.
    QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
    e.insert(u"HOME"_s, m_home.path());
    e.insert(u"XDG_CONFIG_HOME"_s, m_home.filePath(u"config"_s));
    e.insert(u"XDG_DATA_HOME"_s, m_home.filePath(u"data"_s));
    e.insert(u"XDG_CACHE_HOME"_s, m_home.filePath(u"cache"_s));
    e.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
    e.remove(u"FEATHER_API_KEY"_s);
    return e;
}

void TestConsoleProgram::version_printsVersionAndExitsZero()
{
    const ProcessResult r = runProcess(binaryPath(u"feather-console"_s), {u"--version"_s}, env());
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains(FEATHER_VERSION), r.out.constData());
    const ProcessResult help = runProcess(binaryPath(u"feather-console"_s), {u"--help"_s}, env());
    QCOMPARE(help.exitCode, 0);
    QVERIFY(help.out.contains("--api-url"));
    QVERIFY(help.out.contains("FEATHER_API_KEY"));
}

void TestConsoleProgram::helpAndVersion_workWithoutADisplay()
{
    // An ssh session or a package check: no X, no Wayland, no platform chosen.
    QProcessEnvironment e = env();
    for (const QString &name : {u"DISPLAY"_s, u"WAYLAND_DISPLAY"_s, u"QT_QPA_PLATFORM"_s})
        e.remove(name);
    const ProcessResult help = runProcess(binaryPath(u"feather-console"_s), {u"--help"_s}, e);
    QVERIFY2(!help.crashed && help.exitCode == 0, help.err.constData());
    QVERIFY(help.out.contains("Usage: "));
    QVERIFY(help.out.contains("--api-url"));
    const ProcessResult version = runProcess(binaryPath(u"feather-console"_s), {u"--version"_s}, e);
    QVERIFY2(!version.crashed && version.exitCode == 0, version.err.constData());
    QVERIFY(version.out.contains(FEATHER_VERSION));
    // Anything else still needs a display, and says so instead of pretending.
    const ProcessResult run = runProcess(binaryPath(u"feather-console"_s), {}, e, {}, 30000);
    QVERIFY(run.crashed || run.exitCode != 0);
}

void TestConsoleProgram::apiUrlWithoutKey_isRefusedWithReason()
{
    const ProcessResult r =
        runProcess(binaryPath(u"feather-console"_s), {u"--api-url"_s, m_server.baseUrl()}, env());
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("FEATHER_API_KEY"), r.err.constData());
    QCOMPARE(r.err.count("feather-console: "), 1); // one line of reason, nothing else from us
}

void TestConsoleProgram::badScreenshotView_isRefused()
{
    const ProcessResult r =
        runProcess(binaryPath(u"feather-console"_s),
                   {u"--screenshot"_s, u"x.png"_s, u"--screenshot-view"_s, u"nope"_s}, env());
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.err.contains("--screenshot-view"));
}

void TestConsoleProgram::screenshot_afterFirstLoad_writesPng_data()
{
    QTest::addColumn<QStringList>("extra");
    QTest::newRow("sources") << QStringList{};
    QTest::newRow("confirm") << QStringList{u"--screenshot-view"_s, u"confirm"_s};
    QTest::newRow("results after a run")
        << QStringList{u"--screenshot-view"_s, u"results"_s, u"--demo-run"_s};
    QTest::newRow("triage") << QStringList{u"--screenshot-view"_s, u"triage"_s};
    QTest::newRow("details") << QStringList{u"--screenshot-view"_s, u"details"_s};
}

void TestConsoleProgram::screenshot_afterFirstLoad_writesPng()
{
    QFETCH(QStringList, extra);
    const QString png = m_home.filePath(
        QString::fromLatin1(QTest::currentDataTag()).replace(u' ', u'-') + u".png"_s);
    QProcessEnvironment e = env();
    e.insert(u"FEATHER_API_KEY"_s, m_server.apiKey());
    const ProcessResult r =
        runProcess(binaryPath(u"feather-console"_s),
                   QStringList{u"--api-url"_s, m_server.baseUrl(), u"--screenshot"_s, png,
                               u"--screenshot-size"_s, u"1200x800"_s}
                       + extra,
                   e, {}, 60000);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QImage image(png);
    QVERIFY(!image.isNull());
    QVERIFY(image.width() >= 600 && image.height() >= 400);
    // Not a blank canvas: a rendered window has many distinct colours.
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 7)
        for (int x = 0; x < image.width(); x += 7)
            colours.insert(image.pixel(x, y));
    QVERIFY2(colours.size() > 20, qPrintable(QString::number(colours.size())));
    // The key never lands in the program's settings or data.
    QCOMPARE(r.out.contains(m_server.apiKey().toUtf8())
                 || r.err.contains(m_server.apiKey().toUtf8()),
             false);
}

QTEST_MAIN(TestConsoleProgram)
#include "tst_console_program.moc"
