#!/usr/bin/env bash
# Several servers: the same site served by one Tribune on SQLite, one on PostgreSQL, and three
# on PostgreSQL behind nginx (deploy/nginx-several-servers.conf), each read two ways for
# BENCH_SECONDS: the hot page (one article, many connections) and newsroom readers (distinct
# readers, each request from a new address, over 200 articles of a generated archive, half the
# reads on ten of them; every read is a view to count). Prints requests/s and latencies with
# each setup's ratio to one server on SQLite, and records them in bench/RESULTS.md. Not a test:
# it never fails on a figure, only on a broken setup.
#
# Usage (from the repo root): bench/several_servers.sh PATH_TO_TRIBUNE_BINARY
# Environment:
#   SEVERAL_ARTICLES   archive size, in articles (default 10000)
#   BENCH_SECONDS      length of each load phase (default 10)
#   BENCH_THREADS      worker threads per Tribune server (default 2)
#   BENCH_RECORD       "0" to skip appending the results to bench/RESULTS.md
set -euo pipefail

die() { echo "several_servers: $*" >&2; exit 1; }
[ $# -eq 1 ] && [ -x "$1" ] || die "usage: $0 PATH_TO_TRIBUNE_BINARY"
BIN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ARTICLES=${SEVERAL_ARTICLES:-10000}
SECONDS_PER_RUN=${BENCH_SECONDS:-10}
THREADS=${BENCH_THREADS:-2}
RECORD=${BENCH_RECORD:-1}
PYTHON=/usr/bin/python3
SEED=42
READERS_LUA=$REPO/bench/newsroom_readers.lua
PHONE_AGENT='Mozilla/5.0 (Linux; Android 14; SM-A546B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36'
for tool in curl wrk nginx "$PYTHON"; do
  command -v "$tool" >/dev/null 2>&1 || [ -x "/usr/sbin/$tool" ] || die "missing tool: $tool"
done

. "$(dirname "${BASH_SOURCE[0]}")/work_dir.sh"
make_work_dir several
free_port() { "$PYTHON" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now_ms() { echo $(($(date +%s%N) / 1000000)); }
wait_for() { # wait_for URL: until it answers, 60 s at most
  for _ in $(seq 1 600); do curl -fsS -o /dev/null --max-time 2 "$1" 2>/dev/null && return 0; sleep 0.1; done
  die "$1 did not answer"
}
to_ms() {
  awk -v v="$1" 'BEGIN { n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
    if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u != "ms") { print "NaN"; exit }
    printf "%.2f", n }'
}
wrk_rps() { awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$1"; }
wrk_pct() { to_ms "$(awk -v p="$2%" '$1 == p { print $2 }' "$1")"; }
wrk_errors() {
  awk '/Socket errors:/ { gsub(/,/, ""); n += $4 + $6 + $8 + $10 }
       /Non-2xx or 3xx responses:/ { n += $NF } END { print n + 0 }' "$1"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 > 0) printf "%.2f", a / b; else print "NaN" }'; }

# ---- the archive: generated (kept between runs, as bench/newsroom.sh keeps it), imported once
# into SQLite, then moved to PostgreSQL with `tribune migrate` (timed: the operator's path).
GEN_VERSION=$("$PYTHON" "$REPO/bench/generate_articles.py" version)
SRC=$REPO/build-release/newsroom-cache/$ARTICLES-seed$SEED-v$GEN_VERSION
if [ ! -f "$SRC/.complete" ]; then
  rm -rf "$SRC" "$SRC.tmp"; mkdir -p "$(dirname "$SRC")"
  "$PYTHON" "$REPO/bench/generate_articles.py" articles --count "$ARTICLES" --seed "$SEED" --out "$SRC.tmp" >/dev/null
  touch "$SRC.tmp/.complete"; mv "$SRC.tmp" "$SRC"
fi
SQLITE_SITE=$W/sqlite-site
"$BIN" init --data "$SQLITE_SITE" --name "Sahel Tribune" >/dev/null
(cd "$SRC" && ulimit -S -s 65536 2>/dev/null; "$BIN" import markdown --data "$SQLITE_SITE" -- *.md >"$W/import.log" 2>&1) \
  || { tail "$W/import.log" >&2; die "import failed"; }
"$BIN" config set --data "$SQLITE_SITE" server.trusted_proxies 127.0.0.1 >/dev/null
# The readers' 200 articles, from the database the import wrote.
"$PYTHON" - "$SQLITE_SITE/tribune.db" >"$W/readers.txt" <<'EOF'
import random, sqlite3, sys, time
rows = sqlite3.connect(sys.argv[1]).execute(
    "SELECT slug, published_at FROM articles WHERE draft = 0 ORDER BY id").fetchall()
random.seed(42)
for slug, at in random.sample(rows, min(200, len(rows))):
    print(time.strftime("/%Y/%m/%d/", time.gmtime(at)) + slug + "/")
EOF
HOT=$(head -n 1 "$W/readers.txt")

"$REPO/scripts/test-postgres.sh" start "$W/postgres.state" >/dev/null
PG_URL=$(tail -n 1 "$W/postgres.state")
stop_postgres() { "$REPO/scripts/test-postgres.sh" stop "$W/postgres.state" || true; cleanup_work_dir; }
trap stop_postgres EXIT
psql -q "$PG_URL" -c "CREATE DATABASE several" >/dev/null
DB_URL=${PG_URL%/postgres}/several
PG_SITE=$W/pg-site
cp -r "$SQLITE_SITE" "$PG_SITE"
t0=$(now_ms)
"$BIN" migrate --data "$PG_SITE" --to "$DB_URL" >"$W/migrate.log" || { cat "$W/migrate.log" >&2; die "migrate failed"; }
MIGRATE_S=$(awk -v d=$(($(now_ms) - t0)) 'BEGIN { printf "%.1f", d / 1000 }')
echo "archive:   $ARTICLES articles; migrate to PostgreSQL took $MIGRATE_S s"

start_server() { # start_server DATA PORT: in the background, its pid in PIDS
  "$BIN" serve --data "$1" --listen "127.0.0.1:$2" --threads "$THREADS" >>"$W/serve.log" 2>&1 &
  PIDS+=("$!")
  wait_for "http://127.0.0.1:$2/healthz"
}
stop_servers() {
  local pid
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  PIDS=()
}
measure() { # measure LABEL URL: the hot page, then the readers; a line of figures in $W/LABEL
  local label=$1 url=$2
  curl -fsS -o /dev/null -H "User-Agent: $PHONE_AGENT" "$url$HOT"
  wrk -t2 -c64 -d"${SECONDS_PER_RUN}s" --timeout 10s --latency -H "User-Agent: $PHONE_AGENT" \
    -H "Accept-Encoding: gzip, deflate, br" "$url$HOT" >"$W/hot-$label.txt" 2>&1
  wrk -t2 -c64 -d"${SECONDS_PER_RUN}s" --timeout 10s --latency -s "$READERS_LUA" "$url" \
    -- "$W/readers.txt" >"$W/readers-$label.txt" 2>&1
  echo "$(wrk_rps "$W/hot-$label.txt") $(wrk_pct "$W/hot-$label.txt" 50) $(wrk_pct "$W/hot-$label.txt" 99)" \
    "$(wrk_errors "$W/hot-$label.txt") $(wrk_rps "$W/readers-$label.txt") $(wrk_pct "$W/readers-$label.txt" 50)" \
    "$(wrk_pct "$W/readers-$label.txt" 99) $(wrk_errors "$W/readers-$label.txt")" >"$W/$label"
}

port=$(free_port); start_server "$SQLITE_SITE" "$port"; measure sqlite "http://127.0.0.1:$port"; stop_servers
port=$(free_port); start_server "$PG_SITE" "$port"; measure postgres "http://127.0.0.1:$port"; stop_servers

# Three servers, each with a data folder of its own naming the database, behind nginx.
ports=()
for i in 1 2 3; do
  [ "$i" = 1 ] || cp -r "$PG_SITE" "$W/pg-site-$i"
  folder=$PG_SITE; [ "$i" = 1 ] || folder=$W/pg-site-$i
  ports+=("$(free_port)"); start_server "$folder" "${ports[-1]}"
done
NGINX_PORT=$(free_port)
mkdir -p "$W/nginx"
sed -e "s/127\.0\.0\.1:8081/127.0.0.1:${ports[0]}/; s/127\.0\.0\.1:8082/127.0.0.1:${ports[1]}/" \
    -e "s/127\.0\.0\.1:8083/127.0.0.1:${ports[2]}/; s/listen 80;/listen 127.0.0.1:$NGINX_PORT;/" \
    "$REPO/deploy/nginx-several-servers.conf" >"$W/nginx/site.conf"
cat >"$W/nginx/nginx.conf" <<EOF
daemon off;
worker_processes 2;
pid $W/nginx/nginx.pid;
error_log $W/nginx/error.log error;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $W/nginx;
  proxy_temp_path $W/nginx;
  include $W/nginx/site.conf;
}
EOF
/usr/sbin/nginx -p "$W/nginx" -c "$W/nginx/nginx.conf" &
PIDS+=("$!")
wait_for "http://127.0.0.1:$NGINX_PORT/healthz"
measure three "http://127.0.0.1:$NGINX_PORT"
stop_servers

read -r s_hot s_hot50 s_hot99 s_hoterr s_rd s_rd50 s_rd99 s_rderr <"$W/sqlite"
report() { # report LABEL NAME
  local hot hot50 hot99 hoterr rd rd50 rd99 rderr
  read -r hot hot50 hot99 hoterr rd rd50 rd99 rderr <"$W/$1"
  echo "| $2 | $hot | $hot50 / $hot99 | $(ratio "$hot" "$s_hot") | $rd | $rd50 / $rd99 | $(ratio "$rd" "$s_rd") | $((hoterr + rderr)) |"
}
TABLE=$(cat <<EOF
| setup | hot page req/s | p50 / p99 ms | ratio | readers req/s | p50 / p99 ms | ratio | errors |
|---|---|---|---|---|---|---|---|
$(report sqlite "one server, SQLite")
$(report postgres "one server, PostgreSQL")
$(report three "three servers, PostgreSQL, nginx")
EOF
)
echo "$TABLE"
if [ "$RECORD" != 0 ]; then
  {
    echo
    echo "### Several servers, $(date -u +%Y-%m-%d) ($(nproc) cores)"
    echo
    echo "bench/several_servers.sh: $ARTICLES generated articles (migrated to PostgreSQL in $MIGRATE_S s);"
    echo "wrk -t2 -c64 for ${SECONDS_PER_RUN} s per figure; $THREADS threads per server; PostgreSQL 15 on the"
    echo "same machine (scripts/test-postgres.sh's cluster, fsync off); nginx from deploy/."
    echo "Ratios are to one server on SQLite in the same run."
    echo
    echo "$TABLE"
  } >>"$REPO/bench/RESULTS.md"
fi
