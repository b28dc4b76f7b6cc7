#!/usr/bin/env bash
# bench/direct-trigger-vs-pgbench.sh [N] [CONCURRENCY] [PAIRS]
# Side by side, in one run, on one throwaway PostgreSQL cluster: the guarded trigger as
# featherctl runs it (direct mode, N distinct sources, CONCURRENCY connections) against pgbench
# sending the very same message per trigger with CONCURRENCY clients over the same N sources.
# featherctl sends each trigger as two round trips: one simple-query message with BEGIN
# ISOLATION LEVEL READ COMMITTED, its SET LOCAL settings and the claim-and-insert statement with
# bound parameters (WITH claimed AS (UPDATE … RETURNING) INSERT … SELECT … FROM claimed
# RETURNING id), then COMMIT; pgbench sends the same two (-M simple, the default anchor `two`);
# the one difference: pgbench cannot hold a list of ids, so the statement finds the n-th
# source, its job id and trigger id in a side table (one index probe more on the server).
# FEATHER_BENCH_ANCHOR=split makes pgbench send three (BEGIN with its settings, the statement,
# COMMIT: what featherctl sent before it folded BEGIN into the claim), =one a single message
# (`\;`, COMMIT included).
# PAIRS interleaved pairs (order alternating), with the server started with fsync=on and then
# with fsync=off (a command-line setting, so ALTER SYSTEM could not change it; SHOW fsync is
# checked). Both sides are timed as whole processes (start, connections, all N transactions);
# prints the medians, the median of the per-pair time ratios (issue 12 goal 4: <= 1.2x), the
# CPU per trigger of each client, and the server messages per trigger each side sent
# (log_statement, counted on a short run). Not a test: timings never fail anything.
# Prints FEATHER_BENCH<TAB>measure<TAB>rows<TAB>project_ms<TAB>anchor_ms<TAB>ratio lines
# (medians; the ratio is the median of the per-pair ratios) for scripts/bench.
set -euo pipefail
n=${1:-5000}; c=${2:-8}; pairs=${3:-3}
anchor_shape=${FEATHER_BENCH_ANCHOR:-two}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${FEATHER_BUILD_DIR:-$root/build}
[ -n "${FEATHER_SKIP_BUILD:-}" ] || "$root/scripts/build" featherctl >/dev/null
bin=/usr/lib/postgresql/15/bin; [ -x "$bin/pgbench" ] || bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
work=$(mktemp -d); chmod 755 "$work"
trap 'bash "$root/tests/support/pgcluster.sh" stop "$work/pg" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
bash "$root/tests/support/pgcluster.sh" start "$work/pg" >/dev/null
url=$(cat "$work/pg/url"); port=$(cat "$work/pg/port")
psql() { "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -qAt "$@"; }
# pgcluster.sh starts the server with -c fsync=off; a command-line setting beats ALTER SYSTEM,
# so each mode is a restart with its own command line.
restart() {
  as_pg "$bin/pg_ctl" -D "$work/pg/data" -l "$work/pg/server.log" -w -t 60 -m fast \
    -o "-p $port -k $work/pg -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=$1" \
    restart >/dev/null
  [ "$(psql -c 'SHOW fsync')" = "$1" ] || { echo "fsync is not $1 after the restart" >&2; exit 1; }
}

"$build/bin/featherctl" init-db --db "$url" --demo "$n" >/dev/null
# Every source eligible, no job running (the one-running-sync index would refuse a claim).
reset="UPDATE ingestion_jobs SET status='completed' WHERE status IN ('queued','processing'); UPDATE knowledge_base_sources SET status='active';"
psql -c "$reset"
psql -c "COPY (SELECT knowledge_base_id || ',' || id FROM knowledge_base_sources ORDER BY id) TO STDOUT" >"$work/targets.csv"
total=$(wc -l <"$work/targets.csv")
per_client=$((total / c))

export HOME="$work/home" XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data"
mkdir -p "$HOME"
# The n-th source with a fresh job id and trigger id (client-generated in featherctl; new
# ones before every pgbench run, since trigger_id is unique).
psql -q -c "SET client_min_messages=warning; DROP TABLE IF EXISTS bench_ids; CREATE TABLE bench_ids AS SELECT row_number() OVER (ORDER BY id) AS n, id, knowledge_base_id, gen_random_uuid() AS job, gen_random_uuid() AS trig FROM knowledge_base_sources; CREATE UNIQUE INDEX ON bench_ids(n);"
# featherctl's BEGIN text (SqlDialect::begin, default timeouts) and its claim statement.
begin="BEGIN ISOLATION LEVEL READ COMMITTED \\; SET LOCAL lock_timeout = 5000 \\; SET LOCAL statement_timeout = 30000 \\; SET LOCAL idle_in_transaction_session_timeout = 60000 \\; SET LOCAL TimeZone = 'UTC' \\; SET LOCAL DateStyle = 'ISO, YMD' \\; SET LOCAL client_min_messages = warning"
claim="WITH t AS (SELECT id, knowledge_base_id, job, trig FROM bench_ids WHERE n = :n), claimed AS (UPDATE knowledge_base_sources s SET status = 'syncing', last_sync_job_id = t.job, updated_at = now() FROM t WHERE s.id = t.id AND s.knowledge_base_id = t.knowledge_base_id AND s.status IN ('active', 'error') RETURNING s.id, s.knowledge_base_id, t.job, t.trig) INSERT INTO ingestion_jobs (id, job_type, status, knowledge_base_id, knowledge_base_source_id, trigger_id, triggered_by, created_at, updated_at) SELECT job, 'connector_sync', 'queued', knowledge_base_id, id, trig, 'bench', now(), now() FROM claimed RETURNING id"
{
  # Each client counts its own transactions (-D i=0): client k runs rows k*per+1 … (k+1)*per.
  echo '\set i :i + 1'
  echo "\\set n :client_id * $per_client + :i"
  case "$anchor_shape" in
  one) echo "$begin \\; $claim \\; COMMIT;" ;;
  two) printf '%s \\; %s;\nCOMMIT;\n' "$begin" "$claim" ;;
  split) printf '%s;\n%s;\nCOMMIT;\n' "$begin" "$claim" ;;
  *) echo "FEATHER_BENCH_ANCHOR is two, split or one, not $anchor_shape" >&2; exit 2 ;;
  esac
} >"$work/trigger.sql"

ms() { date +%s%N; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
TIMEFORMAT='%U %S'
ours() { # $1: targets file
  { time "$build/bin/featherctl" --db "$url" --concurrency "$c" --retries 0 --json resync \
      --file "$1" >"$work/rows.jsonl" 2>/dev/null; } 2>"$work/cpu.ours" || true
  grep -c '"outcome":"triggered"' "$work/rows.jsonl" >>"$work/ours_ok" || true
}
anchor() { # $1: clients, $2: transactions per client
  { time "$bin/pgbench" -h 127.0.0.1 -p "$port" -U postgres -n -M simple -D i=0 -c "$1" -j "$1" \
      -t "$2" -f "$work/trigger.sql" postgres >"$work/pgbench.out" 2>&1; } 2>"$work/cpu.anchor" \
    || { cat "$work/pgbench.out" >&2; exit 1; }
  # Its own start-up share, for the reader: the ratio counts it, as featherctl's is counted.
  sed -n 's/^initial connection time = \([0-9.]*\) ms/\1/p' "$work/pgbench.out" >>"$work/anchor_conn"
}
fresh() { psql -c "SET client_min_messages=warning; $reset UPDATE bench_ids SET job = gen_random_uuid(), trig = gen_random_uuid();" >/dev/null; }
cpu_per_trigger() { awk -v n="$total" '{printf "%.3f\n", ($1 + $2) * 1000 / n}' "$1"; }

# Server messages per trigger, from the server's statement log (one line per simple query):
# featherctl on one connection over the first 20 sources, pgbench one client, 20 triggers.
fresh
psql -c "ALTER SYSTEM SET log_statement = 'all'" -c "SELECT pg_reload_conf()" >/dev/null; sleep 0.3
head -n 20 "$work/targets.csv" >"$work/t20.csv"
mark=$(wc -l <"$work/pg/server.log")
"$build/bin/featherctl" --db "$url" --concurrency 1 --retries 0 --json resync --file "$work/t20.csv" >/dev/null 2>&1 || true
trips_ours=$(tail -n +"$((mark + 1))" "$work/pg/server.log" | grep -cE 'statement: (BEGIN|WITH|UPDATE|INSERT|COMMIT|EXECUTE|SELECT s\.status)' || true)
fresh
mark=$(wc -l <"$work/pg/server.log")
"$bin/pgbench" -h 127.0.0.1 -p "$port" -U postgres -n -M simple -D i=0 -c 1 -t 20 -f "$work/trigger.sql" postgres >/dev/null 2>&1
trips_anchor=$(tail -n +"$((mark + 1))" "$work/pg/server.log" | grep -cE 'statement: (BEGIN|WITH|UPDATE|INSERT|COMMIT)' || true)
psql -c "ALTER SYSTEM RESET log_statement" -c "SELECT pg_reload_conf()" >/dev/null

for fsync in on off; do
  restart "$fsync"
  : >"$work/o"; : >"$work/a"; : >"$work/r"; : >"$work/ours_ok"; : >"$work/anchor_ok"; : >"$work/anchor_conn"
  : >"$work/cpu_o"; : >"$work/cpu_a"
  for ((i = 1; i <= pairs; i++)); do
    for side in $( ((i % 2)) && echo "ours anchor" || echo "anchor ours"); do
      fresh # not timed: every source eligible again, new job and trigger ids for pgbench
      t0=$(ms)
      if [ "$side" = ours ]; then ours "$work/targets.csv"; else anchor "$c" "$per_client"; fi
      t1=$(ms)
      # Claims, not transactions (a transaction whose claim matched no row counts too).
      [ "$side" = ours ] || psql -c "SELECT count(*) FROM ingestion_jobs WHERE status = 'queued' AND triggered_by = 'bench'" >>"$work/anchor_ok"
      echo $((t1 - t0)) >"$work/t.$side"
    done
    o=$(cat "$work/t.ours"); a=$(cat "$work/t.anchor")
    echo $((o / 1000000)) >>"$work/o"; echo $((a / 1000000)) >>"$work/a"
    echo "$o / $a" | bc -l >>"$work/r"
    cpu_per_trigger "$work/cpu.ours" >>"$work/cpu_o"; cpu_per_trigger "$work/cpu.anchor" >>"$work/cpu_a"
  done
  om=$(median <"$work/o"); am=$(median <"$work/a"); rm_=$(median <"$work/r")
  printf 'direct resync (PostgreSQL, fsync=%s): featherctl %.0f ms | pgbench %.0f ms | time ratio %.2fx (median of %d pairs)\n' \
    "$fsync" "$om" "$am" "$rm_" "$pairs"
  echo "    sources claimed per run: featherctl $(paste -sd' ' "$work/ours_ok"), pgbench $(paste -sd' ' "$work/anchor_ok")"
  echo "    client CPU per trigger (user+sys, process start included): featherctl $(median <"$work/cpu_o") ms, pgbench $(median <"$work/cpu_a") ms"
  echo "    pgbench's own initial connection time (inside its measured time): $(paste -sd' ' "$work/anchor_conn") ms"
  printf 'FEATHER_BENCH\tdirect resync PG c%s, fsync %s\t%s\t%s\t%s\t%s\n' "$c" "$fsync" "$total" "$om" "$am" "$rm_"
done
echo "# server messages (round trips) per trigger, 20 triggers each: featherctl $(echo "scale=2; $trips_ours / 20" | bc), pgbench $(echo "scale=2; $trips_anchor / 20" | bc) (anchor shape: $anchor_shape)"
echo "# $total sources, concurrency $c, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); both timed as whole processes; the reset between runs is not timed"
