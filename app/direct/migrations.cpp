// Versioned schema migrations from the dialect's folder (resources/sql/<driver>/NNNN_name.sql),
// recorded in schema_migrations (one row per applied version).

#include "direct/directstore.h"
#include "direct/directstore_p.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace feather {

using direct::Access;
using direct::DbError;
using direct::DbFailure;
using direct::Rows;

namespace {

struct Migration {
    int version = 0;
    QString name;
    QString path;
};

QList<Migration> migrationsFor(DbConfig::Driver driver)
{
    const QString dir = direct::SqlDialect::of(driver).migrationsFolder();
    static const QRegularExpression pattern(u"^(\\d+)_(.+)\\.sql$"_s);
    QList<Migration> out;
    const QStringList files = QDir(dir).entryList({u"*.sql"_s}, QDir::Files, QDir::Name);
    for (const QString &file : files) {
        const QRegularExpressionMatch m = pattern.match(file);
        if (m.hasMatch())
            out.append({m.captured(1).toInt(), m.captured(2), dir + u'/' + file});
    }
    std::sort(out.begin(), out.end(),
              [](const Migration &a, const Migration &b) { return a.version < b.version; });
    return out;
}

// Statements end with ';' at the end of a line; '--' comment lines are dropped. The schema
// files are written to that rule (no procedural bodies), which keeps the splitter trivial.
QStringList statementsOf(const QString &text)
{
    QStringList out;
    QString current;
    const QStringList lines = text.split(u'\n');
    for (const QString &line : lines) {
        const QString trimmed = line.trimmed();
        if (trimmed.isEmpty() || trimmed.startsWith(u"--"_s))
            continue;
        current += line + u'\n';
        if (trimmed.endsWith(u';')) {
            out << current.trimmed().chopped(1);
            current.clear();
        }
    }
    if (!current.trimmed().isEmpty())
        out << current.trimmed();
    return out;
}

} // namespace

int DirectStore::latestSchemaVersion(DbConfig::Driver driver)
{
    const QList<Migration> all = migrationsFor(driver);
    return all.isEmpty() ? 0 : all.last().version;
}

Result<int> DirectStore::migrate()
{
    return migrateTo(latestSchemaVersion(m_config.driver));
}

Result<int> DirectStore::migrateTo(int version)
{
    direct::SqlSession &db = d->session;
    const direct::SqlDialect &dialect = db.dialect();
    const QList<Migration> all = migrationsFor(m_config.driver);
    if (all.isEmpty())
        return Result<int>::failure(Outcome::ServerError,
                                    u"no schema files compiled into this build"_s);

    auto fail = [&](const DbError &e) {
        db.rollback();
        return direct::failure<int>(e, m_config, true);
    };
    // One transaction for everything pending: a half-migrated schema is never visible.
    // SQLite's BEGIN IMMEDIATE and PostgreSQL's advisory lock make concurrent migrate() calls
    // (featherctl init-db next to a running devserver) take turns; each re-reads the version.
    if (const DbError e = db.begin(Access::Migrate); e.failed())
        return fail(e);
    if (const QString lock = dialect.migrationLock(); !lock.isEmpty()) {
        if (const Rows r = db.exec(lock); !r.ok())
            return fail(r.error);
    }
    // Create the configured schema only when missing: CREATE SCHEMA IF NOT EXISTS still needs
    // the CREATE privilege on the database, which a console's role may lack. (Checked again
    // under the lock: a concurrent migrate() may have created it meanwhile.)
    if (db.schemaMissing()) {
        const Rows exists = db.exec(u"SELECT current_schema()"_s);
        if (!exists.ok())
            return fail(exists.error);
        if (exists.rows.isEmpty() || exists.rows.first().value(0).isNull()) {
            if (const std::optional<QString> create = dialect.createSchema(m_config)) {
                if (const Rows r = db.exec(*create); !r.ok())
                    return fail(r.error);
            }
        }
    }
    if (const Rows r =
            db.exec(u"CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY,"
                    " name text NOT NULL, applied_at %1 NOT NULL)"_s.arg(dialect.timeColumnType()));
        !r.ok())
        return fail(r.error);
    const Rows current = db.exec(u"SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations"_s);
    if (!current.ok())
        return fail(current.error);
    if (current.rows.isEmpty())
        return fail({DbFailure::Other, {}, u"schema_migrations returned no row"_s});
    int at = current.rows.first().value(u"v"_s).toInt();
    if (at > all.last().version) {
        db.rollback();
        return Result<int>::failure(
            Outcome::Invalid,
            u"%1 has schema version %2, newer than this program knows (%3); upgrade it"_s
                .arg(m_config.displayTarget())
                .arg(at)
                .arg(all.last().version));
    }
    for (const Migration &m : all) {
        if (m.version <= at || m.version > version)
            continue;
        QFile file(m.path);
        if (!file.open(QIODevice::ReadOnly)) {
            db.rollback();
            return Result<int>::failure(Outcome::ServerError, u"cannot read %1"_s.arg(m.path));
        }
        const QStringList statements = statementsOf(QString::fromUtf8(file.readAll()));
        for (const QString &sql : statements) {
            // Schema files hold no placeholders and no user input: plain exec.
            if (const Rows r = db.exec(sql); !r.ok())
                return fail({r.error.kind, r.error.code,
                             u"migration %1 (%2): %3"_s.arg(m.version).arg(m.name, r.error.text)});
        }
        const Rows recorded = db.exec(
            u"INSERT INTO schema_migrations (version, name, applied_at) VALUES (:v, :name, :at)"_s,
            {{u":v"_s, m.version},
             {u":name"_s, m.name},
             {u":at"_s, db.timeParam(QDateTime::currentDateTimeUtc())}});
        if (!recorded.ok())
            return fail(recorded.error);
        at = m.version;
    }
    if (const DbError e = db.commit(); e.failed())
        return direct::failure<int>(e, m_config, true);
    return Result<int>::success(at);
}

} // namespace feather
