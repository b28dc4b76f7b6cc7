// featherctl kbs and sources: listings that stream and never pass off part of a list as all.
#include "cli/commands.h"
#include "cli/jsonlines.h"
#include "cli/output.h"
#include "cli/pagestream.h"
#include "cli/table.h"
#include "core/json.h"

#include <QElapsedTimer>
#include <QHash>
#include <QJsonArray>

namespace feather::cli {

namespace {

QString countsText(const QMap<QString, int> &counts)
{
    QStringList parts;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it)
        parts << QStringLiteral("%1 %2").arg(it.key()).arg(it.value());
    return parts.join(QStringLiteral(", "));
}

// "listing sources: 12400" on a terminal's stderr, at most four times a second.
class ListingProgress {
public:
    explicit ListingProgress(bool on)
        : m_on(on)
    {
        m_timer.start();
    }
    void rows(qint64 n)
    {
        if (!m_on || m_timer.elapsed() < 250)
            return;
        m_timer.restart();
        m_shown = true;
        printErr(QStringLiteral("\rlisting sources: %1").arg(n));
    }
    void clear()
    {
        if (m_shown)
            printErr(QStringLiteral("\r%1\r").arg(QString(40, u' ')));
        m_shown = false;
    }

private:
    bool m_on;
    bool m_shown = false;
    QElapsedTimer m_timer;
};

} // namespace

void CommandRunner::listingFailed(const Error &error, qint64 rows)
{
    // The rows received so far are not the whole list. A table is never printed then; under
    // --json a final error object says so, and a distinct exit status (3) tells a pipeline
    // that what it read is incomplete rather than empty or whole.
    if (m_request.json && rows > 0) {
        printJsonLine({{QStringLiteral("error"), toString(error.outcome)},
                       {QStringLiteral("message"), error.message},
                       {QStringLiteral("http_status"), error.httpStatus},
                       {QStringLiteral("partial"), true},
                       {QStringLiteral("rows"), rows}});
    }
    QString reason = toString(error.outcome);
    if (error.httpStatus)
        reason += QStringLiteral(" (HTTP %1)").arg(error.httpStatus);
    reason += QStringLiteral(": ") + error.message;
    if (rows == 0)
        return fail(ExitSomeFailed, reason);
    reason +=
        m_request.json
            ? QStringLiteral(" (listing incomplete after %1 rows)").arg(rows)
            : QStringLiteral(" (listing incomplete after %1 rows; no table printed)").arg(rows);
    fail(ExitListingIncomplete, reason);
}

void CommandRunner::runKbs()
{
    m_backend->listKnowledgeBases().then(this, [this](const KnowledgeBasesResult &r) {
        if (!r.ok())
            return listingFailed(*r.error, 0);
        if (m_request.counts && !r.value.isEmpty())
            return countSources(r.value);
        printKbs(r.value, {});
    });
}

// kbs --counts: one full listing of every KB's sources, counted by status as the pages stream
// (nothing but the counts is kept).
void CommandRunner::countSources(const QList<KnowledgeBase> &kbs)
{
    auto counts = std::make_shared<QHash<QString, QMap<QString, int>>>();
    auto progress = std::make_shared<ListingProgress>(stderrIsTerminal());
    auto seen = std::make_shared<qint64>(0);
    // The KBs are known: naming them saves listSources walking the KB pages a second time.
    QStringList ids;
    ids.reserve(kbs.size());
    for (const KnowledgeBase &kb : kbs)
        ids << kb.id;
    new PageStream(
        m_backend->listSources(SourceQuery{ids, {}}),
        [counts, progress, seen](QList<Source> &&page) {
            for (const Source &s : page)
                ++(*counts)[s.knowledgeBaseId][s.status];
            *seen += page.size();
            progress->rows(*seen);
            return true;
        },
        [this, kbs, counts, progress](const std::optional<Error> &error) {
            progress->clear();
            if (error)
                return listingFailed(*error, 0);
            printKbs(kbs, *counts);
        },
        this);
}

void CommandRunner::printKbs(const QList<KnowledgeBase> &kbs,
                             const QHash<QString, QMap<QString, int>> &counts)
{
    const bool withCounts = m_request.counts;
    QStringList headers{QStringLiteral("ID"), QStringLiteral("NAME"), QStringLiteral("DOCUMENTS")};
    if (withCounts)
        headers << QStringLiteral("SOURCES") << QStringLiteral("BY STATUS");
    TextTable table(headers);
    for (const KnowledgeBase &kb : kbs) {
        const QMap<QString, int> byStatus = counts.value(kb.id);
        int total = 0;
        for (const int n : byStatus)
            total += n;
        if (m_request.json) {
            QJsonObject o = json::toJson(kb);
            // Counts are only printed when they were counted (--counts); a 0 would be a lie.
            o.remove(QStringLiteral("source_count"));
            o.remove(QStringLiteral("source_status_counts"));
            if (withCounts) {
                QJsonObject statuses;
                for (auto it = byStatus.cbegin(); it != byStatus.cend(); ++it)
                    statuses.insert(it.key(), it.value());
                o.insert(QStringLiteral("source_count"), total);
                o.insert(QStringLiteral("source_status_counts"), statuses);
            }
            printJsonLine(o);
            continue;
        }
        QStringList row{kb.id, kb.name, QString::number(kb.documentCount)};
        if (withCounts)
            row << QString::number(total) << countsText(byStatus);
        table.addRow(row);
    }
    if (!m_request.json) {
        QString why;
        if (!table.write(&why))
            return fail(ExitSomeFailed, why);
    }
    finish(stdoutBroken() ? ExitSomeFailed : ExitAllTriggered);
}

void CommandRunner::runSources()
{
    if (!m_request.viewName.isEmpty() && !applyView())
        return;
    if (m_viewMatchesNothing)
        return finish(ExitAllTriggered); // applyView said why on stderr
    if (m_request.stuck)
        return runStuckSources();
    // --json rows go out as each page arrives (one write per page). The table needs its column
    // widths, so it is spooled (table.h) and printed once the listing is complete.
    std::shared_ptr<TextTable> table;
    if (!m_request.json)
        table = std::make_shared<TextTable>(QStringList{
            QStringLiteral("ID"), QStringLiteral("KB"), QStringLiteral("PROVIDER"),
            QStringLiteral("NICKNAME"), QStringLiteral("STATUS"), QStringLiteral("LAST JOB"),
            QStringLiteral("UPDATED"), QStringLiteral("LAST ERROR")});
    auto progress = std::make_shared<ListingProgress>(table && stderrIsTerminal());
    auto rows = std::make_shared<qint64>(0);
    new PageStream(
        m_backend->listSources(SourceQuery{m_request.kbIds, m_request.statuses}),
        [this, table, progress, rows](QList<Source> &&page) {
            if (m_rowFilter)
                page.removeIf([this](const Source &s) { return !m_rowFilter(s); });
            *rows += page.size();
            if (!table) {
                QByteArray out;
                out.reserve(page.size() * 600);
                for (const Source &s : page)
                    appendSourceJsonLine(out, s);
                appendOut(out);
                flushOut(); // a pipe sees each page as it arrives
                return !stdoutBroken();
            }
            QByteArray updated;
            for (const Source &s : page) {
                table->beginRow();
                table->addCell(s.id);
                table->addCell(s.knowledgeBaseId);
                table->addCell(s.provider);
                table->addCell(s.connectionNickname);
                table->addCell(s.status);
                table->addCell(s.lastSyncJobId);
                updated.resize(0);
                appendHumanTime(updated, s.updatedAt);
                table->addCell(QByteArrayView(updated));
                table->addCell(s.lastErrorMessage);
                table->endRow();
            }
            progress->rows(*rows);
            return true;
        },
        [this, table, progress, rows](const std::optional<Error> &error) {
            progress->clear();
            if (error)
                return listingFailed(*error, *rows);
            QString why;
            if (table && !table->write(&why))
                return fail(ExitSomeFailed, why);
            finish(stdoutBroken() ? ExitSomeFailed : ExitAllTriggered);
        },
        this);
}

} // namespace feather::cli
