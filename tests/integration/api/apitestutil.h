#pragma once

#include "api/apibackend.h"
#include "scriptedhttpserver.h"

#include <QLoggingCategory>
#include <QMutex>
#include <QStringList>

// QCOMPARE cannot print feather::Outcome (ADL finds feather::toString, which returns QString).
#define QCOMPARE_OUTCOME(actual, expected)                                                         \
    QCOMPARE(feather::toString(actual), feather::toString(expected))

namespace feather::test {

// A key that must never show up in any message, log line or error text.
inline const QString TestApiKey = QStringLiteral("fth_test_S3cr3t-Key-9f2c");

inline const QString Kb1 = QStringLiteral("11111111-1111-4111-8111-111111111111");
inline const QString Kb2 = QStringLiteral("11111111-1111-4111-8111-222222222222");
inline const QString Kb3 = QStringLiteral("11111111-1111-4111-8111-333333333333");
inline const QString Src1 = QStringLiteral("22222222-2222-4222-8222-222222222222");
inline const QString Job1 = QStringLiteral("33333333-3333-4333-8333-333333333333");
inline const QString Trigger1 = QStringLiteral("44444444-4444-4444-8444-444444444444");

inline ApiConfig configFor(const QUrl &baseUrl, int deadlineMs = 10000)
{
    ApiConfig config;
    config.baseUrl = baseUrl;
    config.apiKey = TestApiKey;
    config.deadlineMs = deadlineMs;
    return config;
}

inline TriggerTarget target1(const QString &triggerId = Trigger1)
{
    return TriggerTarget{Kb1, Src1, triggerId};
}

inline QByteArray sourcePath(const QString &kb = Kb1, const QString &source = Src1)
{
    return QStringLiteral("/v1/knowledge-base/knowledge-bases/%1/sources/%2")
        .arg(kb, source)
        .toLatin1();
}

inline QByteArray triggerPath(const QString &kb = Kb1, const QString &source = Src1)
{
    return sourcePath(kb, source) + "/sync";
}

inline QByteArray triggerOk(const QString &jobId = Job1)
{
    return QStringLiteral(R"({"job_id":"%1","status":"queued","message":"Sync has been queued"})")
        .arg(jobId)
        .toUtf8();
}

// Everything a test file's backends said (result messages and feather.api log lines), so its
// last test can check that the key never appears in any of it.
class TextCollector {
public:
    static TextCollector &instance()
    {
        static TextCollector c;
        return c;
    }
    // Captures every log line from here on, with feather.api debug output switched on.
    void captureLogs()
    {
        QLoggingCategory::setFilterRules(QStringLiteral("feather.api.debug=true"));
        s_previous = qInstallMessageHandler(&TextCollector::handler);
    }
    void add(const QString &text)
    {
        QMutexLocker lock(&m_mutex);
        m_texts << text;
    }
    void add(const TriggerResult &r) { add(r.message); }
    void add(const std::optional<Error> &e)
    {
        if (e)
            add(e->message);
    }
    QStringList texts() const
    {
        QMutexLocker lock(&m_mutex);
        return m_texts;
    }
    int logLines() const
    {
        QMutexLocker lock(&m_mutex);
        return m_logLines;
    }

private:
    static void handler(QtMsgType type, const QMessageLogContext &context, const QString &message)
    {
        TextCollector &self = instance();
        {
            QMutexLocker lock(&self.m_mutex);
            self.m_texts << message;
            if (context.category && QLatin1String(context.category) == QLatin1String("feather.api"))
                ++self.m_logLines;
        }
        if (s_previous)
            s_previous(type, context, message);
    }
    static inline QtMessageHandler s_previous = nullptr;
    mutable QMutex m_mutex;
    QStringList m_texts;
    int m_logLines = 0;
};

inline TriggerResult noted(const TriggerResult &r)
{
    TextCollector::instance().add(r);
    return r;
}

template <typename T>
Result<T> noted(const Result<T> &r)
{
    TextCollector::instance().add(r.error);
    return r;
}

} // namespace feather::test
