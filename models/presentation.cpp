#include "models/presentation.h"

#include <QCoreApplication>
#include <QStringList>

using namespace Qt::StringLiterals;

namespace feather {

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

QColor statusColor(StatusKind kind)
{
    // Mid-lightness hues keep enough contrast on white and on a dark base.
    switch (kind) {
    case StatusKind::Active:
        return QColor(0x2e, 0x9d, 0x4f);
    case StatusKind::Syncing:
        return QColor(0x2f, 0x80, 0xd8);
    case StatusKind::Error:
        return QColor(0xd6, 0x3a, 0x3a);
    case StatusKind::Unknown:
        return QColor(0x8a, 0x8a, 0x8a);
    }
    return {};
}

QString humanDuration(qint64 seconds)
{
    if (seconds < 0)
        seconds = 0;
    if (seconds < 60)
        return QString::number(seconds) + u" s"_s;
    if (seconds < 3600)
        return QString::number(seconds / 60) + u" min"_s;
    if (seconds < 2 * 86400)
        return QString::number(seconds / 3600) + u" h"_s;
    return QString::number(seconds / 86400) + u" d"_s;
}

QString statusText(const QString &status, const QDateTime &since, const QDateTime &now)
{
    switch (statusKind(status)) {
    case StatusKind::Active:
        return u"Active"_s;
    case StatusKind::Error:
        return u"Error"_s;
    case StatusKind::Syncing:
        // A sync that has run for over an hour is probably stuck: say how long, so staff notice.
        if (since.isValid() && since.secsTo(now) >= 3600)
            return u"Syncing for "_s + humanDuration(since.secsTo(now));
        return u"Syncing"_s;
    case StatusKind::Unknown:
        break;
    }
    return status.isEmpty() ? u"(none)"_s : status;
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
    QColor c;
    switch (traits(outcome).colour) {
    case ColourRole::Success:
        c = statusColor(StatusKind::Active);
        break;
    case ColourRole::Busy:
        c = statusColor(StatusKind::Syncing);
        break;
    case ColourRole::Failure:
        c = statusColor(StatusKind::Error);
        break;
    case ColourRole::Transient:
        c = QColor(0xc7, 0x7c, 0x0e);
        break;
    case ColourRole::Neutral:
        // Grey is the palette's own "quiet text" colour, so it follows any theme.
        return palette.color(QPalette::PlaceholderText);
    }
    // The hues are mid-lightness; on a dark base a lighter shade keeps the contrast.
    return palette.color(QPalette::Base).lightness() < 128 ? c.lighter(135) : c;
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
