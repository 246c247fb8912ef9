#!/usr/bin/env bash
# Backup and restore at archive scale: `tribune backup` of a 100,000-article site (10 comments
# per article on average), idle and while readers load the server and their views are written
# every second; the peer is what an operator would do by hand (sqlite3's .backup, then tar and
# gzip of the copy and tribune.toml); then `tribune restore` into an empty folder, checked.
# Not a test: it prints numbers and never fails on them, only on a broken setup.
#
# Usage (from the repo root): bench/backup.sh PATH_TO_TRIBUNE_BINARY
# Environment:
#   BACKUP_ARTICLES  articles in the site (default 100000)
#   BENCH_RECORD     "0" to skip appending the results to bench/RESULTS.md
#   NEWSROOM_CACHE   where generated articles are kept between runs, shared with
#                    bench/newsroom.sh (default build-release/newsroom-cache)
set -euo pipefail

die() { echo "backup: $*" >&2; exit 1; }
[ $# -eq 1 ] || { echo "usage: $0 PATH_TO_TRIBUNE_BINARY" >&2; exit 2; }
[ -x "$1" ] || die "not an executable: $1"
BIN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
N=${BACKUP_ARTICLES:-100000}
RECORD=${BENCH_RECORD:-1}
SEED=42
PYTHON=/usr/bin/python3  # Debian's
GENERATOR=$REPO/bench/generate_articles.py
CACHE_ROOT=${NEWSROOM_CACHE:-$REPO/build-release/newsroom-cache}
[[ "$N" =~ ^[0-9]+$ ]] || die "BACKUP_ARTICLES is not a whole number: '$N'"
for tool in curl wrk sqlite3 tar gzip "$PYTHON" /usr/bin/time; do
  command -v "$tool" >/dev/null 2>&1 || die "missing tool: $tool (make bench-backup installs them)"
done

. "$(dirname "${BASH_SOURCE[0]}")/work_dir.sh"
make_work_dir backup

now_ms() { echo $(($(date +%s%N) / 1000000)); }
seconds_since() { awk -v d=$(($(now_ms) - $1)) 'BEGIN { printf "%.1f", d / 1000 }'; }
mib() { awk -v b="$1" 'BEGIN { printf "%.0f", b / 1048576 }'; }
file_mib() { mib "$(stat -c %s "$1")"; }
# "ELAPSED_S PEAK_RSS_KB" of a command, its output in $W/LOG
timed() {
  local log=$1; shift
  /usr/bin/time -f "%e %M" -o "$W/$log.time" "$@" >"$W/$log" 2>&1 || { cat "$W/$log" >&2; die "failed: $*"; }
  tail -n 1 "$W/$log.time"
}
wrk_rps() { awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$1"; }
wrk_p99() { awk '$1 == "99%" { print $2 }' "$1"; }
wrk_errors() {
  awk '/Socket errors:/ { gsub(/,/, ""); n += $4 + $6 + $8 + $10 }
       /Non-2xx or 3xx responses:/ { n += $NF } END { print n + 0 }' "$1"
}

DATE=$(date -u '+%Y-%m-%d %H:%M UTC')
COMMIT=$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown)
echo "== Backup and restore: $N articles"
echo "date:    $DATE, commit $COMMIT, $(nproc) cores, load before: $(cut -d' ' -f1-3 /proc/loadavg)"

# ---- the site: generated articles (kept between runs), imported, with comments
src="$CACHE_ROOT/$N-seed$SEED-v$("$PYTHON" "$GENERATOR" version)"
if [ ! -f "$src/.complete" ]; then
  rm -rf "$src" && mkdir -p "$CACHE_ROOT"
  "$PYTHON" "$GENERATOR" articles --count "$N" --seed "$SEED" --out "$src.tmp" || die "generating failed"
  touch "$src.tmp/.complete" && mv "$src.tmp" "$src"
fi
site=$W/site
import_started=$(now_ms)
"$BIN" init --data "$site" --name "Sahel Tribune" --locale fr >"$W/init.log" 2>&1 || die "init failed"
(
  cd "$src"
  ulimit -S -s 65536 2>/dev/null || true  # 100,000 file names in one argument list
  exec "$BIN" import markdown --data "$site" -- *.md
) >"$W/import.log" 2>&1 || { tail -n 5 "$W/import.log" >&2; die "import failed"; }
comments=$("$PYTHON" "$GENERATOR" comments --db "$site/tribune.db" --per-article 10 --seed "$SEED")
"$BIN" config set --data "$site" server.trusted_proxies 127.0.0.1 >/dev/null
db_mib=$(file_mib "$site/tribune.db")
echo "site:    $N articles, $comments comments, database $db_mib MiB (imported and commented in $(seconds_since "$import_started") s)"

# ---- idle: tribune backup, then the peer
read -r idle_s idle_kb < <(timed backup-idle.log "$BIN" backup --data "$site" --output "$W/idle.tar.gz")
archive_mib=$(file_mib "$W/idle.tar.gz")
echo "backup:  idle $idle_s s, peak RSS $((idle_kb / 1024)) MiB, archive $archive_mib MiB"
mkdir -p "$W/peer"
read -r peer_s _ < <(timed peer.log bash -c 'set -e
  sqlite3 "$1/tribune.db" ".backup '"'"'$2/tribune.db'"'"'"
  cp "$1/tribune.toml" "$2/"
  tar -C "$2" -czf "$2.tar.gz" tribune.db tribune.toml' peer "$site" "$W/peer")
echo "peer:    sqlite3 .backup + tar czf: $peer_s s, archive $(file_mib "$W/peer.tar.gz") MiB"

# ---- under load: readers on the newest articles (each a distinct address, views written every
# second) before and during a backup
port=$("$PYTHON" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
url="http://127.0.0.1:$port"
"$BIN" serve --data "$site" --listen "127.0.0.1:$port" --threads 2 >"$W/serve.log" 2>&1 &
PIDS+=("$!")
for _ in $(seq 1 3000); do curl -fsS -o /dev/null "$url/healthz" 2>/dev/null && break; sleep 0.01; done
curl -fsS -o /dev/null "$url/healthz" || die "the server did not start"
"$PYTHON" "$REPO/bench/newsroom_client.py" urls --db "$site/tribune.db" --out "$W/urls" --seed "$SEED" \
  --crawl-max 1000 >/dev/null || die "could not read the article addresses from the database"
readers() {
  wrk -t2 -c64 -d"$1" --timeout 10s --latency -s "$REPO/bench/newsroom_readers.lua" "$url" \
    -- "$W/urls/readers.txt" >"$W/$2" 2>&1
}
readers 10s readers-before.txt
readers 120s readers-during.txt &
wrk_pid=$!
sleep 3
read -r load_s load_kb < <(timed backup-load.log "$BIN" backup --data "$site" --output "$W/load.tar.gz")
kill -INT "$wrk_pid" 2>/dev/null || true
wait "$wrk_pid" || true
views_after=$(sqlite3 "file:$site/tribune.db?mode=ro" "SELECT COALESCE(SUM(views), 0) FROM articles")
echo "backup:  under load $load_s s, peak RSS $((load_kb / 1024)) MiB"
echo "readers: before $(wrk_rps "$W/readers-before.txt") req/s, p99 $(wrk_p99 "$W/readers-before.txt");" \
  "during the backup $(wrk_rps "$W/readers-during.txt") req/s, p99 $(wrk_p99 "$W/readers-during.txt")," \
  "errors $(wrk_errors "$W/readers-during.txt")"

# ---- restore into an empty folder, then check it
read -r restore_s restore_kb < <(timed restore.log "$BIN" restore --data "$W/restored" "$W/load.tar.gz")
integrity=$(sqlite3 "file:$W/restored/tribune.db?mode=ro" "PRAGMA integrity_check")
restored=$(sqlite3 "file:$W/restored/tribune.db?mode=ro" \
  "SELECT (SELECT COUNT(*) FROM articles) || ' articles, ' || (SELECT COUNT(*) FROM comments) || ' comments, ' || (SELECT SUM(views) FROM articles) || ' views'")
echo "restore: $restore_s s, peak RSS $((restore_kb / 1024)) MiB; integrity_check: $integrity; $restored (live site: $views_after views after the load)"
[ "$integrity" = ok ] || die "the restored database is damaged"

ratio=$(awk -v a="$idle_s" -v b="$peer_s" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "NaN" }')
echo "ratio:   tribune backup / peer, idle: $ratio"

if [ "$RECORD" != 0 ]; then
  {
    echo
    echo "### Backup and restore, $N articles ($DATE, commit $COMMIT, bench/backup.sh)"
    echo
    echo "Site: $N articles, $comments comments, database $db_mib MiB; archive $archive_mib MiB."
    echo
    echo "| | seconds | peak RSS |"
    echo "|---|---|---|"
    echo "| \`tribune backup\`, idle | $idle_s | $((idle_kb / 1024)) MiB |"
    echo "| peer: \`sqlite3 .backup\` + \`tar czf\`, idle | $peer_s | |"
    echo "| \`tribune backup\` while 64 readers load the server | $load_s | $((load_kb / 1024)) MiB |"
    echo "| \`tribune restore\` of that archive | $restore_s | $((restore_kb / 1024)) MiB |"
    echo
    echo "Readers before the backup: $(wrk_rps "$W/readers-before.txt") req/s, p99 $(wrk_p99 "$W/readers-before.txt");" \
      "during it: $(wrk_rps "$W/readers-during.txt") req/s, p99 $(wrk_p99 "$W/readers-during.txt"), errors $(wrk_errors "$W/readers-during.txt")."
    echo "Restored: integrity_check $integrity; $restored. Ratio tribune / peer (idle): $ratio."
  } >>"$REPO/bench/RESULTS.md"
fi
