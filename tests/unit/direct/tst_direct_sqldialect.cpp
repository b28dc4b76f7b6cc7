// SqlDialect without a database: one dialect per driver, what each one sends to open a
// transaction (PostgreSQL: settings per transaction, no startup `options`, the schema check),
// error classification, and the client-side placeholder rendering PostgreSQL uses instead of
// server-side prepared statements (PgBouncer).
#include "direct/sqldialect.h"

#include <QTest>

using namespace feather;
using namespace feather::direct;
using namespace Qt::StringLiterals;

namespace {
QString quoted(const QVariant &v)
{
    return v.isNull() ? u"NULL"_s : u"<"_s + v.toString() + u'>';
}
DbConfig pg(const QString &query = {})
{
    QString why;
    return *parseDbUrl(u"postgresql://ops@db.example:6432/feather"_s + query, &why);
}
} // namespace

class TestDirectSqlDialect final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void oneDialectPerDriver()
    {
        const SqlDialect &lite = SqlDialect::of(DbConfig::Driver::Sqlite);
        const SqlDialect &post = SqlDialect::of(DbConfig::Driver::Postgres);
        QCOMPARE(&lite, &SqlDialect::of(DbConfig::Driver::Sqlite));
        QCOMPARE(lite.qtDriver(), u"QSQLITE"_s);
        QCOMPARE(post.qtDriver(), u"QPSQL"_s);
        QCOMPARE(lite.migrationsFolder(), u":/sql/sqlite"_s);
        QCOMPARE(post.migrationsFolder(), u":/sql/postgres"_s);
        QVERIFY(lite.claimStrategy() == ClaimStrategy::UpdateThenInsert);
        QVERIFY(post.claimStrategy() == ClaimStrategy::OneStatement);
        QVERIFY(post.literalBinding());
        QVERIFY(!lite.literalBinding());
        QVERIFY(post.ownTransactionPerStatement());
    }

    void sqliteBegin_takesTheWriteLockOnlyForWrites()
    {
        const SqlDialect &lite = SqlDialect::of(DbConfig::Driver::Sqlite);
        DbConfig c;
        QCOMPARE(lite.begin(Access::Read, c), u"BEGIN"_s);
        QCOMPARE(lite.begin(Access::Write, c), u"BEGIN IMMEDIATE"_s);
        QCOMPARE(lite.begin(Access::Migrate, c), u"BEGIN IMMEDIATE"_s);
        QVERIFY(lite.connectOptions(c).contains(u"QSQLITE_BUSY_TIMEOUT=5000"_s));
    }

    void postgresBegin_setsEverythingPerTransaction_noStartupOptions()
    {
        const SqlDialect &post = SqlDialect::of(DbConfig::Driver::Postgres);
        const DbConfig c = pg(u"?schema=knowledge_base&lock_timeout_ms=300"_s);
        const QString connect = post.connectOptions(c);
        QVERIFY2(!connect.contains(u"options"_s), qPrintable(connect)); // PgBouncer refuses it
        QVERIFY(connect.contains(u"connect_timeout=5"_s));
        const QString begin = post.begin(Access::Write, c);
        QVERIFY(begin.startsWith(u"BEGIN ISOLATION LEVEL READ COMMITTED;"_s));
        for (const QString &part :
             {u"SET LOCAL lock_timeout = 300"_s, u"SET LOCAL statement_timeout = 30000"_s,
              u"SET LOCAL idle_in_transaction_session_timeout = 60000"_s,
              u"SET LOCAL search_path = \"knowledge_base\""_s, u"SET LOCAL TimeZone = 'UTC'"_s})
            QVERIFY2(begin.contains(part), qPrintable(begin));
        QVERIFY(begin.endsWith(u"SELECT current_schema()"_s));
        QVERIFY(post.schemaCheck(c));
        // Without a schema nothing is checked and the server's search_path stands.
        QVERIFY(!post.begin(Access::Read, pg()).contains(u"search_path"_s));
        QVERIFY(!post.schemaCheck(pg()));
        QCOMPARE(post.createSchema(c).value_or(QString()), u"CREATE SCHEMA \"knowledge_base\""_s);
        QVERIFY(!post.createSchema(pg()));
    }

    void classify_bySqlstateAndResultCode()
    {
        const SqlDialect &post = SqlDialect::of(DbConfig::Driver::Postgres);
        const SqlDialect &lite = SqlDialect::of(DbConfig::Driver::Sqlite);
        QVERIFY(post.classify(u"55P03"_s, {}, true) == DbFailure::Busy);
        QVERIFY(post.classify(u"57014"_s, {}, true) == DbFailure::Timeout);
        QVERIFY(post.classify(u"23505"_s, {}, true) == DbFailure::UniqueViolation);
        QVERIFY(post.classify(u"40P01"_s, {}, true) == DbFailure::Conflict);
        QVERIFY(post.classify(u"42P01"_s, {}, true) == DbFailure::MissingSchema);
        QVERIFY(post.classify(u"28P01"_s, {}, true) == DbFailure::LoginRefused);
        QVERIFY(post.classify(u"08006"_s, {}, true) == DbFailure::ConnectionLost);
        QVERIFY(post.classify(u"42601"_s, {}, false) == DbFailure::ConnectionLost);
        QVERIFY(post.classify(u"42601"_s, {}, true) == DbFailure::Other);
        QVERIFY(lite.classify(u"5"_s, {}, true) == DbFailure::Busy);
        QVERIFY(lite.classify(u"517"_s, {}, true) == DbFailure::Busy); // BUSY_SNAPSHOT
        QVERIFY(lite.classify(u"2067"_s, {}, true) == DbFailure::UniqueViolation);
        QVERIFY(lite.classify(u"1"_s, u"no such table: x"_s, true) == DbFailure::MissingSchema);
        QVERIFY(lite.classify(u"1"_s, u"syntax error"_s, true) == DbFailure::Other);
    }

    void renderPlaceholders_replacesOnlyRealPlaceholders()
    {
        const Binds binds{{u":kb"_s, u"k'1"_s}, {u":n"_s, 5}, {u":none"_s, QVariant()}};
        QString why;
        const auto out = renderPlaceholders(
            u"SELECT ':kb', \"a:kb\", x::text, :kb, :n -- :n here\n, :none"_s, binds, quoted, &why);
        QVERIFY2(out, qPrintable(why));
        QCOMPARE(*out, u"SELECT ':kb', \"a:kb\", x::text, <k'1>, <5> -- :n here\n, NULL"_s);
        // A value that looks like a placeholder is never rendered again.
        const auto twice = renderPlaceholders(
            u"SELECT :a, :b"_s, {{u":a"_s, u":b"_s}, {u":b"_s, u"x"_s}}, quoted, &why);
        QCOMPARE(twice.value_or(QString()), u"SELECT <:b>, <x>"_s);
        // The same name twice takes the same value; a longer name is another placeholder.
        QCOMPARE(renderPlaceholders(u":n + :n"_s, binds, quoted, &why).value_or(QString()),
                 u"<5> + <5>"_s);
        QVERIFY(!renderPlaceholders(u"SELECT :nn"_s, binds, quoted, &why));
        QVERIFY2(why.contains(u":nn"_s), qPrintable(why));
        // Doubled quotes inside a literal stay inside it.
        QCOMPARE(renderPlaceholders(u"SELECT 'it''s :kb', :n"_s, binds, quoted, &why)
                     .value_or(QString()),
                 u"SELECT 'it''s :kb', <5>"_s);
    }

    void sqlTemplate_splitOnceRendersEachCallFromItsOwnValues()
    {
        // A session keeps one template per statement text: the pieces never carry a value
        // from an earlier call, and a missing value fails every time, not only the first.
        const SqlTemplate t(u"UPDATE s SET a = :a, b = ':a' WHERE id = :id AND x::int = :a:id"_s);
        QCOMPARE(t.placeholderCount(), 4);
        QString why;
        QCOMPARE(t.render({{u":a"_s, 1}, {u":id"_s, u"x"_s}}, quoted, &why).value_or(QString()),
                 u"UPDATE s SET a = <1>, b = ':a' WHERE id = <x> AND x::int = <1><x>"_s);
        QCOMPARE(t.render({{u":id"_s, u"y"_s}, {u":a"_s, 2}}, quoted, &why).value_or(QString()),
                 u"UPDATE s SET a = <2>, b = ':a' WHERE id = <y> AND x::int = <2><y>"_s);
        for (int i = 0; i < 2; ++i) {
            why.clear();
            QVERIFY(!t.render({{u":a"_s, 3}}, quoted, &why));
            QVERIFY2(why.contains(u":id"_s), qPrintable(why));
        }
        const SqlTemplate none(u"COMMIT"_s);
        QCOMPARE(none.placeholderCount(), 0);
        QCOMPARE(none.render({}, quoted, &why).value_or(QString()), u"COMMIT"_s);
    }
};

QTEST_GUILESS_MAIN(TestDirectSqlDialect)
#include "tst_direct_sqldialect.moc"
