#pragma once

#include <QList>
#include <QSslCertificate>
#include <QString>
#include <QUrl>
#include <optional>

namespace feather {

// Everything ApiBackend needs to reach one Feather API deployment. The key lives here only in
// memory (it comes from the keychain, FEATHER_API_KEY or a key file) and leaves the process
// only in the `x-api-key` header.
struct ApiConfig {
    QUrl baseUrl; // validated by validateBaseUrl()
    QString apiKey;
    int deadlineMs = 30000; // whole request, connect to last byte (QTimer → abort)
    int inactivityTimeoutMs =
        15000;              // no byte in either direction (QNetworkRequest transfer timeout)
    int maxConnections = 4; // requests in flight at once (one connection each)
    QList<QSslCertificate> extraCaCertificates; // a private CA, added to the system ones
};

// Checks an API base URL typed by a user or read from a profile. https:// is required;
// http:// is accepted only for loopback hosts (127.0.0.0/8, ::1, localhost) because the key
// would otherwise travel in clear text. No user info, query or fragment. Returns the
// normalised URL (lower-case scheme and host, no trailing slash) or nullopt with a one-line
// reason in *why.
std::optional<QUrl> validateBaseUrl(const QString &text, QString *why = nullptr);

// "scheme://host[:port]" of a URL: what the UI, logs and error texts may show about a server.
QString originOf(const QUrl &url);

// Replaces every occurrence of `secret` in `text` with "***" (a server could echo the key back).
QString redacted(QString text, const QString &secret);

} // namespace feather
