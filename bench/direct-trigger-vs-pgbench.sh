#!/usr/bin/env bash
# bench/direct-trigger-vs-pgbench.sh [N] [CONCURRENCY]
# Side by side, in one run, on one throwaway PostgreSQL cluster: the guarded trigger as
# featherctl runs it (direct mode, N distinct sources, CONCURRENCY workers) against pgbench
# running the very same transaction (BEGIN; claim UPDATE … RETURNING; INSERT job; COMMIT) with
# CONCURRENCY clients. Prints both rates and their ratio; pgbench is the floor of what the
# database itself costs, so the ratio is the price of our client stack.
set -euo pipefail
n=${1:-2000}; c=${2:-4}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${FEATHER_BUILD_DIR:-$root/build}
[ -n "${FEATHER_SKIP_BUILD:-}" ] || "$root/scripts/build" >/dev/null
bin=/usr/lib/postgresql/15/bin; [ -x "$bin/pgbench" ] || bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
work=$(mktemp -d); chmod 755 "$work"
trap 'bash "$root/tests/support/pgcluster.sh" stop "$work/pg" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
bash "$root/tests/support/pgcluster.sh" start "$work/pg" >/dev/null
url=$(cat "$work/pg/url"); port=$(cat "$work/pg/port")
psql() { "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -qAt "$@"; }

"$build/bin/featherctl" init-db --db "$url" --demo "$n" >/dev/null
# Every source eligible, no job running (the one-running-sync index would refuse a claim).
reset="UPDATE ingestion_jobs SET status='completed' WHERE status IN ('queued','processing'); UPDATE knowledge_base_sources SET status='active';"
psql -c "$reset"
psql -c "COPY (SELECT knowledge_base_id || ',' || id FROM knowledge_base_sources ORDER BY id) TO STDOUT" >"$work/targets.csv"
total=$(wc -l <"$work/targets.csv")

export XDG_DATA_HOME="$work/data"
start=$(date +%s.%N)
"$build/bin/featherctl" --db "$url" --concurrency "$c" --json resync --file "$work/targets.csv" >"$work/rows.jsonl" 2>/dev/null || true
end=$(date +%s.%N)
ours=$(grep -c '"outcome":"triggered"' "$work/rows.jsonl" || true)
ours_rate=$(echo "$ours / ($end - $start)" | bc -l)

psql -c "$reset"
psql -q -c "SET client_min_messages=warning; DROP TABLE IF EXISTS bench_ids; CREATE TABLE bench_ids AS SELECT row_number() OVER (ORDER BY id) AS n, id, knowledge_base_id FROM knowledge_base_sources; CREATE UNIQUE INDEX ON bench_ids(n); DROP SEQUENCE IF EXISTS bench_seq; CREATE SEQUENCE bench_seq;"
cat >"$work/trigger.sql" <<'SQL'
SELECT nextval('bench_seq') AS n \gset
SELECT id AS sid, knowledge_base_id AS kid FROM bench_ids WHERE n = :n \gset
BEGIN;
UPDATE knowledge_base_sources SET status = 'syncing', last_sync_job_id = gen_random_uuid(), updated_at = now()
 WHERE id = :sid AND knowledge_base_id = :kid AND status IN ('active', 'error') RETURNING id;
INSERT INTO ingestion_jobs (id, job_type, status, knowledge_base_id, knowledge_base_source_id, trigger_id, triggered_by, created_at, updated_at)
 VALUES (gen_random_uuid(), 'connector_sync', 'queued', :kid, :sid, gen_random_uuid(), 'bench', now(), now());
COMMIT;
SQL
per_client=$((total / c))
pgb=$("$bin/pgbench" -h 127.0.0.1 -p "$port" -U postgres -n -M prepared -c "$c" -j "$c" -t "$per_client" -f "$work/trigger.sql" postgres 2>&1) || { echo "$pgb" >&2; exit 1; }
pg_rate=$(echo "$pgb" | sed -n 's/^tps = \([0-9.]*\) .*/\1/p' | head -n 1)

printf 'sources: %s, concurrency: %s\n' "$total" "$c"
printf 'featherctl direct mode: %s triggered, %.0f triggers/s (includes process start and the audit log)\n' "$ours" "$ours_rate"
printf 'pgbench, same SQL:      %.0f transactions/s\n' "$pg_rate"
printf 'ratio featherctl/pgbench: %.2f\n' "$(echo "$ours_rate / $pg_rate" | bc -l)"
