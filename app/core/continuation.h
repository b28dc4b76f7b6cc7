#pragma once

#include <QFuture>
#include <QFutureWatcher>
#include <QObject>
#include <type_traits>
#include <utility>

namespace feather {

// Continues a future on `context`'s thread, always from the event loop, never inside this call.
//
// Why not `future.then(context, fn)`: in Qt 6.4, when the future has already finished by the
// time then() is called (a worker faster than its caller, or a backend that answers a malformed
// id at once), the continuation runs synchronously inside then() on the caller's thread. A
// signal it emits fires before the caller's next statement, so a caller that connects or waits
// after asking misses it (HistoryPanel::reload lost its `reloaded` that way now and then). A
// QFutureWatcher posts its finished event in every case. Like then(), a cancelled future calls
// nothing; the continuation is dropped with `context`.
template <typename T, typename F>
void continueOnFinished(const QFuture<T> &future, QObject *context, F &&fn)
{
    auto *watcher = new QFutureWatcher<T>(context);
    QObject::connect(watcher, &QFutureWatcherBase::finished, context,
                     [watcher, fn = std::forward<F>(fn)]() mutable {
                         watcher->deleteLater();
                         if (watcher->isCanceled())
                             return;
                         if constexpr (std::is_void_v<T>)
                             fn();
                         else
                             fn(watcher->result());
                     });
    watcher->setFuture(future);
}

} // namespace feather
