// libFuzzer target: a direct-mode database URL (app/direct/dbconfig.h), from a profile, the
// command line or FEATHER_DB_URL.
#include "direct/dbconfig.h"
#include "fuzzinput.h"

using namespace feather;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    QString why;
    if (const auto config = parseDbUrl(QString::fromUtf8(fuzz::bytes(data, size)), &why))
        (void)config->displayTarget();
    return 0;
}
