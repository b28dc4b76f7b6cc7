<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>Outcome</name>
    <message>
        <source>done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>nothing to do</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>retried automatically</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>checked before any retry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2, %3</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>feather::ConsoleOptions</name>
    <message>
        <source>Feather Ops Console: list knowledge bases and their connector sources, resync one or many, and read back a job id, status and message for each.

Quick start: --api-url URL (the API key comes from $FEATHER_API_KEY, never from an argument) or --db URL (sqlite:///abs/path.db or postgresql://user@host:port/db; password from $PGPASSWORD). Both may be given; --profile NAME picks which one opens first, or opens a saved profile (with $FEATHER_API_KEY, when set, in place of its stored key for this run).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the profile called NAME.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quick start in API mode against URL (key from $FEATHER_API_KEY).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name of the --api-url profile (default &quot;Command line (API)&quot;).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quick start in direct mode on the database URL.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name of the --db profile (default &quot;Command line (direct)&quot;).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name the quick-start profiles &quot;Local demo (API)&quot; and &quot;Local demo (direct)&quot; (used by scripts/run-demo).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mark the quick-start profiles as production.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Render the main window once the first load has finished, save it as a PNG and exit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Window size for --screenshot (default 1360x860).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Before the screenshot, resync a mixed selection (for docs).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use a dark palette even when the desktop does not ask for one (the console follows the system palette).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Do not offer the demo workspace on a first run.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unexpected argument &quot;%1&quot; (see --help)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--screenshot-size must look like 1360x860</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a profile name cannot be empty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--api-url needs the API key in $FEATHER_API_KEY (it is never taken from an argument)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--screenshot-view needs --screenshot FILE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What --screenshot shows: sources, results, confirm, history, triage or details.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--screenshot-view must be sources, results, confirm, history, triage or details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep the audit log in the team&apos;s PostgreSQL database at URL (postgresql://user@host:port/db; password from $PGPASSWORD or $PGPASSFILE).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>feather::DemoWorkspace</name>
    <message>
        <source>Cannot create %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>feather::FilterBar</name>
    <message>
        <source>Filter by name, provider, source or job id (Ctrl+F)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source filter text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status filter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Provider filter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All providers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear filters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Any status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stuck (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Syncing for longer than this profile&apos;s stuck threshold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stuck</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>feather::Handoff</name>
    <message>
        <source>Profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Target</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Feather source %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Knowledge base</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Knowledge base id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Provider</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last job</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last job status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last sync started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last sync completed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 items processed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Auto sync</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>every %1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next sync</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Feather ingestion job %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Job id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tied to the source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ended</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 documents</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 processed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Feather resync of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Job</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Job status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Job error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HTTP status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finished</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Job ended</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>feather::HistoryModel</name>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When the attempt finished (local time)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Operator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Who ran the resync</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The connection profile it ran under</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API: through the Feather API; direct: through the database</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>direct</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>KB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The knowledge base (its id in the tooltip)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The source (its id in the tooltip)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What the attempt achieved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Job id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sync job started or found running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The job&apos;s or the source&apos;s status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server&apos;s message, verbatim</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HTTP</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The HTTP status of the answer (API mode)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attempt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The attempt&apos;s number for that source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Job result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How the job ended (completed, failed, partial_failure), once the console saw it end</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Job error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why the job failed, verbatim</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Job ended</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When the job ended (local time)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Schedule changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Machine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The computer the resync ran on (a team log has several)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>feather::HistoryPanel</name>
    <message>
        <source>Last 24 hours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Everything</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>History period</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All outcomes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>History outcome filter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search KB or source name, job or trigger id…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>History search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reload history</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>History summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Audit history</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 attempt(s) in the local audit log for this period</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy row as text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Shift+C</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Operator (user or user@host)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>History operator filter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only this operator&apos;s rows: user@host exactly, or a user on any machine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 attempt(s) in the team audit log for this period</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>feather::JobHistoryModel</name>
    <message>
        <source>Inferred: %1. The API does not say which source a job belongs to.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tied to this source by %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inferred</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Job</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ended</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Documents</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Processed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Match</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Error</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>feather::KbPanel</name>
    <message>
        <source>&amp;Knowledge bases</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search knowledge bases</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Knowledge base search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Knowledge bases</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading sources… counts are partial</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Loading sources: %n page(s), %1 sources so far · counts are partial</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>The source list is incomplete: counts are partial. Refresh to load it again.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>feather::KnowledgeBaseModel</name>
    <message>
        <source>Knowledge base</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select knowledge bases to show only their sources</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sources</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sources in the knowledge base</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sources that are active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Syncing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sources with a sync running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sources whose last sync failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Other</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sources in any other status (paused, …)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All knowledge bases</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every source in every knowledge base</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Still loading: counted from the sources loaded so far</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stuck</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sources syncing for longer than the profile&apos;s stuck threshold</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>feather::MainActions</name>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reload knowledge bases and sources</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resync selected…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+R</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resync the selected sources (asks for confirmation)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resync all errored…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Shift+R</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resync every errored source in the selected knowledge bases (asks for confirmation)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retry failed…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Shift+T</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run again the rows of the last run that can be retried, with their trigger ids (asks for confirmation)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Shift+P</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause the run: requests in flight finish, nothing new is sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop the run: nothing new is sent; rows not sent yet end as cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the results as a CSV file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Profiles…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+P</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add or edit profiles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter sources</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select all visible</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+A</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select every visible source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select errored</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+E</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select the visible errored sources</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show results</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the results of this window&apos;s runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show history</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the local audit log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resume the run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show triage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the errored sources grouped by cause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Auto-sync schedule…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Shift+S</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>View or change the automatic sync schedule of the selected sources (asks for confirmation)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>feather::MainWindow</name>
    <message>
        <source>Feather Ops Console</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Main</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Main toolbar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Results and history</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Results</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;History</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status bar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loaded %1 sources in %2 knowledge bases.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resync of %1 source(s) started.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server rejected the API key of profile “%1” (HTTP 401). Enter a valid key in the profile.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database refused the login of profile “%1”: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit profile…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2) — Feather Ops Console</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PRODUCTION — profile “%1” · %2. Every resync here touches live data.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A resync is running: cancel it or wait before switching profiles.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no profile called “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the secret of “%1”…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot open “%1”: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Welcome. There is no profile yet: open the demo workspace (a local SQLite database with sample knowledge bases, created in your data folder) or add a profile with Profiles…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open demo workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Creating the demo workspace…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not create the demo workspace: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No errored sources to resync.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing to retry: no row of the last run can be retried.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A resync is already running: wait for it or cancel it first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select one or more sources first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Those sources are already being resynced.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing was started: every target is already in flight.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelling: requests already sent finish; the rest end as cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resync finished: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server refused the credentials (401); the run was stopped. Check the profile’s API key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Triage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 sources of this cause are hidden by the source filters or the knowledge base selection.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Loading… %n page(s), %1 sources so far</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Source &amp;details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+I</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy &amp;summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Alt+C</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retry failed &amp;items of these jobs…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No selected result has a failed or partial_failure job.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show source &amp;details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source %1 is not in the loaded list.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>started for this source by this console</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n summary(s) copied (plain text and Markdown).</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Retrying a job&apos;s failed items needs API mode: the database has no per-document job records.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retry failed items</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Retry the failed items of %n job(s) on %1 (%2, %3)?</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Retry %n job(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Retry of failed items: %1 of %2 accepted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing was sent: the audit log cannot be written: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Feather resync finished</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select the sources whose schedule to view or change.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Changing the schedule of %n source(s)…</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Saved views</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Shift+V</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deleted the view “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No run is recorded for this profile yet, so no source failed again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of the view’s %2 knowledge bases are not listed in this profile.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save view</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name for these filters (%1), kept for the profile “%2”:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The view was not saved: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replace view</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A view named “%1” exists. Replace it?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved the view “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>feather::MessageBanner</name>
    <message>
        <source>Dismiss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dismiss message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Banner action</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>feather::ProfileSwitcher</name>
    <message>
        <source>&amp;Profile:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Switch profile (environment)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>feather::ProfilesDialog</name>
    <message>
        <source>Production (red banner, typed confirmation for large runs)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Store it in a file readable only by me (0600) instead</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Profiles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Profile list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API (Feather HTTP API)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Direct (database)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>optional label, e.g. staging</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>leave empty to keep the stored one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Profile name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connection mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Base URL or database URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Production profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Environment label</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Concurrency</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API key or database password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stored secret fingerprint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Store the secret in a private file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Mode:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Environment:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Concurrency:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>⚠ Warning: a secret in a file is only as safe as your account. Backups, administrators and any program running as you can read it. Prefer a system keychain.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Secret file warning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Profile status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kept in the system keychain.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kept in the system keychain: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kept for one session only: enter it when connecting.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kept for this session only: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stored in a private file (0600).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Base &amp;URL:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Database &amp;URL:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sqlite:///path/to/feather.db or postgresql://user@host:5432/db</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API &amp;key:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DB &amp;password:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A profile called “%1” already exists.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Storing the secret in the system keychain…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved. The secret is in the system keychain (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved. Warning: the secret is stored in a file readable only by you (%1), not in a keychain. %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The secret (%1) is kept for this session only. Tick the file option and save again to keep it on disk.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deleted “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>optional, e.g. https://app.example.com/kb/{kb_id}/sources/{source_id}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Web console URL template</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;Open in Feather&quot; opens this URL with {kb_id}, {source_id} and {job_id} filled in; empty hides the action.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Web console URL:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stuck after</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A sync running this long is marked stuck</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;tuck after:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>postgresql://user@host:5432/db (empty: local only)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Team audit database URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep the audit log in the team&apos;s PostgreSQL database, so the team sees one history. The password comes from PGPASSWORD or PGPASSFILE, never from this URL.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Team &amp;audit log:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>feather::ResultModel</name>
    <message>
        <source>%1 (attempt %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When the attempt finished (local time)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Knowledge base</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The source&apos;s knowledge base</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The source that was resynced</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What this attempt achieved, and its number when retried</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Job id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sync job started, or the one already running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The job&apos;s status, or the source status that blocked it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server&apos;s message, verbatim</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HTTP</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The HTTP status of the answer (API mode; none in direct mode)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How long the attempt took</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>KB id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The knowledge base&apos;s id (UUID)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The source&apos;s id (UUID)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How many times this source was tried</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · job %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Job error: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The trigger answered &quot;%1&quot;; the job is now &quot;%2&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Job error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why the job failed, verbatim, once it has ended</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Job ended</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When the job completed or failed (server time, shown local)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Which resync run of this window the row belongs to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Same cause again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New failure</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · same cause again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>It failed this way before the resync too (%1): a resync does not fix this cause; see Triage.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failure</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Whether a failed job failed the way the source failed before the resync (a resync does not fix it) or in a new way</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The source had no error before the resync</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Before the resync: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>feather::ResultsPanel</name>
    <message>
        <source>Retry failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy job ids</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy the job ids of the selected rows, or of every row (Ctrl+C)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run again the rows of the last run that can be retried, with their trigger ids (Ctrl+Shift+T)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export results as CSV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the results as a CSV file (Ctrl+S)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Results summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resync results</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy job id(s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy row as text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Shift+C</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No job ids to copy.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copied %1 job id(s).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retry failed (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export results</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exported %1 row(s) to %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not export: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No resync has run in this window yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This run &amp;only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show only the rows of the latest run; untick to see every run of this window (the Run column tells them apart)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run %1: %2 source(s): %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · jobs: %1 completed, %2 failed, %3 still running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · showing all %1 runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · jobs: %1 completed, %2 failed (%3 the same way as before), %4 still running</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>feather::ResyncConfirmDialog</name>
    <message>
        <source>Will start a sync</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Skipped: already syncing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Skipped: already syncing (job %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Skipped: not found in this knowledge base</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Skipped: invalid — %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, HTTP %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Will be tried — could not check (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Will be tried — could not check (%1: %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confirm resync</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resync 1 source?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resync %1 sources?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Profile &lt;b&gt;%1&lt;/b&gt; · environment &lt;b&gt;%2&lt;/b&gt; · %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each source gets one guarded trigger: sources that are already syncing are left alone and reported with their running job.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>  PRODUCTION  </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Production environment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 selected source(s) are left out: a resync of them is already running in this window.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Knowledge base</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dry-run preview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resync targets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>checking…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not previewed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dry-run summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This is a production profile and more than %1 sources are selected. &amp;Type &lt;b&gt;%2&lt;/b&gt; to confirm:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type the number of sources to confirm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resync 1 source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resync %1 sources</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel resync</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dry run: %1 will start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, %1 will be skipped (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> — checked %1 of %2…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> — the preview covers the first %1 targets; the rest will be tried</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 could not be checked (%2) and will be tried anyway.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server refused the key while checking: the run stops at the first refusal.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Skipped: not eligible</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Skipped: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sources a resync will not fix</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 × %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 sources fail with a cause a resync will not fix, so they will fail again: %3. Resync anyway, or leave them out and hand them off from the Triage tab.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Leave out the %1 that will fail again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the last errors of the errored sources… %1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Leave out the sources a resync will not fix</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>feather::RunCompletion</name>
    <message>
        <source>%1 resynced: %2 completed, %3 failed again</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>feather::RunStatusWidget</name>
    <message>
        <source>estimating…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resync status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source status counts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resync progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resync progress details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>syncing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>other</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 sources: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 sources</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resync %1/%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · %1 in flight</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · paused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> until %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · ETA %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> done in %1 · %2 triggered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>done</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>feather::ScheduleDialog</name>
    <message>
        <source>&amp;Enable auto-sync, every</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Disable auto-sync (clears the interval and the next run)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Auto-sync schedule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Current schedule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Interval</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>minutes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>hours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Interval unit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What will change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>I am changing the schedule in %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confirm production change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: auto-sync is off.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: auto-sync is on, every %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next sync %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last automatic sync %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 selected sources: auto-sync on for %2, off for %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>and %n more</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>turn auto-sync on, every %1,</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>turn auto-sync off</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>This will %1 for %n source(s) in %2: %3. Each change is written to the audit log.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Change %n schedule(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>feather::ScheduleSession</name>
    <message>
        <source>No profile is open.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A schedule change is still running.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enabling auto-sync needs an interval of at least one second.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No source is selected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The audit log cannot be written, so nothing was changed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped: the audit log could not be written (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>auto-sync on, every %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>auto-sync off</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Schedule changed for %n source(s): %1.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Schedule (%1): %2 changed, %3 failed — %4</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>feather::ScreenshotDirector</name>
    <message>
        <source>timed out before the view was ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>could not write %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>feather::SourceDetailsDock</name>
    <message>
        <source>—</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source fields</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Live sync status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy the source (or the selected job) as plain text and Markdown, ready for a ticket</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open in Feather</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retry failed items…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re-queue the failed items of the selected failed or partial_failure job</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read the status and the job history again (F5 in this pane)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How jobs are matched</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Job history</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Segments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Job documents</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Document / task</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Job logs by document</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Documents</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Logs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No source open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Double-click a source (or press Enter on it) to see its details and job history.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>every %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Knowledge base</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Provider</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nickname</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Auto sync</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next sync</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last auto sync</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Updated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Live status: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · last job %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · started %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · ended %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · %1 of %2 items</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Live status could not be read: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the live status…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the job history…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The job history could not be read: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No ingestion jobs found for this source.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n job(s) marked Inferred are matched to this source from job fields; the API does not name a job&apos;s source.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Note: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a job to see its documents and logs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading job %1&apos;s documents and logs…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Documents: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Logs: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Job %1: %n document(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retrying a job&apos;s failed items needs API mode: the database has no per-document job records</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re-queue the failed items of job %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a failed or partial_failure job</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Summary copied (plain text and Markdown).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Error message copied.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>feather::SourceModel</name>
    <message>
        <source>The source listing was cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Syncing since %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A resync of this source is running in this window.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Updated: %1
Last sync completed: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>never</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The connection&apos;s nickname, or the start of its id when it has none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Provider</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The connector that feeds the knowledge base (Notion, Google Drive, S3, URL …)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sync status of the source; ascending order puts errors first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The error message of the last sync job, when it failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last job</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status and id of the last sync job; sorts by the job&apos;s status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last synced</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When the last sync completed (local time), else when the source last changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Knowledge base</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The knowledge base the source belongs to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The source&apos;s id (UUID)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>KB id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The knowledge base&apos;s id (UUID)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last sync event: %1 (%2 before the server&apos;s answer)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The read was cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Syncing since %1; the server&apos;s clock is not known yet, so the age is not shown (server times are compared with server times only).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an unknown time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Syncing for %1, since %2 (server time)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stuck: longer than this profile&apos;s threshold of %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Syncing for</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How long a running sync has run, on the server&apos;s clock; a warning icon marks syncs past the profile&apos;s stuck threshold</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>feather::SourcePanel</name>
    <message>
        <source>&amp;Sources</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select all visible</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select all visible sources</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select every source the filters show (Ctrl+A)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select errored</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select errored sources</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select the visible sources whose status is error (Ctrl+E)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source count</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sources</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resync selected…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy source id(s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy row as text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Shift+C</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Showing %1 of %2 · %3 selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · %1 kept from the run (no longer match the filter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Showing %1 of %2 loaded so far · %3 selected</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>feather::TriageHandoff</name>
    <message>
        <source>%1: 1 source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2 sources</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Other</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (knowledge base “%2”)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cause %1 (%2), action %3: %4 errored source(s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Knowledge bases: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Providers: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What to check: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>+%1 more</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signature (%1 source(s))</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Example: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Example ids (kb/source): %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signature (%1 source(s)): %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>feather::TriageModel</name>
    <message>
        <source>+%1 more</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cause / signature</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sources</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Knowledge bases</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Providers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Example message</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>feather::TriagePanel</name>
    <message>
        <source>Re&amp;check errors</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy for the c&amp;ustomer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy for en&amp;gineering</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>As &amp;Markdown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Triage summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Errored sources by cause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read every errored source’s last error again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resync only the sources whose cause a resync can fix (resync, wait and resync); the confirmation lists them first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy, for the customer, which sources of the selected cause need what, in plain words</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy, for engineering, the selected cause’s signatures, counts, example messages and ids</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy Markdown instead of plain text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Triage status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the last errors… %1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 last error(s) could not be read: those sources are under “Unknown”. Recheck to try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No errored sources.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 errored source(s) in %2 cause(s): %3 a resync can fix, %4 a resync will not fix, %5 unrecognised. Per knowledge base: %6</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resync &amp;fixable (%1)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copied for the customer: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copied for engineering: %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>feather::ViewsButton</name>
    <message>
        <source>Saved views</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Errored</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stuck</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed again in my last run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Views</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>View: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recall or save a set of filters (Ctrl+Shift+V)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Showing the view “%1” (Ctrl+Shift+V)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Built-in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (no run yet)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source> (of %n started)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Shows the sources whose sync your last run started and that are now in error; no run is recorded for this profile yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No saved views for this profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save current filters as a view…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Delete a saved view</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>feather::Workspace</name>
    <message>
        <source>Could not list knowledge bases: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not list sources: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not read the sources&apos; last sync results (Last error stays blank): %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>feather::presentation</name>
    <message>
        <source>%1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 d</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Syncing for %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Syncing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(none)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
