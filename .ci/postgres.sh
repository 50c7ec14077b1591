#!/usr/bin/env bash
# Throwaway PostgreSQL cluster on 127.0.0.1 for tests: `source .ci/postgres.sh; pg_start; ...; pg_stop`.
# Installs Debian's postgresql when absent. Exports MICROCREDIT_TEST_POSTGRES.
# `pg_down` stops the server and keeps its data, `pg_up` starts it again (the reliability harness
# takes the database away under load that way; it passes PG_DATA, PG_BIN, PG_RUN_AS and PG_PORT).
set -euo pipefail

PG_PORT="${PG_PORT:-55432}"

pg_bin() {
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -z "$bin" ]; then
    echo "Installing PostgreSQL from Debian packages..." >&2
    export DEBIAN_FRONTEND=noninteractive
    (apt-get update -qq && apt-get install -y -qq postgresql) >&2
    bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  fi
  echo "$bin"
}

pg_start() {
  local bin run_as=()
  bin=$(pg_bin)
  PG_DATA=$(mktemp -d /tmp/microcredit-pg.XXXXXX)
  export PG_DATA
  # initdb refuses to run as root; the cluster runs as the postgres system user then.
  if [ "$(id -u)" = "0" ]; then
    id postgres >/dev/null 2>&1 || useradd --system --home "$PG_DATA" postgres
    chown postgres "$PG_DATA"
    run_as=(runuser -u postgres --)
  fi
  "${run_as[@]}" "$bin/initdb" -D "$PG_DATA/db" -U postgres -A trust -E UTF8 --no-locale >/dev/null
  export PG_BIN="$bin" PG_RUN_AS="${run_as[*]}"
  pg_up
  "$bin/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres microcredit_test
  export MICROCREDIT_TEST_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=microcredit_test"
  echo "PostgreSQL running on 127.0.0.1:$PG_PORT (data in $PG_DATA)" >&2
}

# Starts the cluster of PG_DATA and waits until it accepts connections.
pg_up() {
  # fsync stays on: the API's durability figures are measured against this server too.
  # shellcheck disable=SC2086
  $PG_RUN_AS "$PG_BIN/pg_ctl" -D "$PG_DATA/db" -l "$PG_DATA/log" -w \
    -o "-h 127.0.0.1 -p $PG_PORT -k $PG_DATA -c max_connections=300 -c shared_buffers=256MB" start >/dev/null
}

# Stops the server (fast shutdown: sessions are ended, nothing committed is lost) and keeps its data.
pg_down() {
  # shellcheck disable=SC2086
  $PG_RUN_AS "$PG_BIN/pg_ctl" -D "$PG_DATA/db" -m fast -w stop >/dev/null
}

pg_stop() {
  [ -n "${PG_DATA:-}" ] || return 0
  pg_down || true
  rm -rf "$PG_DATA"
}
