#include "api/apiconfig.h"

#include <QHostAddress>

using namespace Qt::StringLiterals;

namespace feather {

namespace {

bool isLoopbackHost(const QString &host)
{
    if (host.compare(u"localhost"_s, Qt::CaseInsensitive) == 0)
        return true;
    const QHostAddress address(host); // QUrl::host() drops the [] around IPv6 literals
    return !address.isNull() && address.isLoopback();
}

std::optional<QUrl> fail(QString *why, const QString &reason)
{
    if (why)
        *why = reason;
    return std::nullopt;
}

} // namespace

std::optional<QUrl> validateBaseUrl(const QString &text, QString *why)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return fail(why, u"the API URL is empty"_s);
    QUrl url(trimmed, QUrl::StrictMode);
    if (!url.isValid())
        return fail(why, u"not a valid URL: "_s + url.errorString());
    const QString scheme = url.scheme().toLower();
    if (scheme.isEmpty() || url.host().isEmpty())
        return fail(why, u"the API URL needs a scheme and a host, e.g. https://api.example.com"_s);
    if (scheme != u"https"_s && scheme != u"http"_s)
        return fail(why, u"the API URL must start with https:// (got %1://)"_s.arg(scheme));
    if (scheme == u"http"_s && !isLoopbackHost(url.host()))
        return fail(
            why, u"http:// is only allowed for loopback hosts (localhost, 127.0.0.0/8, ::1); "
                 "use https:// for %1 so the API key is not sent in clear text"_s.arg(url.host()));
    if (!url.userInfo().isEmpty())
        return fail(why, u"the API URL must not contain a user name or password"_s);
    if (url.hasQuery() || url.hasFragment())
        return fail(why, u"the API URL must not contain a query (?…) or a fragment (#…)"_s);

    QString path = url.path();
    while (path.endsWith(u'/'))
        path.chop(1);
    url.setScheme(scheme);
    url.setHost(url.host().toLower());
    url.setPath(path);
    return url;
}

QString originOf(const QUrl &url)
{
    QString origin = url.scheme().toLower() + u"://"_s;
    const QString host = url.host();
    origin += host.contains(u':') ? u'[' + host + u']' : host;
    if (url.port() != -1)
        origin += u':' + QString::number(url.port());
    return origin;
}

QString redacted(QString text, const QString &secret)
{
    if (!secret.isEmpty())
        text.replace(secret, u"***"_s);
    return text;
}

} // namespace feather
