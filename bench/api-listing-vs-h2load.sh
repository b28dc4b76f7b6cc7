#!/usr/bin/env bash
# bench/api-listing-vs-h2load.sh [N] [PAIRS]
# Issue 12, goals 2 and 3 (API side): `featherctl sources` over the API, table and --json, side
# by side with h2load fetching the very same GETs from the same feather-devserver (SQLite, N
# demo sources, jobs that never finish during the run, no simulated failures). featherctl
# walks up to --concurrency (default 4) KBs at once, so the anchor uses as many connections:
# the GETs (walked once beforehand, bench/lib/walk-pages.py) split into that many contiguous
# parts, one `h2load -c1` each, all at once. PAIRS interleaved pairs per form, the order
# alternating inside each pair; prints the median wall time, peak RSS and CPU of each side and the
# median of the per-pair time ratios (goal: <= 1.3x, RSS flat in N). Both sides include their
# process start. Not a test: timings never fail anything. FEATHERCTL=path runs another
# featherctl against the same server (before/after). Prints
# FEATHER_BENCH<TAB>measure<TAB>rows<TAB>project_ms<TAB>anchor_ms<TAB>ratio lines (scripts/bench).
set -euo pipefail
n=${1:-100000}; pairs=${2:-3}; conc=4
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${FEATHER_BUILD_DIR:-$root/build}
[ -n "${FEATHER_SKIP_BUILD:-}" ] || "$root/scripts/build" featherctl feather-devserver >/dev/null
ctl=${FEATHERCTL:-$build/bin/featherctl}; server=$build/bin/feather-devserver
for tool in h2load python3 bc; do
  command -v "$tool" >/dev/null || { echo "api-listing-vs-h2load: needs $tool (scripts/install-deps)" >&2; exit 2; }
done
[ -x /usr/bin/time ] || { echo "api-listing-vs-h2load: needs GNU time (scripts/install-deps)" >&2; exit 2; }
work=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
export HOME="$work/home" XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data"
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
[ -s "$work/ready" ] || { echo "api-listing-vs-h2load: server did not start" >&2; cat "$work/server.log" >&2; exit 1; }
api="http://127.0.0.1:$(cat "$work/ready")"

python3 "$root/bench/lib/walk-pages.py" "$api" "$work/key" >"$work/uris"
gets=$(wc -l <"$work/uris")
split -n "l/$conc" -d "$work/uris" "$work/part."

# run OUT CMD… -> "ms maxrss_kib cpu_s" of one run (cpu: user + sys, waited-for children
# included, so the anchor's counts its h2loads), its stdout into OUT
run() {
  local out=$1; shift
  local t0 t1
  t0=$(date +%s%N)
  /usr/bin/time -f '%M %U %S' -o "$work/rss" "$@" >"$out"
  t1=$(date +%s%N)
  echo "$(( (t1 - t0) / 1000000 )) $(tail -n 1 "$work/rss" | awk '{print $1, $2 + $3}')"
}
# The anchor: one h2load -c1 per part, all at once; RSS is the largest of them.
anchor() {
  local f
  for f in "$work"/part.??; do
    h2load --h1 -n "$(wc -l <"$f")" -c 1 -m 1 -H "x-api-key: $key" -i "$f" >"$f.out" &
  done
  wait $(jobs -p | grep -vx "$pid")
  cat "$work"/part.??.out
}
export -f anchor; export work key pid
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

for form in table json; do
  : >"$work/ours"; : >"$work/anchor"; : >"$work/ratios"
  ours_cmd=("$ctl" --api-url "$api" --api-key-file "$work/key" --concurrency "$conc" sources)
  [ "$form" = json ] && ours_cmd=("$ctl" --api-url "$api" --api-key-file "$work/key" \
    --concurrency "$conc" --json sources)
  for ((i = 1; i <= pairs; i++)); do
    if ((i % 2)); then
      o=$(run "$work/out.ours" "${ours_cmd[@]}"); a=$(run "$work/out.h2" bash -c anchor)
    else
      a=$(run "$work/out.h2" bash -c anchor); o=$(run "$work/out.ours" "${ours_cmd[@]}")
    fi
    echo "$o" >>"$work/ours"; echo "$a" >>"$work/anchor"
    echo "${o%% *} / ${a%% *}" | bc -l >>"$work/ratios"
  done
  oms=$(cut -d' ' -f1 "$work/ours" | median); ams=$(cut -d' ' -f1 "$work/anchor" | median)
  okb=$(cut -d' ' -f2 "$work/ours" | median); akb=$(cut -d' ' -f2 "$work/anchor" | median)
  ratio=$(median <"$work/ratios")
  ocpu=$(cut -d' ' -f3 "$work/ours" | median); acpu=$(cut -d' ' -f3 "$work/anchor" | median)
  printf '%-6s featherctl %7.0f ms %6.1f MiB | %d x h2load -c1 %7.0f ms %6.1f MiB | time ratio %.2fx (median of %d pairs)\n' \
    "$form" "$oms" "$(echo "$okb / 1024" | bc -l)" "$conc" "$ams" "$(echo "$akb / 1024" | bc -l)" \
    "$ratio" "$pairs"
  printf 'FEATHER_BENCH\tfeatherctl sources %s (API)\t%s\t%s\t%s\t%s\n' "$form" "$n" "$oms" "$ams" "$ratio"
  # CPU moves far less with the machine's load than wall time does.
  echo "       CPU (user + sys): featherctl $ocpu s, h2load $acpu s (medians)"
  rows=$(grep -c . "$work/out.ours" || true)
  ok=$(awk '/^status codes:/ {s += $3} END {print s + 0}' "$work/out.h2")
  echo "       $gets GETs; featherctl printed $rows lines, h2load got $ok 2xx"
done
echo "# $n sources, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), devserver on SQLite, $("$ctl" --version 2>/dev/null | head -n 1)"
