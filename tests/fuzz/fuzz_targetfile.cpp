// libFuzzer target: a `featherctl resync --file` input (app/cli/targetfile.h), read from a real
// file as the command reads it.
#include "cli/targetfile.h"
#include "fuzzinput.h"

#include <QFile>
#include <QTemporaryDir>

using namespace feather;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static QTemporaryDir dir;
    static const QString path = dir.filePath(QStringLiteral("targets.csv"));
    {
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            __builtin_trap();
        file.write(reinterpret_cast<const char *>(data), qint64(size));
    }
    QString why;
    (void)cli::readTargetFile(path, &why);
    return 0;
}
