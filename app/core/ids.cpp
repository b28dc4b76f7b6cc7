#include "core/ids.h"

#include <QUuid>

namespace feather {

bool isCanonicalUuid(QStringView text)
{
    if (text.size() != 36)
        return false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (c != u'-')
                return false;
            continue;
        }
        const bool hex =
            (c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f') || (c >= u'A' && c <= u'F');
        if (!hex)
            return false;
    }
    return true;
}

QString normalizedUuid(QStringView text)
{
    return isCanonicalUuid(text) ? text.toString().toLower() : QString();
}

QString newUuid()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

QString invalidUuidReason(const QString &what, QStringView text)
{
    QString shown = text.left(40).toString();
    // Keep the reason on one line whatever the input held.
    shown.replace(u'\n', u' ').replace(u'\r', u' ');
    if (text.size() > 40)
        shown += QStringLiteral("…");
    return QStringLiteral("%1 is not a UUID: \"%2\"").arg(what, shown);
}

} // namespace feather
