#!/usr/bin/env bash
# bench/run-once.sh LINES SCRIPT [ARGS…] — what ctest runs for each side-by-side script (label
# "bench"): the script once at the size it is given, which must succeed and print exactly LINES
# FEATHER_BENCH lines. Nothing about time is checked: this only keeps the benchmarks from rotting.
set -uo pipefail
want=$1; shift
out=$("$@") || { printf '%s\n' "$out"; echo "run-once: $1 failed" >&2; exit 1; }
printf '%s\n' "$out"
got=$(grep -c $'^FEATHER_BENCH\t' <<<"$out")
[ "$got" -eq "$want" ] || { echo "run-once: expected $want FEATHER_BENCH lines, got $got" >&2; exit 1; }
# Every line has a measure, a row count and two positive times.
bad=$(grep $'^FEATHER_BENCH\t' <<<"$out" \
  | awk -F'\t' 'NF < 5 || $3 <= 0 || $4 <= 0 || $5 <= 0' | wc -l)
[ "$bad" -eq 0 ] || { echo "run-once: $bad malformed FEATHER_BENCH line(s)" >&2; exit 1; }
