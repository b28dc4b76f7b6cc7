#pragma once

#include <QString>

namespace feather {

// "user@host" of the person running the program: recorded as ingestion_jobs.triggered_by and
// in the audit log, so a job can always be traced back to the operator who started it.
QString operatorIdentity();
// This machine's host name: recorded per audit row so a team history says where a run ran.
QString machineName();

} // namespace feather
