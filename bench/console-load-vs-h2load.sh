#!/usr/bin/env bash
# bench/console-load-vs-h2load.sh [N] [PAIRS] [CONCURRENCY]
# Issue 12, goal 2 (API side): the console's first load over the API — the real Workspace,
# ApiBackend and SourceModel (bench/api/bench_console_load.cpp, offscreen), from open() until
# every source is in the model — side by side with h2load fetching the very same GETs from the
# same feather-devserver (SQLite, N demo sources, jobs that never finish during the run): the KB
# list pages and every KB's source pages (walked once beforehand, bench/lib/walk-pages.py),
# split into CONCURRENCY (default 4, a profile's default) contiguous parts, one `h2load -c1`
# each, all at once: as many connections as the console uses. The console's freshness read runs
# alongside its load (as in the console) but is neither waited for nor in the anchor. PAIRS interleaved
# pairs, the order alternating inside each pair; whole processes timed on both sides. Prints
# the median times and the median of the per-pair time ratios (goal: <= 2x), and
# FEATHER_BENCH<TAB>measure<TAB>rows<TAB>project_ms<TAB>anchor_ms<TAB>ratio (scripts/bench).
# Not a test: timings never fail anything. FEATHER_CONSOLE_LOAD=path runs another build's
# bench_console_load against the same server (before/after).
set -euo pipefail
n=${1:-100000}; pairs=${2:-3}; conc=${3:-4}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${FEATHER_BUILD_DIR:-$root/build}
[ -n "${FEATHER_SKIP_BUILD:-}" ] || "$root/scripts/build" bench_console_load feather-devserver >/dev/null
prog=${FEATHER_CONSOLE_LOAD:-$build/bin/bench_console_load}; server=$build/bin/feather-devserver
for tool in h2load python3 bc; do
  command -v "$tool" >/dev/null || { echo "console-load-vs-h2load: needs $tool (scripts/install-deps)" >&2; exit 2; }
done
work=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
export HOME="$work/home" XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data" \
  QT_QPA_PLATFORM=offscreen
mkdir -p "$HOME"

# A random key for this run only (h2load takes headers as arguments: it shows in the process
# list while the benchmark runs, and dies with the throwaway server).
key="bench_$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')"
(umask 077 && printf '%s\n' "$key" >"$work/key")
"$server" --db "sqlite://$work/bench.db" --api-key-file "$work/key" --listen 127.0.0.1:0 \
  --ready-file "$work/ready" --seed-demo "$n" --sync-seconds 86400 --job-fail-every 0 \
  >/dev/null 2>"$work/server.log" &
pid=$!
for _ in $(seq 1200); do [ -s "$work/ready" ] && break; sleep 0.1; done
[ -s "$work/ready" ] || { echo "console-load-vs-h2load: server did not start" >&2; cat "$work/server.log" >&2; exit 1; }
api="http://127.0.0.1:$(cat "$work/ready")"

python3 "$root/bench/lib/walk-pages.py" "$api" "$work/key" >"$work/uris"
gets=$(wc -l <"$work/uris")
split -n "l/$conc" -d "$work/uris" "$work/part."

ms() { date +%s%N; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
ours() { "$prog" "$api" "$work/key" "$conc" "$n" >>"$work/inproc"; }
anchor() {
  local f
  for f in "$work"/part.??; do
    h2load --h1 -n "$(wc -l <"$f")" -c 1 -m 1 -H "x-api-key: $key" -i "$f" >"$f.out" &
  done
  wait $(jobs -p | grep -vx "$pid")
  cat "$work"/part.??.out | awk '/^status codes:/ {s += $3} END {print s + 0}' >>"$work/anchor_ok"
}
: >"$work/ours"; : >"$work/anchor"; : >"$work/ratios"; : >"$work/inproc"; : >"$work/anchor_ok"
for ((i = 1; i <= pairs; i++)); do
  if ((i % 2)); then
    t0=$(ms); ours; t1=$(ms); anchor; t2=$(ms); o=$((t1 - t0)); a=$((t2 - t1))
  else
    t0=$(ms); anchor; t1=$(ms); ours; t2=$(ms); a=$((t1 - t0)); o=$((t2 - t1))
  fi
  echo $((o / 1000000)) >>"$work/ours"; echo $((a / 1000000)) >>"$work/anchor"
  echo "$o / $a" | bc -l >>"$work/ratios"
done
oms=$(median <"$work/ours"); ams=$(median <"$work/anchor"); ratio=$(median <"$work/ratios")
inproc=$(cut -d' ' -f2 "$work/inproc" | median)
printf 'console first load (API) %7.0f ms (open to loaded: %.0f ms) | %d x h2load -c1 %7.0f ms | time ratio %.2fx (median of %d pairs)\n' \
  "$oms" "$inproc" "$conc" "$ams" "$ratio" "$pairs"
printf 'FEATHER_BENCH\tconsole first load (API)\t%s\t%s\t%s\t%s\n' "$n" "$oms" "$ams" "$ratio"
echo "    $gets GETs; the model held $(cut -d' ' -f1 "$work/inproc" | paste -sd' ') sources, h2load 2xx $(paste -sd' ' "$work/anchor_ok")"
echo "# $n sources, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), devserver on SQLite, concurrency $conc"
