// The knowledge-base table's columns: one descriptor per KnowledgeBaseModel::Column, in order.
// Keys follow `featherctl --json kbs` (name, source_count) and the status names.
#include "models/knowledgebasemodel.h"
#include "models/presentation.h"

using namespace Qt::StringLiterals;

namespace feather {

namespace {
using Spec = KnowledgeBaseModel::Spec;
constexpr Qt::Alignment numeric = Qt::AlignRight | Qt::AlignVCenter;

int otherCount(const KnowledgeBase &kb)
{
    int other = 0;
    for (auto it = kb.sourceStatusCounts.cbegin(); it != kb.sourceStatusCounts.cend(); ++it) {
        if (statusKind(it.key()) == StatusKind::Unknown)
            other += it.value();
    }
    return other;
}

// A count column for one status.
template <const char16_t *status>
constexpr Spec::Value countOf =
    [](const KnowledgeBaseModel &, const KnowledgeBase &kb) -> QVariant {
    return kb.sourceStatusCounts.value(QString::fromUtf16(status));
};
constexpr char16_t active[] = u"active";
constexpr char16_t syncing[] = u"syncing";
constexpr char16_t error[] = u"error";

constexpr std::array<Spec, KnowledgeBaseModel::ColumnCount> kbColumns{{
    {.key = "name",
     .header = QT_TRANSLATE_NOOP("feather::KnowledgeBaseModel", "Knowledge base"),
     .toolTip = QT_TRANSLATE_NOOP("feather::KnowledgeBaseModel",
                                  "Select knowledge bases to show only their sources"),
     .display = [](const KnowledgeBaseModel &, const KnowledgeBase &kb) -> QVariant {
         return kb.name;
     },
     .sortKey = [](const KnowledgeBaseModel &, const KnowledgeBase &kb) -> QVariant {
         return kb.name;
     },
     .cellToolTip = [](const KnowledgeBaseModel &, const KnowledgeBase &kb) -> QVariant {
         if (KnowledgeBaseModel::isAll(kb) || kb.description.isEmpty())
             return KnowledgeBaseModel::isAll(kb) ? kb.description : kb.id;
         return QString(kb.description + u'\n' + kb.id);
     }},
    {.key = "source_count",
     .header = QT_TRANSLATE_NOOP("feather::KnowledgeBaseModel", "Sources"),
     .toolTip = QT_TRANSLATE_NOOP("feather::KnowledgeBaseModel", "Sources in the knowledge base"),
     .alignment = numeric,
     .display = [](const KnowledgeBaseModel &, const KnowledgeBase &kb) -> QVariant {
         return kb.sourceCount();
     },
     .sortKey = [](const KnowledgeBaseModel &, const KnowledgeBase &kb) -> QVariant {
         return kb.sourceCount();
     }},
    {.key = "active",
     .header = QT_TRANSLATE_NOOP("feather::KnowledgeBaseModel", "Active"),
     .toolTip = QT_TRANSLATE_NOOP("feather::KnowledgeBaseModel", "Sources that are active"),
     .alignment = numeric,
     .headerIcon = "status-active",
     .display = countOf<active>,
     .sortKey = countOf<active>},
    {.key = "syncing",
     .header = QT_TRANSLATE_NOOP("feather::KnowledgeBaseModel", "Syncing"),
     .toolTip = QT_TRANSLATE_NOOP("feather::KnowledgeBaseModel", "Sources with a sync running"),
     .alignment = numeric,
     .headerIcon = "status-syncing",
     .display = countOf<syncing>,
     .sortKey = countOf<syncing>},
    {.key = "error",
     .header = QT_TRANSLATE_NOOP("feather::KnowledgeBaseModel", "Error"),
     .toolTip = QT_TRANSLATE_NOOP("feather::KnowledgeBaseModel", "Sources whose last sync failed"),
     .alignment = numeric,
     .headerIcon = "status-error",
     .display = countOf<error>,
     .sortKey = countOf<error>,
     .foreground = [](const KnowledgeBaseModel &, const KnowledgeBase &kb) -> QVariant {
         return kb.sourceStatusCounts.value(u"error"_s) > 0
                    ? QVariant(statusColor(StatusKind::Error))
                    : QVariant();
     }},
    {.key = "other",
     .header = QT_TRANSLATE_NOOP("feather::KnowledgeBaseModel", "Other"),
     .toolTip = QT_TRANSLATE_NOOP("feather::KnowledgeBaseModel",
                                  "Sources in any other status (paused, …)"),
     .alignment = numeric,
     .headerIcon = "status-unknown",
     .display = [](const KnowledgeBaseModel &, const KnowledgeBase &kb) -> QVariant {
         return otherCount(kb);
     },
     .sortKey = [](const KnowledgeBaseModel &, const KnowledgeBase &kb) -> QVariant {
         return otherCount(kb);
     }},
    {.key = "stuck",
     .header = QT_TRANSLATE_NOOP("feather::KnowledgeBaseModel", "Stuck"),
     .toolTip = QT_TRANSLATE_NOOP("feather::KnowledgeBaseModel",
                                  "Sources syncing for longer than the profile's stuck threshold"),
     .alignment = numeric,
     .headerIcon = "status-stuck",
     .display = [](const KnowledgeBaseModel &m, const KnowledgeBase &kb) -> QVariant {
         return m.stuckCount(kb.id);
     },
     .sortKey = [](const KnowledgeBaseModel &m, const KnowledgeBase &kb) -> QVariant {
         return m.stuckCount(kb.id);
     },
     .foreground = [](const KnowledgeBaseModel &m, const KnowledgeBase &kb) -> QVariant {
         return m.stuckCount(kb.id) > 0 ? QVariant(roleColor(ColourRole::Transient)) : QVariant();
     }},
}};
static_assert(isValidColumnTable(kbColumns), "every column needs a key, a header, a display "
                                             "and a sort key; keys are unique");
} // namespace

const std::array<KnowledgeBaseModel::Spec, KnowledgeBaseModel::ColumnCount> &
KnowledgeBaseModel::columns()
{
    return kbColumns;
}

} // namespace feather
