#!/usr/bin/env bash
# runfuzzer.sh FUZZER WORKDIR SEEDS SECONDS — one CTest run of a libFuzzer target: every seed
# (and whatever earlier runs found, kept in WORKDIR/corpus) first, then SECONDS of fuzzing.
# Exit status non-zero on a crash, leak, UB report or timeout; the input that did it is left
# in WORKDIR (crash-*, leak-*, timeout-*) to add to SEEDS with a regression test.
set -euo pipefail
fuzzer=$1 work=$2 seeds=$3 seconds=$4
mkdir -p "$work/corpus"
cd "$work"
dict=()
[ -f "$seeds.dict" ] && dict=(-dict="$seeds.dict") # corpus/<target>.dict: tokens worth trying
exec "$fuzzer" "${dict[@]}" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
  -print_final_stats=1 -artifact_prefix="$work/" "$work/corpus" "$seeds"
