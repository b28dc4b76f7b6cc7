// SqlSession's statements: how one runs (inside the open transaction, or on its own), how
// values are bound (SQLite natively; PostgreSQL by the driver's literal formatter, so that no
// server-side prepared statement can outlive a transaction behind PgBouncer), and how rows come
// back (forward-only, streamed or read up front).

#include "direct/sqlsession.h"

#include <QSqlDriver>
#include <QSqlError>
#include <QSqlField>
#include <QSqlQuery>
#include <utility>

using namespace Qt::StringLiterals;

namespace feather::direct {

namespace {

// Statements per round trip when a batch is sent as literal text.
constexpr int kBatchChunk = 200;
// Distinct statement texts whose templates a session keeps (the program has a few dozen;
// the bound only matters should a caller ever build texts from data).
constexpr std::size_t kMaxTemplates = 256;

// What Qt's drivers treat as NULL when binding (QSqlResultPrivate::isVariantNull).
bool isNullValue(const QVariant &v)
{
    if (v.isNull())
        return true;
    const int type = v.typeId();
    if (type == QMetaType::QString)
        return v.toString().isNull();
    if (type == QMetaType::QByteArray)
        return v.toByteArray().isNull();
    if (type == QMetaType::QDateTime)
        return !v.toDateTime().isValid();
    return false;
}

} // namespace

Rows SqlSession::exec(const QString &sql, const Binds &binds, Retry retry, Prepared prepared)
{
    if (DbError e = checkThread(); e.failed())
        return {e, {}, -1};
    if (m_inTransaction) {
        if (!m_db.isOpen())
            return {connectionLost(), {}, -1};
        return runOnce(sql, binds, prepared, nullptr);
    }
    return standalone([&] { return runOnce(sql, binds, prepared, nullptr); }, Access::Write, retry);
}

DbError SqlSession::forEach(const QString &sql, const Binds &binds, const RowReader &row,
                            Retry retry)
{
    if (DbError e = checkThread(); e.failed())
        return e;
    bool delivered = false;
    if (m_inTransaction) {
        if (!m_db.isOpen())
            return connectionLost();
        return runOnce(sql, binds, Prepared::Once, &row, &delivered).error;
    }
    return standalone([&] { return runOnce(sql, binds, Prepared::Once, &row, &delivered); },
                      Access::Read, retry, &delivered)
        .error;
}

Rows SqlSession::standalone(const std::function<Rows()> &statement, Access access, Retry retry,
                            const bool *delivered)
{
    auto attempt = [&]() -> Rows {
        if (!m_dialect.ownTransactionPerStatement()) {
            if (DbError e = ensureOpen(); e.failed())
                return {e, {}, -1};
            return statement();
        }
        if (DbError e = begin(access); e.failed())
            return {e, {}, -1};
        Rows r = statement();
        if (!r.ok()) {
            rollback();
            return r;
        }
        if (DbError e = commit(); e.failed())
            r.error = e;
        return r;
    };
    Rows r = attempt();
    // QPSQL never reconnects by itself; a connection that died while idle shows up only when
    // it is used. Reopen once and run the statement again: the caller says it is safe to repeat.
    if (r.error.kind == DbFailure::ConnectionLost && retry == Retry::Safe
        && !(delivered && *delivered)) {
        dropConnection();
        r = attempt();
    }
    return r;
}

Rows SqlSession::execBatch(const QString &sql, const QList<Binds> &each)
{
    if (DbError e = checkThread(); e.failed())
        return {e, {}, -1};
    if (!m_db.isValid() || !m_db.isOpen())
        return {connectionLost(), {}, -1};
    Rows r;
    r.rowsAffected = 0;
    auto failed = [&](const QSqlQuery &query) {
        r.error = classify(query.lastError());
        if (r.error.kind == DbFailure::None)
            r.error = {DbFailure::Other, {}, u"a batch statement failed"_s};
        return r;
    };
    if (m_dialect.literalBinding()) {
        // One simple query holds many statements: a round trip per chunk, not per row.
        for (qsizetype from = 0; from < each.size(); from += kBatchChunk) {
            QString text;
            for (qsizetype i = from; i < qMin(each.size(), from + kBatchChunk); ++i) {
                QString why;
                const std::optional<QString> one = renderLiterals(sql, each.at(i), &why);
                if (!one)
                    return {{DbFailure::Other, {}, why}, {}, -1};
                text += *one + u";\n"_s;
            }
            ++m_statements;
            QSqlQuery query(m_db);
            bool ok = query.exec(text);
            while (ok) {
                if (!query.isSelect())
                    r.rowsAffected += qMax(0, query.numRowsAffected());
                ok = query.nextResult();
            }
            if (query.lastError().type() != QSqlError::NoError)
                return failed(query);
        }
        return r;
    }
    ++m_statements;
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    if (!query.prepare(sql))
        return failed(query);
    for (const Binds &binds : each) {
        for (const auto &[name, value] : binds)
            query.bindValue(name, value);
        ++m_statements;
        if (!query.exec())
            return failed(query);
        r.rowsAffected += qMax(0, query.numRowsAffected());
    }
    query.finish();
    return r;
}

Rows SqlSession::runOnce(const QString &sql, const Binds &binds, Prepared prepared,
                         const RowReader *reader, bool *delivered)
{
    Rows r;
    ++m_statements;
    std::unique_ptr<QSqlQuery> owned;
    QSqlQuery *query = nullptr;
    bool ok = false;
    if (binds.isEmpty() || m_dialect.literalBinding()) {
        QString text = sql;
        if (!binds.isEmpty()) {
            QString why;
            const std::optional<QString> rendered = renderLiterals(sql, binds, &why);
            if (!rendered)
                return {{DbFailure::Other, {}, why}, {}, -1};
            text = *rendered;
        }
        query = textQuery(&owned);
        ok = query->exec(text);
    } else {
        if (prepared == Prepared::Keep) {
            if (const auto it = m_prepared.find(sql); it != m_prepared.end())
                query = it->second.get();
        }
        ok = query != nullptr;
        if (!query) {
            owned = std::make_unique<QSqlQuery>(m_db);
            owned->setForwardOnly(true);
            query = owned.get();
            ok = query->prepare(sql);
            if (ok && prepared == Prepared::Keep)
                query = m_prepared.emplace(sql, std::move(owned)).first->second.get();
        }
        if (ok) {
            for (const auto &[name, value] : binds)
                query->bindValue(name, value);
            ok = query->exec();
        }
    }
    if (ok) {
        // QSQLITE reports sqlite3_changes() of the whole connection: read it right after this
        // statement. A statement with rows (SELECT, … RETURNING) counts what it returned.
        const bool select = query->isSelect();
        if (!select)
            r.rowsAffected = query->numRowsAffected();
        int count = 0;
        while (query->next()) {
            ++count;
            if (!reader) {
                r.rows.append(query->record());
                continue;
            }
            if (delivered)
                *delivered = true;
            if (!(*reader)(*query))
                break;
        }
        if (select)
            r.rowsAffected = count;
        // next() is false at the end and on an error while fetching (a lost connection, a
        // statement timeout, SQLITE_BUSY on a later step).
        ok = query->lastError().type() == QSqlError::NoError;
    }
    if (!ok) {
        r.error = classify(query->lastError());
        if (r.error.kind == DbFailure::None)
            r.error = {DbFailure::Other, {}, u"the statement failed"_s};
        if (r.error.kind == DbFailure::ConnectionLost)
            m_inTransaction = m_inTransaction && m_db.isOpen();
    }
    releaseTextQuery(query);
    return r;
}

void SqlSession::releaseTextQuery(QSqlQuery *query)
{
    query->finish();
    if (query != m_textQuery.get())
        return;
    m_textQueryBusy = false;
    if (std::exchange(m_textQueryStale, false)) // made again for the new connection
        m_textQuery.reset();
}

QSqlQuery *SqlSession::textQuery(std::unique_ptr<QSqlQuery> *owned)
{
    // One QSqlQuery (and so one driver result object) per connection instead of one per
    // statement; exec() resets it, finish() releases its result.
    if (m_textQueryBusy || !m_db.isOpen()) {
        *owned = std::make_unique<QSqlQuery>(m_db);
        (*owned)->setForwardOnly(true);
        return owned->get();
    }
    if (!m_textQuery) {
        m_textQuery = std::make_unique<QSqlQuery>(m_db);
        m_textQuery->setForwardOnly(true);
    }
    m_textQueryBusy = true;
    return m_textQuery.get();
}

std::optional<QString> SqlSession::renderLiterals(const QString &sql, const Binds &binds,
                                                  QString *why)
{
    for (const auto &[name, value] : binds) {
        // libpq sends C strings: a NUL would cut the statement inside the literal.
        if (value.typeId() == QMetaType::QString && value.toString().contains(QChar(0))) {
            *why = u"the value for %1 contains a NUL character"_s.arg(name);
            return std::nullopt;
        }
    }
    auto it = m_templates.find(sql);
    if (it == m_templates.end()) {
        if (m_templates.size() >= kMaxTemplates)
            m_templates.clear();
        it = m_templates.emplace(sql, SqlTemplate(sql)).first;
    }
    const QSqlDriver *driver = m_db.driver();
    return it->second.render(
        binds,
        [driver](const QVariant &value) {
            // The driver's own literal formatter: what QPSQL itself sends in EXECUTE (… ).
            QSqlField field(QString(), value.metaType());
            if (isNullValue(value))
                field.clear();
            else
                field.setValue(value);
            return driver->formatValue(field);
        },
        why);
}

} // namespace feather::direct
