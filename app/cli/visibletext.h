#pragma once

#include <QString>
#include <QStringView>

namespace feather::cli {

// Server text (messages, names, statuses) made safe to print to a terminal or into a table:
// every character a terminal would act on becomes visible instead — C0 controls and DEL as
// \xHH (so an ESC sequence shows as "\x1b[31m" rather than turning the screen red), C1 controls
// (U+0080–U+009F) as \xHH too, bidi controls (U+061C, U+200E/F, U+202A–E, U+2066–9), U+2028/9
// and lone surrogates as \uXXXX. Tab, CR and LF become one space each, so a message stays on
// its row. The audit log keeps the raw text; this is applied on output only. JSON output has
// its own escaping (jsonlines.h).
QString visibleText(QStringView text);

// True when visibleText() would change nothing (the common case; lets callers skip a copy).
bool isVisibleText(QStringView text);

} // namespace feather::cli
