#pragma once

#include <QIODevice>

namespace feather::api {

// The empty body of a body-less write (the trigger, a job retry), given to Qt as an upload
// device that cannot be rewound. Qt 6.4 re-sends a request by itself when the connection
// closes without an answer (reliability §4.1) and has no switch to stop it; but before a
// re-send it rewinds the body, and when that fails it gives up with ContentReSendError
// instead. So a write goes out once per attempt, and an unanswered one becomes an unknown
// outcome that is reconciled before any retry of ours (tst_apitransport pins both).
// Needs QNetworkRequest::DoNotBufferUploadDataAttribute, or Qt copies it into a buffer that
// can be rewound. The price: Qt then never reports the request written (no requestSent), so
// only errors that prove nothing left (refused, TLS) say "not sent" for such a write.
class OneShotBody final : public QIODevice {
public:
    explicit OneShotBody(QObject *parent);

    bool isSequential() const override { return true; }
    bool reset() override { return false; }
    bool atEnd() const override { return true; }
    qint64 bytesAvailable() const override { return 0; }

protected:
    qint64 readData(char *, qint64) override { return -1; }
    qint64 writeData(const char *, qint64) override { return -1; }
};

} // namespace feather::api
