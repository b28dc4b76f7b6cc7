#include "pkgsupport.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QtEndian>

namespace feather::test::pkg {

QStringList programNames()
{
    return {QStringLiteral("featherctl"), QStringLiteral("feather-devserver"),
            QStringLiteral("feather-console")};
}

bool isBuilt(const QString &program)
{
    const QFileInfo info(binaryPath(program));
    return info.isFile() && info.isExecutable();
}

QString envDir(const char *variable)
{
    const QString dir = qEnvironmentVariable(variable);
    if (dir.isEmpty() || !QFileInfo(dir).isDir())
        return {};
    return dir;
}

QSet<QString> longOptions(const QString &text)
{
    // An option starts after a non-word character, so "a--b" or "---x" never count.
    static const QRegularExpression re(
        QStringLiteral("(?<![\\w-])--[a-z][a-z0-9]*(?:-[a-z0-9]+)*"));
    QSet<QString> found;
    for (auto it = re.globalMatch(text); it.hasNext();)
        found.insert(it.next().captured());
    return found;
}

QString renderManPage(const QString &path, QString *warnings)
{
    // -P-cbu: no overstriking for bold or underline, so the text is plain ASCII.
    const ProcessResult r = runProcess(QStringLiteral("groff"),
                                       {QStringLiteral("-man"), QStringLiteral("-Tascii"),
                                        QStringLiteral("-ww"), QStringLiteral("-P-cbu"), path});
    if (warnings)
        *warnings = QString::fromUtf8(r.err);
    if (r.exitCode != 0 || r.crashed)
        return {};
    return QString::fromUtf8(r.out);
}

QSize pngSize(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    const QByteArray head = f.read(24);
    static const QByteArray signature("\x89PNG\r\n\x1a\n", 8);
    if (head.size() < 24 || !head.startsWith(signature) || head.mid(12, 4) != "IHDR")
        return {};
    const auto width = qFromBigEndian<quint32>(head.constData() + 16);
    const auto height = qFromBigEndian<quint32>(head.constData() + 20);
    return QSize(int(width), int(height));
}

QProcessEnvironment environmentWith(const QString &name, const QString &value)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(name, value);
    return env;
}

QString describe(const QSet<QString> &items)
{
    QStringList list(items.cbegin(), items.cend());
    list.sort();
    return list.join(QStringLiteral(", "));
}

} // namespace feather::test::pkg
