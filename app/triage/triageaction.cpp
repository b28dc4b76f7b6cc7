#include "triage/triageaction.h"

#include <QCoreApplication>
#include <array>

namespace feather {

namespace {
struct Names {
    const char16_t *wire;
    const char *display; // QT_TRANSLATE_NOOP: translated by displayName()
};
// Indexed by TriageAction; the static_assert keeps the table and the enum in step.
constexpr std::array<Names, TriageActionCount> kNames{{
    {u"reauthorise", QT_TRANSLATE_NOOP("feather::TriageAction", "Re-authorise")},
    {u"fix_configuration", QT_TRANSLATE_NOOP("feather::TriageAction", "Fix configuration")},
    {u"wait_and_resync", QT_TRANSLATE_NOOP("feather::TriageAction", "Wait and resync")},
    {u"resync", QT_TRANSLATE_NOOP("feather::TriageAction", "Resync")},
    {u"unknown", QT_TRANSLATE_NOOP("feather::TriageAction", "Unknown")},
}};
static_assert(kNames.size() == std::size_t(TriageAction::Unknown) + 1);
} // namespace

QString toString(TriageAction action)
{
    return QString::fromUtf16(kNames[std::size_t(action)].wire);
}

std::optional<TriageAction> triageActionFromString(const QString &name)
{
    for (std::size_t i = 0; i < kNames.size(); ++i) {
        if (name == QString::fromUtf16(kNames[i].wire))
            return TriageAction(i);
    }
    return std::nullopt;
}

QString displayName(TriageAction action)
{
    return QCoreApplication::translate("feather::TriageAction",
                                       kNames[std::size_t(action)].display);
}

bool isFixable(TriageAction action)
{
    switch (action) {
    case TriageAction::WaitAndResync:
    case TriageAction::Resync:
        return true;
    case TriageAction::Reauthorise:
    case TriageAction::FixConfiguration:
    case TriageAction::Unknown:
        return false;
    }
    return false;
}

bool resyncWillNotHelp(TriageAction action)
{
    switch (action) {
    case TriageAction::Reauthorise:
    case TriageAction::FixConfiguration:
        return true;
    case TriageAction::WaitAndResync:
    case TriageAction::Resync:
    case TriageAction::Unknown:
        return false;
    }
    return false;
}

} // namespace feather
