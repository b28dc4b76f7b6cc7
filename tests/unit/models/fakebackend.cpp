#include "fakebackend.h"

using namespace Qt::StringLiterals;

namespace feather::test {

QString fakeId(char prefix, int n)
{
    // A canonical UUID whose first group tells kind and number apart: "a0000003-…".
    return QString::fromLatin1(QByteArray(1, prefix)) + QString::number(n).rightJustified(7, u'0')
           + u"-0000-4000-8000-000000000000"_s;
}

QList<KnowledgeBase> makeKbs(int kbCount)
{
    QList<KnowledgeBase> out;
    for (int i = 0; i < kbCount; ++i) {
        KnowledgeBase kb;
        kb.id = fakeId('b', i);
        kb.name = u"KB "_s + QString::number(i);
        out.append(kb);
    }
    return out;
}

QList<Source> makeSources(int count, int kbCount, const QDateTime &now)
{
    static const QStringList providers{u"notion"_s, u"google_drive"_s, u"s3"_s, u"url"_s};
    QList<Source> out;
    for (int i = 0; i < count; ++i) {
        Source s;
        s.id = fakeId('a', i);
        s.knowledgeBaseId = fakeId('b', i % kbCount);
        s.provider = providers[i % providers.size()];
        s.connectionNickname = u"Source "_s + QString::number(i);
        if (i % 7 == 6)
            s.status = u"paused_by_admin"_s;
        else
            s.status = QStringList{u"active"_s, u"active"_s, u"error"_s, u"syncing"_s}[i % 4];
        s.updatedAt = now.addSecs(-60 * i);
        if (s.status == u"error"_s)
            s.lastErrorMessage = u"token expired"_s;
        out.append(s);
    }
    return out;
}

} // namespace feather::test
