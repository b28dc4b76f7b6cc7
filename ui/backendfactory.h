#pragma once

#include "config/profiles.h"
#include "core/backend.h"

#include <QObject>
#include <QString>
#include <memory>

namespace feather {

// A Backend (and the QObject that owns it) for a profile: ApiBackend for API mode, DirectBackend
// for direct mode. The secret is the API key or the DB password; it goes into the backend's
// memory and nowhere else.
struct BackendHandle {
    std::unique_ptr<QObject> object; // owns the backend
    Backend *backend = nullptr;      // the same object through its interface
};

// Checks what can be checked without I/O (URL shape, loopback-only http, no password in the
// DB URL); on failure returns false and a one-line reason.
bool validateProfile(const Profile &profile, QString *why);

std::optional<BackendHandle> makeBackend(const Profile &profile, const QString &secret,
                                         QString *why);

// What the UI may show about where a profile points: an origin or a DB target, never a secret.
QString displayTarget(const Profile &profile);

// Whether a profile needs a secret to connect (API key always; a DB password only for PostgreSQL).
bool needsSecret(const Profile &profile);

} // namespace feather
