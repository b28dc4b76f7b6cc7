#include "models/knowledgebasemodel.h"

#include "models/presentation.h"

#include <QFont>
#include <QFuture>

using namespace Qt::StringLiterals;

namespace feather {

KnowledgeBaseModel::KnowledgeBaseModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void KnowledgeBaseModel::setBackend(Backend *backend)
{
    m_backend = backend;
    ++m_generation; // answers for the previous backend are dropped
}

void KnowledgeBaseModel::refresh()
{
    if (!m_backend)
        return;
    const quint64 generation = ++m_generation;
    m_backend->listKnowledgeBases().then(this, [this, generation](const KnowledgeBasesResult &r) {
        if (generation != m_generation)
            return;
        if (!r.ok()) {
            Q_EMIT loadFailed(r.error->message, *r.error);
            return;
        }
        setKnowledgeBases(r.value);
        Q_EMIT loaded(int(m_kbs.size()));
    });
}

void KnowledgeBaseModel::setKnowledgeBases(const QList<KnowledgeBase> &kbs)
{
    QHash<QString, int> incoming;
    for (int i = 0; i < kbs.size(); ++i)
        incoming.insert(kbs[i].id, i);

    // Remove rows that are gone, bottom-up so earlier indexes stay valid.
    for (int i = int(m_kbs.size()) - 1; i >= 0; --i) {
        if (!incoming.contains(m_kbs[i].id)) {
            beginRemoveRows({}, i + 1, i + 1);
            m_kbs.removeAt(i);
            endRemoveRows();
        }
    }
    QHash<QString, int> existing;
    for (int i = 0; i < m_kbs.size(); ++i)
        existing.insert(m_kbs[i].id, i);

    QList<KnowledgeBase> added;
    for (const KnowledgeBase &kb : kbs) {
        const auto it = existing.constFind(kb.id);
        if (it == existing.constEnd()) {
            added.append(kb);
            continue;
        }
        m_kbs[*it] = kb;
        Q_EMIT dataChanged(index(*it + 1, 0), index(*it + 1, ColumnCount - 1));
    }
    if (!added.isEmpty()) {
        const int first = int(m_kbs.size()) + 1;
        beginInsertRows({}, first, first + int(added.size()) - 1);
        m_kbs += added;
        endInsertRows();
    }
    recomputeTotals();
}

void KnowledgeBaseModel::setStatusCounts(const QHash<QString, QMap<QString, int>> &countsByKb)
{
    for (int i = 0; i < m_kbs.size(); ++i) {
        const QMap<QString, int> counts = countsByKb.value(m_kbs[i].id);
        if (counts == m_kbs[i].sourceStatusCounts)
            continue;
        m_kbs[i].sourceStatusCounts = counts;
        Q_EMIT dataChanged(index(i + 1, SourcesColumn), index(i + 1, ColumnCount - 1));
    }
    recomputeTotals();
}

void KnowledgeBaseModel::recomputeTotals()
{
    QMap<QString, int> totals;
    for (const KnowledgeBase &kb : std::as_const(m_kbs)) {
        for (auto it = kb.sourceStatusCounts.cbegin(); it != kb.sourceStatusCounts.cend(); ++it)
            totals[it.key()] += it.value();
    }
    if (totals == m_totals)
        return;
    m_totals = totals;
    Q_EMIT dataChanged(index(0, SourcesColumn), index(0, ColumnCount - 1));
}

QString KnowledgeBaseModel::nameOf(const QString &kbId) const
{
    for (const KnowledgeBase &kb : m_kbs) {
        if (kb.id == kbId)
            return kb.name;
    }
    return {};
}

int KnowledgeBaseModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_kbs.size()) + 1;
}

int KnowledgeBaseModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

int KnowledgeBaseModel::countFor(const QMap<QString, int> &counts, Column column) const
{
    switch (column) {
    case SourcesColumn: {
        int total = 0;
        for (int n : counts)
            total += n;
        return total;
    }
    case ActiveColumn:
        return counts.value(u"active"_s);
    case SyncingColumn:
        return counts.value(u"syncing"_s);
    case ErrorColumn:
        return counts.value(u"error"_s);
    case OtherColumn: {
        int other = 0;
        for (auto it = counts.cbegin(); it != counts.cend(); ++it) {
            if (statusKind(it.key()) == StatusKind::Unknown)
                other += it.value();
        }
        return other;
    }
    case NameColumn:
    case ColumnCount:
        break;
    }
    return 0;
}

QVariant KnowledgeBaseModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const KnowledgeBase *kb = index.row() == 0 ? nullptr : &m_kbs[index.row() - 1];
    return cell(kb, kb ? kb->sourceStatusCounts : m_totals, index.column(), role);
}

QVariant KnowledgeBaseModel::cell(const KnowledgeBase *kb, const QMap<QString, int> &counts,
                                  int column, int role) const
{
    const QString name = kb ? kb->name : u"All knowledge bases"_s;
    const int count = column == NameColumn ? 0 : countFor(counts, Column(column));
    switch (role) {
    case Qt::DisplayRole:
        return column == NameColumn ? QVariant(name) : QVariant(count);
    case Qt::ToolTipRole:
        if (column == NameColumn)
            return kb ? (kb->description.isEmpty() ? kb->id : kb->description + u"\n"_s + kb->id)
                      : u"Every source in every knowledge base"_s;
        return {};
    case Qt::ForegroundRole:
        return column == ErrorColumn && count > 0 ? QVariant(statusColor(StatusKind::Error))
                                                  : QVariant();
    case Qt::TextAlignmentRole:
        return column == NameColumn ? QVariant() : QVariant(int(Qt::AlignRight | Qt::AlignVCenter));
    case Qt::FontRole:
        if (!kb) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        return {};
    case IdRole:
        return kb ? kb->id : QString();
    case NameRole:
        return name;
    case SourceCountRole:
        return countFor(counts, SourcesColumn);
    case StatusCountsRole: {
        QVariantMap map;
        for (auto it = counts.cbegin(); it != counts.cend(); ++it)
            map.insert(it.key(), it.value());
        return map;
    }
    case IsAllRole:
        return kb == nullptr;
    case RawValueRole:
        return column == NameColumn ? QVariant(name) : QVariant(count);
    default:
        return {};
    }
}

QVariant KnowledgeBaseModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::DecorationRole) {
        // The status columns carry their status icon in the header, so cells stay plain numbers.
        switch (Column(section)) {
        case ActiveColumn:
            return statusIcon(StatusKind::Active);
        case SyncingColumn:
            return statusIcon(StatusKind::Syncing);
        case ErrorColumn:
            return statusIcon(StatusKind::Error);
        case OtherColumn:
            return statusIcon(StatusKind::Unknown);
        default:
            return {};
        }
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case NameColumn:
        return u"Knowledge base"_s;
    case SourcesColumn:
        return u"Sources"_s;
    case ActiveColumn:
        return u"Active"_s;
    case SyncingColumn:
        return u"Syncing"_s;
    case ErrorColumn:
        return u"Error"_s;
    case OtherColumn:
        return u"Other"_s;
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace feather
