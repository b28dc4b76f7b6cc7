#pragma once

#include "core/jobtypes.h"
#include "core/types.h"

#include <QCoreApplication>
#include <QString>

namespace feather {

struct ResultRow;

// "Copy summary" for a ticket: the same facts as plain text (one "Label: value" line each)
// and as Markdown (a bold heading and a bullet list, ids in code spans). Empty facts are left
// out; server text is copied verbatim (Markdown-escaped in the Markdown form).
struct HandoffText {
    QString plain;
    QString markdown;
    void append(const HandoffText &other); // a blank line between blocks
};

struct HandoffContext {
    QString profile;
    QString environment;
    QString target; // API origin or DB target (never a credential)
    QString kbName; // the source's knowledge base, when known
};

HandoffText sourceSummary(const Source &source, const std::optional<SyncStatus> &status,
                          const HandoffContext &context);
HandoffText jobSummary(const JobHistoryEntry &job, const QString &sourceName,
                       const HandoffContext &context);
HandoffText resultSummary(const ResultRow &row, const HandoffContext &context);

// The link of a profile's web-console URL template with {kb_id}, {source_id} and {job_id}
// replaced (percent-encoded); empty when the template is empty or not an http(s) URL after
// substitution. A placeholder without a value becomes empty.
QString webConsoleLink(const QString &urlTemplate, const QString &kbId, const QString &sourceId,
                       const QString &jobId = {});

} // namespace feather
