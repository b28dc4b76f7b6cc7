#!/usr/bin/env bash
# Throughput of feather-devserver on loopback, measured with h2load (Debian: nghttp2-client).
# Not part of the test suite. Three runs against a throwaway SQLite database:
#   1. GET  …/sources/{id}/sync/status                (read path)
#   2. POST …/sources/{id}/sync, always the same source (guarded trigger refused: 409 path)
#   3. POST …/sources/{id}/sync, a different active source per request (trigger wins: 200 path)
# Usage: bench/devserver-h2load.sh [BUILD_DIR] [REQUESTS] [CLIENTS]   (defaults: build 2000 8)
# The API key is a random one made for this run only: h2load can only take headers as
# arguments, so it is visible in the process list while the benchmark runs, and it dies with
# the throwaway server.
set -euo pipefail

build=${1:-build}
requests=${2:-2000}
clients=${3:-8}
bin="$build/bin/feather-devserver"
for tool in h2load sqlite3; do
  command -v "$tool" >/dev/null || { echo "devserver-h2load: $tool is not installed" >&2; exit 2; }
done
[ -x "$bin" ] || { echo "devserver-h2load: no $bin (build feather-devserver first)" >&2; exit 2; }

tmp=$(mktemp -d)
pid=
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT

key="bench_$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')"
(umask 077 && printf '%s\n' "$key" > "$tmp/key")
db="$tmp/bench.db"
# Enough active sources for one fresh trigger per request in run 3; jobs never finish during
# the run so every source is triggered at most once.
"$bin" --db "sqlite://$db" --api-key-file "$tmp/key" --listen 127.0.0.1:0 --ready-file "$tmp/ready" \
  --seed-demo $((requests * 3 / 2 + 200)) --sync-seconds 3600 --job-fail-every 0 \
  >/dev/null 2>"$tmp/server.log" &
pid=$!
for _ in $(seq 300); do [ -s "$tmp/ready" ] && break; sleep 0.1; done
[ -s "$tmp/ready" ] || { echo "devserver-h2load: server did not start:" >&2; cat "$tmp/server.log" >&2; exit 1; }
base="http://127.0.0.1:$(cat "$tmp/ready")/v1/knowledge-base"

mapfile -t active < <(sqlite3 -separator / "$db" \
  "SELECT knowledge_base_id, id FROM knowledge_base_sources WHERE status = 'active' ORDER BY id")
[ "${#active[@]}" -gt "$requests" ] || { echo "devserver-h2load: only ${#active[@]} active sources" >&2; exit 1; }
first=${active[0]}
url() { echo "$base/knowledge-bases/${1%%/*}/sources/${1##*/}$2"; }
printf "{}" > "$tmp/body"   # h2load cannot post an empty file; the trigger ignores its body

summary() {   # the lines worth keeping from an h2load report
  grep -E '^(finished in|requests:|status codes:)|time for request:' "$1" | sed 's/^/    /'
}

echo "feather-devserver $("$bin" --version | cut -d' ' -f2), $(nproc) cores, $requests requests, $clients clients, HTTP/1.1"

echo "1. GET sync/status (one source)"
h2load --h1 -n "$requests" -c "$clients" -H "x-api-key: $key" "$(url "$first" /sync/status)" > "$tmp/r1"
summary "$tmp/r1"

echo "2. POST sync, one source (first 200, then 409 already syncing)"
h2load --h1 -n "$requests" -c "$clients" -d "$tmp/body" -H "x-api-key: $key" "$(url "${active[1]}" /sync)" > "$tmp/r2"
summary "$tmp/r2"

# h2load walks an -i list from the top in every client, so each client gets its own list
# (one h2load per client, run side by side) to keep every POST on a source nobody touched yet.
echo "3. POST sync, a fresh source per request (200 path)"
per=$((requests / clients))
start=$(date +%s.%N)
for ((c = 0; c < clients; c++)); do
  for ((i = 0; i < per; i++)); do url "${active[2 + c * per + i]}" /sync; done > "$tmp/uris$c"
  h2load --h1 -n "$per" -c 1 -d "$tmp/body" -H "x-api-key: $key" -i "$tmp/uris$c" > "$tmp/r3.$c" &
done
wait $(jobs -p | grep -vx "$pid")
end=$(date +%s.%N)
ok=$(cat "$tmp"/r3.* | awk '/^status codes:/ {s += $3} END {print s + 0}')
other=$(cat "$tmp"/r3.* | awk '/^status codes:/ {s += $5 + $7 + $9} END {print s + 0}')
awk -v n=$((per * clients)) -v s="$start" -v e="$end" -v ok="$ok" -v other="$other" \
  'BEGIN { printf "    %d requests in %.2fs, %.0f req/s; %d 2xx, %d other\n", n, e - s, n / (e - s), ok, other }'
