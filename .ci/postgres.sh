#!/usr/bin/env bash
# Start a throwaway PostgreSQL server on 127.0.0.1 and print its DATABASE_URL.
# Installs Debian's postgresql when it is missing. Usage: eval "$(.ci/postgres.sh start)"; .ci/postgres.sh stop
set -euo pipefail
PGPORT="${PGPORT:-55432}"
PORT_FILE="${PGDATA_DIR:-/tmp/spasm-diary-pg}.port"
PGDATA="${PGDATA_DIR:-/tmp/spasm-diary-pg}"

pg_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  echo "$dir"
}

as_postgres() {
  if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-start}" in
  start)
    if [ -z "$(pg_bin)" ]; then
      if [ "$(id -u)" = "0" ]; then
        apt-get update -qq >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
      else
        echo "PostgreSQL is not installed and this user cannot install it." >&2
        exit 1
      fi
    fi
    BIN=$(pg_bin)
    if as_postgres "$BIN/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1 && [ -f "$PORT_FILE" ]; then
      PGPORT=$(cat "$PORT_FILE")
    elif ! python3 -c "import socket,sys; s=socket.socket(); s.bind(('127.0.0.1', int(sys.argv[1])))" "$PGPORT" 2>/dev/null; then
      # The usual port is taken (another server): any free one will do.
      PGPORT=$(python3 -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")
    fi
    echo "$PGPORT" > "$PORT_FILE"
    if [ ! -f "$PGDATA/PG_VERSION" ]; then
      mkdir -p "$PGDATA"
      [ "$(id -u)" = "0" ] && chown postgres:postgres "$PGDATA"
      as_postgres "$BIN/initdb" -D "$PGDATA" -U postgres --auth=trust -E UTF8 >/dev/null
    fi
    if ! as_postgres "$BIN/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; then
      as_postgres "$BIN/pg_ctl" -D "$PGDATA" -w -l "$PGDATA/server.log" \
        -o "-p $PGPORT -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off" start >&2
    fi
    as_postgres "$BIN/psql" -h 127.0.0.1 -p "$PGPORT" -U postgres -tAc \
      "SELECT 1 FROM pg_roles WHERE rolname='diary'" | grep -q 1 || \
      { as_postgres "$BIN/psql" -h 127.0.0.1 -p "$PGPORT" -U postgres -qc \
          "CREATE ROLE diary LOGIN CREATEDB PASSWORD 'diary'" >&2 && \
        as_postgres "$BIN/psql" -h 127.0.0.1 -p "$PGPORT" -U postgres -qc \
          "CREATE DATABASE diary OWNER diary" >&2; }
    echo "export DATABASE_URL=postgres://diary:diary@127.0.0.1:$PGPORT/diary"
    ;;
  stop)
    BIN=$(pg_bin)
    [ -n "$BIN" ] && as_postgres "$BIN/pg_ctl" -D "$PGDATA" -m fast stop >&2 || true
    ;;
esac
