#pragma once

#include "fakebackend.h"
#include "resync/clock.h"
#include "resync/resyncrunner.h"

#include <QObject>
#include <QTest>
#include <memory>

// feather::toString(Outcome) returns a QString, which QCOMPARE's ADL lookup trips over;
// comparing the wire names also prints them on failure.
#define QCOMPARE_OUTCOME(actual, expected)                                                         \
    QCOMPARE(feather::toString(actual), feather::toString(expected))

namespace feather::test {

// A runner on a manual clock over the fake backend, with every signal recorded.
struct Harness {
    ManualClock clock;
    FakeBackend backend{&clock};
    std::unique_ptr<ResyncRunner> runner;
    QList<TriggerResult> rows;
    QList<TriggerResult> attempts;
    QList<RunProgress> progress;
    int startedTotal = -1;
    int finishedCount = 0;

    explicit Harness(RunOptions options = {}, quint64 seed = 1)
    {
        runner = std::make_unique<ResyncRunner>(&backend, options);
        runner->setClock(&clock);
        runner->setRandomSeed(seed);
        ResyncRunner *r = runner.get();
        QObject::connect(r, &ResyncRunner::started, r, [this](int total) { startedTotal = total; });
        QObject::connect(r, &ResyncRunner::rowFinished, r,
                         [this](const TriggerResult &x) { rows.append(x); });
        QObject::connect(r, &ResyncRunner::attemptFinished, r,
                         [this](const TriggerResult &x) { attempts.append(x); });
        QObject::connect(r, &ResyncRunner::progressChanged, r,
                         [this](const RunProgress &p) { progress.append(p); });
        QObject::connect(r, &ResyncRunner::finished, r, [this] { ++finishedCount; });
    }

    // Plays the clock forward event by event until the run ends (or `limitMs` passes).
    void runToEnd(qint64 limitMs = 3600000)
    {
        clock.advance(0);
        while (runner->isRunning() && clock.steadyMs() < limitMs) {
            const qint64 next = clock.nextDueMs();
            if (next < 0)
                break;
            clock.advance(next - clock.steadyMs());
        }
    }

    std::optional<TriggerResult> row(const QString &sourceId) const
    {
        for (const TriggerResult &r : rows) {
            if (r.target.sourceId == sourceId)
                return r;
        }
        return std::nullopt;
    }

    int rowsWith(Outcome outcome) const
    {
        int n = 0;
        for (const TriggerResult &r : rows)
            n += r.outcome == outcome;
        return n;
    }
};

inline FakeBackend::Step step(Outcome outcome, int http = 0,
                              std::optional<qint64> retryAfterMs = {}, qint64 delayMs = -1)
{
    FakeBackend::Step s;
    s.outcome = outcome;
    s.httpStatus = http;
    s.message = QStringLiteral("scripted ") + toString(outcome);
    s.retryAfterMs = retryAfterMs;
    s.delayMs = delayMs;
    return s;
}

} // namespace feather::test
