#!/usr/bin/env bash
# bench/direct-trigger-vs-pgbench.sh [N] [CONCURRENCY] [PAIRS]
# Side by side, in one run, on one throwaway PostgreSQL cluster: the guarded trigger as
# featherctl runs it (direct mode, N distinct sources, CONCURRENCY connections) against pgbench
# running the very same transaction (BEGIN; claim UPDATE … RETURNING; INSERT job; COMMIT) with
# CONCURRENCY clients over the same N sources. PAIRS interleaved pairs (order alternating), once
# with fsync=on and once with fsync=off (the test cluster's default is off; both are printed
# and labelled). Both sides are timed as whole processes (start, connections, all N
# transactions); prints the medians and the median of the per-pair time ratios (issue 12 goal
# 4: <= 1.2x). Not a test: timings never fail anything.
# Prints FEATHER_BENCH<TAB>measure<TAB>rows<TAB>project_ms<TAB>anchor_ms<TAB>ratio lines
# (medians; the ratio is the median of the per-pair ratios) for scripts/bench.
set -euo pipefail
n=${1:-5000}; c=${2:-8}; pairs=${3:-3}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${FEATHER_BUILD_DIR:-$root/build}
[ -n "${FEATHER_SKIP_BUILD:-}" ] || "$root/scripts/build" featherctl >/dev/null
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

export HOME="$work/home" XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data"
mkdir -p "$HOME"
psql -q -c "SET client_min_messages=warning; DROP TABLE IF EXISTS bench_ids; CREATE TABLE bench_ids AS SELECT row_number() OVER (ORDER BY id) AS n, id, knowledge_base_id FROM knowledge_base_sources; CREATE UNIQUE INDEX ON bench_ids(n);"
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

ms() { date +%s%N; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
ours() {
  "$build/bin/featherctl" --db "$url" --concurrency "$c" --retries 0 --json resync \
    --file "$work/targets.csv" >"$work/rows.jsonl" 2>/dev/null || true
  grep -c '"outcome":"triggered"' "$work/rows.jsonl" >>"$work/ours_ok" || true
}
anchor() {
  "$bin/pgbench" -h 127.0.0.1 -p "$port" -U postgres -n -M prepared -c "$c" -j "$c" \
    -t "$per_client" -f "$work/trigger.sql" postgres >"$work/pgbench.out" 2>&1 \
    || { cat "$work/pgbench.out" >&2; exit 1; }
  sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' "$work/pgbench.out" >>"$work/anchor_ok"
  # Its own start-up share, for the reader: the ratio counts it, as featherctl's is counted.
  sed -n 's/^initial connection time = \([0-9.]*\) ms/\1/p' "$work/pgbench.out" >>"$work/anchor_conn"
}
# Before every run (not timed): every source eligible again, pgbench's row counter from 1.
for fsync in on off; do
  psql -c "ALTER SYSTEM SET fsync = $fsync" -c "SELECT pg_reload_conf()" >/dev/null
  sleep 0.5
  : >"$work/o"; : >"$work/a"; : >"$work/r"; : >"$work/ours_ok"; : >"$work/anchor_ok"; : >"$work/anchor_conn"
  for ((i = 1; i <= pairs; i++)); do
    for side in $( ((i % 2)) && echo "ours anchor" || echo "anchor ours"); do
      psql -c "SET client_min_messages=warning; $reset DROP SEQUENCE IF EXISTS bench_seq; CREATE SEQUENCE bench_seq;" >/dev/null
      t0=$(ms); "$side"; t1=$(ms)
      echo $((t1 - t0)) >"$work/t.$side"
    done
    o=$(cat "$work/t.ours"); a=$(cat "$work/t.anchor")
    echo $((o / 1000000)) >>"$work/o"; echo $((a / 1000000)) >>"$work/a"
    echo "$o / $a" | bc -l >>"$work/r"
  done
  om=$(median <"$work/o"); am=$(median <"$work/a"); rm_=$(median <"$work/r")
  printf 'direct resync (PostgreSQL, fsync=%s): featherctl %.0f ms | pgbench %.0f ms | time ratio %.2fx (median of %d pairs)\n' \
    "$fsync" "$om" "$am" "$rm_" "$pairs"
  echo "    transactions per run: featherctl triggered $(paste -sd' ' "$work/ours_ok"), pgbench $(paste -sd' ' "$work/anchor_ok")"
  echo "    pgbench's own initial connection time (inside its measured time): $(paste -sd' ' "$work/anchor_conn") ms"
  printf 'FEATHER_BENCH\tdirect resync PG c%s, fsync %s\t%s\t%s\t%s\t%s\n' "$c" "$fsync" "$total" "$om" "$am" "$rm_"
done
echo "# $total sources, concurrency $c, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); both timed as whole processes; the reset between runs is not timed"
