#pragma once

#include "core/retrypolicy.h"

#include <QList>
#include <QSslCertificate>
#include <QString>
#include <QUrl>
#include <optional>

namespace feather {

// Bounds of one listing call (listKnowledgeBases, listSources: every page of every KB it walks),
// so a server that never stops paging cannot fill memory or hold a caller forever. Sized for
// 100 times the console's design load (10,000 sources, about 1 s to list):
//   * rows: 1,000,000 kept rows are about 1.2 GB in memory (measured: featherctl listing
//     100,000 sources peaks at 124 MB RSS); no organisation we serve is near it;
//   * bytes: 2 GiB of page bodies, what 1,000,000 SourceResponse rows with their config and
//     connection_metadata objects (1-2 KB each) take, so the row bound normally binds first;
//   * pages: 100,000 (the API sends at most 200 rows a page, a server may send fewer);
//   * time: 30 min, room for long Retry-After pauses (at the documented 6,000 requests a
//     minute, 1,000,000 rows are 5,000 pages, under a minute of the organisation's quota).
struct ListingLimits {
    qint64 maxRows = 1000000;
    qint64 maxBytes = qint64(2) * 1024 * 1024 * 1024;
    int maxPages = 100000;
    qint64 deadlineMs = qint64(30) * 60 * 1000;
};

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
    // Reads (GET) answered 429/502/503/504 go again under this policy (the triggers' one,
    // RunOptions); a 429 on any request holds the whole client (api/retrygate.h).
    RetryLimits readRetry;
    ListingLimits listing;
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
