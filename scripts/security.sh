#!/usr/bin/env bash
# make security: Debian's sqlmap against every form and parameter of a fresh site served on
# loopback, public and admin (signed in); exits non-zero on any injectable parameter.
#
# Usage (from the repo root): scripts/security.sh PATH_TO_TRIBUNE_BINARY
# Environment:
#   SECURITY_LEVEL, SECURITY_RISK  sqlmap's --level and --risk (default 2 and 2: every form
#                                  field, query parameter and cookie; 3 adds User-Agent and
#                                  Referer to each target, for three times the time)
#   SECURITY_JOBS                  sqlmap processes at once (default 3)
#   SECURITY_BUDGET                seconds sqlmap may take in all (default 900); past it, fail
#   SECURITY_KEEP=1                keep the work folder (sqlmap's logs) for reading
set -euo pipefail

die() { echo "security: $*" >&2; exit 1; }
[ $# -eq 1 ] || { echo "usage: $0 PATH_TO_TRIBUNE_BINARY" >&2; exit 2; }
[ -x "$1" ] || die "not an executable: $1"
BIN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
LEVEL=${SECURITY_LEVEL:-2}
RISK=${SECURITY_RISK:-2}
BUDGET=${SECURITY_BUDGET:-900}
PYTHON=/usr/bin/python3
command -v sqlmap >/dev/null || die "sqlmap is missing (scripts/install-deps.sh security)"

W=$(mktemp -d "${TMPDIR:-/tmp}/tribune-security.XXXXXX")
SERVER_PID=
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill -TERM "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  if [ "${SECURITY_KEEP:-0}" = 1 ]; then echo "work folder kept: $W"; else rm -rf "$W"; fi
}
trap cleanup EXIT

# Serves the site (the demo's command: the same server, its mail written to files that this
# script reads the subscriber's links from); sets PORT.
start_server() {
  "$BIN" demo --data "$W/site" --listen 127.0.0.1:0 >"$W/server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 300); do
    PORT=$(sed -nE 's|.*serving .* on http://127\.0\.0\.1:([0-9]+)/.*|\1|p' "$W/server.log" | head -n 1)
    [ -n "$PORT" ] && curl -fsS -o /dev/null "http://127.0.0.1:$PORT/healthz" && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$W/server.log" >&2; die "the server exited"; }
    sleep 0.1
  done
  die "the server did not start within 30 s"
}
stop_server() { kill -TERM "$SERVER_PID"; wait "$SERVER_PID" || true; SERVER_PID=; }

# ---------------------------------------------------------------- the site
# The demo's articles in two languages, the seed article, a WordPress import (its old
# addresses), an administrator, and limits meant
# for readers lifted: sqlmap posts hundreds of comments and subscriptions, each from another
# address (its xforwardedfor tamper, believed from this proxy).
start_server && stop_server
"$BIN" import markdown --data "$W/site" "$REPO/tests/data/seed/article.md" >/dev/null
"$BIN" import wxr --data "$W/site" "$REPO/tests/data/wordpress/newsroom.wxr" >/dev/null
"$BIN" config set --data "$W/site" comments.min_seconds 0 >/dev/null
"$BIN" config set --data "$W/site" comments.rate_limit 1000 >/dev/null
"$BIN" config set --data "$W/site" server.trusted_proxies 127.0.0.1 >/dev/null
PASSWORD=$(head -c 18 /dev/urandom | base64 | tr '+/' 'xy')
printf '%s' "$PASSWORD" | "$BIN" user add --data "$W/site" --name "Security Scan" \
  --email scan@example.org --role administrator --password-stdin >/dev/null
start_server
BASE="http://127.0.0.1:$PORT"

# Signs in as a browser does: the login form's token cookie, then the session cookie.
LOGIN_TOKEN=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
curl -fsS -o /dev/null -c "$W/cookies" -b "tribune_login=$LOGIN_TOKEN" \
  --data-urlencode "login_token=$LOGIN_TOKEN" --data-urlencode "email=scan@example.org" \
  --data-urlencode "password=$PASSWORD" --data-urlencode "next=/admin/" "$BASE/admin/login/"
SESSION=$(awk '$6 == "tribune_session" { print $7 }' "$W/cookies")
[ -n "$SESSION" ] || die "signing in failed (no tribune_session cookie)"
signed_in() { [ "$(curl -sS -o /dev/null -w '%{http_code}' -b "tribune_session=$SESSION" "$BASE/admin/articles/")" = 200 ]; }
signed_in || die "the admin does not answer the session"

# A subscriber and a comment, so that their pages and links exist.
curl -fsS -o /dev/null --data "email=reader@example.org&lang=fr" "$BASE/subscribe/"
ARTICLE=$(curl -fsS "$BASE/" | grep -oE 'href="/20[0-9]{2}/[^"]*"' | head -n 1 | sed -E 's/^href="//; s/"$//')
for _ in $(seq 1 50); do ls "$W/site/outbox/"*.eml >/dev/null 2>&1 && break; sleep 0.1; done
LINKS=$(cat "$W/site/outbox/"*.eml 2>/dev/null | tr -d '\r' | sed -e ':a' -e '/=$/{N; s/=\n//; ba}' \
  | grep -oE "$BASE/subscription/[a-z]+/[^\"<> ]+/" | sed "s|$BASE||" | sort -u || true)
[ -n "$LINKS" ] || die "no subscription link in the outbox (is the subscription form there?)"

echo "$ARTICLE $LINKS" | tr ' ' '\n' \
  | "$PYTHON" "$REPO/scripts/security_targets.py" "$BASE" "$SESSION" "$LOGIN_TOKEN" >"$W/targets.tsv"
echo "== sqlmap $(sqlmap --version 2>/dev/null | head -n 1) --level $LEVEL --risk $RISK against $BASE"
echo "targets: $(wc -l <"$W/targets.tsv") ($(cut -f4 "$W/targets.tsv" | sort | uniq -c | tr -s ' ' | tr '\n' ','))"

# ---------------------------------------------------------------- sqlmap, target by target
# Tests target N (a line of targets.tsv) and leaves its verdict in $W/verdict-N: "clean",
# "FINDING" or "unfinished".
scan() {
  local index=$1 method=$2 url=$3 body=$4 who=$5 remaining=$6
  local log="$W/sqlmap-$index.log" skip="csrf,login_token,token,tribune_login"
  # The session cookie is looked up in the database: tested once, on the first admin target.
  [ "$who" = admin ] && [ "$index" != "$FIRST_ADMIN" ] && skip+=",tribune_session"
  local args=(-u "$url" --batch --flush-session --level "$LEVEL" --risk "$RISK" --dbms SQLite
    --output-dir "$W/sqlmap-$index" --results-file "$W/results-$index.csv"
    --tamper xforwardedfor --disable-coloring --timeout 10 --retries 1 --skip "$skip"
    # Answers the site gives on purpose (a wrong password, an unknown id, a rate limit).
    --ignore-code 401,404,429)
  [ "$method" = POST ] && args+=(--data "$body")
  case $who in
    admin) args+=(--cookie "tribune_session=$SESSION") ;;
    login) args+=(--cookie "tribune_login=$LOGIN_TOKEN") ;;
  esac
  timeout "$remaining" sqlmap "${args[@]}" </dev/null >"$log" 2>&1 || true
  if grep -qE "identified the following injection point|is vulnerable|might be injectable" "$log" \
     || [ "$(tail -n +2 "$W/results-$index.csv" 2>/dev/null | grep -c .)" != 0 ]; then
    echo FINDING >"$W/verdict-$index"
  elif grep -qE "all tested parameters do not appear to be injectable|no parameter\(s\) found" "$log"; then
    echo clean >"$W/verdict-$index"
  else
    echo unfinished >"$W/verdict-$index"
  fi
  # A new password ends every session (that form is tested last, alone): any other admin
  # target must leave the session alive, or the targets after it were tested signed out.
  if [ "$who" = admin ] && [[ $url != */admin/password/ ]] && ! signed_in; then
    echo "session ended" >>"$W/verdict-$index"
  fi
}

# Tokens compared in memory and never queried (csrf, login_token, the comment form's signed
# token) are skipped: injecting into them only earns a 403.
FIRST_ADMIN=$(awk -F'\t' '$4 == "admin" { print NR; exit }' "$W/targets.tsv")
JOBS=${SECURITY_JOBS:-3}
STARTED=$(date +%s)
index=0
SCANS=()
while IFS=$'\t' read -r method url body who; do
  index=$((index + 1))
  running() { local pid n=0; for pid in "${SCANS[@]}"; do kill -0 "$pid" 2>/dev/null && n=$((n + 1)); done; echo $n; }
  # The password form waits for every other target to finish.
  limit=$JOBS
  [[ $url == */admin/password/ ]] && limit=1
  while [ "$(running)" -ge "$limit" ]; do sleep 0.5; done
  remaining=$((BUDGET - ($(date +%s) - STARTED)))
  [ "$remaining" -gt 0 ] || { echo "over the budget of $BUDGET s" >"$W/verdict-$index"; continue; }
  printf '[%3d] %4ss %-4s %s %s\n' "$index" "$((BUDGET - remaining))" "$method" "$url" "${body:0:70}"
  scan "$index" "$method" "$url" "$body" "$who" "$remaining" &
  SCANS+=("$!")
done <"$W/targets.tsv"
wait "${SCANS[@]}"
kill -0 "$SERVER_PID" 2>/dev/null || die "the server died during the scan"

failed=0
for i in $(seq 1 "$index"); do
  verdict=$(cat "$W/verdict-$i" 2>/dev/null || echo "no verdict")
  [ "$verdict" = clean ] && continue
  failed=$((failed + 1))
  echo "target $i: $verdict: $(sed -n "${i}p" "$W/targets.tsv" | cut -f1,2)"
  grep -E "Parameter:|Type:|Title:|Payload:|CRITICAL" "$W/sqlmap-$i.log" 2>/dev/null | sed 's/^/    /' | head -20
done
echo "== $index targets in $(($(date +%s) - STARTED)) s: $((index - failed)) clean, $failed not"
[ "$failed" -eq 0 ]
