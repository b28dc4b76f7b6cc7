#include "models/triagemodel.h"

#include <QFont>
#include <QLocale>
#include <algorithm>

using namespace Qt::StringLiterals;

namespace feather {

namespace {
// internalId: 0 for a cause row, causeRow + 1 for the signatures under that cause.
constexpr quintptr kCauseLevel = 0;

QStringList idsOf(const QList<ErroredSource> &sources)
{
    QStringList ids;
    ids.reserve(sources.size());
    for (const ErroredSource &s : sources)
        ids << s.sourceId;
    return ids;
}
} // namespace

QList<KbCount> TriageModel::kbCounts(const QList<ErroredSource> &sources)
{
    QList<KbCount> counts;
    QHash<QString, qsizetype> at;
    for (const ErroredSource &s : sources) {
        auto it = at.constFind(s.kbId);
        if (it == at.cend()) {
            it = at.insert(s.kbId, counts.size());
            counts.append({s.kbId, s.kbName, 0});
        }
        ++counts[*it].count;
    }
    std::stable_sort(counts.begin(), counts.end(),
                     [](const KbCount &a, const KbCount &b) { return a.count > b.count; });
    return counts;
}

TriageModel::TriageModel(QObject *parent)
    : QAbstractItemModel(parent)
{}

TriageModel::~TriageModel() = default;

void TriageModel::setSources(const QList<ErroredSource> &sources)
{
    beginResetModel();
    m_sources = sources;
    m_bySource.clear();
    for (qsizetype i = 0; i < m_sources.size(); ++i)
        m_bySource.insert(m_sources.at(i).sourceId, i);
    m_report = triage(m_sources);
    endResetModel();
}

const CauseGroup *TriageModel::causeAt(const QModelIndex &index) const
{
    if (!index.isValid() || index.model() != this)
        return nullptr;
    const qsizetype row =
        index.internalId() == kCauseLevel ? index.row() : qsizetype(index.internalId() - 1);
    return row < m_report.causes.size() ? &m_report.causes.at(row) : nullptr;
}

const SignatureGroup *TriageModel::signatureAt(const QModelIndex &index) const
{
    if (!index.isValid() || index.internalId() == kCauseLevel)
        return nullptr;
    const CauseGroup *cause = causeAt(index);
    return cause && index.row() < cause->signatures.size() ? &cause->signatures.at(index.row())
                                                           : nullptr;
}

QList<ErroredSource> TriageModel::sourcesAt(const QModelIndex &index) const
{
    if (const SignatureGroup *sig = signatureAt(index))
        return sig->sources;
    if (const CauseGroup *cause = causeAt(index))
        return cause->sources();
    return {};
}

QModelIndex TriageModel::indexOfCause(const QString &causeId) const
{
    for (qsizetype i = 0; i < m_report.causes.size(); ++i) {
        if (m_report.causes.at(i).cause.id == causeId)
            return index(int(i), 0);
    }
    return {};
}

const ErroredSource *TriageModel::errored(const QString &sourceId) const
{
    const auto it = m_bySource.constFind(sourceId);
    return it == m_bySource.cend() ? nullptr : &m_sources.at(*it);
}

QList<ErroredSource> TriageModel::fixable() const
{
    QList<ErroredSource> now;
    QList<ErroredSource> later;
    for (const CauseGroup &g : m_report.causes) {
        if (!isFixable(g.cause.action))
            continue;
        (g.cause.action == TriageAction::WaitAndResync ? later : now) += g.sources();
    }
    return now + later;
}

QString TriageModel::kbSummary(const QList<KbCount> &perKb, int limit)
{
    const QLocale locale;
    QStringList parts;
    for (qsizetype i = 0; i < perKb.size() && i < limit; ++i) {
        const QString name = perKb[i].kbName.isEmpty() ? perKb[i].kbId : perKb[i].kbName;
        parts << u"%1 %2"_s.arg(name, locale.toString(perKb[i].count));
    }
    if (perKb.size() > limit)
        parts << tr("+%1 more").arg(perKb.size() - limit);
    return parts.join(u" · "_s);
}

QModelIndex TriageModel::index(int row, int column, const QModelIndex &parent) const
{
    if (row < 0 || column < 0 || column >= ColumnCount)
        return {};
    if (!parent.isValid())
        return row < m_report.causes.size() ? createIndex(row, column, kCauseLevel) : QModelIndex();
    if (parent.internalId() != kCauseLevel || parent.row() >= m_report.causes.size())
        return {};
    if (row >= m_report.causes.at(parent.row()).signatures.size())
        return {};
    return createIndex(row, column, quintptr(parent.row()) + 1);
}

QModelIndex TriageModel::parent(const QModelIndex &child) const
{
    if (!child.isValid() || child.internalId() == kCauseLevel)
        return {};
    return createIndex(int(child.internalId() - 1), 0, kCauseLevel);
}

int TriageModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return int(m_report.causes.size());
    if (parent.column() != 0 || parent.internalId() != kCauseLevel
        || parent.row() >= m_report.causes.size())
        return 0;
    return int(m_report.causes.at(parent.row()).signatures.size());
}

int TriageModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QVariant TriageModel::data(const QModelIndex &index, int role) const
{
    const CauseGroup *cause = causeAt(index);
    if (!cause)
        return {};
    const SignatureGroup *sig = signatureAt(index);
    const bool isCause = index.internalId() == kCauseLevel;
    if (role == CauseIdRole)
        return cause->cause.id;
    if (role == ActionRole)
        return toString(cause->cause.action);
    if (role == FixableRole)
        return isFixable(cause->cause.action);
    if (role == SignatureRole)
        return sig ? sig->signature : QString();
    if (role == SourceIdsRole)
        return idsOf(sourcesAt(index));
    if (role == CountRole)
        return sig ? sig->count() : cause->count;
    if (role == Qt::FontRole && isCause) {
        QFont bold;
        bold.setBold(true);
        return bold;
    }
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole && role != Qt::AccessibleTextRole)
        return {};
    const QLocale locale;
    switch (Column(index.column())) {
    case TitleColumn:
        if (role == Qt::ToolTipRole)
            return isCause ? cause->cause.engineeringHint : sig->signature;
        return isCause ? cause->cause.title : sig->signature;
    case ActionColumn:
        return isCause ? displayName(cause->cause.action) : QString();
    case CountColumn:
        return locale.toString(sig ? sig->count() : cause->count);
    case KbColumn:
        if (sig)
            return kbSummary(kbCounts(sig->sources), role == Qt::ToolTipRole ? 1000 : 3);
        return kbSummary(cause->perKb, role == Qt::ToolTipRole ? 1000 : 3);
    case ProviderColumn:
        return (sig ? sig->providers : cause->providers).join(u", "_s);
    case ExampleColumn:
        if (sig)
            return sig->exampleMessage;
        return cause->signatures.isEmpty() ? QString() : cause->signatures.first().exampleMessage;
    case ColumnCount:
        break;
    }
    return {};
}

QVariant TriageModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case TitleColumn:
        return tr("Cause / signature");
    case ActionColumn:
        return tr("Action");
    case CountColumn:
        return tr("Sources");
    case KbColumn:
        return tr("Knowledge bases");
    case ProviderColumn:
        return tr("Providers");
    case ExampleColumn:
        return tr("Example message");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace feather
