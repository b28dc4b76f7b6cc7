// featherctl triage and resync --all --fixable (issue 15): errored sources grouped by cause,
// through the same triage library (app/triage) the console uses.
#include "cli/commands.h"
#include "cli/output.h"
#include "cli/pagestream.h"
#include "cli/table.h"
#include "triage/triage.h"

#include <QJsonArray>

namespace feather::cli {

namespace {

// "Marketing (12), Support (3), +2 more"
QString kbsText(const QList<KbCount> &perKb)
{
    QStringList parts;
    for (qsizetype i = 0; i < perKb.size() && i < 3; ++i) {
        const QString name = perKb[i].kbName.isEmpty() ? perKb[i].kbId : perKb[i].kbName;
        parts << QStringLiteral("%1 (%2)").arg(name).arg(perKb[i].count);
    }
    if (perKb.size() > 3)
        parts << QStringLiteral("+%1 more").arg(perKb.size() - 3);
    return parts.join(QStringLiteral(", "));
}

QJsonArray toJsonArray(const QStringList &list)
{
    QJsonArray a;
    for (const QString &s : list)
        a.append(s);
    return a;
}

QJsonObject causeJson(const CauseGroup &g)
{
    QJsonArray kbs;
    for (const KbCount &k : g.perKb)
        kbs.append(QJsonObject{{QStringLiteral("kb_id"), k.kbId},
                               {QStringLiteral("name"), k.kbName},
                               {QStringLiteral("count"), k.count}});
    QJsonArray signatures;
    QJsonArray sources;
    for (const SignatureGroup &sig : g.signatures) {
        signatures.append(QJsonObject{{QStringLiteral("signature"), sig.signature},
                                      {QStringLiteral("count"), sig.count()},
                                      {QStringLiteral("example"), sig.exampleMessage},
                                      {QStringLiteral("providers"), toJsonArray(sig.providers)}});
        for (const ErroredSource &s : sig.sources)
            sources.append(QJsonObject{{QStringLiteral("kb_id"), s.kbId},
                                       {QStringLiteral("source_id"), s.sourceId},
                                       {QStringLiteral("provider"), s.provider}});
    }
    return QJsonObject{
        {QStringLiteral("cause"), g.cause.id},
        {QStringLiteral("title"), g.cause.title},
        {QStringLiteral("action"), toString(g.cause.action)},
        {QStringLiteral("fixable"), isFixable(g.cause.action)},
        {QStringLiteral("count"), g.count},
        {QStringLiteral("providers"), toJsonArray(g.providers)},
        {QStringLiteral("kbs"), kbs},
        {QStringLiteral("example"),
         g.signatures.isEmpty() ? QString() : g.signatures.first().exampleMessage},
        {QStringLiteral("signatures"), signatures},
        {QStringLiteral("sources"), sources},
    };
}

// "412 errored sources: 230 a resync can fix (resync 180, wait and resync 50), 170 need
// something else (re-authorise 120, fix configuration 50), 12 unrecognised"
QString triageSummary(const TriageReport &report)
{
    std::array<int, TriageActionCount> byAction{};
    for (const CauseGroup &g : report.causes)
        byAction[std::size_t(g.cause.action)] += g.count;
    const auto n = [&byAction](TriageAction a) { return byAction[std::size_t(a)]; };
    const int notFixable = n(TriageAction::Reauthorise) + n(TriageAction::FixConfiguration);
    return QStringLiteral("%1 errored source%2: %3 a resync can fix (resync %4, wait and resync "
                          "%5), %6 need something else (re-authorise %7, fix configuration %8), "
                          "%9 unrecognised\n")
        .arg(report.total)
        .arg(report.total == 1 ? QString() : QStringLiteral("s"))
        .arg(report.fixableCount)
        .arg(n(TriageAction::Resync))
        .arg(n(TriageAction::WaitAndResync))
        .arg(notFixable)
        .arg(n(TriageAction::Reauthorise))
        .arg(n(TriageAction::FixConfiguration))
        .arg(n(TriageAction::Unknown));
}

} // namespace

// Lists the KBs (for their names) and then their sources, keeping only the errored ones.
void CommandRunner::collectErrored(std::function<void(const QList<ErroredSource> &errored)> done)
{
    m_backend->listKnowledgeBases().then(this, [this, done](const KnowledgeBasesResult &kbs) {
        if (!kbs.ok())
            return listingFailed(*kbs.error, 0);
        auto names = std::make_shared<QHash<QString, QString>>();
        for (const KnowledgeBase &kb : kbs.value)
            names->insert(kb.id, kb.name);
        auto errored = std::make_shared<QList<ErroredSource>>();
        auto rows = std::make_shared<qint64>(0);
        new PageStream(
            m_backend->listSources(SourceQuery{m_request.kbIds, {}}),
            [names, errored, rows](QList<Source> &&page) {
                *rows += page.size();
                *errored += erroredSources(page, *names);
                return true;
            },
            [this, done, errored, rows](const std::optional<Error> &error) {
                // A triage of part of the sources would undercount every cause: nothing then.
                if (error)
                    return listingFailed(*error, 0);
                fillMessages(errored, done);
            },
            this);
    });
}

// The documented SourceResponse has no last error (API mode lists sources without one), so
// each errored source without a message gets one documented read, GET …/sync/status
// (error_message), at most --concurrency at a time. A read that fails leaves the message empty:
// that source is then triaged as unknown, never dropped.
void CommandRunner::fillMessages(std::shared_ptr<QList<ErroredSource>> errored,
                                 std::function<void(const QList<ErroredSource> &errored)> done)
{
    auto pending = std::make_shared<QList<qsizetype>>();
    for (qsizetype i = 0; i < errored->size(); ++i) {
        if (errored->at(i).message.isEmpty())
            pending->append(i);
    }
    if (pending->isEmpty())
        return done(*errored);
    auto running = std::make_shared<int>(0);
    auto next = std::make_shared<std::function<void()>>();
    *next = [this, errored, done, pending, running, next] {
        if (pending->isEmpty()) {
            if (*running == 0) {
                done(*errored);
                *next = nullptr; // breaks the self-reference
            }
            return;
        }
        const qsizetype i = pending->takeFirst();
        ++*running;
        m_backend->syncStatus(errored->at(i).kbId, errored->at(i).sourceId)
            .then(this, [errored, running, next, i](const SyncStatusResult &r) {
                --*running;
                if (r.ok())
                    (*errored)[i].message = r.value.errorMessage;
                const std::function<void()> again = *next; // a copy: *next may reset itself
                if (again)
                    again();
            });
    };
    for (int w = 0; w < std::max(1, m_request.concurrency) && !pending->isEmpty(); ++w)
        (*next)();
}

void CommandRunner::runTriage()
{
    collectErrored([this](const QList<ErroredSource> &errored) {
        const TriageReport report = triage(errored);
        if (m_request.json) {
            for (const CauseGroup &g : report.causes)
                printJsonLine(causeJson(g));
            printErr(triageSummary(report));
            return finish(ExitAllTriggered);
        }
        TextTable table({QStringLiteral("CAUSE"), QStringLiteral("ACTION"), QStringLiteral("COUNT"),
                         QStringLiteral("KBS"), QStringLiteral("EXAMPLE")});
        for (const CauseGroup &g : report.causes)
            table.addRow(
                {g.cause.title, displayName(g.cause.action), QString::number(g.count),
                 kbsText(g.perKb),
                 g.signatures.isEmpty() ? QString() : g.signatures.first().exampleMessage});
        QString why;
        if (!report.causes.isEmpty() && !table.write(&why))
            return fail(ExitSomeFailed, why);
        printOut(triageSummary(report));
        if (report.fixableCount > 0)
            printOut(QStringLiteral("resync the %1 a resync can fix: featherctl … resync --all "
                                    "--fixable%2\n")
                         .arg(report.fixableCount)
                         .arg(m_request.kbIds.isEmpty() ? QString() : QStringLiteral(" --kb ID")));
        finish(ExitAllTriggered);
    });
}

// resync --all --fixable: the errored sources whose cause a resync is likely to fix, plain
// `resync` causes first, then `wait_and_resync` ones (the engine paces those with the server's
// 429s). Everything else is left alone and counted on stderr.
void CommandRunner::resyncFixable()
{
    collectErrored([this](const QList<ErroredSource> &errored) {
        QList<TriggerTarget> now;
        QList<TriggerTarget> later;
        for (const ErroredSource &s : fixableSources(errored)) {
            const bool wait = classify(s).cause.action == TriageAction::WaitAndResync;
            (wait ? later : now) << TriggerTarget{s.kbId, s.sourceId, {}};
        }
        const qsizetype skipped = errored.size() - now.size() - later.size();
        printErr(QStringLiteral("%1 errored source%2: resyncing %3 (resync %4, wait and resync "
                                "%5); leaving %6 a resync will not fix (see featherctl triage)\n")
                     .arg(errored.size())
                     .arg(errored.size() == 1 ? QString() : QStringLiteral("s"))
                     .arg(now.size() + later.size())
                     .arg(now.size())
                     .arg(later.size())
                     .arg(skipped));
        if (now.isEmpty() && later.isEmpty())
            return fail(ExitSomeFailed,
                        QStringLiteral("no errored source has a cause a resync can fix"));
        resyncTargets(now + later);
    });
}

} // namespace feather::cli
