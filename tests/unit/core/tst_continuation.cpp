// continueOnFinished(): the continuation always comes from the event loop on the context's
// thread, also for a future that finished before the call (where QFuture::then(context) in
// Qt 6.4 runs it synchronously inside the call).
#include "core/continuation.h"

#include <QThread>
#include <QtConcurrent>
#include <QtTest>

using namespace feather;

class TestContinuation final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void alreadyFinishedFuture_continuesFromTheEventLoop_notInsideTheCall()
    {
        QObject context;
        int seen = 0;
        continueOnFinished(QtFuture::makeReadyFuture(42), &context, [&](int v) { seen = v; });
        QCOMPARE(seen, 0); // not yet: the caller's next statement runs first
        QTRY_COMPARE(seen, 42);
    }

    void workerResult_arrivesOnTheContextThread()
    {
        QObject context;
        QThread *ran = nullptr;
        QThread *continued = nullptr;
        QFuture<int> f = QtConcurrent::run([&ran] {
            ran = QThread::currentThread();
            return 7;
        });
        int seen = 0;
        continueOnFinished(f, &context, [&](int v) {
            seen = v;
            continued = QThread::currentThread();
        });
        QTRY_COMPARE(seen, 7);
        QVERIFY(ran != QThread::currentThread());
        QCOMPARE(continued, QThread::currentThread());
    }

    void destroyedContext_dropsTheContinuation()
    {
        bool called = false;
        {
            QObject context;
            continueOnFinished(QtFuture::makeReadyFuture(1), &context, [&](int) { called = true; });
        }
        QCoreApplication::processEvents();
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
        QVERIFY(!called);
    }

    void cancelledFuture_callsNothing()
    {
        QObject context;
        QPromise<int> promise;
        QFuture<int> f = promise.future();
        promise.start();
        bool called = false;
        continueOnFinished(f, &context, [&](int) { called = true; });
        f.cancel();
        promise.finish();
        QTest::qWait(50);
        QVERIFY(!called);
    }

    void thenWithContext_onAFinishedFuture_runsInsideTheCall_whichIsWhyThisExists()
    {
        // Pins the Qt behaviour the helper works around; if a Qt update changes it, the comment
        // in continuation.h can go.
        QObject context;
        int seen = 0;
        QtFuture::makeReadyFuture(5).then(&context, [&](int v) { seen = v; });
        QCOMPARE(seen, 5);
    }
};

QTEST_GUILESS_MAIN(TestContinuation)
#include "tst_continuation.moc"
