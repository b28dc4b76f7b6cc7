#include "cli/visibletext.h"

namespace feather::cli {

namespace {

bool needsEscape(char16_t u)
{
    return u < 0x20 || (u >= 0x7f && u <= 0x9f) || u == 0x061c || u == 0x200e || u == 0x200f
           || (u >= 0x2028 && u <= 0x202e) || (u >= 0x2066 && u <= 0x2069) || QChar::isSurrogate(u);
}

constexpr char16_t kHex[] = u"0123456789abcdef";

} // namespace

bool isVisibleText(QStringView text)
{
    const qsizetype n = text.size();
    for (qsizetype i = 0; i < n; ++i) {
        const char16_t u = text[i].unicode();
        if (QChar::isHighSurrogate(u) && i + 1 < n
            && QChar::isLowSurrogate(text[i + 1].unicode())) {
            ++i; // a valid pair (emoji and the like) prints as it is
            continue;
        }
        if (needsEscape(u))
            return false;
    }
    return true;
}

QString visibleText(QStringView text)
{
    if (isVisibleText(text))
        return text.toString();
    QString out;
    out.reserve(text.size() + 16);
    const qsizetype n = text.size();
    for (qsizetype i = 0; i < n; ++i) {
        const char16_t u = text[i].unicode();
        if (QChar::isHighSurrogate(u) && i + 1 < n
            && QChar::isLowSurrogate(text[i + 1].unicode())) {
            out += text[i];
            out += text[++i];
        } else if (u == u'\t' || u == u'\n' || u == u'\r') {
            out += u' ';
        } else if (!needsEscape(u)) {
            out += QChar(u);
        } else if (u <= 0xff) {
            out += u"\\x";
            out += QChar(kHex[u >> 4]);
            out += QChar(kHex[u & 0xf]);
        } else {
            out += u"\\u";
            for (int shift = 12; shift >= 0; shift -= 4)
                out += QChar(kHex[(u >> shift) & 0xf]);
        }
    }
    return out;
}

} // namespace feather::cli
