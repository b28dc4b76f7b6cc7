#pragma once

#include "core/types.h"

#include <QByteArrayView>
#include <QJsonObject>
#include <QString>

namespace feather::cli {

// stdout goes through one buffer: listings append row after row and flush once per page (one
// write(2) per page, not per row); printOut / printJsonLine append and flush at once. A failed
// write (the reader went away) drops all further output and is reported by stdoutBroken(), so
// a listing can stop.
void appendOut(QByteArrayView bytes);
void flushOut();
bool stdoutBroken();
// Appends, and makes sure the buffer is flushed within kFlushSoonMs from the event loop (the
// thread's, which must be running): rows that finish one by one (resync --json) go out as one
// write(2) per interval instead of one each, and a pipe still sees them promptly. Whoever
// ends the process calls flushOut() first.
void appendOutSoon(QByteArrayView bytes);
inline constexpr int kFlushSoonMs = 100;

void printOut(const QString &text);
// stderr, unbuffered. Text that may hold server data goes through visibleText() first.
void printErr(const QString &text);
// One JSON Lines row: QJsonDocument's compact form with the terminal-unsafe characters it
// leaves raw also \u-escaped (jsonlines.h, hardenJson).
void printJsonLine(const QJsonObject &object);
// The same row through appendOutSoon().
void printJsonLineSoon(const QJsonObject &object);

bool stderrIsTerminal();

// "3 h", "12 min", "40 s" — durations for humans.
QString humanDuration(qint64 ms);
// "2026-11-29 10:42" (UTC) or "" for an invalid time.
QString humanTime(const QDateTime &t);

} // namespace feather::cli
