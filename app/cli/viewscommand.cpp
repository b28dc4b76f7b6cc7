// featherctl views and sources --view: the console's saved views (issue 11 item 8), from the
// command line. Views live next to the profiles (SavedViewStore); nothing here connects.
#include "cli/commands.h"
#include "cli/output.h"
#include "cli/table.h"
#include "config/savedviews.h"
#include "core/json.h"

#include <QJsonArray>
#include <QSet>

namespace feather::cli {

namespace {

QJsonObject viewJson(const SavedView &v, const LastRun &lastRun)
{
    QJsonObject o{{QStringLiteral("name"), v.name},
                  {QStringLiteral("builtin"), v.isBuiltin()},
                  {QStringLiteral("text"), v.text},
                  {QStringLiteral("statuses"), QJsonArray::fromStringList(v.statuses)},
                  {QStringLiteral("provider"), v.provider},
                  {QStringLiteral("stuck"), v.stuck},
                  {QStringLiteral("kbs"), QJsonArray::fromStringList(v.kbIds)},
                  {QStringLiteral("criteria"), v.criteriaText()}};
    if (v.isBuiltin())
        o.insert(QStringLiteral("key"), builtinKey(v.kind));
    if (v.kind == SavedView::Kind::FailedAgain) {
        o.insert(QStringLiteral("last_run_at"),
                 lastRun.at.isValid() ? QJsonValue(json::formatTime(lastRun.at)) : QJsonValue());
        o.insert(QStringLiteral("last_run_sources"), int(lastRun.entries.size()));
    }
    return o;
}

} // namespace

QString CommandRunner::viewScopeName() const
{
    return viewScope(m_request.profile,
                     !m_request.apiUrl.isEmpty() ? m_request.apiUrl : m_request.dbUrl);
}

void CommandRunner::runViews()
{
    SavedViewStore store;
    const QString scope = viewScopeName();
    if (!m_request.deleteView.isEmpty()) {
        if (builtinView(m_request.deleteView))
            return fail(ExitUsage, QStringLiteral("\"%1\" is a built-in view; it cannot be deleted")
                                       .arg(m_request.deleteView));
        if (!store.remove(scope, m_request.deleteView))
            return fail(ExitUsage, QStringLiteral("no saved view named \"%1\" for %2")
                                       .arg(m_request.deleteView, scope));
        if (!m_request.json)
            printOut(QStringLiteral("deleted view \"%1\"\n").arg(m_request.deleteView));
        else
            printJsonLine({{QStringLiteral("deleted"), m_request.deleteView}});
        return finish(ExitAllTriggered);
    }
    if (!m_request.saveView.isEmpty()) {
        SavedView v;
        v.name = m_request.saveView;
        v.text = m_request.text;
        v.statuses = m_request.statuses;
        v.provider = m_request.provider;
        v.stuck = m_request.stuck;
        v.kbIds = m_request.kbIds;
        const bool existed = store.view(scope, v.name).has_value();
        QString why;
        if (!store.save(scope, v, &why))
            return fail(ExitUsage, why);
        const SavedView saved = *store.view(scope, v.name);
        if (m_request.json)
            printJsonLine(viewJson(saved, {}));
        else
            printOut(QStringLiteral("%1 view \"%2\": %3\n")
                         .arg(existed ? QStringLiteral("replaced") : QStringLiteral("saved"),
                              saved.name, saved.criteriaText()));
        return finish(ExitAllTriggered);
    }
    const LastRun lastRun = store.lastRun(scope);
    QList<SavedView> all = builtinViews();
    all << store.views(scope);
    TextTable table({QStringLiteral("NAME"), QStringLiteral("KIND"), QStringLiteral("SHOWS")});
    for (const SavedView &v : std::as_const(all)) {
        if (m_request.json) {
            printJsonLine(viewJson(v, lastRun));
            continue;
        }
        QString shows = v.criteriaText();
        if (v.kind == SavedView::Kind::FailedAgain)
            shows += lastRun.at.isValid() ? QStringLiteral(" (%1 started at %2)")
                                                .arg(lastRun.entries.size())
                                                .arg(humanTime(lastRun.at))
                                          : QStringLiteral(" (no run recorded yet)");
        table.addRow(
            {v.name, v.isBuiltin() ? QStringLiteral("built-in") : QStringLiteral("saved"), shows});
    }
    if (!m_request.json)
        printOut(table.render());
    finish(ExitAllTriggered);
}

bool CommandRunner::applyView()
{
    const SavedViewStore store;
    const QString scope = viewScopeName();
    std::optional<SavedView> view = builtinView(m_request.viewName);
    if (!view)
        view = store.view(scope, m_request.viewName);
    if (!view) {
        fail(ExitUsage, QStringLiteral("no view named \"%1\" for %2 (featherctl views lists them)")
                            .arg(m_request.viewName, scope));
        return false;
    }
    m_request.kbIds = view->kbIds;
    m_request.stuck = view->stuck;
    // The statuses are checked per row (matchesView), not sent: the listing filters client-side.
    std::optional<QSet<QString>> only;
    if (view->kind == SavedView::Kind::FailedAgain) {
        const LastRun run = store.lastRun(scope);
        if (run.isEmpty())
            printErr(QStringLiteral("featherctl: no run that started a sync is recorded for %1 "
                                    "yet; the view is empty\n")
                         .arg(scope));
        const QStringList ids = run.sourceIds();
        only = QSet<QString>(ids.cbegin(), ids.cend());
        // Only the KBs the run touched are listed; none when there was no run.
        m_request.kbIds = run.kbIds();
        if (m_request.kbIds.isEmpty()) {
            m_viewMatchesNothing = true; // nothing to list: no request is made
            return true;
        }
    }
    m_rowFilter = [v = *view, only](const Source &s) {
        return matchesView(v, s) && (!only || only->contains(s.id));
    };
    return true;
}

} // namespace feather::cli
