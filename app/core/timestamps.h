#pragma once

#include <QDateTime>
#include <QString>
#include <QStringView>

namespace feather {

// Timestamps as direct mode stores them and the API sends them, read without
// QDateTime::fromString (which dominated both listings' profiles: five per source row).
//
// Reads: "YYYY-MM-DD[T ]HH:MM:SS[.fraction][Z|±HH|±HHMM|±HH:MM]" — SQLite's stored form
// ("2026-11-29T10:42:00.123Z") and PostgreSQL's timestamptz text ("2026-11-29 10:42:00.123+00")
// alike. No offset means UTC. The fraction is cut to milliseconds. Returns an invalid QDateTime
// for anything else.
QDateTime parseTimestamp(QStringView text);

// The stored SQLite form: fixed-width UTC with milliseconds, so text order is time order.
QString formatTimestamp(const QDateTime &time);

} // namespace feather
