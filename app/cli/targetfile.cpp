#include "cli/targetfile.h"

#include "core/ids.h"

#include <QFile>

namespace feather::cli {

namespace {

constexpr qint64 kBlock = 64 * 1024;

// One line (without its newline) → a target; nullopt and *why for a line to skip (why empty)
// or a malformed one (why set).
std::optional<TriggerTarget> parseLine(const QString &path, int lineNo, QByteArrayView raw,
                                       QString *why)
{
    const QString line = QString::fromUtf8(raw).trimmed();
    if (line.isEmpty() || line.startsWith(u'#'))
        return std::nullopt;
    const QStringList parts = line.split(u',');
    if (parts.size() != 2) {
        *why = QStringLiteral("%1:%2: expected \"kb_id,source_id\"").arg(path).arg(lineNo);
        return std::nullopt;
    }
    if (lineNo == 1 && parts[0].trimmed() == QLatin1String("kb_id"))
        return std::nullopt;
    TriggerTarget t;
    t.kbId = normalizedUuid(parts[0].trimmed());
    t.sourceId = normalizedUuid(parts[1].trimmed());
    if (t.kbId.isEmpty() || t.sourceId.isEmpty()) {
        const bool kbBad = t.kbId.isEmpty();
        *why = QStringLiteral("%1:%2: %3")
                   .arg(path)
                   .arg(lineNo)
                   .arg(invalidUuidReason(kbBad ? QStringLiteral("kb_id")
                                                : QStringLiteral("source_id"),
                                          (kbBad ? parts[0] : parts[1]).trimmed()));
        return std::nullopt;
    }
    return t;
}

} // namespace

std::optional<QList<TriggerTarget>> readTargetFile(const QString &path, QString *why)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly | QIODevice::Unbuffered)) {
        *why = QStringLiteral("cannot read %1: %2").arg(path, f.errorString());
        return std::nullopt;
    }
    const auto tooLarge = [&] {
        *why = QStringLiteral("%1 is larger than %2 MiB").arg(path).arg(kMaxTargetFileBytes >> 20);
        return std::nullopt;
    };
    if (f.size() > kMaxTargetFileBytes) // a regular file says so up front
        return tooLarge();

    // Blocks, not QFile::readLine: on a pipe that reads one byte per system call. The caps are
    // checked as bytes arrive (pipes and FIFOs have no size), so at most one line is held.
    QList<TriggerTarget> targets;
    QByteArray pending; // the start of a line whose end has not arrived yet
    qint64 total = 0;
    int lineNo = 0;
    bool eof = false;
    while (!eof) {
        const QByteArray block = f.read(kBlock);
        if (block.isEmpty()) {
            if (f.error() != QFileDevice::NoError) {
                *why = QStringLiteral("cannot read %1: %2").arg(path, f.errorString());
                return std::nullopt;
            }
            eof = true; // a last line without a newline is still a line
            if (pending.isEmpty())
                break;
            pending.append('\n');
        } else {
            total += block.size();
            if (total > kMaxTargetFileBytes)
                return tooLarge();
            pending.append(block);
        }
        qsizetype start = 0;
        for (qsizetype nl = pending.indexOf('\n'); nl >= 0; nl = pending.indexOf('\n', start)) {
            ++lineNo;
            if (nl - start > kMaxTargetLineBytes)
                break; // reported below
            if (auto t =
                    parseLine(path, lineNo, QByteArrayView(pending).sliced(start, nl - start), why))
                targets << *t;
            else if (!why->isEmpty())
                return std::nullopt;
            start = nl + 1;
        }
        pending.remove(0, start);
        if (pending.size() > kMaxTargetLineBytes) {
            *why = QStringLiteral("%1:%2: line longer than %3 KiB")
                       .arg(path)
                       .arg(lineNo + (pending.indexOf('\n') < 0 ? 1 : 0))
                       .arg(kMaxTargetLineBytes >> 10);
            return std::nullopt;
        }
    }
    if (targets.isEmpty()) {
        *why = QStringLiteral("%1 lists no targets").arg(path);
        return std::nullopt;
    }
    return targets;
}

} // namespace feather::cli
