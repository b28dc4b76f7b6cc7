// featherctl's output building blocks: the direct JSON Lines writer (byte for byte what
// QJsonDocument made of json::toJson before), terminal escaping, the spooled table, and the
// size caps of --file target lists.
#include "cli/jsonlines.h"
#include "cli/table.h"
#include "cli/targetfile.h"
#include "cli/visibletext.h"
#include "core/json.h"

#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

using namespace feather;
using namespace feather::cli;

namespace {

QByteArray legacyLine(const Source &s)
{
    QByteArray line = QJsonDocument(json::toJson(s)).toJson(QJsonDocument::Compact);
    hardenJson(line);
    return line + '\n';
}

QByteArray directLine(const Source &s)
{
    QByteArray out;
    appendSourceJsonLine(out, s);
    return out;
}

// Awkward text: quotes, backslashes, every C0 control, DEL, C1, bidi overrides, U+2028,
// non-BMP characters, lone surrogates.
QString awkward(QRandomGenerator &rng)
{
    static const QList<char16_t> pool{
        0x61,   0x5a,   0x20,   0x22,   0x5c,   0x2f,   0x01,   0x08,   0x09,   0x0a,   0x0c,
        0x0d,   0x1b,   0x1f,   0x7f,   0x80,   0x9b,   0x9f,   0xa0,   0xe9,   0x061c, 0x200e,
        0x2028, 0x2029, 0x202e, 0x2066, 0x2069, 0x4e2d, 0xfeff, 0xd800, 0xdc00, 0xffff};
    QString s;
    const int n = int(rng.bounded(12));
    for (int i = 0; i < n; ++i) {
        if (rng.bounded(6) == 0) { // a valid surrogate pair (U+1F600)
            s += QChar(0xd83d);
            s += QChar(0xde00);
        } else {
            s += QChar(pool[qsizetype(rng.bounded(quint32(pool.size())))]);
        }
    }
    return s;
}

QDateTime someTime(QRandomGenerator &rng)
{
    switch (rng.bounded(5)) {
    case 0:
        return {};
    case 1: // before 1970, and far in the past/future
        return QDateTime::fromMSecsSinceEpoch(-qint64(rng.bounded(1u << 31)) * 1000 - 7, Qt::UTC);
    case 2:
        return QDateTime(QDate(1, 1, 1), QTime(0, 0), Qt::UTC);
    case 3:
        return QDateTime(QDate(9999, 12, 31), QTime(23, 59, 59, 999), Qt::UTC);
    }
    // local time spec too: formatTime converts to UTC
    return QDateTime::fromMSecsSinceEpoch(qint64(rng.generate64() % 4102444800000ULL),
                                          rng.bounded(2) ? Qt::UTC : Qt::LocalTime);
}

} // namespace

class TestCliText final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void sourceLine_equalsQJsonDocumentOutput()
    {
        QRandomGenerator rng(4242);
        for (int i = 0; i < 5000; ++i) {
            Source s;
            s.id = i % 7 == 0 ? QString() : awkward(rng); // a null id is "" in both
            s.knowledgeBaseId = awkward(rng);
            s.provider = awkward(rng);
            s.connectionNickname = i % 3 == 0 ? QString() : awkward(rng);
            s.status = i % 5 == 0 ? QStringLiteral("") : awkward(rng);
            s.lastSyncJobId = i % 2 ? QString() : awkward(rng);
            s.autoSyncEnabled = i % 2;
            if (i % 4)
                s.syncIntervalSeconds = int(rng.generate()) - (i % 8 ? 0 : 0x40000000);
            s.nextSyncAt = someTime(rng);
            s.lastAutoSyncAt = someTime(rng);
            s.createdAt = someTime(rng);
            s.updatedAt = someTime(rng);
            s.lastSyncStatus = i % 6 ? QString() : awkward(rng);
            s.lastErrorMessage = i % 2 ? awkward(rng) : QString();
            s.lastSyncCompletedAt = someTime(rng);
            const QByteArray expected = legacyLine(s);
            QCOMPARE(directLine(s), expected);
        }
    }

    void sourceLine_plainRowIsUnchangedByHardening()
    {
        Source s;
        s.id = QStringLiteral("0f8fad5b-d9cb-469f-a165-70867728950e");
        s.knowledgeBaseId = QStringLiteral("7c9e6679-7425-40de-944b-e07fc1f90ae7");
        s.provider = QStringLiteral("notion");
        s.status = QStringLiteral("error");
        s.lastErrorMessage = QStringLiteral("Page “Q3” — “no longer shared” \"x\" \\ é 中");
        s.createdAt = QDateTime(QDate(2026, 1, 2), QTime(3, 4, 5, 6), Qt::UTC);
        const QByteArray raw = QJsonDocument(json::toJson(s)).toJson(QJsonDocument::Compact) + '\n';
        QCOMPARE(directLine(s), raw);
        QVERIFY(raw.contains("\"created_at\":\"2026-01-02T03:04:05.006Z\""));
    }

    void hardenJson_escapesWhatTerminalsActOn_andParsesBack()
    {
        const QString text = QStringLiteral("a") + QChar(0x7f) + QChar(0x9b) + QStringLiteral("31m")
                             + QChar(0x202e) + QChar(0x2028) + QStringLiteral("\x1b[2J é");
        QByteArray line =
            QJsonDocument(QJsonObject{{QStringLiteral("m"), text}}).toJson(QJsonDocument::Compact);
        hardenJson(line);
        QCOMPARE(line, QByteArray("{\"m\":\"a\\u007f\\u009b31m\\u202e\\u2028\\u001b[2J é\"}"));
        QCOMPARE(QJsonDocument::fromJson(line).object().value(QStringLiteral("m")).toString(),
                 text);
        QByteArray out;
        appendJsonString(out, text);
        QCOMPARE(out, QByteArray("\"a\\u007f\\u009b31m\\u202e\\u2028\\u001b[2J é\""));
    }

    void isoTime_equalsFormatTime()
    {
        QRandomGenerator rng(7);
        for (int i = 0; i < 20000; ++i) {
            const QDateTime t = someTime(rng);
            QByteArray out;
            appendIsoTime(out, t);
            QCOMPARE(QString::fromUtf8(out), json::formatTime(t));
            out.clear();
            appendHumanTime(out, t);
            QCOMPARE(QString::fromUtf8(out),
                     t.isValid() ? t.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm"))
                                 : QString());
        }
    }

    void visibleText_escapesControlsAndBidi_data()
    {
        QTest::addColumn<QString>("in");
        QTest::addColumn<QString>("out");
        QTest::newRow("plain") << QStringLiteral("Sync has been queued é 中")
                               << QStringLiteral("Sync has been queued é 中");
        QTest::newRow("esc sequence")
            << QStringLiteral("\x1b[31mred\x1b[0m") << QStringLiteral("\\x1b[31mred\\x1b[0m");
        QTest::newRow("osc title")
            << QStringLiteral("\x1b]0;pwned\x07") << QStringLiteral("\\x1b]0;pwned\\x07");
        QTest::newRow("newlines to spaces")
            << QStringLiteral("a\nb\r\nc\td") << QStringLiteral("a b  c d");
        QTest::newRow("del and c1") << (QStringLiteral("x") + QChar(0x7f) + QChar(0x9b) + u'y')
                                    << QStringLiteral("x\\x7f\\x9by");
        QTest::newRow("bidi override")
            << (QStringLiteral("invoice") + QChar(0x202e) + QStringLiteral("fdp.exe"))
            << QStringLiteral("invoice\\u202efdp.exe");
        QTest::newRow("lone surrogate") << QString(QChar(0xd800)) << QStringLiteral("\\ud800");
        QTest::newRow("emoji stays")
            << QStringLiteral("ok \U0001F600") << QStringLiteral("ok \U0001F600");
    }
    void visibleText_escapesControlsAndBidi()
    {
        QFETCH(QString, in);
        QFETCH(QString, out);
        QCOMPARE(visibleText(in), out);
        QCOMPARE(isVisibleText(in), in == out);
    }

    void table_escapesCellsAndAligns()
    {
        TextTable t({QStringLiteral("ID"), QStringLiteral("MESSAGE")});
        t.addRow({QStringLiteral("a"), QStringLiteral("\x1b[2Jgone\nnext")});
        t.addRow({QStringLiteral("long-id"), QStringLiteral("é")});
        const QString text = t.render();
        QCOMPARE(text, QStringLiteral("ID       MESSAGE\n"
                                      "a        \\x1b[2Jgone next\n"
                                      "long-id  é\n"));
        QVERIFY(!text.contains(QChar(0x1b)));
    }

    void table_spilledToFile_rendersTheSame()
    {
        TextTable inMemory({QStringLiteral("N"), QStringLiteral("TEXT")});
        TextTable spilled({QStringLiteral("N"), QStringLiteral("TEXT")}, 1024);
        for (int i = 0; i < 20000; ++i) {
            const QStringList row{QString::number(i), QString(i % 37, u'x') + u'|'};
            inMemory.addRow(row);
            spilled.addRow(row);
        }
        QVERIFY(!inMemory.spilled());
        QVERIFY(spilled.spilled());
        const QString a = inMemory.render();
        QCOMPARE(spilled.render(), a);
        QCOMPARE(a.count(u'\n'), 20001);
        QVERIFY(a.startsWith(QStringLiteral("N      TEXT\n0      |\n")));
    }

    void targetFile_readsLinesCommentsAndCrLf()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("t.csv"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("kb_id,source_id\r\n# comment\r\n\r\n"
                "7c9e6679-7425-40de-944b-e07fc1f90ae7, 0f8fad5b-d9cb-469f-a165-70867728950e\r\n"
                "7c9e6679-7425-40de-944b-e07fc1f90ae7,1f8fad5b-d9cb-469f-a165-70867728950e");
        f.close();
        QString why;
        const auto targets = readTargetFile(path, &why);
        QVERIFY2(targets, qPrintable(why));
        QCOMPARE(targets->size(), 2);
        QCOMPARE(targets->at(1).sourceId, QStringLiteral("1f8fad5b-d9cb-469f-a165-70867728950e"));
    }

    void targetFile_overLongLine_failsNamingTheLine()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("t.csv"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("# fine\n");
        f.write(QByteArray(kMaxTargetLineBytes + 1, 'a'));
        f.write("\n");
        f.close();
        QString why;
        QVERIFY(!readTargetFile(path, &why));
        QVERIFY2(why.endsWith(QStringLiteral(":2: line longer than 1024 KiB")), qPrintable(why));

        // Exactly at the cap is still a line (and then a malformed one).
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(QByteArray(kMaxTargetLineBytes, 'a'));
        f.close();
        why.clear();
        QVERIFY(!readTargetFile(path, &why));
        QVERIFY2(why.endsWith(QStringLiteral(":1: expected \"kb_id,source_id\"")), qPrintable(why));
    }

    void targetFile_overTheFileCap_failsBeforeReading()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("huge.csv"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        QVERIFY(f.resize(kMaxTargetFileBytes + 1)); // sparse: no 64 MiB written
        f.close();
        QString why;
        QVERIFY(!readTargetFile(path, &why));
        QCOMPARE(why, path + QStringLiteral(" is larger than 64 MiB"));
    }

    void targetFile_devZero_failsAtOnce()
    {
        QString why;
        QVERIFY(!readTargetFile(QStringLiteral("/dev/zero"), &why));
        QCOMPARE(why, QStringLiteral("/dev/zero:1: line longer than 1024 KiB"));
    }
};

QTEST_GUILESS_MAIN(TestCliText)
#include "tst_clitext.moc"
