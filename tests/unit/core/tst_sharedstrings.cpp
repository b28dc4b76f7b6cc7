// Interning of the values that repeat across listed rows (issue 12: RSS at 100,000 sources):
// equal values parsed from different pages share one allocation; the pool stays bounded.
#include "api/apiparse.h"
#include "core/sharedstrings.h"
#include "direct/directstore_p.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlField>
#include <QSqlRecord>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace feather;

namespace {
// One source as a listing page's bytes, parsed on its own (a page of its own).
Source parsedFromApi(const QString &id)
{
    const QByteArray page = R"({"id":")" + id.toLatin1()
                            + R"(","knowledge_base_id":"B0000000-0000-4000-8000-000000000001",)"
                              R"("provider":"google_drive","status":"error",)"
                              R"("last_sync_status":"failed","connection_nickname":"n "})";
    const std::optional<Source> s =
        api::parseSource(QJsonDocument::fromJson(page).object(), nullptr);
    return s.value_or(Source{});
}

Source parsedFromDirect(const QString &id)
{
    QSqlRecord r;
    const QList<QVariant> values{id,
                                 u"b0000000-0000-4000-8000-000000000002"_s,
                                 u"confluence"_s,
                                 u"nick"_s,
                                 u"syncing"_s,
                                 QVariant(),
                                 0,
                                 QVariant(),
                                 QVariant(),
                                 QVariant(),
                                 QVariant(),
                                 u"2026-11-29T10:42:00.123Z"_s,
                                 u"processing"_s,
                                 QVariant(),
                                 QVariant()};
    for (qsizetype i = 0; i < values.size(); ++i) {
        QSqlField f(u"c"_s + QString::number(i));
        f.setValue(values[i]);
        r.append(f);
    }
    return direct::sourceFromRecord(r);
}

// A fresh allocation of `text`, as a parser makes one.
QString own(QStringView text)
{
    return text.toString();
}
} // namespace

class TestSharedStrings : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void apiParse_repeatedValuesFromDifferentPages_shareOneString();
    void directRows_repeatedValuesFromDifferentRows_shareOneString();
    void intern_equalValues_shareData_distinctOnesDoNot();
    void intern_longValue_isNotPooled();
    void intern_fullPool_returnsValueAsGiven();
};

void TestSharedStrings::apiParse_repeatedValuesFromDifferentPages_shareOneString()
{
    const Source a = parsedFromApi(u"a0000000-0000-4000-8000-000000000001"_s);
    const Source b = parsedFromApi(u"a0000000-0000-4000-8000-000000000002"_s);
    QCOMPARE(a.status, u"error"_s);
    QCOMPARE(a.knowledgeBaseId, u"b0000000-0000-4000-8000-000000000001"_s); // normalised
    QCOMPARE(a.status.constData(), b.status.constData());
    QCOMPARE(a.provider.constData(), b.provider.constData());
    QCOMPARE(a.lastSyncStatus.constData(), b.lastSyncStatus.constData());
    QCOMPARE(a.knowledgeBaseId.constData(), b.knowledgeBaseId.constData());
    // Per-row values keep their own strings.
    QVERIFY(a.id.constData() != b.id.constData());
    QVERIFY(a.connectionNickname.constData() != b.connectionNickname.constData());
}

void TestSharedStrings::directRows_repeatedValuesFromDifferentRows_shareOneString()
{
    const Source a = parsedFromDirect(u"a0000000-0000-4000-8000-000000000003"_s);
    const Source b = parsedFromDirect(u"a0000000-0000-4000-8000-000000000004"_s);
    QCOMPARE(a.provider, u"confluence"_s);
    QCOMPARE(a.lastSyncStatus, u"processing"_s);
    QVERIFY(a.updatedAt.isValid());
    QCOMPARE(a.status.constData(), b.status.constData());
    QCOMPARE(a.provider.constData(), b.provider.constData());
    QCOMPARE(a.lastSyncStatus.constData(), b.lastSyncStatus.constData());
    QCOMPARE(a.knowledgeBaseId.constData(), b.knowledgeBaseId.constData());
    QVERIFY(a.id.constData() != b.id.constData());
}

void TestSharedStrings::intern_equalValues_shareData_distinctOnesDoNot()
{
    const QString first = SharedStrings::intern(own(u"shared-value-1"));
    const QString second = SharedStrings::intern(own(u"shared-value-1"));
    const QString other = SharedStrings::intern(own(u"shared-value-2"));
    QCOMPARE(second, u"shared-value-1"_s);
    QCOMPARE(first.constData(), second.constData());
    QVERIFY(other.constData() != first.constData());
    QVERIFY(SharedStrings::intern(QString()).isNull()); // null stays null (nullable fields)
}

void TestSharedStrings::intern_longValue_isNotPooled()
{
    const QString text(SharedStrings::maxLength + 1, u'x');
    const qsizetype before = SharedStrings::size();
    const QString a = SharedStrings::intern(own(text));
    const QString b = SharedStrings::intern(own(text));
    QCOMPARE(a, text);
    QVERIFY(a.constData() != b.constData());
    QCOMPARE(SharedStrings::size(), before);
}

void TestSharedStrings::intern_fullPool_returnsValueAsGiven()
{
    // Fill the pool with distinct values (a column nobody should have pooled).
    for (qsizetype i = SharedStrings::size(); i < SharedStrings::maxEntries; ++i)
        SharedStrings::intern(u"filler-"_s + QString::number(i));
    QCOMPARE(SharedStrings::size(), SharedStrings::maxEntries);
    const QString a = SharedStrings::intern(own(u"after-full"));
    const QString b = SharedStrings::intern(own(u"after-full"));
    QCOMPARE(a, b);
    QVERIFY(a.constData() != b.constData()); // not pooled: the pool no longer grows
    QCOMPARE(SharedStrings::size(), SharedStrings::maxEntries);
    // What was pooled before stays shared.
    QCOMPARE(SharedStrings::intern(own(u"shared-value-1")).constData(),
             SharedStrings::intern(own(u"shared-value-1")).constData());
}

QTEST_GUILESS_MAIN(TestSharedStrings)
#include "tst_sharedstrings.moc"
