#include "models/triagehandoff.h"

#include "models/triagemodel.h"

#include <QMap>

using namespace Qt::StringLiterals;

namespace feather {

namespace {
QString sourceLabel(const ErroredSource &s)
{
    return s.nickname.isEmpty() ? s.sourceId : s.nickname;
}

// Markdown code span that survives backticks in the message.
QString code(const QString &text)
{
    QString t = text;
    t.replace(u'\n', u' ');
    if (t.contains(u'`'))
        return u"`` "_s + t + u" ``"_s;
    return u'`' + t + u'`';
}
} // namespace

QString TriageHandoff::forCustomer(const CauseGroup &cause, Format format)
{
    const bool md = format == Format::Markdown;
    QString out;
    const QString heading = cause.count == 1
                                ? tr("%1: 1 source").arg(cause.cause.title)
                                : tr("%1: %2 sources").arg(cause.cause.title).arg(cause.count);
    out += md ? QString(u"## "_s + heading + u"\n\n"_s) : QString(heading + u"\n\n"_s);
    out += cause.cause.customerText + u"\n\n"_s;
    // Grouped by provider: the customer fixes these per connected account.
    QMap<QString, QList<ErroredSource>> byProvider;
    for (const ErroredSource &s : cause.sources())
        byProvider[s.provider].append(s);
    for (auto it = byProvider.cbegin(); it != byProvider.cend(); ++it) {
        const QString provider = it.key().isEmpty() ? tr("Other") : it.key();
        out += md ? QString(u"**"_s + provider + u"**\n\n"_s) : QString(provider + u":\n"_s);
        for (const ErroredSource &s : it.value()) {
            const QString line = s.kbName.isEmpty()
                                     ? sourceLabel(s)
                                     : tr("%1 (knowledge base “%2”)").arg(sourceLabel(s), s.kbName);
            out += (md ? u"- "_s : u"  - "_s) + line + u'\n';
        }
        out += u'\n';
    }
    return out.trimmed() + u'\n';
}

QString TriageHandoff::forEngineering(const CauseGroup &cause, Format format)
{
    const bool md = format == Format::Markdown;
    QString out;
    const QString heading =
        tr("Cause %1 (%2), action %3: %4 errored source(s)")
            .arg(cause.cause.title, cause.cause.id, toString(cause.cause.action))
            .arg(cause.count);
    out += md ? QString(u"## "_s + heading + u"\n\n"_s) : QString(heading + u'\n');
    const QString bullet = md ? u"- "_s : QString();
    out +=
        bullet + tr("Knowledge bases: %1").arg(TriageModel::kbSummary(cause.perKb, 1000)) + u'\n';
    out += bullet + tr("Providers: %1").arg(cause.providers.join(u", "_s)) + u'\n';
    if (!cause.cause.engineeringHint.isEmpty())
        out += bullet + tr("What to check: %1").arg(cause.cause.engineeringHint) + u'\n';
    for (const SignatureGroup &sig : cause.signatures) {
        QStringList ids;
        for (qsizetype i = 0; i < sig.sources.size() && i < kExampleIds; ++i)
            ids << sig.sources.at(i).kbId + u'/' + sig.sources.at(i).sourceId;
        if (sig.sources.size() > kExampleIds)
            ids << tr("+%1 more").arg(sig.sources.size() - kExampleIds);
        out += u'\n';
        if (md) {
            out += u"### "_s + tr("Signature (%1 source(s))").arg(sig.count()) + u"\n\n"_s;
            out += code(sig.signature) + u"\n\n"_s;
            out += u"- "_s + tr("Example: %1").arg(code(sig.exampleMessage)) + u'\n';
            out += u"- "_s + tr("Providers: %1").arg(sig.providers.join(u", "_s)) + u'\n';
            out += u"- "_s + tr("Example ids (kb/source): %1").arg(ids.join(u", "_s)) + u'\n';
        } else {
            out += tr("Signature (%1 source(s)): %2").arg(sig.count()).arg(sig.signature) + u'\n';
            out += u"  "_s + tr("Example: %1").arg(sig.exampleMessage) + u'\n';
            out += u"  "_s + tr("Providers: %1").arg(sig.providers.join(u", "_s)) + u'\n';
            out += u"  "_s + tr("Example ids (kb/source): %1").arg(ids.join(u", "_s)) + u'\n';
        }
    }
    return out;
}

} // namespace feather
