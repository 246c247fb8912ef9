#!/usr/bin/env bash
# Search at newsroom size: the generated archive of bench/newsroom.sh (100,000 articles by
# default), imported (indexing as it goes), the whole index rebuilt, its size, and 20 typical
# queries (bench/search_queries.txt) through the HTTP server, against a page the server
# answers from memory for the ratio. Not a test: it prints numbers and never fails on them.
#
# Usage (from the repo root): bench/search.sh PATH_TO_TRIBUNE_BINARY
# Environment:
#   SEARCH_SIZE      articles (default 100000)
#   SEARCH_ROUNDS    times each query is timed one after another (default 10)
#   BENCH_RECORD     "0" to skip appending the results to bench/RESULTS.md
#   NEWSROOM_SEED    generator seed (default 42), NEWSROOM_CACHE as bench/newsroom.sh
set -euo pipefail

die() { echo "search bench: $*" >&2; exit 1; }
[ $# -eq 1 ] || { echo "usage: $0 PATH_TO_TRIBUNE_BINARY" >&2; exit 2; }
BIN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
[ -x "$BIN" ] || die "not an executable: $1"
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SIZE=${SEARCH_SIZE:-100000}
ROUNDS=${SEARCH_ROUNDS:-10}
RECORD=${BENCH_RECORD:-1}
SEED=${NEWSROOM_SEED:-42}
CACHE_ROOT=${NEWSROOM_CACHE:-$REPO/build-release/newsroom-cache}
PYTHON=/usr/bin/python3
GENERATOR=$REPO/bench/generate_articles.py
for tool in sqlite3 /usr/bin/time "$PYTHON"; do
  command -v "$tool" >/dev/null 2>&1 || die "missing tool: $tool (make bench installs it)"
done

. "$REPO/bench/work_dir.sh"
make_work_dir search

# ---- the articles: bench/newsroom.sh's, generated once per size, seed and generator version
src="$CACHE_ROOT/$SIZE-seed$SEED-v$("$PYTHON" "$GENERATOR" version)"
if [ ! -f "$src/.complete" ]; then
  rm -rf "$src" "$src.tmp"
  mkdir -p "$CACHE_ROOT"
  "$PYTHON" "$GENERATOR" articles --count "$SIZE" --seed "$SEED" --out "$src.tmp" || die "generating failed"
  touch "$src.tmp/.complete"
  mv "$src.tmp" "$src"
fi

site=$W/site
"$BIN" init --data "$site" --name "Sahel Tribune" --locale fr >/dev/null || die "tribune init failed"
(
  cd "$src"
  ulimit -S -s 65536 2>/dev/null || true  # 100,000 file names on one command line
  exec /usr/bin/time -f "%e %M" -o "$W/import-time" "$BIN" import markdown --data "$site" -- *.md
) >"$W/import.log" 2>&1 || { tail -n 5 "$W/import.log" >&2; die "import failed"; }
read -r import_s import_kb < "$W/import-time"

/usr/bin/time -f "%e %M" -o "$W/rebuild-time" "$BIN" search rebuild --data "$site" >/dev/null \
  || die "search rebuild failed"
read -r rebuild_s rebuild_kb < "$W/rebuild-time"

db=$site/tribune.db
index_bytes=$(sqlite3 "$db" "SELECT SUM(pgsize) FROM dbstat WHERE name LIKE 'article_search%'")
db_bytes=$(stat -c %s "$db")
text_bytes=$(sqlite3 "$db" "SELECT SUM(LENGTH(body_html)) FROM articles")

port=$("$PYTHON" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$BIN" serve --data "$site" --listen "127.0.0.1:$port" >"$W/serve.log" 2>&1 &
PIDS+=("$!")
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
curl -fs "http://127.0.0.1:$port/" >/dev/null || die "the server did not start"
"$PYTHON" "$REPO/bench/search_client.py" "$port" "$REPO/bench/search_queries.txt" "$ROUNDS" / \
  >"$W/client.out" || die "the search client failed"
value() { awk -v k="$1" '$1 == k { print $2; exit }' "$W/client.out"; }
mib() { awk -v b="$1" 'BEGIN { printf "%.0f", b / 1048576 }'; }

echo "Search at $SIZE articles ($(nproc) cores, $(date -u '+%Y-%m-%d'), commit $(git -C "$REPO" rev-parse --short HEAD))"
echo "import with indexing: $import_s s (peak $(mib $((import_kb * 1024))) MiB)"
echo "search rebuild:       $rebuild_s s (peak $(mib $((rebuild_kb * 1024))) MiB)"
echo "index:                $(mib "$index_bytes") MiB of a $(mib "$db_bytes") MiB database ($(mib "$text_bytes") MiB of article HTML)"
grep '^query ' "$W/client.out" | sed 's/^query /  /'
echo "sequential: p50 $(value p50_ms) ms, p99 $(value p99_ms) ms, max $(value max_ms) ms over $(value requests) searches"
echo "peer (the home page from memory): p50 $(value peer_p50_ms) ms; search/peer $(value ratio_p50)x"
echo "4 connections at once: $(value concurrent_rps) searches/s"

if [ "$RECORD" = 1 ]; then
  {
    echo
    echo "### Search at $SIZE articles ($(date -u '+%Y-%m-%d'), commit $(git -C "$REPO" rev-parse --short HEAD), $(nproc) cores)"
    echo
    echo "| figure | value |"
    echo "|---|---|"
    echo "| import with indexing | $import_s s |"
    echo "| rebuild the whole index | $rebuild_s s |"
    echo "| index size | $(mib "$index_bytes") MiB (database $(mib "$db_bytes") MiB) |"
    echo "| 20 queries × $ROUNDS, p50 / p99 / max | $(value p50_ms) / $(value p99_ms) / $(value max_ms) ms |"
    echo "| peer: home page from memory, p50 | $(value peer_p50_ms) ms (search $(value ratio_p50)×) |"
    echo "| 4 connections, searches/s | $(value concurrent_rps) |"
  } >>"$REPO/bench/RESULTS.md"
fi
