#!/usr/bin/env bash
# pgbouncer.sh start DIR PGDIR | stop DIR — PgBouncer in front of the test cluster in PGDIR
# (tests/support/pgcluster.sh), in transaction pooling mode and otherwise with its default
# settings (no ignore_startup_parameters, no prepared-statement tracking): what a DBA runs in
# front of a busy PostgreSQL, and where direct mode used to fail (issue 13). Like PostgreSQL it
# refuses to run as root, so it belongs to the `postgres` OS user when we are root. The chosen
# port and a ready-to-use URL are written to DIR/port and DIR/url.
set -euo pipefail
cmd=${1:?start|stop}; dir=${2:?DIR}
bin=$(command -v pgbouncer || echo /usr/sbin/pgbouncer)
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
stop() {
  [ -f "$dir/pgbouncer.pid" ] || return 0
  pid=$(cat "$dir/pgbouncer.pid")
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  rm -f "$dir/pgbouncer.pid"
}

case "$cmd" in
start)
  pgdir=${3:?PGDIR}
  [ -x "$bin" ] || { echo "pgbouncer not found (apt-get install pgbouncer, or scripts/install-deps)" >&2; exit 1; }
  pgport=$(cat "$pgdir/port")
  stop
  rm -rf "$dir"; mkdir -p "$dir"
  printf '"postgres" ""\n' >"$dir/userlist.txt"
  [ "$(id -u)" = 0 ] && chown -R postgres:postgres "$dir"
  started=""
  for _ in $(seq 1 20); do
    port=$((20000 + RANDOM % 30000))
    cat >"$dir/pgbouncer.ini" <<INI
[databases]
* = host=127.0.0.1 port=$pgport

[pgbouncer]
pool_mode = transaction
listen_addr = 127.0.0.1
listen_port = $port
unix_socket_dir =
auth_type = trust
auth_file = $dir/userlist.txt
logfile = $dir/pgbouncer.log
pidfile = $dir/pgbouncer.pid
INI
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir/pgbouncer.ini"
    as_pg "$bin" -d "$dir/pgbouncer.ini" >>"$dir/start.log" 2>&1 || true
    for _ in $(seq 1 50); do
      if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then started=yes; break; fi
      sleep 0.1
    done
    [ -n "$started" ] && break
    stop
  done
  [ -n "$started" ] || { echo "could not start pgbouncer (see $dir)" >&2; cat "$dir/pgbouncer.log" "$dir/start.log" >&2 || true; exit 1; }
  echo "$port" >"$dir/port"
  echo "postgresql://postgres@127.0.0.1:$port/postgres" >"$dir/url"
  echo "PgBouncer (transaction pooling) on port $port in front of port $pgport ($dir)"
  ;;
stop)
  stop
  echo "PgBouncer stopped"
  ;;
*) echo "usage: pgbouncer.sh start DIR PGDIR | stop DIR" >&2; exit 2 ;;
esac
