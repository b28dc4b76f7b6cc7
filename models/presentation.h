#pragma once

#include "core/outcome.h"
#include "core/types.h"

#include <QColor>
#include <QDateTime>
#include <QIcon>
#include <QPalette>
#include <QString>
#include <array>

namespace feather {

// How statuses and outcomes look, in one place so the source table, the KB counts, the status
// bar and the results panel agree. Every cue is icon + text (+ colour): never colour alone.

// The four status families the console knows; anything else is shown verbatim as Unknown.
enum class StatusKind { Active, Syncing, Error, Unknown };

StatusKind statusKind(const QString &status);
QIcon statusIcon(StatusKind kind);

// What a coloured cue means; roleColor() decides the colour for the palette in use.
enum class ColorRole { Positive, Info, Negative, Warning, Neutral };
// A text colour for `role` with at least 4.5:1 contrast (WCAG AA) against the palette's Base
// and AlternateBase: one hue for light palettes, a lighter one for dark palettes, stepped further
// from the background when an unusual palette needs it.
QColor roleColor(ColorRole role, const QPalette &palette);
QColor roleColor(ColorRole role); // against the application palette
// The WCAG 2 contrast ratio of two opaque colours, from 1 (same) to 21 (black on white).
double contrastRatio(const QColor &a, const QColor &b);

ColorRole statusColorRole(StatusKind kind);
QColor statusColor(StatusKind kind); // roleColor(statusColorRole(kind))

// "Active", "Syncing", "Syncing for 3 h" (a sync running for over an hour says so), "Error", or
// an unknown status verbatim. `since` is when the sync started (Source::updatedAt).
QString statusText(const QString &status, const QDateTime &since, const QDateTime &now);

// "3 h", "2 d", "45 min": a coarse, readable age.
QString humanDuration(qint64 seconds);

QIcon outcomeIcon(Outcome outcome);
// "10 triggered, 2 already syncing, 3 server error": the non-zero counts, in outcome order.
QString outcomeCountsText(const std::array<int, OutcomeCount> &counts);
ColorRole outcomeColorRole(Outcome outcome);
QColor outcomeColor(Outcome outcome); // roleColor(outcomeColorRole(outcome))

// Toolbar and action icons by name (":/icons/<name>.svg").
QIcon themedIcon(const QString &name);

} // namespace feather
