#include "triage/signature.h"

#include <QTest>

using namespace feather;
using namespace Qt::StringLiterals;

class TestSignature final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void errorSignature_replacesVariableParts_data()
    {
        QTest::addColumn<QString>("message");
        QTest::addColumn<QString>("signature");
        QTest::newRow("single-quoted name")
            << u"Page 'Q3 plan' is no longer shared"_s << u"Page <name> is no longer shared"_s;
        QTest::newRow("double-quoted name")
            << u"Page \"Roadmap\" is no longer shared"_s << u"Page <name> is no longer shared"_s;
        QTest::newRow("curly quotes")
            << u"Drive “Legal – EU” is not shared"_s << u"Drive <name> is not shared"_s;
        QTest::newRow("single curly quotes")
            << u"Folder ‘Board packs’ was moved"_s << u"Folder <name> was moved"_s;
        QTest::newRow("backticks")
            << u"column `owner email` is missing"_s << u"column <name> is missing"_s;
        QTest::newRow("apostrophes are not quotes") << u"can't read the workspace's page 'Plan'"_s
                                                    << u"can't read the workspace's page <name>"_s;
        QTest::newRow("quoted code identifiers stay")
            << u"error 'invalid_grant' for 'userRateLimitExceeded' in 'NoneType'"_s
            << u"error 'invalid_grant' for 'userRateLimitExceeded' in 'NoneType'"_s;
        QTest::newRow("uuid") << u"job 1f0c3a52-8d3e-4c1e-9b8e-2f4a1c7d9e10 failed"_s
                              << u"job <id> failed"_s;
        QTest::newRow("upper-case uuid")
            << u"id=1F0C3A52-8D3E-4C1E-9B8E-2F4A1C7D9E10"_s << u"id=<id>"_s;
        QTest::newRow("hex token") << u"Request ID: 4442587FB7D0A2F9"_s << u"Request ID: <id>"_s;
        QTest::newRow("notion id without dashes")
            << u"block 8f14e45fceea167a5a36dedd4bea2543 missing"_s << u"block <id> missing"_s;
        QTest::newRow("base62 token")
            << u"file 1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms gone"_s << u"file <id> gone"_s;
        QTest::newRow("arn") << u"denied on arn:aws:s3:::acme-kb-docs/handbook"_s
                             << u"denied on <id>"_s;
        QTest::newRow("long words stay")
            << u"insufficientFilePermissions and userRateLimitExceeded"_s
            << u"insufficientFilePermissions and userRateLimitExceeded"_s;
        QTest::newRow("numbers") << u"stopped at 10,000 pages after 5 retries and 1.5 s"_s
                                 << u"stopped at <n> pages after <n> retries and <n> s"_s;
        QTest::newRow("number with unit") << u"timed out after 30s"_s << u"timed out after <n>s"_s;
        QTest::newRow("digits inside words stay")
            << u"s3:ListBucket on Q3 via v2 in ec2"_s << u"s3:ListBucket on Q3 via v2 in ec2"_s;
        QTest::newRow("url") << u"GET https://docs.acme.com/sitemap.xml?x=1, then stop"_s
                             << u"GET <url>, then stop"_s;
        QTest::newRow("s3 uri") << u"cannot list s3://acme-kb-docs/handbook/"_s
                                << u"cannot list <url>"_s;
        QTest::newRow("host") << u"TLS handshake with help.acme.com failed"_s
                              << u"TLS handshake with <host> failed"_s;
        QTest::newRow("host with port")
            << u"connect to db.acme.internal:5432 refused"_s << u"connect to <host> refused"_s;
        QTest::newRow("host with path")
            << u"crawl of wiki.acme.com/public stopped"_s << u"crawl of <url> stopped"_s;
        QTest::newRow("ipv4") << u"Connection refused: 10.20.30.40:8443"_s
                              << u"Connection refused: <host>"_s;
        QTest::newRow("email") << u"user maria.lopez+kb@acme.co.uk has no access"_s
                               << u"user <email> has no access"_s;
        QTest::newRow("absolute path")
            << u"cannot open /var/lib/feather/cache/x.db"_s << u"cannot open <path>"_s;
        QTest::newRow("s3 key") << u"NoSuchKey: reports/2024/q3-board.pdf"_s
                                << u"NoSuchKey: <path>"_s;
        QTest::newRow("dir and file") << u"skipped handbook/intro.md"_s << u"skipped <path>"_s;
        QTest::newRow("file name")
            << u"could not parse Budget_final.xlsx"_s << u"could not parse <path>"_s;
        QTest::newRow("read/write is no path")
            << u"read/write access needed"_s << u"read/write access needed"_s;
        QTest::newRow("iso time") << u"failed at 2024-05-14T08:12:31.250Z, retry"_s
                                  << u"failed at <time>, retry"_s;
        QTest::newRow("iso time with offset")
            << u"since 2024-05-14 08:12:31+02:00"_s << u"since <time>"_s;
        QTest::newRow("date") << u"expired on 2024-05-14"_s << u"expired on <time>"_s;
        QTest::newRow("http date")
            << u"retry after Tue, 14 May 2024 08:12:31 GMT"_s << u"retry after <time>"_s;
        QTest::newRow("clock time")
            << u"window closed at 08:12 UTC"_s << u"window closed at <time>"_s;
        QTest::newRow("slash date") << u"token expired 14/05/2024"_s << u"token expired <time>"_s;
        QTest::newRow("http status stays")
            << u"Notion API returned 401 Unauthorized after 3 tries"_s
            << u"Notion API returned 401 Unauthorized after <n> tries"_s;
        QTest::newRow("status in parentheses stays")
            << u"rate limit exceeded (429) after 5 retries"_s
            << u"rate limit exceeded (429) after <n> retries"_s;
        QTest::newRow("count in parentheses goes")
            << u"crawl stopped (500 pages)"_s << u"crawl stopped (<n> pages)"_s;
        QTest::newRow("whitespace collapsed")
            << u"  line one\n\tline   two  "_s << u"line one line two"_s;
        QTest::newRow("empty") << QString() << QString();
    }
    void errorSignature_replacesVariableParts()
    {
        QFETCH(QString, message);
        QFETCH(QString, signature);
        QCOMPARE(errorSignature(message), signature);
    }

    void errorSignature_sameForMessagesThatDifferOnlyInNames()
    {
        QCOMPARE(errorSignature(u"Page 'Q3 plan' is no longer shared"_s),
                 errorSignature(u"Page 'Roadmap' is no longer shared"_s));
        QVERIFY(errorSignature(u"Notion API returned 401 Unauthorized"_s)
                != errorSignature(u"Notion API returned 403 Forbidden"_s));
    }

    void errorSignature_capsLongMessages()
    {
        const QString message = u"Traceback: "_s + QString(1000, u'x');
        const QString signature = errorSignature(message);
        QCOMPARE(signature.size(), kMaxSignatureLength);
        QVERIFY(signature.endsWith(u'…'));
        QVERIFY(signature.startsWith(u"Traceback: xxx"_s));
    }

    void httpStatusInMessage_findsNamedStatuses_data()
    {
        QTest::addColumn<QString>("message");
        QTest::addColumn<int>("status"); // 0: none
        QTest::newRow("returned") << u"Notion API returned 401 Unauthorized"_s << 401;
        QTest::newRow("parentheses") << u"rate limit exceeded (429) after 5 retries"_s << 429;
        QTest::newRow("parentheses with reason")
            << u"insufficient permissions (403 insufficientFilePermissions)"_s << 403;
        QTest::newRow("reason phrase") << u"upstream said 503 Service Unavailable"_s << 503;
        QTest::newRow("HTTP") << u"HTTP 502 from the gateway"_s << 502;
        QTest::newRow("HTTP/1.1") << u"HTTP/1.1 504 Gateway Timeout"_s << 504;
        QTest::newRow("status code") << u"Request failed with status code 500"_s << 500;
        QTest::newRow("status=") << u"status=429 retry later"_s << 429;
        QTest::newRow("aws status code") << u"(Service: Amazon S3; Status Code: 403)"_s << 403;
        QTest::newRow("python urllib") << u"HTTP Error 404: Not Found"_s << 404;
        QTest::newRow("first wins") << u"returned 429, then returned 503"_s << 429;
        QTest::newRow("count in parentheses") << u"crawl stopped (500 pages)"_s << 0;
        QTest::newRow("plain number") << u"indexed 404 documents"_s << 0;
        QTest::newRow("2xx is not an error") << u"returned 200 OK"_s << 0;
        QTest::newRow("page limit") << u"Crawl stopped at the 10,000 page limit"_s << 0;
        QTest::newRow("none") << u"TLS handshake failed"_s << 0;
    }
    void httpStatusInMessage_findsNamedStatuses()
    {
        QFETCH(QString, message);
        QFETCH(int, status);
        QCOMPARE(httpStatusInMessage(message).value_or(0), status);
    }
};

QTEST_GUILESS_MAIN(TestSignature)
#include "tst_signature.moc"
