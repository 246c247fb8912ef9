#!/usr/bin/env bash
# Throughput benchmark: Tribune serving an article page vs nginx serving the same bytes
# as a static file (gzip_static). Not a test: it prints numbers and never fails on them.
#
# Usage (from the repo root): bench/run.sh PATH_TO_TRIBUNE_BINARY
# Environment:
#   BENCH_SECONDS      length of each measured wrk run (default 15)
#   BENCH_RECORD       "0" to skip appending the results to bench/RESULTS.md
#   BENCH_THREADS      Tribune worker threads = nginx worker processes (default 2)
#   TRIBUNE_FIXTURES   folder holding seed/article.md (default: tests/data)
set -euo pipefail

usage() { echo "usage: $0 PATH_TO_TRIBUNE_BINARY" >&2; exit 2; }
die() { echo "bench: $*" >&2; exit 1; }

[ $# -eq 1 ] || usage
BIN_ARG=$1
if [ ! -f "$BIN_ARG" ] || [ ! -x "$BIN_ARG" ]; then die "not an executable: $BIN_ARG"; fi
BIN=$(cd "$(dirname "$BIN_ARG")" && pwd)/$(basename "$BIN_ARG")
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

SECONDS_PER_RUN=${BENCH_SECONDS:-15}
RECORD=${BENCH_RECORD:-1}
THREADS=${BENCH_THREADS:-2}
ROUNDS=2
WRK_THREADS=2
WRK_CONNS=64
WARMUP_SECONDS=2

for tool in curl nginx wrk gunzip awk; do
  command -v "$tool" >/dev/null 2>&1 || die "missing tool: $tool (make bench installs wrk and nginx-light)"
done

# ---------------------------------------------------------------- work dir, cleanup
. "$(dirname "${BASH_SOURCE[0]}")/work_dir.sh"
make_work_dir bench
# nginx workers may run as another user (nobody, when started by root): they must read $W/www.
chmod 755 "$W"

# ---------------------------------------------------------------- free ports
free_ports() { # prints two distinct free TCP ports on 127.0.0.1
  if command -v python3 >/dev/null 2>&1 && python3 - <<'EOF' 2>/dev/null
import socket
a, b = socket.socket(), socket.socket()
a.bind(("127.0.0.1", 0)); b.bind(("127.0.0.1", 0))
print(a.getsockname()[1], b.getsockname()[1])
EOF
  then return 0; fi
  local found=() p
  while [ ${#found[@]} -lt 2 ]; do
    p=$((20000 + RANDOM % 40000))
    [ ${#found[@]} -eq 1 ] && [ "${found[0]}" = "$p" ] && continue
    # a refused connection means nobody listens there
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then found+=("$p"); fi
  done
  echo "${found[@]}"
}
read -r PORT_T PORT_N < <(free_ports)
if [ -z "${PORT_T:-}" ] || [ -z "${PORT_N:-}" ]; then die "could not find free ports"; fi

# ---------------------------------------------------------------- machine info
NPROC=$(nproc)
CPU=$(grep -m1 -E '^(model name|Model|cpu model)' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//' || true)
CPU=${CPU:-unknown}
DATE=$(date -u '+%Y-%m-%d %H:%M UTC')
COMMIT=$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ "$COMMIT" != unknown ] && [ -n "$(git -C "$REPO" status --porcelain --untracked-files=no 2>/dev/null)" ]; then
  COMMIT="$COMMIT-dirty"
fi
NGINX_VERSION=$(nginx -v 2>&1 | sed 's/^nginx version: //')

echo "== Tribune vs nginx, article page, gzip"
echo "date:    $DATE"
echo "commit:  $COMMIT"
echo "machine: $NPROC cores, $CPU"
echo "binary:  $BIN"
echo "nginx:   $NGINX_VERSION"
echo "work:    $W"

# ---------------------------------------------------------------- site
FIXTURE="${TRIBUNE_FIXTURES:-$REPO/tests/data}/seed/article.md"
[ -f "$FIXTURE" ] || die "missing fixture: $FIXTURE"
FIXTURE=$(cd "$(dirname "$FIXTURE")" && pwd)/$(basename "$FIXTURE")
echo "fixture: $FIXTURE (seed article)"

"$BIN" init --data "$W/site" --name "Sahel Tribune" --locale fr >"$W/init.log" 2>&1 \
  || { cat "$W/init.log" >&2; die "tribune init failed"; }
"$BIN" import markdown --data "$W/site" "$FIXTURE" >"$W/import.log" 2>&1 \
  || { cat "$W/import.log" >&2; die "tribune import failed"; }

# The same site with view counting off, to measure what counting costs.
cp -r "$W/site" "$W/site-nocount"
"$BIN" config set --data "$W/site-nocount" views.counting off >/dev/null \
  || die "could not turn view counting off"

# ---------------------------------------------------------------- Tribune
TRIBUNE_URL="http://127.0.0.1:$PORT_T"
"$BIN" serve --data "$W/site" --listen "127.0.0.1:$PORT_T" --threads "$THREADS" >"$W/tribune.log" 2>&1 &
TRIBUNE_PID=$!
PIDS+=("$TRIBUNE_PID")
ok=0
for _ in $(seq 1 100); do
  kill -0 "$TRIBUNE_PID" 2>/dev/null || { cat "$W/tribune.log" >&2; die "tribune serve exited"; }
  if curl -fsS -o /dev/null --max-time 2 "$TRIBUNE_URL/healthz" 2>/dev/null; then ok=1; break; fi
  sleep 0.1
done
[ $ok = 1 ] || { cat "$W/tribune.log" >&2; die "tribune did not answer /healthz within 10 s"; }

PORT_C=$PORT_T
while [ "$PORT_C" = "$PORT_T" ] || [ "$PORT_C" = "$PORT_N" ]; do read -r PORT_C _ < <(free_ports); done
NOCOUNT_URL="http://127.0.0.1:$PORT_C"
"$BIN" serve --data "$W/site-nocount" --listen "127.0.0.1:$PORT_C" --threads "$THREADS" \
  >"$W/tribune-nocount.log" 2>&1 &
PIDS+=("$!")
for _ in $(seq 1 100); do
  curl -fsS -o /dev/null --max-time 2 "$NOCOUNT_URL/healthz" 2>/dev/null && break
  sleep 0.1
done

curl -fsS --max-time 5 -o "$W/home.html" "$TRIBUNE_URL/" || die "could not fetch the home page"
ARTICLE_PATH=$(grep -oE 'href="/20[0-9][0-9]/[^"]*"' "$W/home.html" | head -n 1 | sed -E 's/^href="//; s/"$//' || true)
[ -n "$ARTICLE_PATH" ] || die "no article link (href=\"/20YY/...\") in the home page"
echo "article: $ARTICLE_PATH"

# ---------------------------------------------------------------- static copy for nginx
mkdir -p "$W/www/article"
HTML=$W/www/article/index.html
GZ=$W/www/article/index.html.gz
curl -fsS --max-time 5 -D "$W/h-identity.txt" -o "$HTML" "$TRIBUNE_URL$ARTICLE_PATH" \
  || die "could not fetch the article (identity)"
curl -fsS --max-time 5 -D "$W/h-gzip.txt" -H 'Accept-Encoding: gzip' -o "$GZ" "$TRIBUNE_URL$ARTICLE_PATH" \
  || die "could not fetch the article (gzip)"
curl -fsS --max-time 5 -D "$W/h-br.txt" -H 'Accept-Encoding: br' -o "$W/article.br" "$TRIBUNE_URL$ARTICLE_PATH" \
  || die "could not fetch the article (br)"

header() { # header FILE NAME -> value of the last occurrence (case-insensitive), without CR
  awk -v n="$(echo "$2" | tr '[:upper:]' '[:lower:]')" -F': *' \
    'tolower($1)==n { v=$0; sub(/^[^:]*: */, "", v); sub(/\r$/, "", v) } END { print v }' "$1"
}

WARNINGS=()
warn() { WARNINGS+=("$*"); echo "WARNING: $*" >&2; }

[ -z "$(header "$W/h-identity.txt" Content-Encoding)" ] \
  || warn "Tribune compressed a response to a request without Accept-Encoding"
[ "$(header "$W/h-gzip.txt" Content-Encoding)" = gzip ] \
  || die "Tribune did not answer Accept-Encoding: gzip with Content-Encoding: gzip"
gunzip -c "$GZ" | cmp -s - "$HTML" || die "gunzip of Tribune's gzip body differs from its identity body"
[ "$(header "$W/h-br.txt" Content-Encoding)" = br ] \
  || warn "Tribune did not answer Accept-Encoding: br with Content-Encoding: br"
if command -v brotli >/dev/null 2>&1 && [ "$(header "$W/h-br.txt" Content-Encoding)" = br ]; then
  brotli -d -c "$W/article.br" | cmp -s - "$HTML" || warn "brotli body does not decode to the identity body"
fi
for f in identity gzip br; do
  grep -qi '^Vary: .*Accept-Encoding' "$W/h-$f.txt" || warn "Tribune's $f response has no Vary: Accept-Encoding"
done
HTML_BYTES=$(wc -c <"$HTML" | tr -d ' ')
GZ_BYTES=$(wc -c <"$GZ" | tr -d ' ')
BR_BYTES=$(wc -c <"$W/article.br" | tr -d ' ')
echo "sizes:   HTML $HTML_BYTES bytes, gzip $GZ_BYTES bytes, brotli $BR_BYTES bytes (from Tribune)"

# ---------------------------------------------------------------- nginx
mkdir -p "$W/nginx-tmp"
cat >"$W/nginx.conf" <<EOF
# Generated by bench/run.sh. Same page bytes as Tribune, served from files.
worker_processes $THREADS;
pid $W/nginx.pid;
error_log $W/nginx-error.log;

events { worker_connections 1024; }

http {
    types { text/html html; }
    access_log $W/nginx-access.log combined;
    client_body_temp_path $W/nginx-tmp/client_body;
    proxy_temp_path $W/nginx-tmp/proxy;
    fastcgi_temp_path $W/nginx-tmp/fastcgi;
    uwsgi_temp_path $W/nginx-tmp/uwsgi;
    scgi_temp_path $W/nginx-tmp/scgi;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 100000;
    gzip_static on;
    gzip_vary on;   # Tribune sends Vary: Accept-Encoding too
    etag on;
    charset utf-8;  # Content-Type: text/html; charset=utf-8, as Tribune
    server {
        listen 127.0.0.1:$PORT_N;
        root $W/www;
        location / { default_type "text/html; charset=utf-8"; }
    }
}
EOF
nginx -c "$W/nginx.conf" -p "$W" -g 'daemon off;' >"$W/nginx.log" 2>&1 &
NGINX_PID=$!
PIDS+=("$NGINX_PID")
NGINX_URL="http://127.0.0.1:$PORT_N"
ok=0
for _ in $(seq 1 100); do
  kill -0 "$NGINX_PID" 2>/dev/null || { cat "$W/nginx.log" "$W/nginx-error.log" >&2 2>/dev/null || true; die "nginx exited"; }
  if curl -fsS -o /dev/null --max-time 2 "$NGINX_URL/article/" 2>/dev/null; then ok=1; break; fi
  sleep 0.1
done
[ $ok = 1 ] || { cat "$W/nginx-error.log" >&2 2>/dev/null || true; die "nginx did not answer within 10 s"; }

echo "servers: Tribune $TRIBUNE_URL$ARTICLE_PATH ($THREADS threads)"
echo "         nginx   $NGINX_URL/article/ (worker_processes $THREADS, same as Tribune's $THREADS threads)"
echo "logs:    access logs on for both: Tribune's default (site/access.log), nginx's to $W/nginx-access.log"

# ---------------------------------------------------------------- same answer from both
check_gzip() { # check_gzip NAME URL -> prints the gzip body length
  local name=$1 url=$2 out
  out=$(curl -sS --max-time 5 -H 'Accept-Encoding: gzip' -D "$W/check-$name.h" -o "$W/check-$name.body" \
    -w '%{http_code} %{size_download}' "$url") || die "$name: request failed"
  # shellcheck disable=SC2086 # split "CODE SIZE"
  set -- $out
  [ "$1" = 200 ] || die "$name: HTTP $1 for $url"
  [ "$(header "$W/check-$name.h" Content-Encoding)" = gzip ] || die "$name: no Content-Encoding: gzip for $url"
  echo "$2"
}
BYTES_T=$(check_gzip tribune "$TRIBUNE_URL$ARTICLE_PATH")
BYTES_N=$(check_gzip nginx "$NGINX_URL/article/")
[ "$BYTES_T" = "$BYTES_N" ] || die "body lengths differ: tribune $BYTES_T, nginx $BYTES_N"
cmp -s "$W/check-tribune.body" "$W/check-nginx.body" || warn "gzip bodies differ between Tribune and nginx (same length)"
echo "check:   both answer 200, Content-Encoding: gzip, $BYTES_T body bytes"

# ---------------------------------------------------------------- wrk
to_ms() { # 1.23us | 4.56ms | 1.2s | 1.0m -> milliseconds
  awk -v v="$1" 'BEGIN {
    n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
    if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000
    else if (u != "ms") { print "NaN"; exit }
    printf "%.2f", n }'
}
BENCH_AGENT='Mozilla/5.0 (Linux; Android 13) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36'
run_wrk() { # run_wrk NAME URL SECONDS OUTFILE
  # A browser's User-Agent, so that Tribune's view counter takes its full path (crawler check,
  # keyed hash, repeat lookup) on every request rather than stopping at "no User-Agent".
  wrk -t"$WRK_THREADS" -c"$WRK_CONNS" -d"$3s" --latency -H 'Accept-Encoding: gzip' \
    -H "User-Agent: $BENCH_AGENT" "$2" >"$4" 2>&1 \
    || { cat "$4" >&2; die "wrk failed against $1"; }
}

echo "warm-up: ${WARMUP_SECONDS}s each"
run_wrk nginx "$NGINX_URL/article/" "$WARMUP_SECONDS" "$W/wrk-warmup-nginx.txt"
run_wrk tribune "$TRIBUNE_URL$ARTICLE_PATH" "$WARMUP_SECONDS" "$W/wrk-warmup-tribune.txt"
run_wrk nocount "$NOCOUNT_URL$ARTICLE_PATH" "$WARMUP_SECONDS" "$W/wrk-warmup-nocount.txt"

declare -A BEST_RPS=([nginx]=0 [tribune]=0 [nocount]=0) BEST_P99=([nginx]=NaN [tribune]=NaN [nocount]=NaN)
echo "runs:    wrk -t$WRK_THREADS -c$WRK_CONNS -d${SECONDS_PER_RUN}s --latency -H 'Accept-Encoding: gzip', $ROUNDS rounds, alternating"
for round in $(seq 1 "$ROUNDS"); do
  for name in nginx tribune nocount; do
    case $name in
      nginx) url="$NGINX_URL/article/" ;;
      tribune) url="$TRIBUNE_URL$ARTICLE_PATH" ;;
      nocount) url="$NOCOUNT_URL$ARTICLE_PATH" ;;
    esac
    out="$W/wrk-$name-$round.txt"
    run_wrk "$name" "$url" "$SECONDS_PER_RUN" "$out"
    rps=$(awk '/^Requests\/sec:/ { print $2 }' "$out")
    p99raw=$(awk '$1 == "99%" { print $2 }' "$out")
    if [ -z "$rps" ] || [ -z "$p99raw" ]; then cat "$out" >&2; die "could not parse wrk output for $name"; fi
    p99=$(to_ms "$p99raw")
    printf '  round %d  %-8s %12s req/s   p99 %8s ms\n' "$round" "$name" "$rps" "$p99"
    errs=$(grep -E 'Socket errors|Non-2xx' "$out" | sed 's/^ *//' | tr '\n' ';' || true)
    [ -z "$errs" ] || warn "$name round $round: $errs"
    if awk -v a="$rps" -v b="${BEST_RPS[$name]}" 'BEGIN { exit !(a > b) }'; then
      BEST_RPS[$name]=$rps
      BEST_P99[$name]=$p99
    fi
  done
done

kill -0 "$TRIBUNE_PID" 2>/dev/null || warn "Tribune exited during the benchmark"
kill -0 "$NGINX_PID" 2>/dev/null || warn "nginx exited during the benchmark"
RATIO=$(awk -v t="${BEST_RPS[tribune]}" -v n="${BEST_RPS[nginx]}" 'BEGIN { if (n > 0) printf "%.2f", t / n; else print "NaN" }')
COUNTING=$(awk -v t="${BEST_RPS[tribune]}" -v n="${BEST_RPS[nocount]}" 'BEGIN { if (n > 0) printf "%.3f", t / n; else print "NaN" }')
T_LOG_LINES=$(wc -l <"$W/site/access.log" 2>/dev/null | tr -d ' ' || echo 0)
N_LOG_LINES=$(wc -l <"$W/nginx-access.log" 2>/dev/null | tr -d ' ' || echo 0)
[ "${T_LOG_LINES:-0}" -gt 0 ] || warn "Tribune's access log ($W/site/access.log) is empty or missing"
if grep -qiE 'error|fatal|critical' "$W/tribune.log" 2>/dev/null; then
  warn "Tribune's output mentions errors: $(grep -iE 'error|fatal|critical' "$W/tribune.log" | head -n 3 | tr '\n' ' ')"
fi

TABLE=$(
  printf '| server  | requests/s | p99 ms | body bytes (gzip) |\n'
  printf '|---------|-----------:|-------:|------------------:|\n'
  printf '| nginx   | %10s | %6s | %17s |\n' "${BEST_RPS[nginx]}" "${BEST_P99[nginx]}" "$BYTES_N"
  printf '| tribune | %10s | %6s | %17s |\n' "${BEST_RPS[tribune]}" "${BEST_P99[tribune]}" "$BYTES_T"
  printf '| tribune, view counting off | %10s | %6s | %17s |\n' "${BEST_RPS[nocount]}" "${BEST_P99[nocount]}" "$BYTES_T"
)
echo
echo "$TABLE"
echo
echo "ratio tribune/nginx (requests/s): $RATIO"
echo "ratio counting on/off (requests/s): $COUNTING"
echo "access log lines: tribune $T_LOG_LINES, nginx $N_LOG_LINES"
[ ${#WARNINGS[@]} -eq 0 ] || { echo "warnings:"; printf '  - %s\n' "${WARNINGS[@]}"; }

# ---------------------------------------------------------------- record
if [ "$RECORD" != 0 ]; then
  RESULTS=$REPO/bench/RESULTS.md
  if [ ! -f "$RESULTS" ]; then
    cat >"$RESULTS" <<'EOF'
# Benchmark results

Written by `bench/run.sh` (`make bench`). Method: a fresh site with one article (the seed
fixture) is served by Tribune; the article page Tribune returns (identity and gzip) is copied
into a folder that nginx serves with `gzip_static on`, so both send the same body bytes.
Both log every request (Tribune's default access log, nginx's combined log) and use the same
number of workers (Tribune threads = nginx worker processes). After a 2 s warm-up each,
`wrk -t2 -c64 --latency -H 'Accept-Encoding: gzip'` runs against nginx and Tribune
alternately, two rounds each; the best requests/s of each server is kept, with that run's p99.
The client runs on the same machine, so absolute numbers are low; the ratio is what matters.
EOF
  fi
  {
    echo
    echo "## $DATE, commit $COMMIT"
    echo
    echo "- Machine: $NPROC cores, $CPU"
    echo "- Tribune: $THREADS threads; $NGINX_VERSION: $THREADS worker processes; access logs on for both"
    echo "- wrk -t$WRK_THREADS -c$WRK_CONNS -d${SECONDS_PER_RUN}s, best of $ROUNDS rounds; fixture: $(basename "$FIXTURE"), $ARTICLE_PATH"
    echo
    echo "$TABLE"
    echo
    echo "Ratio tribune/nginx (requests/s): **$RATIO**; view counting on/off: **$COUNTING**"
    echo
    echo "Page sizes from Tribune: HTML $HTML_BYTES bytes, gzip $GZ_BYTES bytes, brotli $BR_BYTES bytes."
    if [ ${#WARNINGS[@]} -gt 0 ]; then
      echo
      echo "Warnings:"
      printf -- '- %s\n' "${WARNINGS[@]}"
    fi
  } >>"$RESULTS"
  echo "recorded in $RESULTS"
fi
