#!/usr/bin/env bash
# Throwaway PostgreSQL server for the integration tests.
#
#   scripts/pg-test-server.sh start    # prints the server URL on stdout (logs go to stderr)
#   scripts/pg-test-server.sh url      # prints the URL of the running server, exit 1 if none
#   scripts/pg-test-server.sh stop     # stops it and deletes its data
#
#   export TEST_POSTGRES_URL="$(scripts/pg-test-server.sh start)"
#
# With TEST_POSTGRES_URL already set (CI service, your own server) it does nothing but print it.
# Otherwise it runs a cluster from this machine's PostgreSQL binaries in PG_TEST_DIR (default
# $TMPDIR/polkamesh-pg-test-<uid>), listening only on 127.0.0.1 on a free port, trust auth for the
# `postgres` superuser, fsync off. Started once and reused by later runs until `stop`.
# As root it runs the server as PG_TEST_USER (default: `postgres` if that user exists, else `nobody`),
# because initdb and postgres refuse to run as root.
set -euo pipefail

command_name="${1:-}"
state_dir="${PG_TEST_DIR:-${TMPDIR:-/tmp}/polkamesh-pg-test-$(id -u)}"
data_dir="$state_dir/data"
url_file="$state_dir/url"
lock_file="${state_dir}.lock"

log() { printf 'pg-test-server: %s\n' "$*" >&2; }

if [ -n "${TEST_POSTGRES_URL:-}" ]; then
  case "$command_name" in
    start | url) printf '%s\n' "$TEST_POSTGRES_URL"; exit 0 ;;
    stop) log "TEST_POSTGRES_URL is set; nothing to stop"; exit 0 ;;
  esac
fi

find_pg_bin() {
  if [ -n "${PG_BIN_DIR:-}" ]; then
    [ -x "$PG_BIN_DIR/pg_ctl" ] && [ -x "$PG_BIN_DIR/initdb" ] && printf '%s\n' "$PG_BIN_DIR"; return
  fi
  local candidate
  if candidate="$(command -v pg_ctl 2>/dev/null)" && command -v initdb >/dev/null 2>&1; then
    dirname "$(readlink -f "$candidate")"; return 0
  fi
  for candidate in $(ls -d /usr/lib/postgresql/*/bin /usr/local/pgsql/bin 2>/dev/null | sort -V -r); do
    if [ -x "$candidate/pg_ctl" ] && [ -x "$candidate/initdb" ]; then printf '%s\n' "$candidate"; return 0; fi
  done
  return 1
}

run_user=""
if [ "$(id -u)" = "0" ]; then
  if [ -n "${PG_TEST_USER:-}" ]; then run_user="$PG_TEST_USER"
  elif id postgres >/dev/null 2>&1; then run_user="postgres"
  else run_user="nobody"; fi
fi

# Runs a PostgreSQL binary as the non-root server user when we are root. The lock descriptor (9)
# is closed for it, or the server it starts would hold the lock for its whole life.
as_server_user() {
  if [ -z "$run_user" ]; then "$@" 9>&-
  elif command -v runuser >/dev/null 2>&1; then runuser -u "$run_user" -- "$@" 9>&-
  else su "$run_user" -s /bin/sh -c "$(printf '%q ' "$@")" 9>&-; fi
}

free_port() {
  node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close();})"
}

with_lock() {
  if command -v flock >/dev/null 2>&1; then
    exec 9>"$lock_file"
    flock -w 180 9 || { log "timed out waiting for $lock_file"; exit 1; }
  else
    local waited=0
    until mkdir "$lock_file.d" 2>/dev/null; do
      waited=$((waited + 1)); [ "$waited" -lt 1800 ] || { log "timed out waiting for $lock_file.d"; exit 1; }
      sleep 0.1
    done
    trap 'rmdir "$lock_file.d" 2>/dev/null || true' EXIT
  fi
}

is_running() {
  [ -f "$url_file" ] && [ -d "$data_dir" ] && as_server_user "$pg_bin/pg_ctl" -D "$data_dir" status >/dev/null 2>&1
}

if ! pg_bin="$(find_pg_bin)"; then
  log "PostgreSQL server binaries (initdb, pg_ctl) not found on PATH or in /usr/lib/postgresql/*/bin."
  log "Install them (Debian/Ubuntu: apt-get install -y postgresql), set PG_BIN_DIR, or set"
  log "TEST_POSTGRES_URL=postgres://user:pass@host:port/db to use an existing server."
  exit 2
fi

start() {
  with_lock
  if is_running; then cat "$url_file"; return 0; fi
  if [ -d "$data_dir" ]; then as_server_user "$pg_bin/pg_ctl" -D "$data_dir" -m immediate stop >/dev/null 2>&1 || true; fi
  rm -rf "$state_dir"
  mkdir -p "$state_dir"
  chmod 700 "$state_dir"
  if [ -n "$run_user" ]; then chown "$run_user" "$state_dir"; fi
  log "initdb in $data_dir (binaries: $pg_bin${run_user:+, user: $run_user})"
  as_server_user "$pg_bin/initdb" -D "$data_dir" -U postgres -A trust -E UTF8 --locale=C --no-sync \
    >"$state_dir/initdb.log" 2>&1 || { cat "$state_dir/initdb.log" >&2; exit 1; }
  local port attempt
  for attempt in 1 2 3 4 5; do
    port="$(free_port)"
    if as_server_user "$pg_bin/pg_ctl" -D "$data_dir" -l "$state_dir/server.log" -w -t 60 -o \
      "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$state_dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
      start >/dev/null; then
      printf 'postgres://postgres@127.0.0.1:%s/postgres\n' "$port" >"$url_file"
      log "listening on 127.0.0.1:$port"
      cat "$url_file"
      return 0
    fi
    log "start on port $port failed (attempt $attempt); server log:"
    tail -n 20 "$state_dir/server.log" >&2 || true
  done
  exit 1
}

stop() {
  with_lock
  if [ -d "$data_dir" ]; then as_server_user "$pg_bin/pg_ctl" -D "$data_dir" -m fast -w stop >/dev/null 2>&1 || true; fi
  rm -rf "$state_dir"
  log "stopped"
}

case "$command_name" in
  start) start ;;
  stop) stop ;;
  url) if is_running; then cat "$url_file"; else log "not running"; exit 1; fi ;;
  *) printf 'usage: %s start|stop|url\n' "$0" >&2; exit 64 ;;
esac
