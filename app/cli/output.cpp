#include "cli/output.h"

#include "cli/jsonlines.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QTimer>
#include <cerrno>
#include <unistd.h>

namespace feather::cli {

namespace {

// Rows collect here; past this size they go out even before the page ends.
constexpr qsizetype kFlushAt = 256 * 1024;

QByteArray &outBuffer()
{
    static QByteArray buffer = [] {
        QByteArray b;
        b.reserve(kFlushAt + 64 * 1024);
        return b;
    }();
    return buffer;
}

bool g_broken = false;
bool g_flushDue = false; // a timer will flush the buffer

bool writeAll(int fd, const char *data, qsizetype size)
{
    while (size > 0) {
        const ssize_t n = ::write(fd, data, size_t(size));
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        data += n;
        size -= n;
    }
    return true;
}

} // namespace

void appendOut(QByteArrayView bytes)
{
    if (g_broken)
        return;
    QByteArray &buffer = outBuffer();
    buffer.append(bytes);
    if (buffer.size() >= kFlushAt)
        flushOut();
}

void flushOut()
{
    QByteArray &buffer = outBuffer();
    if (!g_broken && !buffer.isEmpty()
        && !writeAll(STDOUT_FILENO, buffer.constData(), buffer.size()))
        g_broken = true; // EPIPE and friends: nobody reads any more
    buffer.resize(0);    // keeps the capacity
}

void appendOutSoon(QByteArrayView bytes)
{
    appendOut(bytes);
    if (g_flushDue || g_broken || outBuffer().isEmpty())
        return;
    g_flushDue = true;
    QTimer::singleShot(kFlushSoonMs, QCoreApplication::instance(), [] {
        g_flushDue = false;
        flushOut();
    });
}

bool stdoutBroken()
{
    return g_broken;
}

void printOut(const QString &text)
{
    appendOut(text.toUtf8());
    flushOut();
}

void printErr(const QString &text)
{
    const QByteArray bytes = text.toUtf8();
    writeAll(STDERR_FILENO, bytes.constData(), bytes.size());
}

namespace {

QByteArray jsonLine(const QJsonObject &object)
{
    QByteArray line = QJsonDocument(object).toJson(QJsonDocument::Compact);
    hardenJson(line);
    line += '\n';
    return line;
}

} // namespace

void printJsonLine(const QJsonObject &object)
{
    appendOut(jsonLine(object));
    flushOut();
}

void printJsonLineSoon(const QJsonObject &object)
{
    appendOutSoon(jsonLine(object));
}

bool stderrIsTerminal()
{
    return ::isatty(STDERR_FILENO) == 1;
}

QString humanDuration(qint64 ms)
{
    if (ms < 0)
        return QStringLiteral("?");
    if (ms < 1000)
        return QStringLiteral("%1 ms").arg(ms);
    const qint64 s = ms / 1000;
    if (s < 60)
        return QStringLiteral("%1 s").arg(double(ms) / 1000.0, 0, 'f', 1);
    if (s < 3600)
        return QStringLiteral("%1 min").arg(s / 60);
    return QStringLiteral("%1 h").arg(s / 3600);
}

QString humanTime(const QDateTime &t)
{
    return t.isValid() ? t.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm")) : QString();
}

} // namespace feather::cli
