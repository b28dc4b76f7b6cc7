#include "models/presentation.h"

#include <QCoreApplication>
#include <QStringList>
#include <cmath>

using namespace Qt::StringLiterals;

namespace feather {

// Free functions have no tr(): their texts live in the "feather::presentation" context.

StatusKind statusKind(const QString &status)
{
    if (status == u"active"_s)
        return StatusKind::Active;
    if (status == u"syncing"_s)
        return StatusKind::Syncing;
    if (status == u"error"_s)
        return StatusKind::Error;
    return StatusKind::Unknown;
}

QIcon themedIcon(const QString &name)
{
    return QIcon(u":/icons/"_s + name + u".svg"_s);
}

QIcon statusIcon(StatusKind kind)
{
    switch (kind) {
    case StatusKind::Active:
        return themedIcon(u"status-active"_s);
    case StatusKind::Syncing:
        return themedIcon(u"status-syncing"_s);
    case StatusKind::Error:
        return themedIcon(u"status-error"_s);
    case StatusKind::Unknown:
        return themedIcon(u"status-unknown"_s);
    }
    return {};
}

namespace {
constexpr double kMinContrast = 4.5; // WCAG 2 AA for normal text

double channel(double c)
{
    return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}

double luminance(const QColor &c)
{
    return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF());
}

// Hand-picked hues, each >= 4.5:1 on white, #efefef, and the usual dark bases (#1f2124 – #31363b).
QColor baseColor(ColourRole role, bool dark)
{
    switch (role) {
    case ColourRole::Success:
        return dark ? QColor(0x57, 0xc2, 0x71) : QColor(0x1b, 0x74, 0x31);
    case ColourRole::Busy:
        return dark ? QColor(0x6c, 0xb0, 0xf5) : QColor(0x1a, 0x5f, 0xb4);
    case ColourRole::Failure:
        return dark ? QColor(0xff, 0x8a, 0x80) : QColor(0xb3, 0x26, 0x1e);
    case ColourRole::Transient:
        return dark ? QColor(0xf0, 0xa8, 0x48) : QColor(0x8a, 0x51, 0x00);
    case ColourRole::Neutral:
        return dark ? QColor(0xa8, 0xad, 0xb3) : QColor(0x5f, 0x63, 0x68);
    }
    return {};
}

QColor uncachedRoleColor(ColourRole role, const QPalette &palette)
{
    const QColor base = palette.color(QPalette::Active, QPalette::Base);
    const QColor alternate = palette.color(QPalette::Active, QPalette::AlternateBase);
    const QColor text = palette.color(QPalette::Active, QPalette::Text);
    const bool dark = luminance(base) < luminance(text);
    const auto enough = [&](const QColor &c) {
        return contrastRatio(c, base) >= kMinContrast
               && contrastRatio(c, alternate) >= kMinContrast;
    };
    QColor c = baseColor(role, dark);
    for (int step = 0; step < 24 && !enough(c); ++step)
        c = dark ? c.lighter(112) : c.darker(112);
    // A palette whose own text fails too gets its text colour: at least no worse than the rest.
    return enough(c) ? c : text;
}
} // namespace

double contrastRatio(const QColor &a, const QColor &b)
{
    const double la = luminance(a);
    const double lb = luminance(b);
    return (qMax(la, lb) + 0.05) / (qMin(la, lb) + 0.05);
}

QColor roleColor(ColourRole role, const QPalette &palette)
{
    // Views ask on every paint: remember the answers for the last palette (its cache key changes
    // whenever a colour does).
    static constexpr ColourRole kRoles[] = {ColourRole::Success, ColourRole::Busy,
                                            ColourRole::Neutral, ColourRole::Transient,
                                            ColourRole::Failure};
    struct Cache {
        qint64 key = -1;
        std::array<QColor, std::size(kRoles)> colors;
    };
    thread_local Cache cache;
    if (cache.key != palette.cacheKey()) {
        for (const ColourRole r : kRoles)
            cache.colors[std::size_t(r)] = uncachedRoleColor(r, palette);
        cache.key = palette.cacheKey();
    }
    return cache.colors[std::size_t(role)];
}

ColourRole statusColorRole(StatusKind kind)
{
    switch (kind) {
    case StatusKind::Active:
        return ColourRole::Success;
    case StatusKind::Syncing:
        return ColourRole::Busy;
    case StatusKind::Error:
        return ColourRole::Failure;
    case StatusKind::Unknown:
        return ColourRole::Neutral;
    }
    return ColourRole::Neutral;
}

QColor statusColor(StatusKind kind)
{
    return roleColor(statusColorRole(kind));
}

QString humanDuration(qint64 seconds)
{
    if (seconds < 0)
        seconds = 0;
    if (seconds < 60)
        return QCoreApplication::translate("feather::presentation", "%1 s").arg(seconds);
    if (seconds < 3600)
        return QCoreApplication::translate("feather::presentation", "%1 min").arg(seconds / 60);
    if (seconds < 2 * 86400)
        return QCoreApplication::translate("feather::presentation", "%1 h").arg(seconds / 3600);
    return QCoreApplication::translate("feather::presentation", "%1 d").arg(seconds / 86400);
}

QString statusText(const QString &status, const QDateTime &since, const QDateTime &now)
{
    switch (statusKind(status)) {
    case StatusKind::Active:
        return QCoreApplication::translate("feather::presentation", "Active");
    case StatusKind::Error:
        return QCoreApplication::translate("feather::presentation", "Error");
    case StatusKind::Syncing:
        // A sync that has run for over an hour is probably stuck: say how long, so staff notice.
        if (since.isValid() && since.secsTo(now) >= 3600)
            return QCoreApplication::translate("feather::presentation", "Syncing for %1")
                .arg(humanDuration(since.secsTo(now)));
        return QCoreApplication::translate("feather::presentation", "Syncing");
    case StatusKind::Unknown:
        break;
    }
    return status.isEmpty() ? QCoreApplication::translate("feather::presentation", "(none)")
                            : status;
}

QIcon outcomeIcon(Outcome outcome)
{
    return QIcon(iconName(outcome));
}

QString outcomeCountsText(const std::array<int, OutcomeCount> &counts)
{
    QStringList parts;
    for (int o = 0; o < OutcomeCount; ++o) {
        if (counts[std::size_t(o)] > 0)
            parts << QString::number(counts[std::size_t(o)]) + u' '
                         + displayName(Outcome(o)).toLower();
    }
    return parts.join(u", "_s);
}

QColor outcomeColor(Outcome outcome, const QPalette &palette)
{
    return roleColor(traits(outcome).colour, palette);
}

QString outcomeDescription(Outcome outcome)
{
    const OutcomeTraits &t = traits(outcome);
    QString severity;
    switch (t.severity) {
    case Severity::Success:
        severity = QCoreApplication::translate("Outcome", "done");
        break;
    case Severity::Info:
        severity = QCoreApplication::translate("Outcome", "nothing to do");
        break;
    case Severity::Warning:
        severity = QCoreApplication::translate("Outcome", "not done");
        break;
    case Severity::Error:
        severity = QCoreApplication::translate("Outcome", "failed");
        break;
    }
    QString retry;
    switch (t.retry) {
    case RetryClass::Never:
        break;
    case RetryClass::Backoff:
        retry = QCoreApplication::translate("Outcome", "retried automatically");
        break;
    case RetryClass::Reconcile:
        retry = QCoreApplication::translate("Outcome", "checked before any retry");
        break;
    }
    if (retry.isEmpty())
        return QCoreApplication::translate("Outcome", "%1: %2").arg(displayName(outcome), severity);
    return QCoreApplication::translate("Outcome", "%1: %2, %3")
        .arg(displayName(outcome), severity, retry);
}

} // namespace feather
