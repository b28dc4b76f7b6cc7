#include "models/sourcesortkey.h"

#include "models/columns.h"

#include <QDateTime>
#include <limits>
#include <new>

namespace feather {

namespace {
template <typename T>
int threeWay(const T &a, const T &b)
{
    return a < b ? -1 : (b < a ? 1 : 0);
}

// The first 8 code units of `s` as bytes, the first in the highest byte, a shorter text padded
// with zeros: when every unit is below 256 these integers order as QString::compare orders the
// texts' first 8 units (a text that is a prefix of another packs to no more than it). False when a
// unit does not fit; `whole` when the 8 units are all of `s`.
bool packPrefix(QStringView s, quint64 &packed, bool &whole)
{
    const qsizetype n = std::min<qsizetype>(s.size(), 8);
    quint64 v = 0;
    for (qsizetype i = 0; i < n; ++i) {
        const char16_t c = s[i].unicode();
        if (c > 0xff)
            return false;
        v |= quint64(c) << (56 - 8 * i);
    }
    packed = v;
    whole = s.size() <= 8;
    return true;
}

// A canonical lower-case UUID ("8-4-4-4-12" hex digits, 0-9 a-f) as 128 bits: among such ids the
// integers order as the strings do (the dashes sit at the same places; '0'-'9' < 'a'-'f').
bool packUuid(QStringView s, quint64 &high, quint64 &low)
{
    if (s.size() != 36)
        return false;
    quint64 words[2] = {0, 0};
    int digits = 0;
    for (qsizetype i = 0; i < 36; ++i) {
        const char16_t c = s[i].unicode();
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (c != u'-')
                return false;
            continue;
        }
        quint64 nibble = 0;
        if (c >= u'0' && c <= u'9')
            nibble = c - u'0';
        else if (c >= u'a' && c <= u'f')
            nibble = c - u'a' + 10;
        else
            return false;
        quint64 &word = words[digits / 16];
        word = (word << 4) | nibble;
        ++digits;
    }
    high = words[0];
    low = words[1];
    return true;
}
} // namespace

SourceSortKey &SourceSortKey::operator=(SourceSortKey &&other) noexcept
{
    if (this != &other) {
        reset();
        take(other);
    }
    return *this;
}

void SourceSortKey::reset()
{
    if (m_kind == Text)
        m_text.~QString();
    else if (m_kind == Other)
        delete m_other;
    m_kind = Invalid;
}

void SourceSortKey::take(SourceSortKey &other)
{
    m_kind = other.m_kind;
    m_flags = other.m_flags;
    m_number = other.m_number;
    m_idHigh = other.m_idHigh;
    m_idLow = other.m_idLow;
    if (m_kind == Text) {
        new (&m_text) QString(std::move(other.m_text));
        other.m_text.~QString();
    } else if (m_kind == Other) {
        m_other = other.m_other;
    }
    other.m_kind = Invalid;
}

SourceSortKey SourceSortKey::make(const QVariant &v, QStringView id)
{
    SourceSortKey key;
    bool whole = false;
    if (packUuid(id, key.m_idHigh, key.m_idLow))
        key.m_flags |= IdUuid;
    else if (packPrefix(id, key.m_idHigh, whole))
        key.m_flags |= IdPrefix;
    switch (v.typeId()) {
    case QMetaType::UnknownType:
        break;
    case QMetaType::QString: {
        // Folded once here, compared code unit by code unit later: the order of
        // QString::compare(…, Qt::CaseInsensitive), which folds both strings per comparison.
        new (&key.m_text) QString(v.toString().toCaseFolded());
        key.m_kind = Text;
        quint64 packed = 0;
        if (packPrefix(key.m_text, packed, whole)) {
            key.m_number = qint64(packed);
            key.m_flags |= TextPacked | (whole ? TextWhole : 0);
        }
        break;
    }
    case QMetaType::QDateTime: {
        // An invalid time (none yet) sorts first, as in compareSortKeys().
        const QDateTime t = v.toDateTime();
        key.m_kind = Number;
        key.m_number = t.isValid() ? t.toMSecsSinceEpoch() : std::numeric_limits<qint64>::min();
        break;
    }
    case QMetaType::Int:
    case QMetaType::LongLong:
    case QMetaType::UInt:
    case QMetaType::ULongLong:
    case QMetaType::Bool:
        key.m_kind = Number;
        key.m_number = v.toLongLong();
        break;
    default:
        key.m_other = new QVariant(v);
        key.m_kind = Other;
        break;
    }
    return key;
}

// compareSortKeys() without the QVariant work per comparison. Keys of different kinds in one
// column (none of ours mixes them) order by kind, an empty key first.
int SourceSortKey::compare(const SourceSortKey &a, const SourceSortKey &b)
{
    if (a.m_kind != b.m_kind)
        return threeWay(a.m_kind, b.m_kind);
    switch (a.m_kind) {
    case Invalid:
        return 0;
    case Number:
        return threeWay(a.m_number, b.m_number);
    case Text:
        if (a.m_flags & b.m_flags & TextPacked) {
            if (a.m_number != b.m_number)
                return threeWay(quint64(a.m_number), quint64(b.m_number));
            // Equal first units and nothing after them: the shorter one (zero units) first.
            if (a.m_flags & b.m_flags & TextWhole)
                return threeWay(a.m_text.size(), b.m_text.size());
        }
        return QString::compare(a.m_text, b.m_text, Qt::CaseSensitive);
    case Other:
        return compareSortKeys(*a.m_other, *b.m_other);
    }
    return 0;
}

int SourceSortKey::compareIds(const SourceSortKey &a, const SourceSortKey &b)
{
    if (a.m_flags & b.m_flags & IdUuid) {
        if (a.m_idHigh != b.m_idHigh)
            return threeWay(a.m_idHigh, b.m_idHigh);
        return threeWay(a.m_idLow, b.m_idLow);
    }
    if ((a.m_flags & b.m_flags & IdPrefix) && a.m_idHigh != b.m_idHigh)
        return threeWay(a.m_idHigh, b.m_idHigh);
    return 0;
}

} // namespace feather
