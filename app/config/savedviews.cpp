#include "config/savedviews.h"

#include "config/auditlog.h"
#include "config/privatefiles.h"

#include <QSettings>
#include <QUrl>
#include <algorithm>

using namespace Qt::StringLiterals;

namespace feather {

namespace {

constexpr int kMaxNameLength = 64;

QStringList sortedUnique(QStringList list)
{
    list.removeAll(QString());
    list.sort();
    list.removeDuplicates();
    return list;
}

// QSettings treats '/' and '\' in a key as group separators: a scope ("sandbox/eu", a URL)
// becomes one opaque key.
QString encodedScope(const QString &scope)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(scope));
}

QString scopeKey(const QString &scope)
{
    return u"views/"_s + encodedScope(scope);
}

QString lastRunKey(const QString &scope)
{
    return u"lastRun/"_s + encodedScope(scope);
}

bool sameName(const QString &a, const QString &b)
{
    return a.compare(b, Qt::CaseInsensitive) == 0;
}

} // namespace

QString SavedView::criteriaText() const
{
    QStringList parts;
    if (!text.isEmpty())
        parts << u"text=\""_s + text + u'"';
    if (!statuses.isEmpty())
        parts << u"status="_s + statuses.join(u',');
    if (!provider.isEmpty())
        parts << u"provider="_s + provider;
    if (stuck)
        parts << u"stuck"_s;
    if (!kbIds.isEmpty())
        parts << u"kb="_s + kbIds.join(u',');
    if (kind == Kind::FailedAgain)
        parts << u"sources of the last run"_s;
    return parts.isEmpty() ? u"any source"_s : parts.join(u", "_s);
}

bool matchesView(const SavedView &view, const Source &source, const QString &kbName)
{
    if (!view.kbIds.isEmpty() && !view.kbIds.contains(source.knowledgeBaseId))
        return false;
    if (!view.statuses.isEmpty() && !view.statuses.contains(source.status))
        return false;
    if (!view.provider.isEmpty() && source.provider != view.provider)
        return false;
    const QString text = view.text.trimmed();
    if (text.isEmpty())
        return true;
    for (const QString *field : {&source.connectionNickname, &source.id, &source.provider,
                                 &source.knowledgeBaseId, &kbName, &source.lastSyncJobId}) {
        if (field->contains(text, Qt::CaseInsensitive))
            return true;
    }
    return false;
}

QString builtinKey(SavedView::Kind kind)
{
    switch (kind) {
    case SavedView::Kind::Custom:
        return {};
    case SavedView::Kind::Errored:
        return u"errored"_s;
    case SavedView::Kind::Stuck:
        return u"stuck"_s;
    case SavedView::Kind::FailedAgain:
        return u"failed-again"_s;
    }
    return {};
}

QList<SavedView> builtinViews()
{
    SavedView errored;
    errored.kind = SavedView::Kind::Errored;
    errored.name = u"Errored"_s;
    errored.statuses = {u"error"_s};
    SavedView stuck;
    stuck.kind = SavedView::Kind::Stuck;
    stuck.name = u"Stuck"_s;
    stuck.stuck = true;
    // Its sources come from the last run (LastRun); of those, the ones in error now.
    SavedView failedAgain;
    failedAgain.kind = SavedView::Kind::FailedAgain;
    failedAgain.name = u"Failed again in my last run"_s;
    failedAgain.statuses = {u"error"_s};
    return {errored, stuck, failedAgain};
}

std::optional<SavedView> builtinView(const QString &name)
{
    const QString wanted = name.trimmed();
    for (const SavedView &v : builtinViews()) {
        if (sameName(v.name, wanted) || sameName(builtinKey(v.kind), wanted))
            return v;
    }
    return std::nullopt;
}

QStringList LastRun::sourceIds() const
{
    QStringList out;
    out.reserve(entries.size());
    for (const Entry &e : entries)
        out << e.sourceId;
    return out;
}

QStringList LastRun::kbIds() const
{
    QStringList out;
    for (const Entry &e : entries)
        out << e.kbId;
    return sortedUnique(out);
}

LastRun lastRunFrom(const QList<TriggerResult> &results, const QDateTime &at)
{
    // Only syncs this run started: a source it skipped (already syncing, not eligible, failed
    // to trigger) did not "fail again" because of the run.
    LastRun run;
    run.at = at.toUTC();
    for (const TriggerResult &r : results) {
        if (r.outcome == Outcome::Triggered)
            run.entries.append({r.target.kbId, r.target.sourceId, r.jobId});
    }
    return run;
}

QString viewScope(const QString &profileName, const QString &target)
{
    if (!profileName.isEmpty())
        return profileName;
    return u"target:"_s + AuditLog::sanitizeTarget(target);
}

SavedViewStore::SavedViewStore(QSettings *settings)
    : m_settings(settings ? settings : new QSettings())
    , m_owned(settings == nullptr)
{
    QString ignored;
    if (m_owned)
        makePrivateFileIn(m_settings->fileName(), &ignored);
}

SavedViewStore::~SavedViewStore()
{
    if (m_owned)
        delete m_settings;
}

QString SavedViewStore::nameProblem(const QString &name)
{
    const QString trimmed = name.trimmed();
    if (trimmed.isEmpty())
        return u"a view needs a name"_s;
    if (trimmed.size() > kMaxNameLength)
        return u"a view name has at most %1 characters"_s.arg(kMaxNameLength);
    if (std::any_of(trimmed.cbegin(), trimmed.cend(),
                    [](QChar c) { return c.category() == QChar::Other_Control; }))
        return u"a view name cannot contain control characters"_s;
    if (const auto builtin = builtinView(trimmed))
        return u"\"%1\" is a built-in view"_s.arg(builtin->name);
    return {};
}

QList<SavedView> SavedViewStore::views(const QString &scope) const
{
    QList<SavedView> out;
    const int n = m_settings->beginReadArray(scopeKey(scope));
    for (int i = 0; i < n; ++i) {
        m_settings->setArrayIndex(i);
        SavedView v;
        v.name = m_settings->value(u"name"_s).toString();
        v.text = m_settings->value(u"text"_s).toString();
        v.statuses = sortedUnique(m_settings->value(u"statuses"_s).toStringList());
        v.provider = m_settings->value(u"provider"_s).toString();
        v.stuck = m_settings->value(u"stuck"_s).toBool();
        v.kbIds = sortedUnique(m_settings->value(u"kbs"_s).toStringList());
        // A hand-edited file may hold anything: what could not have been saved is not offered.
        if (nameProblem(v.name).isEmpty())
            out << v;
    }
    m_settings->endArray();
    std::sort(out.begin(), out.end(), [](const SavedView &a, const SavedView &b) {
        return a.name.compare(b.name, Qt::CaseInsensitive) < 0;
    });
    return out;
}

std::optional<SavedView> SavedViewStore::view(const QString &scope, const QString &name) const
{
    for (const SavedView &v : views(scope)) {
        if (sameName(v.name, name.trimmed()))
            return v;
    }
    return std::nullopt;
}

bool SavedViewStore::save(const QString &scope, const SavedView &view, QString *why)
{
    if (const QString problem = nameProblem(view.name); !problem.isEmpty()) {
        if (why)
            *why = problem;
        return false;
    }
    SavedView stored = view;
    stored.kind = SavedView::Kind::Custom;
    stored.name = view.name.trimmed();
    stored.statuses = sortedUnique(view.statuses);
    stored.kbIds = sortedUnique(view.kbIds);
    QList<SavedView> all = views(scope);
    all.removeIf([&](const SavedView &v) { return sameName(v.name, stored.name); });
    all << stored;
    writeViews(scope, all);
    return true;
}

bool SavedViewStore::remove(const QString &scope, const QString &name)
{
    QList<SavedView> all = views(scope);
    const auto removed =
        all.removeIf([&](const SavedView &v) { return sameName(v.name, name.trimmed()); });
    if (removed == 0)
        return false;
    writeViews(scope, all);
    return true;
}

void SavedViewStore::writeViews(const QString &scope, const QList<SavedView> &views)
{
    m_settings->remove(scopeKey(scope));
    m_settings->beginWriteArray(scopeKey(scope), int(views.size()));
    for (int i = 0; i < views.size(); ++i) {
        const SavedView &v = views.at(i);
        m_settings->setArrayIndex(i);
        m_settings->setValue(u"name"_s, v.name);
        m_settings->setValue(u"text"_s, v.text);
        m_settings->setValue(u"statuses"_s, v.statuses);
        m_settings->setValue(u"provider"_s, v.provider);
        m_settings->setValue(u"stuck"_s, v.stuck);
        m_settings->setValue(u"kbs"_s, v.kbIds);
    }
    m_settings->endArray();
    m_settings->sync();
}

void SavedViewStore::renameScope(const QString &from, const QString &to)
{
    if (from == to)
        return;
    const QList<SavedView> moved = views(from);
    const LastRun run = lastRun(from);
    removeScope(from);
    if (!moved.isEmpty())
        writeViews(to, moved);
    if (!run.isEmpty())
        setLastRun(to, run);
}

void SavedViewStore::removeScope(const QString &scope)
{
    m_settings->remove(scopeKey(scope));
    m_settings->remove(lastRunKey(scope));
    m_settings->sync();
}

LastRun SavedViewStore::lastRun(const QString &scope) const
{
    LastRun run;
    const QString key = lastRunKey(scope);
    run.at = m_settings->value(key + u"/at"_s).toDateTime().toUTC();
    const int n = m_settings->beginReadArray(key + u"/sources"_s);
    for (int i = 0; i < n; ++i) {
        m_settings->setArrayIndex(i);
        LastRun::Entry e{m_settings->value(u"kb"_s).toString(),
                         m_settings->value(u"source"_s).toString(),
                         m_settings->value(u"job"_s).toString()};
        if (!e.sourceId.isEmpty())
            run.entries << e;
    }
    m_settings->endArray();
    return run;
}

void SavedViewStore::setLastRun(const QString &scope, const LastRun &run)
{
    const QString key = lastRunKey(scope);
    m_settings->remove(key);
    m_settings->setValue(key + u"/at"_s, run.at.toUTC());
    m_settings->beginWriteArray(key + u"/sources"_s, int(run.entries.size()));
    for (int i = 0; i < run.entries.size(); ++i) {
        m_settings->setArrayIndex(i);
        m_settings->setValue(u"kb"_s, run.entries.at(i).kbId);
        m_settings->setValue(u"source"_s, run.entries.at(i).sourceId);
        m_settings->setValue(u"job"_s, run.entries.at(i).jobId);
    }
    m_settings->endArray();
    m_settings->sync();
}

} // namespace feather
