#pragma once

#include "core/types.h"

#include <QString>
#include <functional>

namespace feather {

// One row the engine hands to an AttemptSink: write-ahead, every trigger request has an
// Intent before it is sent and an Outcome once its answer (reconciled when it was ambiguous)
// is known. Both carry the same attemptId.
struct AttemptRecord {
    enum class Kind { Intent, Outcome };
    Kind kind = Kind::Intent;
    QString attemptId; // a UUID per trigger request
    // Intent: target (with its trigger id), attempts = the number of this request, finishedAt
    // = when it is about to be sent. Outcome: the attempt's result as reported.
    TriggerResult attempt;
};

// Where the engine's audit trail goes: the audit log (local SQLite, or the team's PostgreSQL
// with a local fallback), written on the runner's thread (AuditLogSink) or on a writer thread of
// its own (AuditWorkerSink: the console and featherctl resync). The contract is what makes the
// trail impossible to skip:
//   * prepare() runs before a real run; false refuses the run (nothing is sent);
//   * write() hands over one record; `done` then runs exactly once, on the caller's thread,
//     with an empty string when the record is durable or a one-line reason when it is not.
//     It may run before write() returns (a synchronous sink) or later, together with other
//     records (group commit: intents acknowledged in batches before their sends);
//   * the engine sends a trigger only after its intent's done(""), and stops the run at the
//     first failure.
class AttemptSink {
public:
    using Done = std::function<void(const QString &error)>;

    virtual ~AttemptSink() = default;

    virtual bool prepare(QString *why) = 0;
    virtual void write(const AttemptRecord &record, Done done) = 0;
};

} // namespace feather
