#pragma once

#include "direct/dbconfig.h"

#include <QString>
#include <atomic>

namespace feather {
class DirectStore;
}

namespace feather::devserver {

// One DirectStore per thread. DirectStore is synchronous and bound to the thread that created
// it (Qt SQL's rule), so every worker of the server's thread pools gets its own store, with a
// connection name unique in the process, the first time it runs a request. The stores live in
// per-thread storage and close on their own thread when that thread exits (the server's pools
// keep their threads until the server is destroyed), so connections are reused across requests.
class StorePool final {
public:
    StorePool(DbConfig config, QString namePrefix);
    ~StorePool();
    StorePool(const StorePool &) = delete;
    StorePool &operator=(const StorePool &) = delete;

    // The calling thread's store for this pool (created on first use).
    DirectStore &local();

private:
    const DbConfig m_config;
    const QString m_namePrefix;
    const quint64 m_id;
    std::atomic<int> m_created{0};
};

} // namespace feather::devserver
