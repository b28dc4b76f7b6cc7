#!/usr/bin/env bash
# bench/direct-listing-vs-sqlite3.sh [N] [PAIRS]
# Side by side, in one run, on one SQLite workspace of N demo sources (default 100,000):
# `featherctl --db sqlite:///… sources` (table, and --json) against the sqlite3 CLI reading the
# same columns with the same join (-column, and -json). PAIRS interleaved pairs per form, the
# order alternating inside each pair; prints the median wall time and peak RSS of each side and
# the median of the per-pair time ratios (issue 12's goal: <= 2x sqlite3, RSS flat in N).
# Not a test: timings never fail anything. FEATHERCTL=path runs another build's featherctl.
# Also prints FEATHER_BENCH<TAB>measure<TAB>rows<TAB>project_ms<TAB>anchor_ms<TAB>ratio lines
# (scripts/bench).
set -euo pipefail
n=${1:-100000}; pairs=${2:-5}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${FEATHER_BUILD_DIR:-$root/build}
[ -n "${FEATHERCTL:-}" ] || [ -n "${FEATHER_SKIP_BUILD:-}" ] || "$root/scripts/build" featherctl >/dev/null
ctl=${FEATHERCTL:-$build/bin/featherctl}
command -v sqlite3 >/dev/null || { echo "needs the sqlite3 CLI (scripts/install-deps)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "needs GNU time (scripts/install-deps)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export HOME="$work/home" XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data"
mkdir -p "$HOME"
db="$work/ws.sqlite"
"$ctl" init-db --db "sqlite://$db" --demo "$n" >/dev/null

# The columns and join featherctl reads (app/direct/directstore_p.h, kSourceSelect); the table
# form prints the eight columns featherctl's table shows.
from="FROM knowledge_base_sources s LEFT JOIN ingestion_jobs j ON j.id = s.last_sync_job_id ORDER BY s.id"
json_sql="SELECT s.id, s.knowledge_base_id, s.provider, s.connection_nickname, s.status,
 s.last_sync_job_id, s.auto_sync_enabled, s.sync_interval_seconds, s.next_sync_at,
 s.last_auto_sync_at, s.created_at, s.updated_at, j.status AS last_sync_status,
 j.error_message AS last_error_message, j.completed_at AS last_sync_completed_at $from"
table_sql="SELECT s.id AS ID, s.knowledge_base_id AS KB, s.provider AS PROVIDER,
 s.connection_nickname AS NICKNAME, s.status AS STATUS, s.last_sync_job_id AS \"LAST JOB\",
 substr(s.updated_at, 1, 16) AS UPDATED, j.error_message AS \"LAST ERROR\" $from"

# run OUT CMD… -> "seconds maxrss_kib" of one run, its stdout into OUT
run() {
  local out=$1; shift
  local t0 t1
  t0=$(date +%s%N)
  /usr/bin/time -f '%M' -o "$work/rss" "$@" >"$out"
  t1=$(date +%s%N)
  echo "$(( (t1 - t0) / 1000000 )) $(cat "$work/rss")"
}
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

report() { # FORM, then files of "ms kib" lines: ours anchor ratios
  local form=$1 ours=$2 anchor=$3 ratios=$4
  local oms aks ams okb akb ratio
  oms=$(cut -d' ' -f1 "$ours" | median); ams=$(cut -d' ' -f1 "$anchor" | median)
  okb=$(cut -d' ' -f2 "$ours" | median); akb=$(cut -d' ' -f2 "$anchor" | median)
  ratio=$(median <"$ratios")
  printf '%-8s featherctl %7.0f ms %6.1f MiB | sqlite3 %7.0f ms %6.1f MiB | time ratio %.2fx (median of %d pairs), RSS ratio %.2fx\n' \
    "$form" "$oms" "$(echo "$okb / 1024" | bc -l)" "$ams" "$(echo "$akb / 1024" | bc -l)" \
    "$ratio" "$pairs" "$(echo "$okb / $akb" | bc -l)"
  printf 'FEATHER_BENCH\tfeatherctl sources %s (direct SQLite)\t%s\t%s\t%s\t%s\n' "$form" "$n" "$oms" "$ams" "$ratio"
}

for form in table json; do
  : >"$work/ours" ; : >"$work/anchor" ; : >"$work/ratios"
  for ((i = 1; i <= pairs; i++)); do
    if [ "$form" = json ]; then
      ours_cmd=("$ctl" --db "sqlite://$db" --json sources)
      anchor_cmd=(sqlite3 -json "$db" "$json_sql")
    else
      ours_cmd=("$ctl" --db "sqlite://$db" sources)
      anchor_cmd=(sqlite3 -column -header "$db" "$table_sql")
    fi
    if ((i % 2)); then
      o=$(run "$work/out.ours" "${ours_cmd[@]}"); a=$(run "$work/out.anchor" "${anchor_cmd[@]}")
    else
      a=$(run "$work/out.anchor" "${anchor_cmd[@]}"); o=$(run "$work/out.ours" "${ours_cmd[@]}")
    fi
    echo "$o" >>"$work/ours"; echo "$a" >>"$work/anchor"
    echo "${o%% *} / ${a%% *}" | bc -l >>"$work/ratios"
  done
  # Same rows on both sides (header line aside for the table).
  rows_ours=$(grep -c . "$work/out.ours" || true); rows_anchor=$(grep -c '"id"\|^[0-9a-f]\{8\}-' "$work/out.anchor" || true)
  report "$form" "$work/ours" "$work/anchor" "$work/ratios"
  echo "         rows printed: featherctl $rows_ours lines, sqlite3 $rows_anchor rows"
done
echo "# $n sources, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $("$ctl" --version 2>/dev/null | head -n 1)"
