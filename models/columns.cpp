#include "models/columns.h"

#include "models/presentation.h"

#include <QDateTime>

using namespace Qt::StringLiterals;

namespace feather {

QVariant columnHeaderIcon(const char *name)
{
    return themedIcon(QString::fromLatin1(name));
}

namespace {
template <typename T>
int threeWay(const T &a, const T &b)
{
    return a < b ? -1 : (b < a ? 1 : 0);
}

bool isInteger(const QVariant &v)
{
    const int t = v.typeId();
    return t == QMetaType::Int || t == QMetaType::LongLong || t == QMetaType::UInt
           || t == QMetaType::ULongLong || t == QMetaType::Bool;
}
} // namespace

int compareSortKeys(const QVariant &a, const QVariant &b)
{
    const int ta = a.typeId();
    const int tb = b.typeId();
    if (ta == QMetaType::QString && tb == QMetaType::QString)
        return QString::compare(a.toString(), b.toString(), Qt::CaseInsensitive);
    if (ta == QMetaType::QDateTime && tb == QMetaType::QDateTime)
        return threeWay(a.toDateTime(), b.toDateTime()); // an invalid time sorts first
    if (isInteger(a) && isInteger(b))
        return threeWay(a.toLongLong(), b.toLongLong());
    if (!a.isValid() || !b.isValid())
        return threeWay(a.isValid(), b.isValid());
    const QPartialOrdering order = QVariant::compare(a, b);
    return order == QPartialOrdering::Less ? -1 : (order == QPartialOrdering::Greater ? 1 : 0);
}

QString csvCell(QString value)
{
    if (!value.isEmpty() && QStringView(u"=+-@").contains(value.front()))
        value.prepend(u'\'');
    if (value.contains(u',') || value.contains(u'"') || value.contains(u'\n')
        || value.contains(u'\r')) {
        value.replace(u"\""_s, u"\"\""_s);
        return u'"' + value + u'"';
    }
    return value;
}

} // namespace feather
