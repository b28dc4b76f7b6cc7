#include "direct/dbconfig.h"

#include <QDir>
#include <QUrl>
#include <QUrlQuery>

namespace feather {

QString DbConfig::displayTarget() const
{
    if (driver == Driver::Sqlite)
        return QStringLiteral("sqlite://") + path;
    QString s = QStringLiteral("postgresql://");
    if (!user.isEmpty())
        s += user + u'@';
    s += host + u':' + QString::number(port) + u'/' + database;
    return s;
}

namespace {
bool isIdentifier(const QString &s)
{
    if (s.isEmpty() || s.size() > 63 || !(s.at(0).isLetter() || s.at(0) == u'_'))
        return false;
    for (QChar c : s) {
        if (!(c.isLetterOrNumber() || c == u'_') || c.unicode() > 127)
            return false;
    }
    return true;
}
} // namespace

std::optional<DbConfig> parseDbUrl(const QString &text, QString *why)
{
    auto fail = [why](const QString &reason) -> std::optional<DbConfig> {
        if (why)
            *why = reason;
        return std::nullopt;
    };
    DbConfig c;
    if (text.startsWith(QLatin1String("sqlite://"))) {
        c.driver = DbConfig::Driver::Sqlite;
        c.path = text.mid(int(qstrlen("sqlite://")));
        if (c.path.isEmpty() || !QDir::isAbsolutePath(c.path))
            return fail(QStringLiteral("SQLite URL needs an absolute path: sqlite:///abs/path.db"));
        return c;
    }
    if (!text.startsWith(QLatin1String("postgresql://"))
        && !text.startsWith(QLatin1String("postgres://")))
        return fail(QStringLiteral("unsupported database URL (use sqlite:///abs/path.db or "
                                   "postgresql://user@host:port/db)"));

    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty())
        return fail(
            QStringLiteral("malformed PostgreSQL URL (expected postgresql://user@host:port/db)"));
    if (!url.password().isEmpty())
        return fail(QStringLiteral("do not put the password in the URL: set PGPASSWORD or store it "
                                   "in the profile's keychain entry"));
    c.driver = DbConfig::Driver::Postgres;
    c.host = url.host();
    c.port = url.port(5432);
    c.user = url.userName();
    c.database = url.path().mid(1);
    if (c.database.isEmpty())
        return fail(
            QStringLiteral("PostgreSQL URL names no database (postgresql://user@host:port/DB)"));
    const QUrlQuery query(url);
    for (const auto &[key, value] : query.queryItems(QUrl::FullyDecoded)) {
        if (key == QLatin1String("sslmode")) {
            static const QStringList modes{
                QStringLiteral("disable"),   QStringLiteral("allow"),
                QStringLiteral("prefer"),    QStringLiteral("require"),
                QStringLiteral("verify-ca"), QStringLiteral("verify-full")};
            if (!modes.contains(value))
                return fail(QStringLiteral("unknown sslmode \"%1\"").arg(value));
            c.sslmode = value;
        } else if (key == QLatin1String("connect_timeout")) {
            bool ok = false;
            c.connectTimeoutSeconds = value.toInt(&ok);
            if (!ok || c.connectTimeoutSeconds < 1)
                return fail(QStringLiteral("connect_timeout must be a positive number of seconds"));
        } else if (key == QLatin1String("schema")) {
            if (!isIdentifier(value))
                return fail(
                    QStringLiteral("schema must be a plain identifier, got \"%1\"").arg(value));
            c.schema = value;
        } else if (key == QLatin1String("lock_timeout_ms")
                   || key == QLatin1String("statement_timeout_ms")) {
            bool ok = false;
            const int ms = value.toInt(&ok);
            if (!ok || ms < 1)
                return fail(QStringLiteral("%1 must be a positive number").arg(key));
            (key == QLatin1String("lock_timeout_ms") ? c.lockTimeoutMs : c.statementTimeoutMs) = ms;
        } else {
            return fail(QStringLiteral("unknown database URL parameter \"%1\"").arg(key));
        }
    }
    return c;
}

} // namespace feather
