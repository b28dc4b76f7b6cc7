// Memory of the console's source table loaded with N sources, next to the anchor's (issue 12:
// RSS <= 150 MB at 100,000 sources). Each side runs in a process of its own (this program,
// started again with the side and size), so one side's heap never counts for the other; the
// figure is the peak resident set (VmHWM) once every row is in and the table painted.
#include "api/apiparse.h"
#include "bench/models/benchtables.h"
#include "bench/models/synthetic.h"
#include "core/json.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <algorithm>
#include <cstdio>

using namespace Qt::StringLiterals;
using namespace feather;
using namespace feather::bench;

namespace {
// The rows as the console holds them: every synthetic row written as the API's JSON and read
// back by the API client's own parser, page by page (so each string is the parser's, interned
// where the parser interns, for both sides alike).
QList<QList<Source>> parsedPages(int size)
{
    QList<QList<Source>> pages;
    SyntheticSources synthetic;
    for (int i = 0; i < size; i += pageSize) {
        QJsonArray items;
        for (const Source &s : synthetic.next(std::min(pageSize, size - i)))
            items.append(json::toJson(s));
        // Through bytes, as a reply arrives: nothing shared with the synthetic rows.
        const QJsonArray parsed =
            QJsonDocument::fromJson(QJsonDocument(items).toJson(QJsonDocument::Compact)).array();
        QList<Source> page;
        page.reserve(parsed.size());
        for (const QJsonValue &v : parsed) {
            if (std::optional<Source> s = api::parseSource(v.toObject(), nullptr))
                page.append(std::move(*s));
        }
        pages.append(page);
    }
    return pages;
}

qint64 statusKb(const QByteArray &key)
{
    QFile f(u"/proc/self/status"_s);
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n')) {
        if (line.startsWith(QByteArray(key + ':')))
            return line.mid(key.size() + 1).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

// One side: load, paint, print "VmHWM VmRSS" in KiB.
int runSide(const QString &side, int size)
{
    const QHash<QString, QString> kbNames = syntheticKbNames();
    std::unique_ptr<BenchTable> table;
    if (side == u"project"_s)
        table = std::make_unique<ProjectTable>(kbNames);
    else
        table = std::make_unique<AnchorTable>(kbNames);
    {
        // Held until every row has landed, as a listing's future holds its pages.
        const QList<QList<Source>> pages = parsedPages(size);
        table->loadAll(pages);
        while (!table->loadDone())
            QCoreApplication::processEvents();
    }
    table->paint();
    if (table->visibleRows() != size)
        return 1;
    std::printf("%lld %lld\n", statusKb("VmHWM"), statusKb("VmRSS"));
    return 0;
}

double peakMb(const QString &side, int size)
{
    QProcess p;
    p.start(QCoreApplication::applicationFilePath(), {side, QString::number(size)});
    if (!p.waitForFinished(600'000) || p.exitCode() != 0)
        return -1;
    return QString::fromLatin1(p.readAllStandardOutput()).split(u' ').value(0).toDouble() / 1024.0;
}
} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    const QStringList args = QCoreApplication::arguments();
    if (args.size() == 3)
        return runSide(args[1], args[2].toInt());
    const QString sizes = qEnvironmentVariable("FEATHER_BENCH_SIZES", u"10000,100000"_s);
    for (const QString &s : sizes.split(u',', Qt::SkipEmptyParts)) {
        const int size = s.trimmed().toInt();
        const double project = peakMb(u"project"_s, size);
        const double anchor = peakMb(u"anchor"_s, size);
        if (project <= 0 || anchor <= 0) {
            std::fprintf(stderr, "bench_rss: a side failed at %d rows\n", size);
            return 1;
        }
        // The same line format as the time benchmarks; the figures are MiB, not ms.
        std::printf("FEATHER_BENCH\tRSS loaded (MiB)\t%d\t%.1f\t%.1f\n", size, project, anchor);
    }
    return 0;
}
