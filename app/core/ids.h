#pragma once

#include <QString>
#include <QStringView>

namespace feather {

// Ids are canonical UUID strings (8-4-4-4-12 hex, no braces). Every id a user or file gives us
// passes through here before any SQL or HTTP request is built, so a malformed id never leaves
// the process; hex is normalised to lower case so "A…" and "a…" name the same source.
bool isCanonicalUuid(QStringView text);

// Returns the lower-case canonical form, or a null QString when `text` is not a UUID.
QString normalizedUuid(QStringView text);

// A fresh random (version 4) UUID in canonical lower-case form.
QString newUuid();

// A one-line reason naming what is wrong with a would-be id ("kb_id", "source_id" …).
QString invalidUuidReason(const QString &what, QStringView text);

} // namespace feather
