// The hand-written timestamp reader and writer (core/timestamps.h: direct mode and the API
// parser) against QDateTime's own ISO parser: every form the two dialects store, offsets,
// fractions, and what must be refused.
#include "core/timestamps.h"

#include <QTest>

using namespace feather;
using namespace Qt::StringLiterals;

class TestDirectTimestamps final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void parse_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QDateTime>("expected"); // invalid = refused
        const auto utc = [](int y, int mo, int d, int h, int mi, int s, int ms) {
            return QDateTime(QDate(y, mo, d), QTime(h, mi, s, ms), Qt::UTC);
        };
        QTest::newRow("sqlite stored form")
            << u"2026-11-29T10:42:07.123Z"_s << utc(2026, 11, 29, 10, 42, 7, 123);
        QTest::newRow("postgres text, utc")
            << u"2026-11-29 10:42:07.123+00"_s << utc(2026, 11, 29, 10, 42, 7, 123);
        QTest::newRow("postgres microseconds cut to ms")
            << u"2026-01-02 03:04:05.123456+00"_s << utc(2026, 1, 2, 3, 4, 5, 123);
        QTest::newRow("one fraction digit")
            << u"2026-01-02 03:04:05.5+00"_s << utc(2026, 1, 2, 3, 4, 5, 500);
        QTest::newRow("no fraction") << u"2026-01-02 03:04:05+00"_s << utc(2026, 1, 2, 3, 4, 5, 0);
        QTest::newRow("no offset is utc (sqlite datetime())")
            << u"2026-01-02 03:04:05"_s << utc(2026, 1, 2, 3, 4, 5, 0);
        QTest::newRow("positive offset")
            << u"2026-01-02T03:04:05.006+05:30"_s << utc(2026, 1, 1, 21, 34, 5, 6);
        QTest::newRow("negative offset, no colon")
            << u"2026-01-01T22:00:00-0300"_s << utc(2026, 1, 2, 1, 0, 0, 0);
        QTest::newRow("hours-only negative offset")
            << u"2025-12-31 23:30:00-01"_s << utc(2026, 1, 1, 0, 30, 0, 0);
        QTest::newRow("leap day") << u"2024-02-29T12:00:00Z"_s << utc(2024, 2, 29, 12, 0, 0, 0);
        QTest::newRow("epoch") << u"1970-01-01T00:00:00.000Z"_s << utc(1970, 1, 1, 0, 0, 0, 0);
        QTest::newRow("before epoch")
            << u"1969-12-31T23:59:59.999Z"_s << utc(1969, 12, 31, 23, 59, 59, 999);
        QTest::newRow("year 9999")
            << u"9999-12-31T23:59:59.999Z"_s << utc(9999, 12, 31, 23, 59, 59, 999);
        for (const QString &bad :
             {u""_s, u"infinity"_s, u"2026-11-29"_s, u"2026-13-01T00:00:00Z"_s,
              u"2026-02-29T00:00:00Z"_s, u"2026-04-31T00:00:00Z"_s, u"2026-01-01T24:00:00Z"_s,
              u"2026-01-01T00:60:00Z"_s, u"2026-01-01T00:00:60Z"_s, u"2026/01/01T00:00:00Z"_s,
              u"2026-01-01X00:00:00Z"_s, u"2026-01-01T00:00:00."_s, u"2026-01-01T00:00:00Zjunk"_s,
              u"2026-01-01T00:00:00+1"_s, u"2026-01-01T00:00:00+16:00"_s,
              u"2026-01-01T00:00:00+05:7"_s, u"20x6-01-01T00:00:00Z"_s, u"2026-01-01T00:00:00 "_s,
              u"２０２６-01-01T00:00:00Z"_s})
            QTest::newRow(qPrintable(u"refuses [%1]"_s.arg(bad))) << bad << QDateTime();
    }
    void parse()
    {
        QFETCH(QString, text);
        QFETCH(QDateTime, expected);
        const QDateTime parsed = parseTimestamp(text);
        QCOMPARE(parsed.isValid(), expected.isValid());
        if (!expected.isValid())
            return;
        QCOMPARE(parsed, expected);
        QCOMPARE(parsed.timeSpec(), Qt::UTC);
        // The same instant QDateTime's own (slow) parser finds for the stored SQLite form.
        if (text.endsWith(u'Z'))
            QCOMPARE(parsed, QDateTime::fromString(text, Qt::ISODateWithMs));
    }

    void format_isFixedWidthUtcWithMilliseconds()
    {
        const QDateTime t(QDate(2026, 3, 4), QTime(5, 6, 7, 8), Qt::UTC);
        QCOMPARE(formatTimestamp(t), u"2026-03-04T05:06:07.008Z"_s);
        QCOMPARE(formatTimestamp(t.toOffsetFromUtc(3600)), u"2026-03-04T05:06:07.008Z"_s);
        QCOMPARE(formatTimestamp({}), QString());
        QCOMPARE(formatTimestamp(t), t.toString(u"yyyy-MM-dd'T'HH:mm:ss.zzz'Z'"_s));
        // Text order is time order.
        const QDateTime later = t.addMSecs(1);
        QVERIFY(formatTimestamp(later) > formatTimestamp(t));
    }

    void roundTrip_manyInstants()
    {
        // Every 7919 s over ~25 years, with a varying millisecond: write, read, compare.
        QDateTime t(QDate(2001, 1, 1), QTime(0, 0), Qt::UTC);
        for (int i = 0; i < 100000; ++i) {
            const QDateTime back = parseTimestamp(formatTimestamp(t));
            if (back != t)
                QFAIL(qPrintable(formatTimestamp(t)));
            t = t.addMSecs(7919LL * 1000 + i % 1000);
        }
    }
};

QTEST_GUILESS_MAIN(TestDirectTimestamps)
#include "tst_direct_timestamps.moc"
