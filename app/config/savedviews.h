#pragma once

#include "core/types.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

class QSettings;

namespace feather {

// A named filter set over the source table (issue 11 item 8): what the console's filter bar and
// KB selection hold, and what `featherctl sources --view NAME` applies. Empty criteria match
// everything, as in the console.
struct SavedView {
    // Built-ins are computed, never stored: their criteria follow the data ("Failed again in my
    // last run" is the sources of the newest recorded run whose status is now error).
    enum class Kind { Custom, Errored, Stuck, FailedAgain };
    Kind kind = Kind::Custom;
    QString name;
    QString text;         // free text, as typed in the filter field
    QStringList statuses; // raw server statuses, sorted
    QString provider;
    bool stuck = false;
    QStringList kbIds; // sorted; empty = every KB

    bool isBuiltin() const { return kind != Kind::Custom; }
    // "text=…, status=error, …" for listings; "any source" when it has no criterion.
    QString criteriaText() const;
    friend bool operator==(const SavedView &, const SavedView &) = default;
};

// Whether `source` passes the view's text, status, provider and KB criteria, as the console's
// filter does (text: case-insensitive, in nickname, source id, provider, KB id, `kbName` and last
// job id). Not `stuck` (aging a sync needs the server's clock) nor the last run's sources: the
// caller applies those.
bool matchesView(const SavedView &view, const Source &source, const QString &kbName = {});

// The three built-ins, in menu order. Their names are English and stable (featherctl takes them,
// `featherctl views` lists them); the console shows them translated.
QList<SavedView> builtinViews();
// The built-in `name` refers to, matched case-insensitively on its name or its short key
// ("errored", "stuck", "failed-again").
std::optional<SavedView> builtinView(const QString &name);
QString builtinKey(SavedView::Kind kind); // "errored" | "stuck" | "failed-again" | ""

// The sources whose sync this user's newest run started, for "Failed again in my last run".
struct LastRun {
    QDateTime at; // UTC, when the run finished
    struct Entry {
        QString kbId;
        QString sourceId;
        QString jobId;
    };
    QList<Entry> entries;
    bool isEmpty() const { return entries.isEmpty(); }
    QStringList sourceIds() const;
    QStringList kbIds() const; // distinct, sorted
};
// A finished run's rows, reduced to those that started (or found) a sync job.
LastRun lastRunFrom(const QList<TriggerResult> &results, const QDateTime &at);

// Views are kept per scope: the profile's name, or for an unnamed connection (featherctl
// --api-url / --db) its target with any user-info removed.
QString viewScope(const QString &profileName, const QString &target);

// Saved views and the last run, in QSettings (group "views"), next to the profiles. Holds no
// credential: a view's criteria are filter values only.
class SavedViewStore final {
public:
    // `settings` is not owned; null uses QSettings() with the application's identity.
    explicit SavedViewStore(QSettings *settings = nullptr);
    ~SavedViewStore();
    SavedViewStore(const SavedViewStore &) = delete;
    SavedViewStore &operator=(const SavedViewStore &) = delete;

    // The scope's own views, sorted by name (case-insensitively).
    QList<SavedView> views(const QString &scope) const;
    std::optional<SavedView> view(const QString &scope, const QString &name) const;
    // Adds or replaces (same name, case-insensitively) a custom view. A name that is empty,
    // longer than 64 characters, has control characters or is a built-in's name is refused
    // with a one-line reason and nothing is written.
    bool save(const QString &scope, const SavedView &view, QString *why);
    bool remove(const QString &scope, const QString &name);
    // Moves or drops a scope's views and last run with its profile.
    void renameScope(const QString &from, const QString &to);
    void removeScope(const QString &scope);

    LastRun lastRun(const QString &scope) const;
    void setLastRun(const QString &scope, const LastRun &run);

    // Why `name` cannot name a custom view; empty when it can.
    static QString nameProblem(const QString &name);

private:
    void writeViews(const QString &scope, const QList<SavedView> &views);

    QSettings *m_settings;
    bool m_owned;
};

} // namespace feather
