#!/bin/sh
# Entrypoint of the local PostgreSQL image (debian-bases.Dockerfile): on the first start it creates
# the cluster in PGDATA the way the official image does, from POSTGRES_USER (default postgres),
# POSTGRES_PASSWORD (required) and POSTGRES_DB (default: the user's name), then runs the command.
set -eu

if [ "${1:-}" = postgres ] && [ ! -s "$PGDATA/PG_VERSION" ]; then
  : "${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD}"
  user="${POSTGRES_USER:-postgres}"
  database="${POSTGRES_DB:-$user}"
  init_dir="$(mktemp -d)"
  printf '%s\n' "$POSTGRES_PASSWORD" >"$init_dir/password"
  initdb --pgdata="$PGDATA" --username="$user" --pwfile="$init_dir/password" \
    --encoding=UTF8 --locale=C.UTF-8 --auth-local=trust --auth-host=scram-sha-256 >/dev/null
  rm -f "$init_dir/password"
  printf '%s\n' "listen_addresses = '*'" >>"$PGDATA/postgresql.conf"
  printf '%s\n' 'host all all all scram-sha-256' >>"$PGDATA/pg_hba.conf"
  if [ "$database" != postgres ]; then
    # a server on a private socket only, so that pg_isready (default socket) stays false until
    # the real server runs
    pg_ctl --pgdata="$PGDATA" --wait --silent \
      --options="-c listen_addresses='' -c unix_socket_directories='$init_dir'" start
    createdb --host="$init_dir" --username="$user" "$database"
    pg_ctl --pgdata="$PGDATA" --wait --silent --mode=fast stop
  fi
  rmdir "$init_dir"
  echo "PostgreSQL cluster created in $PGDATA (user $user, database $database)"
fi

exec "$@"
