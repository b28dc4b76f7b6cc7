#!/usr/bin/env bash
# pgcluster.sh start|stop DIR — a throwaway PostgreSQL cluster for the tests.
# PostgreSQL refuses to run as root, so the cluster belongs to the `postgres` OS user when we
# are root. The chosen port and a ready-to-use URL are written to DIR/port and DIR/url.
set -euo pipefail
cmd=${1:?start|stop}; dir=${2:?DIR}
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$bindir" ] || { echo "PostgreSQL server binaries not found (apt-get install postgresql)" >&2; exit 1; }
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case "$cmd" in
start)
  if [ -f "$dir/data/postmaster.pid" ]; then as_pg "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true; fi
  rm -rf "$dir"; mkdir -p "$dir"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
  as_pg "$bindir/initdb" -D "$dir/data" -U postgres -A trust --no-sync >"$dir/initdb.log" 2>&1
  # A random high port; if another cluster (a parallel build) holds it, try the next one.
  started=""
  for _ in $(seq 1 20); do
    port=$((20000 + RANDOM % 30000))
    if as_pg "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
         -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off" start >/dev/null 2>&1; then
      started=yes; break
    fi
  done
  [ -n "$started" ] || { echo "could not start PostgreSQL (see $dir/server.log)" >&2; cat "$dir/server.log" >&2 || true; exit 1; }
  echo "$port" >"$dir/port"
  echo "postgresql://postgres@127.0.0.1:$port/postgres" >"$dir/url"
  echo "PostgreSQL test cluster on port $port ($dir)"
  ;;
stop)
  if [ -f "$dir/data/postmaster.pid" ]; then
    as_pg "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
    echo "PostgreSQL test cluster stopped"
  fi
  ;;
*) echo "usage: pgcluster.sh start|stop DIR" >&2; exit 2 ;;
esac
