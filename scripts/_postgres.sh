# Sourced by scripts/test: a throwaway PostgreSQL cluster for the store tests (no docker).
# Exports SOZIALRAUM_TEST_PG_URL and stops the cluster when the calling shell exits.
# An already exported SOZIALRAUM_TEST_PG_URL (e.g. a CI service) is used as it is.

_pg_bindir() {
  local dir
  for dir in /usr/lib/postgresql/*/bin; do [ -x "$dir/initdb" ] && echo "$dir"; done | sort -V | tail -1
}

if [ -z "${SOZIALRAUM_TEST_PG_URL:-}" ]; then
  PG_BIN="$(_pg_bindir || true)"
  if [ -z "$PG_BIN" ] && [ "$(id -u)" = 0 ]; then
    echo "Installing Debian's postgresql for the store tests …" >&2
    env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    PG_BIN="$(_pg_bindir || true)"
  fi
  if [ -z "$PG_BIN" ]; then
    echo "PostgreSQL not found and not root: PostgreSQL store tests will be skipped (they fail under CI=true)." >&2
  else
    PG_TMP="$(mktemp -d "${TMPDIR:-/tmp}/sozialraum-pg.XXXXXX")"
    PG_RUN=()
    if [ "$(id -u)" = 0 ]; then  # initdb refuses to run as root
      chown postgres "$PG_TMP"
      PG_RUN=(runuser -u postgres --)
    fi
    PG_PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    "${PG_RUN[@]}" "$PG_BIN/initdb" -D "$PG_TMP/data" -U postgres -A trust -E UTF8 --no-sync >/dev/null
    # Unix socket only (no TCP listener); fsync off: the cluster is thrown away afterwards.
    "${PG_RUN[@]}" "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -l "$PG_TMP/server.log" -w -s \
      -o "-k $PG_TMP -p $PG_PORT -c listen_addresses='' -c fsync=off -c max_connections=200" start
    _pg_stop() {
      "${PG_RUN[@]}" "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -m immediate -w -s stop >/dev/null 2>&1 || true
      rm -rf "$PG_TMP"
    }
    trap _pg_stop EXIT
    export SOZIALRAUM_TEST_PG_URL="postgresql+psycopg://postgres@/postgres?host=$PG_TMP&port=$PG_PORT"
  fi
fi
