#!/usr/bin/env bash
# tst_translations LUPDATE TS_FILE LUPDATE_ARGS… — lupdate runs cleanly over the console's
# sources (no warning such as "tr() cannot be called without context") and the checked-in .ts
# file is up to date. To fix a failure: cmake --build build --target lupdate
set -euo pipefail
lupdate=$1 ts=$2
shift 2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$ts" "$work/current.ts"
if ! "$lupdate" "$@" -ts "$work/current.ts" >"$work/log" 2>&1; then
  cat "$work/log"
  echo "FAIL: lupdate exited with an error" >&2
  exit 1
fi
# Diagnostics look like "file:line: message"; the progress lines do not.
if grep -E '^[^ ]+:[0-9]+: ' "$work/log" >&2; then
  echo "FAIL: lupdate warned about the sources above" >&2
  exit 1
fi
grep -E 'Found [0-9]+ source text' "$work/log" || true
if ! diff -u "$ts" "$work/current.ts" >"$work/diff"; then
  head -60 "$work/diff"
  echo "FAIL: $ts is out of date: run cmake --build build --target lupdate" >&2
  exit 1
fi
echo "PASS: lupdate clean, $(grep -c '<source>' "$ts") strings in $(basename "$ts")"
