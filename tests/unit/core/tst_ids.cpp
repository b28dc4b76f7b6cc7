#include "core/ids.h"

#include <QTest>

using namespace feather;

class TestIds final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void canonicalUuid_isAccepted_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("valid");
        QTest::newRow("lower") << QStringLiteral("0f8fad5b-d9cb-469f-a165-70867728950e") << true;
        QTest::newRow("upper") << QStringLiteral("0F8FAD5B-D9CB-469F-A165-70867728950E") << true;
        QTest::newRow("braces") << QStringLiteral("{0f8fad5b-d9cb-469f-a165-70867728950e}")
                                << false;
        QTest::newRow("no dashes") << QStringLiteral("0f8fad5bd9cb469fa16570867728950e") << false;
        QTest::newRow("trailing space")
            << QStringLiteral("0f8fad5b-d9cb-469f-a165-70867728950e ") << false;
        QTest::newRow("quote") << QStringLiteral("0f8fad5b-d9cb-469f-a165-70867728950'") << false;
        QTest::newRow("sql") << QStringLiteral("x'; DROP TABLE knowledge_base_sources;--") << false;
        QTest::newRow("unicode digit")
            << QStringLiteral("0f8fad5b-d9cb-469f-a165-7086772895٠e") << false;
        QTest::newRow("empty") << QString() << false;
        QTest::newRow("prefixed example id")
            << QStringLiteral("src_01hx8sync0000001234abcd") << false;
    }
    void canonicalUuid_isAccepted()
    {
        QFETCH(QString, text);
        QFETCH(bool, valid);
        QCOMPARE(isCanonicalUuid(text), valid);
        QCOMPARE(normalizedUuid(text).isNull(), !valid);
    }
    void normalizedUuid_lowercasesHex()
    {
        QCOMPARE(normalizedUuid(u"0F8FAD5B-D9CB-469F-A165-70867728950E"),
                 QStringLiteral("0f8fad5b-d9cb-469f-a165-70867728950e"));
    }
    void newUuid_isCanonicalVersion4AndUnique()
    {
        const QString a = newUuid();
        const QString b = newUuid();
        QVERIFY(isCanonicalUuid(a));
        QCOMPARE(a.at(14), QLatin1Char('4'));
        QVERIFY(a != b);
    }
    void invalidUuidReason_isOneLineAndBounded()
    {
        const QString reason =
            invalidUuidReason(QStringLiteral("--kb"), QString(QString(500, u'x') + u'\n'));
        QVERIFY(!reason.contains(u'\n'));
        QVERIFY(reason.size() < 100);
        QVERIFY(reason.startsWith(QStringLiteral("--kb is not a UUID")));
    }
};

QTEST_GUILESS_MAIN(TestIds)
#include "tst_ids.moc"
