#pragma once

#include "core/types.h"

#include <QByteArray>
#include <QStringView>

namespace feather::cli {

// featherctl's JSON Lines, written straight into a byte buffer: at 100,000 sources,
// json::toJson(Source) + QJsonDocument (sorted QJsonObject inserts, a document per row) was a
// quarter of the run. The output is byte for byte what QJsonDocument::toJson(Compact) makes of
// json::toJson(Source) — same field names, same (sorted) order, same escaping, same numbers —
// followed by hardenJson() (tst_clijson pins this).
//
// Escaping: '"', '\\', \b \f \n \r \t and every other C0 control as QJsonDocument does
// (\u00XX, lower-case hex; a lone surrogate as \uXXXX), plus what QJsonDocument leaves raw but
// a terminal would act on: DEL, the C1 controls (U+0080–U+009F, e.g. U+009B, the one-byte CSI),
// the bidi controls (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069) and U+2028/U+2029.
// A JSON parser reads the same strings either way.

void appendJsonString(QByteArray &out, QStringView text);

// One SourceResponse row (json::toJson(Source)) plus '\n'.
void appendSourceJsonLine(QByteArray &out, const Source &source);

// \u-escapes DEL, C1, bidi controls and U+2028/U+2029 in QJsonDocument output. Safe on the
// whole document: outside strings JSON is plain ASCII, so these bytes only occur in strings.
void hardenJson(QByteArray &json);

// json::formatTime (ISO 8601 UTC with milliseconds and 'Z', "" for an invalid time), without
// QDateTime::toString's pattern machinery for the years 1–9999.
void appendIsoTime(QByteArray &out, const QDateTime &time);

// "yyyy-MM-dd HH:mm" in UTC, the table form of a time; nothing for an invalid time.
void appendHumanTime(QByteArray &out, const QDateTime &time);

} // namespace feather::cli
