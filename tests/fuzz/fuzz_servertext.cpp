// libFuzzer target: server text that featherctl and the triage tab process — an error message
// turned into a signature (app/triage/signature.h), the HTTP status it names, and the escaping
// for a terminal (app/cli/visibletext.h).
#include "cli/visibletext.h"
#include "fuzzinput.h"
#include "triage/signature.h"

using namespace feather;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString text = QString::fromUtf8(fuzz::bytes(data, size));
    const QString signature = errorSignature(text);
    if (signature.size() > kMaxSignatureLength)
        __builtin_trap();
    (void)httpStatusInMessage(text);
    const QString visible = cli::visibleText(text);
    if (!cli::isVisibleText(visible))
        __builtin_trap(); // the escaped text must need no further escaping
    return 0;
}
