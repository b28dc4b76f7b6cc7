#pragma once

#include "core/types.h"

#include <QJsonObject>
#include <QString>

namespace feather::cli {

// stdout / stderr writers that flush per call, so rows reach a pipe as they finish.
void printOut(const QString &text);
void printErr(const QString &text);
void printJsonLine(const QJsonObject &object);

bool stderrIsTerminal();

// "3 h", "12 min", "40 s" — durations for humans.
QString humanDuration(qint64 ms);
// "2026-11-29 10:42" (UTC) or "" for an invalid time.
QString humanTime(const QDateTime &t);

} // namespace feather::cli
