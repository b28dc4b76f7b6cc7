#include "devserver/schedule.h"

#include "devserver/wire.h"
#include "direct/directstore.h"

#include <QJsonDocument>

namespace feather::devserver {

namespace {

QJsonArray bodyLoc(const QString &field)
{
    return QJsonArray{QStringLiteral("body"), field};
}

// Parses and validates the body; on failure returns nullopt with the 422 entries in *detail.
std::optional<ScheduleChange> parseChange(const QByteArray &body, QJsonArray *detail)
{
    if (body.trimmed().isEmpty()) {
        detail->append(
            validationError(QStringLiteral("missing"), QJsonArray{QStringLiteral("body")},
                            QStringLiteral("Field required"), QJsonValue(QJsonValue::Null)));
        return std::nullopt;
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        detail->append(validationError(
            QStringLiteral("json_invalid"), QJsonArray{QStringLiteral("body"), parseError.offset},
            QStringLiteral("JSON decode error"), QJsonObject{},
            QJsonObject{{QStringLiteral("error"), parseError.errorString()}}));
        return std::nullopt;
    }
    if (!doc.isObject()) {
        detail->append(validationError(
            QStringLiteral("model_attributes_type"), QJsonArray{QStringLiteral("body")},
            QStringLiteral("Input should be a valid dictionary or object to extract fields from"),
            doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(QString::fromUtf8(body))));
        return std::nullopt;
    }
    const QJsonObject o = doc.object();
    ScheduleChange change;

    const QJsonValue enabled = o.value(QLatin1String("auto_sync_enabled"));
    if (enabled.isUndefined()) {
        detail->append(validationError(QStringLiteral("missing"),
                                       bodyLoc(QStringLiteral("auto_sync_enabled")),
                                       QStringLiteral("Field required"), o));
    } else if (!enabled.isBool()) {
        detail->append(validationError(QStringLiteral("bool_type"),
                                       bodyLoc(QStringLiteral("auto_sync_enabled")),
                                       QStringLiteral("Input should be a valid boolean"), enabled));
    } else {
        change.autoSyncEnabled = enabled.toBool();
    }

    const QJsonValue interval = o.value(QLatin1String("sync_interval_seconds"));
    const QJsonArray intervalLoc = bodyLoc(QStringLiteral("sync_interval_seconds"));
    if (!interval.isUndefined() && !interval.isNull()) {
        const double v = interval.toDouble();
        if (!interval.isDouble() || v != double(qint64(v))
            || v > double(std::numeric_limits<int>::max())) {
            detail->append(validationError(QStringLiteral("int_type"), intervalLoc,
                                           QStringLiteral("Input should be a valid integer"),
                                           interval));
        } else if (v < 1) {
            detail->append(
                validationError(QStringLiteral("greater_than_equal"), intervalLoc,
                                QStringLiteral("Input should be greater than or equal to 1"),
                                interval, QJsonObject{{QStringLiteral("ge"), 1}}));
        } else {
            change.syncIntervalSeconds = int(v);
        }
    }
    if (detail->isEmpty() && change.autoSyncEnabled && !change.syncIntervalSeconds) {
        detail->append(validationError(
            QStringLiteral("value_error"), intervalLoc,
            QStringLiteral(
                "Value error, sync_interval_seconds is required when enabling auto sync"),
            QJsonValue(QJsonValue::Null)));
    }
    if (!detail->isEmpty())
        return std::nullopt;
    // The spec: "Disabling clears the interval + next run."
    if (!change.autoSyncEnabled)
        change.syncIntervalSeconds.reset();
    return change;
}

} // namespace

ApiResponse updateSchedule(DirectStore &store, const QString &kbId, const QString &sourceId,
                           const QByteArray &body, const ApiContext &context)
{
    QJsonArray detail;
    const std::optional<ScheduleChange> change = parseChange(body, &detail);
    if (!change)
        return validationReply(detail);
    const SourceResult source = store.updateSchedule(kbId, sourceId, *change);
    if (!source.ok())
        return notFoundOr(*source.error, sourceNotFoundMessage(kbId, sourceId));
    return jsonReply(sourceJson(source.value, context.extensions));
}

} // namespace feather::devserver
