#!/usr/bin/env bash
# Newsroom-scale benchmark: a site of 1,000, 10,000 and 100,000 generated articles (with 10
# comments per article on average), measured from import to a crawler and live readers
# hitting it together. Not a test: it prints numbers and never fails on them, only on a
# broken setup. See bench/README.md for what each figure means.
#
# Usage (from the repo root): bench/newsroom.sh PATH_TO_TRIBUNE_BINARY
# Environment:
#   NEWSROOM_SIZES         archive sizes, in articles (default "1000 10000 100000")
#   BENCH_SECONDS          length of each load phase (default 10)
#   BENCH_RECORD           "0" to skip appending the results to bench/RESULTS.md
#   BENCH_THREADS          Tribune worker threads (default 2)
#   NEWSROOM_SEED          generator seed (default 42)
#   NEWSROOM_CRAWL_MAX     archive pages the crawler walks at most (default 50000)
#   NEWSROOM_CRAWL_SECONDS the crawl walk stops after this long (default 150)
#   NEWSROOM_UNCACHED_SECONDS  the uncached article fetches stop after this long (default 90)
#   NEWSROOM_SETTLE_SECONDS    longest wait for the server to go idle between phases (default 30)
#   NEWSROOM_CACHE         where generated articles are kept between runs
#                          (default build-release/newsroom-cache)
set -euo pipefail

usage() { echo "usage: $0 PATH_TO_TRIBUNE_BINARY" >&2; exit 2; }
die() { echo "newsroom: $*" >&2; exit 1; }

[ $# -eq 1 ] || usage
BIN_ARG=$1
if [ ! -f "$BIN_ARG" ] || [ ! -x "$BIN_ARG" ]; then die "not an executable: $BIN_ARG"; fi
BIN=$(cd "$(dirname "$BIN_ARG")" && pwd)/$(basename "$BIN_ARG")
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

SIZES=${NEWSROOM_SIZES:-1000 10000 100000}
SECONDS_PER_RUN=${BENCH_SECONDS:-10}
RECORD=${BENCH_RECORD:-1}
THREADS=${BENCH_THREADS:-2}
SEED=${NEWSROOM_SEED:-42}
CRAWL_MAX=${NEWSROOM_CRAWL_MAX:-50000}
CRAWL_SECONDS=${NEWSROOM_CRAWL_SECONDS:-150}
UNCACHED_SECONDS=${NEWSROOM_UNCACHED_SECONDS:-90}
SETTLE_SECONDS=${NEWSROOM_SETTLE_SECONDS:-30}
STOP_SECONDS=60  # SIGTERM lets queued renders finish; SIGKILL after this long
CACHE_ROOT=${NEWSROOM_CACHE:-$REPO/build-release/newsroom-cache}
COMMENTS_PER_ARTICLE=10
PYTHON=/usr/bin/python3  # Debian's
GENERATOR=$REPO/bench/generate_articles.py
CLIENT=$REPO/bench/newsroom_client.py
CRAWLER_LUA=$REPO/bench/newsroom_crawler.lua
READERS_LUA=$REPO/bench/newsroom_readers.lua
# The single hot page is read with the same headers as the live readers, minus their address.
PHONE_AGENT='Mozilla/5.0 (Linux; Android 14; SM-A546B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36'
ACCEPT_ENCODING='gzip, deflate, br'
WRK_THREADS=2
WRK_CONNS=64
CRAWL_CONNS=8
# A page may take seconds to render on a big archive: wait for it rather than count a
# timeout (wrk's default is 2 s), so that the latency figures include the slow answers.
WRK_TIMEOUT=10s

for value in "$SECONDS_PER_RUN" "$THREADS" "$SEED" "$CRAWL_MAX" "$CRAWL_SECONDS" "$UNCACHED_SECONDS" "$SETTLE_SECONDS" $SIZES; do
  [[ "$value" =~ ^[0-9]+$ ]] || die "not a whole number: '$value'"
done
[ -n "${SIZES// /}" ] || die "NEWSROOM_SIZES is empty"
for tool in curl wrk awk "$PYTHON" /usr/bin/time; do
  command -v "$tool" >/dev/null 2>&1 || die "missing tool: $tool (make bench-newsroom installs wrk, time, python3)"
done

# ---------------------------------------------------------------- work dir, cleanup
. "$(dirname "${BASH_SOURCE[0]}")/work_dir.sh"
make_work_dir newsroom

free_port() {
  "$PYTHON" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# ---------------------------------------------------------------- helpers
to_ms() { # 1.23us | 4.56ms | 1.2s | 1.0m | 1.0h -> milliseconds
  awk -v v="$1" 'BEGIN {
    n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
    if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000
    else if (u == "h") n *= 3600000; else if (u != "ms") { print "NaN"; exit }
    printf "%.2f", n }'
}
now_ms() { echo $(($(date +%s%N) / 1000000)); }
kv() { # kv FILE KEY -> the value of the "KEY value" line
  awk -v k="$2" '$1 == k { print $2; exit }' "$1"
}
per_second() { # per_second COUNT MILLISECONDS -> a rate, with decimals when it is small
  awk -v n="$1" -v d="$2" 'BEGIN { if (d + 0 <= 0 || n == "") { print "NaN"; exit }
    r = n * 1000 / d; if (r < 10) printf "%.2f", r; else printf "%.0f", r }'
}
mb() { awk -v k="$1" 'BEGIN { if (k == "" || k == "NaN") print "NaN"; else printf "%.0f", k / 1024 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 > 0) printf "%.4f", a / b; else print "NaN" }'; }
# wrk's summary: requests/s, pNN (ms), "N requests in T", errors
wrk_rps() { awk '/^Requests\/sec:/ { print $2 }' "$1"; }
wrk_pct() { # "n/a" when no request was answered (wrk then prints 0.00us)
  local raw
  if [ "$(awk '/requests in/ { print $1; exit }' "$1")" = 0 ]; then echo n/a; return; fi
  raw=$(awk -v p="$2%" '$1 == p { print $2 }' "$1")
  if [ -n "$raw" ]; then to_ms "$raw"; else echo NaN; fi
}
wrk_errors() { # socket errors + non-2xx/3xx answers
  awk '/Socket errors:/ { gsub(/,/, ""); n += $4 + $6 + $8 + $10 }
       /Non-2xx or 3xx responses:/ { n += $NF } END { print n + 0 }' "$1"
}
wrk_duration_ms() { # "123 requests in 10.00s, ..." -> ms
  local raw; raw=$(awk '/requests in/ { sub(/,$/, "", $4); print $4; exit }' "$1"); to_ms "$raw"
}
vm() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status" 2>/dev/null || true; }
metric() { awk -v k="$2" '$1 == k { print $2; exit }' "$1"; }
wrk_requests() { awk '/requests in/ { print $1; exit }' "$1"; }
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
HZ=$(getconf CLK_TCK)
settle() { # settle PID: waits until the server uses under 5% of a core over half a second (renders
  # left queued by the previous phase), at most SETTLE_SECONDS; prints the seconds waited
  local pid=$1 t0 prev cur
  t0=$(now_ms)
  prev=$(cpu_ticks "$pid")
  while kill -0 "$pid" 2>/dev/null; do
    sleep 0.5
    cur=$(cpu_ticks "$pid")
    [ $((cur - prev)) -gt $((HZ / 40)) ] || break
    prev=$cur
    [ $(($(now_ms) - t0)) -lt $((SETTLE_SECONDS * 1000)) ] || break
  done
  awk -v d=$(($(now_ms) - t0)) 'BEGIN { printf "%.1f", d / 1000 }'
}
crawl_errors() { # the crawler script's non-200 count + wrk's socket errors
  local answers sockets
  answers=$(kv "$1" errors)
  sockets=$(awk '/Socket errors:/ { gsub(/,/, ""); print $4 + $6 + $8 + $10 }' "$1")
  echo $(( ${answers:-0} + ${sockets:-0} ))
}

WARNINGS=()
warn() { WARNINGS+=("$*"); echo "WARNING: $*" >&2; }

# ---------------------------------------------------------------- machine info
NPROC=$(nproc)
CPU=$(grep -m1 -E '^(model name|Model|cpu model)' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//' || true)
CPU=${CPU:-unknown}
MEM_MB=$(awk '/^MemTotal:/ { printf "%.0f", $2 / 1024 }' /proc/meminfo)
DATE=$(date -u '+%Y-%m-%d %H:%M UTC')
COMMIT=$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ "$COMMIT" != unknown ] && [ -n "$(git -C "$REPO" status --porcelain --untracked-files=no 2>/dev/null)" ]; then
  COMMIT="$COMMIT-dirty"
fi
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
GEN_VERSION=$("$PYTHON" "$GENERATOR" version)

echo "== Newsroom: sizes $SIZES"
echo "date:    $DATE"
echo "commit:  $COMMIT"
echo "machine: $NPROC cores, $CPU, $MEM_MB MB; load average before: $LOAD_BEFORE"
echo "binary:  $BIN ($THREADS threads)"
echo "work:    $W"
echo "phases:  ${SECONDS_PER_RUN}s each; crawl walk: at most $CRAWL_MAX pages or ${CRAWL_SECONDS}s;" \
  "uncached articles: 300 or ${UNCACHED_SECONDS}s"

ROWS=()
NOTES=()

# ---------------------------------------------------------------- one size
run_size() {
  local n=$1
  local site="$W/site-$n" src="$CACHE_ROOT/$n-seed$SEED-v$GEN_VERSION" urls="$W/urls-$n"
  local t0 t1 pid port url size_started
  size_started=$(now_ms)
  echo
  echo "=== $n articles"

  # ---- 1. articles: generated once per size, seed and generator version, then kept
  if [ -f "$src/.complete" ]; then
    echo "articles:  $src (kept from an earlier run)"
  else
    rm -rf "$src" "$src.tmp"
    mkdir -p "$CACHE_ROOT"
    t0=$(now_ms)
    "$PYTHON" "$GENERATOR" articles --count "$n" --seed "$SEED" --out "$src.tmp" \
      || die "generating $n articles failed"
    touch "$src.tmp/.complete"
    mv "$src.tmp" "$src"
    t1=$(now_ms)
    echo "articles:  generated $n in $(awk -v d=$((t1 - t0)) 'BEGIN { printf "%.1f", d / 1000 }') s into $src"
  fi
  local files; files=$(find "$src" -maxdepth 1 -name '*.md' | wc -l)
  [ "$files" -eq "$n" ] || die "$src holds $files articles, not $n (delete it to generate again)"

  "$BIN" init --data "$site" --name "Sahel Tribune" --locale fr >"$W/init-$n.log" 2>&1 \
    || { cat "$W/init-$n.log" >&2; die "tribune init failed"; }

  # ---- import: one invocation with every file (a glob, relative names); split only when the
  # system refuses an argument list that long.
  local import_log="$W/import-$n.log" import_time="$W/import-time-$n" import_runs=1 rc=0
  (
    cd "$src"
    # Linux allows arguments up to a quarter of the stack limit (at most 6 MiB):
    # 100,000 names take about 1.8 MB, right at the default 8 MiB stack's 2 MiB.
    ulimit -S -s 65536 2>/dev/null || true
    exec /usr/bin/time -f "%e %M" -o "$import_time" "$BIN" import markdown --data "$site" -- *.md
  ) >"$import_log" 2>&1 || rc=$?
  if [ $rc -ne 0 ] && grep -q 'Argument list too long' "$import_log"; then
    warn "$n articles: the argument list was too long for one 'tribune import markdown'; split by xargs"
    rm -rf "$site"
    "$BIN" init --data "$site" --name "Sahel Tribune" --locale fr >/dev/null 2>&1 || die "tribune init failed"
    rc=0
    (
      cd "$src"
      printf '%s\0' *.md | /usr/bin/time -f "%e %M" -o "$import_time" \
        xargs -0 "$BIN" import markdown --data "$site" --
    ) >"$import_log" 2>&1 || rc=$?
    import_runs=$(grep -c '^Imported' "$import_log" || true)
  fi
  [ $rc -eq 0 ] || { tail -n 20 "$import_log" >&2; die "tribune import markdown failed"; }
  local import_s import_rss_kb
  read -r import_s import_rss_kb < <(tail -n 1 "$import_time")
  echo "import:    $(grep '^Imported' "$import_log" | tr '\n' ' ')in $import_s s, peak RSS $(mb "$import_rss_kb") MB, $import_runs invocation(s)"

  # ---- comments, straight into the database (before the server starts)
  local db="$site/tribune.db" comments
  [ -f "$db" ] || die "no database at $db"
  t0=$(now_ms)
  comments=$("$PYTHON" "$GENERATOR" comments --db "$db" --per-article "$COMMENTS_PER_ARTICLE" --seed "$SEED") \
    || die "inserting comments failed"
  t1=$(now_ms)
  local db_mb; db_mb=$(du -cm "$db"* | awk 'END { print $1 }')
  echo "comments:  $comments inserted in $(awk -v d=$((t1 - t0)) 'BEGIN { printf "%.1f", d / 1000 }') s; database $db_mb MB"

  "$PYTHON" "$CLIENT" urls --db "$db" --out "$urls" --seed "$SEED" --crawl-max "$CRAWL_MAX" >"$urls.txt" \
    || die "could not read the URL lists from the database"
  local archive_pages crawl_urls deep_page unreachable
  archive_pages=$(kv "$urls.txt" archive_pages)
  crawl_urls=$(kv "$urls.txt" crawl_urls)
  deep_page=$(kv "$urls.txt" deep_page)
  unreachable=$(kv "$urls.txt" list_pages_unreachable)
  echo "archive:   $archive_pages pages ($n articles, $(kv "$urls.txt" comment_pages) older comment pages," \
    "$(kv "$urls.txt" list_pages) list pages; $unreachable list pages past page 1000 are refused by Tribune)"

  "$BIN" config set --data "$site" server.trusted_proxies 127.0.0.1 >/dev/null \
    || die "could not set server.trusted_proxies"

  # ---- 2. start
  port=$(free_port)
  url="http://127.0.0.1:$port"
  t0=$(now_ms)
  "$BIN" serve --data "$site" --listen "127.0.0.1:$port" --threads "$THREADS" >"$W/serve-$n.log" 2>&1 &
  pid=$!
  PIDS+=("$pid")
  local ok=0
  for _ in $(seq 1 3000); do
    kill -0 "$pid" 2>/dev/null || { cat "$W/serve-$n.log" >&2; die "tribune serve exited"; }
    if curl -fsS -o /dev/null --max-time 2 "$url/healthz" 2>/dev/null; then ok=1; break; fi
    sleep 0.01
  done
  [ $ok = 1 ] || { cat "$W/serve-$n.log" >&2; die "tribune did not answer /healthz within 30 s"; }
  t1=$(now_ms)
  local start_ms=$((t1 - t0)) start_rss_kb; start_rss_kb=$(vm "$pid" VmRSS)
  echo "start:     /healthz answered after $start_ms ms; RSS $(mb "$start_rss_kb") MB"

  # ---- 6. RSS, sampled every half second until the server exits
  (
    while kill -0 "$pid" 2>/dev/null; do
      awk '$1 == "VmRSS:" { print $2 }' "/proc/$pid/status" 2>/dev/null || true
      sleep 0.5
    done
  ) >"$W/rss-$n.txt" &
  PIDS+=("$!")

  # ---- 3. uncached pages: URLs this server has never been asked for
  "$PYTHON" "$CLIENT" latency --port "$port" --max-seconds "$UNCACHED_SECONDS" "$urls/uncached.txt" \
    >"$W/uncached-$n.txt" || die "fetching article pages failed"
  local art_p50 art_p99 failures fetched wanted
  art_p50=$(kv "$W/uncached-$n.txt" p50)
  art_p99=$(kv "$W/uncached-$n.txt" p99)
  failures=$(kv "$W/uncached-$n.txt" failures)
  fetched=$(kv "$W/uncached-$n.txt" fetched)
  wanted=$(grep -c . "$urls/uncached.txt")
  [ "$failures" -lt "$fetched" ] || die "no article page answered 200: are the URLs right?"
  [ "$failures" = 0 ] || warn "$n articles: $failures of the uncached article pages did not answer 200"
  [ "$fetched" -ge "$wanted" ] || warn "$n articles: only $fetched of $wanted uncached article pages fetched in ${UNCACHED_SECONDS}s"
  echo "uncached:  $fetched article pages, one at a time: p50 $art_p50 ms, p99 $art_p99 ms," \
    "max $(awk '$1 ~ /^\// { if ($2 > m) m = $2 } END { print m + 0 }' "$W/uncached-$n.txt") ms"
  "$PYTHON" "$CLIENT" latency --port "$port" "$urls/lists.txt" >"$W/lists-$n.txt" || die "fetching list pages failed"
  local label path ms status bytes
  declare -A list_ms=()
  while read -r label ms status bytes; do
    case $label in p50|p99|failures|fetched) continue ;; esac
    list_ms[$label]=$ms
    path=$(awk -v l="$label" '$1 == l { print $2 }' "$urls/lists.txt")
    printf '           %-13s %8s ms  HTTP %s, %s bytes  %s\n' "$label" "$ms" "$status" "$bytes" "$path"
    [ "$status" = 200 ] || warn "$n articles: $path answered $status"
  done <"$W/lists-$n.txt"

  # ---- 4. crawler: every archive page once (or CRAWL_MAX of them), Googlebot, 8 connections
  echo "crawl:     walking $crawl_urls of $archive_pages archive pages, wrk -t$WRK_THREADS -c$CRAWL_CONNS, Googlebot (stops after ${CRAWL_SECONDS}s)"
  # wrk runs until -d even when every thread has stopped: each thread marks the end of its
  # share with a file, and wrk is interrupted (it then reports) once all have.
  local markers="$W/crawl-markers-$n" crawl_pid
  mkdir -p "$markers"
  t0=$(now_ms)
  wrk -t"$WRK_THREADS" -c"$CRAWL_CONNS" -d"${CRAWL_SECONDS}s" --timeout 30s -s "$CRAWLER_LUA" "$url" \
    -- "$urls/crawl.txt" "$WRK_THREADS" stop forward "$markers" >"$W/crawl-$n.txt" 2>&1 &
  crawl_pid=$!
  PIDS+=("$crawl_pid")
  while kill -0 "$crawl_pid" 2>/dev/null; do
    [ "$(find "$markers" -name 'done-*' | wc -l)" -lt "$WRK_THREADS" ] || break
    sleep 0.05
  done
  t1=$(now_ms)
  kill -INT "$crawl_pid" 2>/dev/null || true
  wait "$crawl_pid" || { cat "$W/crawl-$n.txt" >&2; die "wrk (crawler) failed"; }
  local walked crawl_errors crawl_ms crawl_rate
  walked=$(kv "$W/crawl-$n.txt" walked); walked=${walked:-0}
  crawl_errors=$(crawl_errors "$W/crawl-$n.txt")
  crawl_ms=$((t1 - t0))
  crawl_rate=$(per_second "$walked" "$crawl_ms")
  echo "           $walked pages in $(awk -v d="$crawl_ms" 'BEGIN { printf "%.1f", d / 1000 }') s: $crawl_rate pages/s, $crawl_errors errors (non-200 or socket)"
  [ "$walked" -ge "$crawl_urls" ] || warn "$n articles: the crawl walk stopped at ${CRAWL_SECONDS}s after $walked of $crawl_urls pages"
  local settled=()
  settled+=("after the crawl $(settle "$pid") s")

  # ---- 5a. one hot page
  local hot; hot=$(head -n 1 "$urls/readers.txt")
  # warm-up: its first render (which may take long on a big archive), then a second of load
  curl -fsS -o /dev/null --max-time 120 -A "$PHONE_AGENT" "$url$hot" || warn "$n articles: the hot page did not load"
  wrk -t"$WRK_THREADS" -c"$WRK_CONNS" -d1s -H "User-Agent: $PHONE_AGENT" -H "Accept-Encoding: $ACCEPT_ENCODING" \
    "$url$hot" >/dev/null 2>&1 || true
  wrk -t"$WRK_THREADS" -c"$WRK_CONNS" -d"${SECONDS_PER_RUN}s" --timeout "$WRK_TIMEOUT" --latency \
    -H "User-Agent: $PHONE_AGENT" -H "Accept-Encoding: $ACCEPT_ENCODING" "$url$hot" >"$W/hot-$n.txt" 2>&1 \
    || { cat "$W/hot-$n.txt" >&2; die "wrk (hot page) failed"; }
  local hot_rps hot_p99 hot_errors
  hot_rps=$(wrk_rps "$W/hot-$n.txt"); hot_p99=$(wrk_pct "$W/hot-$n.txt" 99); hot_errors=$(wrk_errors "$W/hot-$n.txt")
  echo "hot page:  $hot: $hot_rps req/s, p99 $hot_p99 ms, $(wrk_requests "$W/hot-$n.txt") requests, $hot_errors errors"
  settled+=("after the hot page $(settle "$pid") s")

  # ---- 5b. live readers: 200 articles, half the reads on 10, each request a new address
  wrk -t"$WRK_THREADS" -c"$WRK_CONNS" -d"${SECONDS_PER_RUN}s" --timeout "$WRK_TIMEOUT" --latency -s "$READERS_LUA" "$url" \
    -- "$urls/readers.txt" >"$W/readers-$n.txt" 2>&1 || { cat "$W/readers-$n.txt" >&2; die "wrk (readers) failed"; }
  local rd_rps rd_p50 rd_p99 rd_errors rd_ratio
  rd_rps=$(wrk_rps "$W/readers-$n.txt"); rd_p50=$(wrk_pct "$W/readers-$n.txt" 50)
  rd_p99=$(wrk_pct "$W/readers-$n.txt" 99); rd_errors=$(wrk_errors "$W/readers-$n.txt")
  rd_ratio=$(ratio "$rd_rps" "$hot_rps")
  local rd_requests; rd_requests=$(wrk_requests "$W/readers-$n.txt")
  echo "readers:   $rd_rps req/s, p50 $rd_p50 ms, p99 $rd_p99 ms, $rd_requests requests, $rd_errors errors;" \
    "readers/hot page $rd_ratio"
  settled+=("after the readers $(settle "$pid") s")

  # ---- 5c. the same readers while the crawler walks the archive (from its end) in the background
  wrk -t"$WRK_THREADS" -c"$CRAWL_CONNS" -d"$((SECONDS_PER_RUN + 2))s" --timeout "$WRK_TIMEOUT" -s "$CRAWLER_LUA" "$url" \
    -- "$urls/crawl.txt" "$WRK_THREADS" loop reverse >"$W/crawl-bg-$n.txt" 2>&1 &
  local crawler_pid=$!
  PIDS+=("$crawler_pid")
  sleep 1
  wrk -t"$WRK_THREADS" -c"$WRK_CONNS" -d"${SECONDS_PER_RUN}s" --timeout "$WRK_TIMEOUT" --latency -s "$READERS_LUA" "$url" \
    -- "$urls/readers.txt" >"$W/readers-crawl-$n.txt" 2>&1 \
    || { cat "$W/readers-crawl-$n.txt" >&2; die "wrk (readers with the crawler) failed"; }
  wait "$crawler_pid" || { cat "$W/crawl-bg-$n.txt" >&2; die "wrk (background crawler) failed"; }
  local rc_rps rc_p50 rc_p99 rc_errors bg_rate bg_errors
  rc_rps=$(wrk_rps "$W/readers-crawl-$n.txt"); rc_p50=$(wrk_pct "$W/readers-crawl-$n.txt" 50)
  rc_p99=$(wrk_pct "$W/readers-crawl-$n.txt" 99); rc_errors=$(wrk_errors "$W/readers-crawl-$n.txt")
  bg_rate=$(per_second "$(kv "$W/crawl-bg-$n.txt" walked)" "$(wrk_duration_ms "$W/crawl-bg-$n.txt")")
  bg_errors=$(crawl_errors "$W/crawl-bg-$n.txt")
  local rc_requests; rc_requests=$(wrk_requests "$W/readers-crawl-$n.txt")
  echo "+crawler:  readers $rc_rps req/s, p50 $rc_p50 ms, p99 $rc_p99 ms, $rc_requests requests, $rc_errors errors;" \
    "crawler $bg_rate pages/s, $bg_errors errors"
  settled+=("after readers+crawler $(settle "$pid") s")
  local idle; idle=$(printf '%s, ' "${settled[@]}"); idle=${idle%, }
  echo "settle:    waits for the server to go idle (at most ${SETTLE_SECONDS}s): $idle"

  # ---- render cache and counters, then stop
  curl -fsS --max-time 10 -o "$W/metrics-$n.txt" "$url/metrics" || die "could not fetch /metrics"
  local entries cache_bytes cache_max evictions hits misses views_counted errors_5xx hwm_kb
  entries=$(metric "$W/metrics-$n.txt" tribune_render_cache_entries)
  cache_bytes=$(metric "$W/metrics-$n.txt" tribune_render_cache_bytes)
  cache_max=$(metric "$W/metrics-$n.txt" tribune_render_cache_max_bytes)
  evictions=$(metric "$W/metrics-$n.txt" tribune_render_cache_evictions_total)
  hits=$(metric "$W/metrics-$n.txt" tribune_render_cache_hits_total)
  misses=$(metric "$W/metrics-$n.txt" tribune_render_cache_misses_total)
  views_counted=$(metric "$W/metrics-$n.txt" tribune_views_counted_total)
  errors_5xx=$(awk '/^tribune_http_requests_total\{status="5/ { n += $2 } END { print n + 0 }' "$W/metrics-$n.txt")
  hwm_kb=$(vm "$pid" VmHWM)
  local cache_mb; cache_mb=$(awk -v b="${cache_bytes:-0}" 'BEGIN { printf "%.1f", b / 1048576 }')
  echo "cache:     ${entries:-?} entries, $cache_mb MB of $(awk -v b="${cache_max:-0}" 'BEGIN { printf "%.0f", b / 1048576 }') MB," \
    "${evictions:-?} evictions; hits ${hits:-?}, misses ${misses:-?}; views counted ${views_counted:-?}; 5xx answers $errors_5xx"
  [ "$errors_5xx" = 0 ] || warn "$n articles: $errors_5xx answers with a 5xx status"

  t0=$(now_ms)
  kill -TERM "$pid" 2>/dev/null || true
  local stopped=0 stop_s
  for _ in $(seq 1 $((STOP_SECONDS * 20))); do kill -0 "$pid" 2>/dev/null || { stopped=1; break; }; sleep 0.05; done
  stop_s=$(awk -v d=$(($(now_ms) - t0)) 'BEGIN { printf "%.1f", d / 1000 }')
  if [ $stopped = 1 ]; then
    wait "$pid" 2>/dev/null || warn "$n articles: tribune serve exited with status $?"
    echo "stop:      SIGTERM to exit: $stop_s s"
  else
    warn "$n articles: tribune did not stop within ${STOP_SECONDS}s of SIGTERM (renders still queued?): killed"
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    stop_s=">$STOP_SECONDS"
  fi
  if grep -qiE 'error|fatal|critical|failed' "$W/serve-$n.log" 2>/dev/null; then
    warn "$n articles: tribune's output mentions errors: $(grep -iE 'error|fatal|critical|failed' "$W/serve-$n.log" | sort | uniq -c | sort -rn | head -n 3 | tr '\n' ' ')"
  fi
  local peak_kb
  peak_kb=$(sort -n "$W/rss-$n.txt" | tail -n 1)
  peak_kb=$(( ${peak_kb:-0} > ${start_rss_kb:-0} ? ${peak_kb:-0} : ${start_rss_kb:-0} ))
  echo "RSS:       peak $(mb "$peak_kb") MB sampled every 0.5 s (kernel high-water mark VmHWM $(mb "$hwm_kb") MB)"

  ROWS+=("$(printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s (%s) | %s | %s | %s | %s (p%s) | %s | %s | %s | %s | %s / %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |' \
    "$n" "$import_s" "$(mb "$import_rss_kb")" "$import_runs" "$comments" "$db_mb" \
    "$start_ms" "$(mb "$start_rss_kb")" \
    "$art_p50" "$fetched" "$art_p99" "${list_ms[home]:-NaN}" "${list_ms[section]:-NaN}" "${list_ms[section_deep]:-NaN}" "$deep_page" \
    "${list_ms[author]:-NaN}" "${list_ms[tag]:-NaN}" "${list_ms[most_read]:-NaN}" \
    "$crawl_rate" "$walked" "$archive_pages" "$crawl_errors" \
    "$hot_rps" "$hot_p99" "$rd_rps" "$rd_p50" "$rd_p99" "$rd_ratio" \
    "$rc_rps" "$rc_p99" "$bg_rate" \
    "$(mb "$peak_kb")" "${entries:-NaN}" "$cache_mb" "${evictions:-NaN}")")
  local note
  note="**$n articles**: $import_runs import invocation(s) ($(grep '^Imported' "$import_log" | tr '\n' ' ' | sed 's/ $//'));"
  note+=" crawl walked $walked of $archive_pages archive pages ($unreachable list pages past page 1000 not asked);"
  note+=" requests answered: hot page $(wrk_requests "$W/hot-$n.txt"), readers $rd_requests, readers+crawler $rc_requests;"
  note+=" errors: hot page $hot_errors, readers $rd_errors, readers+crawler $rc_errors, background crawler $bg_errors;"
  note+=" waits for the server to go idle: $idle; SIGTERM to exit $stop_s s;"
  note+=" render cache hits $hits, misses $misses; views counted $views_counted; VmHWM $(mb "$hwm_kb") MB"

  rm -rf "$site"  # the 100,000-article database takes over a gigabyte
  local size_s=$((($(now_ms) - size_started) / 1000))
  echo "time:      ${size_s}s for $n articles"
  NOTES+=("$note; this size took ${size_s}s")
}

STARTED=$(now_ms)
for size in $SIZES; do run_size "$size"; done
TOTAL_S=$(( ($(now_ms) - STARTED) / 1000 ))
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

TABLE=$(
  printf '| articles | import s | import peak RSS MB | import runs | comments | DB MB | start ms | start RSS MB | article p50 ms (pages) | article p99 ms | home ms | section ms | section deep ms | author ms | tag ms | most-read.json ms | crawl pages/s | crawl walked / archive | crawl errors | hot page req/s | hot page p99 ms | readers req/s | readers p50 ms | readers p99 ms | readers / hot | readers+crawler req/s | readers+crawler p99 ms | crawler pages/s (with readers) | peak RSS MB | cache entries | cache MB | cache evictions |\n'
  printf '|%s\n' "$(printf -- '---:|%.0s' $(seq 1 32))"
  printf '%s\n' "${ROWS[@]}"
)
echo
echo "$TABLE"
echo
echo "total time: ${TOTAL_S}s; load average before $LOAD_BEFORE, after $LOAD_AFTER"
[ ${#WARNINGS[@]} -eq 0 ] || { echo "warnings:"; printf '  - %s\n' "${WARNINGS[@]}"; }

# ---------------------------------------------------------------- record
if [ "$RECORD" != 0 ]; then
  RESULTS=$REPO/bench/RESULTS.md
  {
    echo
    echo "## Newsroom, $DATE, commit $COMMIT"
    echo
    echo "Written by \`bench/newsroom.sh\` (\`make bench-newsroom\`); the figures are described in bench/README.md."
    echo
    echo "- Machine: $NPROC cores, $CPU, $MEM_MB MB; load average before $LOAD_BEFORE, after $LOAD_AFTER; total ${TOTAL_S}s"
    echo "- Tribune: $THREADS threads, default cache (server.cache_mb), access log on; articles from bench/generate_articles.py v$GEN_VERSION, seed $SEED; $COMMENTS_PER_ARTICLE comments per article"
    echo "- Uncached: 300 article pages (or as many as ${UNCACHED_SECONDS}s allow) and each list page once, one request at a time, keep-alive (Python http.client), Accept-Encoding: gzip"
    echo "- Crawl: wrk -t$WRK_THREADS -c$CRAWL_CONNS, Googlebot, every archive page once (at most $CRAWL_MAX, ${CRAWL_SECONDS}s); load phases: wrk -t$WRK_THREADS -c$WRK_CONNS -d${SECONDS_PER_RUN}s --timeout $WRK_TIMEOUT"
    echo
    echo "$TABLE"
    echo
    printf -- '- %s\n' "${NOTES[@]}"
    if [ ${#WARNINGS[@]} -gt 0 ]; then
      echo
      echo "Warnings:"
      printf -- '- %s\n' "${WARNINGS[@]}"
    fi
  } >>"$RESULTS"
  echo "recorded in $RESULTS"
fi
