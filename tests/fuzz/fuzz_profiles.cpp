// libFuzzer target: a profiles file (app/config/profiles.h) as the user or an editor may have
// left it: an INI file read through QSettings, every profile listed and looked up by name.
#include "config/profiles.h"
#include "fuzzinput.h"

#include <QFile>
#include <QSettings>
#include <QTemporaryDir>

using namespace feather;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static QTemporaryDir dir;
    static const QString path = dir.filePath(QStringLiteral("Feather Ops Console.conf"));
    {
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            __builtin_trap();
        file.write(reinterpret_cast<const char *>(data), qint64(size));
    }
    QSettings settings(path, QSettings::IniFormat);
    ProfileStore store(&settings);
    for (const Profile &p : store.profiles()) {
        (void)store.profile(p.name);
        (void)p.environmentLabel();
        (void)p.target();
    }
    (void)store.profile(store.lastUsed());
    (void)secretStorageFromString(QString::fromUtf8(fuzz::bytes(data, size)));
    return 0;
}
