// libFuzzer target: what a client puts in a feather-devserver URL (app/devserver/params.h): a
// query string with limit and cursor, the three opaque cursor kinds, and ids in path segments.
#include "devserver/params.h"
#include "fuzzinput.h"

#include <QJsonObject>

using namespace feather;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString text = QString::fromUtf8(fuzz::bytes(data, size));
    const QUrlQuery query(text);
    QJsonArray detail;
    const devserver::PageParams page = devserver::pageParams(query, &detail);
    if (page.limit < 1 || page.limit > 200)
        __builtin_trap(); // an out-of-range limit must be a 422, never used
    for (const QString &cursor : {text, page.cursor}) {
        (void)devserver::decodeIdCursor(cursor);
        (void)devserver::decodeIndexCursor(cursor);
        if (const auto job = devserver::decodeJobCursor(cursor))
            (void)devserver::encodeJobCursor(job->first, job->second);
    }
    QString reason;
    if (const auto id = devserver::parseUuid(text, &reason)) {
        if (devserver::parseUuid(*id) != id)
            __builtin_trap(); // canonical ids parse to themselves
    } else {
        (void)devserver::uuidError(QStringLiteral("path"), QStringLiteral("kb_id"), text);
    }
    return 0;
}
