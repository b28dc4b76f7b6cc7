#pragma once

#include <QString>

namespace feather {

// Files that hold operator data — the audit log, the settings, CSV exports — are readable by
// their owner only (0600) and the folders we create for them are 0700 (issue 13 item 7).
// Create the file through these *before* SQLite, QSettings or QSaveFile write it: SQLite gives
// its -wal/-shm files the database file's mode, and QSaveFile keeps an existing file's mode,
// so the first write never goes out world-readable.

// Creates `path` and every missing parent as 0700, and narrows `path` itself to 0700 when it
// already exists with more. False with a one-line reason when it cannot.
bool makePrivateDir(const QString &path, QString *why);

// Creates an empty `path` as 0600 when it does not exist, or narrows an existing one to 0600.
// The folder must exist (it is not changed: an export may go anywhere the user chooses).
bool makePrivateFile(const QString &path, QString *why);

// Both: the folder of `path` (see makePrivateDir), then the file.
bool makePrivateFileIn(const QString &path, QString *why);

} // namespace feather
