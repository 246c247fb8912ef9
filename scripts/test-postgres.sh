#!/usr/bin/env bash
# A throwaway PostgreSQL 15 for the tests: its own cluster in a new temporary folder, on
# loopback at a free port, trusting connections from this machine. The tests read its
# address from STATE, a file this script writes at start and removes at stop.
# Usage: scripts/test-postgres.sh start STATE | stop STATE
set -euo pipefail
bin=/usr/lib/postgresql/15/bin
command=${1:?start or stop}
state=${2:?state file}

# PostgreSQL refuses to run as root: as root (CI, containers), its cluster belongs to the
# postgres account the Debian package made.
as_owner=()
[ "$(id -u)" -ne 0 ] || as_owner=(runuser -u postgres --)

case "$command" in
  start)
    [ ! -f "$state" ] || "$0" stop "$state" || true
    dir=$(mktemp -d /tmp/tribune-postgres.XXXXXX)
    chmod 755 "$dir"
    [ "$(id -u)" -ne 0 ] || chown postgres: "$dir"
    "${as_owner[@]}" "$bin/initdb" -D "$dir/data" -U tribune --auth=trust -E UTF8 \
      --locale=C.UTF-8 >"$dir/initdb.log"
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    # fsync off: a test cluster is thrown away, and its speed is the suite's.
    "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$dir -c fsync=off -c max_connections=300" \
      start >/dev/null
    printf '%s\npostgres://tribune@127.0.0.1:%s/postgres\n' "$dir" "$port" >"$state"
    tail -n 1 "$state"
    ;;
  stop)
    [ -f "$state" ] || exit 0
    dir=$(head -n 1 "$state")
    "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null || true
    rm -rf "$dir" "$state"
    ;;
  *) echo "test-postgres.sh: start or stop, not '$command'" >&2; exit 2 ;;
esac
