#pragma once

#include "support/testsupport.h"

#include <QSet>
#include <QSize>
#include <QString>
#include <QStringList>

// Helpers shared by the packaging tests (tests/packaging/): they look at files and run the
// real tools (groff, dpkg-deb, appstreamcli …) the way a packager or a user would.
namespace feather::test::pkg {

// Desktop file id, AppStream id and themed icon name.
inline QString appId()
{
    return QStringLiteral("com.feather.OpsConsole");
}

// The three programs, in a fixed order for data-driven tests.
QStringList programNames();

// Whether <FEATHER_BIN_DIR>/<program> was built; packaging installs only what exists.
bool isBuilt(const QString &program);

// The directory named by an environment variable set in tests/packaging/CMakeLists.txt,
// or an empty string when it is unset or missing.
QString envDir(const char *variable);

// Every long option ("--name") that appears in a text, as written (help output, man page).
QSet<QString> longOptions(const QString &text);

// A man page rendered to plain ASCII text by groff (no overstriking), stderr into *warnings.
QString renderManPage(const QString &path, QString *warnings = nullptr);

// Width and height from a PNG file's IHDR chunk; an invalid size when it is not a PNG.
QSize pngSize(const QString &path);

// The system environment with one variable added or replaced.
QProcessEnvironment environmentWith(const QString &name, const QString &value);

// Sorted, comma-joined, for readable failure messages.
QString describe(const QSet<QString> &items);

} // namespace feather::test::pkg
