// libFuzzer target: an API response body through every JSON mapping the client applies to
// server bytes (docs/feather-api.md §3): source, KB, job, sync status and freshness objects
// (alone, in a CursorPage's items or in a bare array), the trigger answer for the statuses the
// outcome table names, and error bodies. Whatever the bytes, no crash and no UB.
#include "api/apimapping.h"
#include "api/apiparse.h"
#include "core/json.h"
#include "fuzzinput.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace feather;

namespace {

void parseEveryShape(const QJsonObject &o)
{
    QString why;
    (void)api::parseKnowledgeBase(o, &why);
    (void)api::parseSource(o, &why);
    (void)api::parseSyncStatus(o, &why);
    (void)api::parseJob(o, &why);
    (void)api::parseFreshnessRow(o, &why);
    (void)json::triggerRowFromJson(o, &why);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray body = fuzz::bytes(data, size);
    const QJsonDocument doc = QJsonDocument::fromJson(body);
    if (doc.isObject()) {
        const QJsonObject o = doc.object();
        parseEveryShape(o);
        for (const QJsonValue &item : o.value(QLatin1String("items")).toArray())
            parseEveryShape(item.toObject());
        (void)api::renderValidationDetail(o.value(QLatin1String("detail")).toArray());
    }
    for (const QJsonValue &item : doc.array())
        parseEveryShape(item.toObject());

    if (const auto e = api::parseErrorBody(body)) {
        (void)api::saysAlreadyRunning(*e);
        (void)api::saysNotEligible(*e);
    }
    const TriggerTarget target{QStringLiteral("6f1c2a4e-0b7d-4c55-9a3e-2d8f1b6c7e90"),
                               QStringLiteral("0d9e8f7a-6b5c-4d3e-8f2a-1b0c9d8e7f6a"),
                               QStringLiteral("c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f")};
    for (int status : {200, 202, 400, 401, 404, 409, 422, 429, 500, 503}) {
        api::HttpAnswer answer;
        answer.status = status;
        answer.body = body;
        (void)api::triggerResultFromAnswer(target, answer, QStringLiteral("fk_secret"),
                                           fuzz::fixedNow());
        (void)api::errorFromAnswer(answer, QStringLiteral("fk_secret"));
        (void)api::requestedDelayMs(answer, fuzz::fixedNow());
    }
    return 0;
}
