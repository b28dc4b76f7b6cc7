#include "devserver/storepool.h"

#include "direct/directstore.h"

#include <QThreadStorage>
#include <map>
#include <memory>

namespace feather::devserver {

namespace {

std::atomic<quint64> g_nextPoolId{1};

struct ThreadStores {
    // Keyed by pool id, not by pointer: a pool created later at the same address must not
    // pick up a store opened for another database.
    std::map<quint64, std::unique_ptr<DirectStore>> byPool;
};

// QThreadStorage rather than thread_local: Qt destroys it inside the thread's own finish
// step, before QThread::wait() returns, so every connection is closed on its own thread
// before the server's destructor (which waits for its pools) completes.
QThreadStorage<ThreadStores *> t_stores;

} // namespace

StorePool::StorePool(DbConfig config, QString namePrefix)
    : m_config(std::move(config))
    , m_namePrefix(std::move(namePrefix))
    , m_id(g_nextPoolId.fetch_add(1))
{}

StorePool::~StorePool() = default;

DirectStore &StorePool::local()
{
    if (!t_stores.hasLocalData())
        t_stores.setLocalData(new ThreadStores);
    std::unique_ptr<DirectStore> &store = t_stores.localData()->byPool[m_id];
    if (!store) {
        const QString name =
            QStringLiteral("%1-%2-%3").arg(m_namePrefix).arg(m_id).arg(m_created.fetch_add(1));
        store = std::make_unique<DirectStore>(m_config, name);
    }
    return *store;
}

} // namespace feather::devserver
