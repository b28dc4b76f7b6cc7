#pragma once

#include "triage/triage.h"

#include <QCoreApplication>

namespace feather {

// The hand-off texts of one cause (issue 15, item 4), as plain text or Markdown:
// - for the customer: what is wrong in plain words (the cause's customer text) and which sources
//   need it, grouped by provider — no ids, no signatures;
// - for engineering: cause id and action class, counts per KB, providers, the engineering hint,
//   and per signature its count, an example message and example KB/source ids.
class TriageHandoff final {
    Q_DECLARE_TR_FUNCTIONS(feather::TriageHandoff)
public:
    enum class Format { PlainText, Markdown };
    static constexpr int kExampleIds = 10; // ids per signature in the engineering text

    static QString forCustomer(const CauseGroup &cause, Format format);
    static QString forEngineering(const CauseGroup &cause, Format format);
};

} // namespace feather
