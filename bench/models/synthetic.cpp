#include "bench/models/synthetic.h"

#include <QHash>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace feather::bench {

namespace {
QString uuidFor(quint32 kind, quint32 n)
{
    // Stable, distinct UUID-shaped ids (the console only ever compares and shortens them).
    return QUuid(kind, quint16(n >> 16), quint16(n), 0x80, 0, 0, 0, 0, 0, 0, 0)
        .toString(QUuid::WithoutBraces);
}
} // namespace

QHash<QString, QString> syntheticKbNames(int kbCount)
{
    static const QStringList teams{u"Support"_s, u"Legal"_s,   u"Sales"_s,  u"Engineering"_s,
                                   u"Finance"_s, u"Product"_s, u"People"_s, u"Marketing"_s};
    QHash<QString, QString> names;
    for (int k = 0; k < kbCount; ++k)
        names.insert(uuidFor(0xb0000000u, quint32(k)),
                     teams[k % teams.size()] + u" KB "_s + QString::number(k));
    return names;
}

QList<Source> syntheticSources(int count, int kbCount)
{
    return SyntheticSources(kbCount).next(count);
}

SyntheticSources::SyntheticSources(int kbCount)
    : m_kbCount(kbCount)
    , m_rng(20261129)
{}

QList<Source> SyntheticSources::next(int count)
{
    static const QStringList providers{u"notion"_s, u"google_drive"_s, u"s3"_s,
                                       u"url"_s,    u"confluence"_s,   u"sharepoint"_s};
    static const QStringList topics{u"legal"_s,     u"handbook"_s, u"pricing"_s, u"runbooks"_s,
                                    u"contracts"_s, u"faq"_s,      u"roadmap"_s, u"onboarding"_s};
    const QDateTime base(QDate(2026, 11, 1), QTime(8, 0), Qt::UTC);
    QList<Source> out;
    out.reserve(count);
    for (const int end = m_next + count; m_next < end; ++m_next) {
        const int i = m_next;
        Source s;
        s.id = uuidFor(0x50000000u, quint32(i));
        s.knowledgeBaseId = uuidFor(0xb0000000u, quint32(i % m_kbCount));
        s.provider = providers[int(m_rng.bounded(quint32(providers.size())))];
        s.connectionNickname =
            topics[i % topics.size()] + u' ' + s.provider + u' ' + QString::number(i);
        const quint32 roll = m_rng.bounded(100u);
        s.status = roll < 75   ? u"active"_s
                   : roll < 90 ? u"error"_s
                   : roll < 98 ? u"syncing"_s
                               : u"paused"_s;
        s.updatedAt = base.addSecs(qint64(m_rng.bounded(30u * 86400u)));
        s.createdAt = base.addDays(-30);
        if (s.status != u"syncing"_s)
            s.lastSyncCompletedAt = s.updatedAt.addSecs(-60);
        s.lastSyncJobId = uuidFor(0x10000000u, quint32(i));
        s.lastSyncStatus = s.status == u"error"_s     ? u"failed"_s
                           : s.status == u"syncing"_s ? u"processing"_s
                                                      : u"completed"_s;
        if (s.status == u"error"_s)
            s.lastErrorMessage = u"upstream returned 403 for page "_s + QString::number(i % 977);
        out.append(s);
    }
    return out;
}

} // namespace feather::bench
