#pragma once

#include "core/outcome.h"
#include "core/types.h"

#include <QColor>
#include <QDateTime>
#include <QGuiApplication>
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

// A text colour for `role` (what a coloured cue means, core/outcome.h) with at least 4.5:1
// contrast (WCAG AA) against the palette's Base and AlternateBase: one hue for light palettes, a
// lighter one for dark palettes, stepped further from the background when an unusual palette
// needs it. Answers are remembered per palette (views ask on every paint).
QColor roleColor(ColourRole role, const QPalette &palette = QGuiApplication::palette());
// The WCAG 2 contrast ratio of two opaque colours, from 1 (same) to 21 (black on white).
double contrastRatio(const QColor &a, const QColor &b);

ColourRole statusColorRole(StatusKind kind);
QColor statusColor(StatusKind kind); // roleColor(statusColorRole(kind))

// "Active", "Syncing", "Syncing for 3 h" (a sync running for over an hour says so), "Error", or
// an unknown status verbatim. `since` is when the sync started (Source::updatedAt).
QString statusText(const QString &status, const QDateTime &since, const QDateTime &now);

// "3 h", "2 d", "45 min": a coarse, readable age.
QString humanDuration(qint64 seconds);

// Icon, colour and text come from the outcome traits table (app/core/outcome.cpp).
QIcon outcomeIcon(Outcome outcome);
// "10 triggered, 2 already syncing, 3 server error": the non-zero counts, in outcome order.
QString outcomeCountsText(const std::array<int, OutcomeCount> &counts);
// roleColor() of the outcome's colour role (its traits).
QColor outcomeColor(Outcome outcome, const QPalette &palette = QGuiApplication::palette());
// "Rate limited: not done, retried automatically" (severity and retry class in words): the
// outcome cell's tooltip, so the cue never rests on colour alone.
QString outcomeDescription(Outcome outcome);

// Toolbar and action icons by name (":/icons/<name>.svg").
QIcon themedIcon(const QString &name);

} // namespace feather
