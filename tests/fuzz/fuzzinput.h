#pragma once

#include <QByteArray>
#include <QDateTime>
#include <cstddef>
#include <cstdint>

// Helpers shared by the libFuzzer targets in this folder (tests/fuzz/README.md).
namespace feather::fuzz {

// The fuzzer's bytes as a deep copy, as a network reply or a file read would hand them over.
inline QByteArray bytes(const uint8_t *data, size_t size)
{
    return QByteArray(reinterpret_cast<const char *>(data), qsizetype(size));
}

// A fixed "now", so a crash reproduces whatever the date.
inline QDateTime fixedNow()
{
    return QDateTime(QDate(2026, 3, 14), QTime(12, 0, 0), Qt::UTC);
}

} // namespace feather::fuzz
