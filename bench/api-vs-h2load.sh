#!/usr/bin/env bash
# bench/api-vs-h2load.sh [N] [PAIRS] [RESYNC]
# Side by side, in one run, against ONE feather-devserver (SQLite, N demo sources, jobs that
# never finish during the run, no simulated failures), PAIRS interleaved pairs each (the order
# alternates inside each pair); prints median wall times and the median of the per-pair time
# ratios (issue 12, goals 2-4):
#   1. listing: `featherctl --json sources` over the API (the same ApiBackend paging the console
#      loads with) against h2load fetching the very same GETs in the same order on one
#      connection (the URIs are walked once beforehand, following next_cursor). featherctl walks
#      up to 4 KBs at once; bench/api-listing-vs-h2load.sh gives h2load as many connections.
#   2. bulk resync: `featherctl --concurrency 8 resync --file` of RESYNC fresh active sources
#      against 8 x `h2load -c1` side by side sending the same POSTs (each its eighth), with
#      fresh sources for every run on both sides (a source is triggered once).
# Both sides include their process start. Not a test: timings never fail anything.
# FEATHERCTL=path runs another featherctl against the same server (before/after).
# FEATHER_BENCH_PARTS=resync (or listing) runs only that part; the default runs both.
# Prints FEATHER_BENCH<TAB>measure<TAB>rows<TAB>project_ms<TAB>anchor_ms<TAB>ratio lines
# (medians; the ratio is the median of the per-pair ratios) for scripts/bench.
set -euo pipefail
n=${1:-100000}; pairs=${2:-3}; resync=${3:-5000}; conc=8
parts=${FEATHER_BENCH_PARTS:-listing,resync}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${FEATHER_BUILD_DIR:-$root/build}
[ -n "${FEATHER_SKIP_BUILD:-}" ] || "$root/scripts/build" featherctl feather-devserver >/dev/null
ctl=${FEATHERCTL:-$build/bin/featherctl}; server=$build/bin/feather-devserver
for tool in h2load sqlite3 python3; do
  command -v "$tool" >/dev/null || { echo "api-vs-h2load: needs $tool (scripts/install-deps)" >&2; exit 2; }
done
work=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
export HOME="$work/home" XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data"
mkdir -p "$HOME"

# A random key for this run only: h2load takes headers as arguments only, so it shows in the
# process list while the benchmark runs, and dies with the throwaway server.
key="bench_$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')"
(umask 077 && printf '%s\n' "$key" >"$work/key")
db="$work/bench.db"
"$server" --db "sqlite://$db" --api-key-file "$work/key" --listen 127.0.0.1:0 \
  --ready-file "$work/ready" --seed-demo "$n" --sync-seconds 86400 --job-fail-every 0 \
  >/dev/null 2>"$work/server.log" &
pid=$!
for _ in $(seq 600); do [ -s "$work/ready" ] && break; sleep 0.1; done
[ -s "$work/ready" ] || { echo "api-vs-h2load: server did not start" >&2; cat "$work/server.log" >&2; exit 1; }
api="http://127.0.0.1:$(cat "$work/ready")"
base="$api/v1/knowledge-base"

ms() { date +%s%N; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
report() { # MEASURE ROWS: files ours, anchor, ratios in $work
  local m=$1 rows=$2 o a r
  o=$(median <"$work/ours"); a=$(median <"$work/anchor"); r=$(median <"$work/ratios")
  printf '%-34s featherctl %8.0f ms | anchor %8.0f ms | time ratio %.2fx (median of %d pairs)\n' \
    "$m" "$o" "$a" "$r" "$pairs"
  printf 'FEATHER_BENCH\t%s\t%s\t%s\t%s\t%s\n' "$m" "$rows" "$o" "$a" "$r"
}

if [[ $parts == *listing* ]]; then
# The GETs a sequential featherctl walk makes (the KB list, then every KB's sources, limit=200,
# following next_cursor), walked once over one keep-alive connection.
python3 "$root/bench/lib/walk-pages.py" "$api" "$work/key" >"$work/uris"
gets=$(wc -l <"$work/uris")

# 1. listing
: >"$work/ours"; : >"$work/anchor"; : >"$work/ratios"
ours_list() { "$ctl" --api-url "$api" --api-key-file "$work/key" --json sources >"$work/out.ours"; }
anchor_list() { h2load --h1 -n "$gets" -c 1 -m 1 -H "x-api-key: $key" -i "$work/uris" >"$work/out.h2"; }
for ((i = 1; i <= pairs; i++)); do
  if ((i % 2)); then
    t0=$(ms); ours_list; t1=$(ms); anchor_list; t2=$(ms); o=$((t1 - t0)); a=$((t2 - t1))
  else
    t0=$(ms); anchor_list; t1=$(ms); ours_list; t2=$(ms); a=$((t1 - t0)); o=$((t2 - t1))
  fi
  echo $((o / 1000000)) >>"$work/ours"; echo $((a / 1000000)) >>"$work/anchor"
  echo "$o / $a" | bc -l >>"$work/ratios"
done
listed=$(grep -c '"id"' "$work/out.ours" || true)
ok=$(awk '/^status codes:/ {print $3}' "$work/out.h2")
report "featherctl sources --json (API)" "$n" 
echo "    $gets GETs; featherctl printed $listed rows, h2load got $ok 2xx"
fi

# 2. bulk resync, fresh active sources for every run
if [[ $parts == *resync* ]]; then
mapfile -t active < <(sqlite3 -separator , "$db" \
  "SELECT knowledge_base_id, id FROM knowledge_base_sources WHERE status = 'active' ORDER BY id")
need=$((pairs * 2 * resync))
if [ "${#active[@]}" -lt "$need" ]; then
  echo "api-vs-h2load: $need active sources needed for the resync pairs, ${#active[@]} seeded" >&2
  exit 1
fi
printf "{}" >"$work/body" # h2load cannot post an empty file; the trigger ignores its body
next=0
take() { printf '%s\n' "${active[@]:$next:$resync}"; next=$((next + resync)); }
ours_resync() {
  take >"$work/targets.csv"
  "$ctl" --api-url "$api" --api-key-file "$work/key" --concurrency "$conc" --retries 0 --json \
    resync --file "$work/targets.csv" >"$work/rows.jsonl" 2>/dev/null || true
  grep -c '"outcome":"triggered"' "$work/rows.jsonl" >>"$work/ours_ok" || true
}
anchor_resync() {
  take >"$work/anchor.csv" # not in a pipeline: `next` must advance in this shell
  awk -F, -v b="$base" '{print b "/knowledge-bases/" $1 "/sources/" $2 "/sync"}' \
    "$work/anchor.csv" >"$work/posts"
  split -n "l/$conc" -d "$work/posts" "$work/part."
  for f in "$work"/part.*; do
    h2load --h1 -n "$(wc -l <"$f")" -c 1 -d "$work/body" -H "x-api-key: $key" -i "$f" >"$f.out" &
  done
  wait $(jobs -p | grep -vx "$pid")
  cat "$work"/part.*.out | awk '/^status codes:/ {s += $3} END {print s + 0}' >>"$work/anchor_ok"
  rm -f "$work"/part.*
}
: >"$work/ours"; : >"$work/anchor"; : >"$work/ratios"; : >"$work/ours_ok"; : >"$work/anchor_ok"
for ((i = 1; i <= pairs; i++)); do
  if ((i % 2)); then
    t0=$(ms); ours_resync; t1=$(ms); anchor_resync; t2=$(ms); o=$((t1 - t0)); a=$((t2 - t1))
  else
    t0=$(ms); anchor_resync; t1=$(ms); ours_resync; t2=$(ms); a=$((t1 - t0)); o=$((t2 - t1))
  fi
  echo $((o / 1000000)) >>"$work/ours"; echo $((a / 1000000)) >>"$work/anchor"
  echo "$o / $a" | bc -l >>"$work/ratios"
done
report "API bulk resync, concurrency $conc" "$resync"
echo "    triggered per run: featherctl $(paste -sd' ' "$work/ours_ok"), h2load 2xx $(paste -sd' ' "$work/anchor_ok")"
fi
echo "# $n sources, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), devserver on SQLite"
