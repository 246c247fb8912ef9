#!/usr/bin/env bash
# Mail delivery benchmark: Tribune mailing one article to N confirmed subscribers through a
# local SMTP sink (tests/support/smtp_sink.py, aiosmtpd), against a peer in the same run:
# Python's smtplib sending the same message to N recipients over one connection. Not a
# test: it prints numbers and never fails on them.
#
# Usage (from the repo root): bench/mail.sh PATH_TO_TRIBUNE_BINARY
# Environment:
#   BENCH_MESSAGES   subscribers mailed (default 10000)
#   BENCH_RECORD     "0" to skip appending the results to bench/RESULTS.md
set -euo pipefail

die() { echo "bench: $*" >&2; exit 1; }
[ $# -eq 1 ] || { echo "usage: $0 PATH_TO_TRIBUNE_BINARY" >&2; exit 2; }
BIN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
[ -x "$BIN" ] || die "not an executable: $1"
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
COUNT=${BENCH_MESSAGES:-10000}
RECORD=${BENCH_RECORD:-1}
PYTHON=/usr/bin/python3  # Debian's, which sees python3-aiosmtpd
SINK="$REPO/tests/support/smtp_sink.py"

W=$(mktemp -d "${TMPDIR:-/tmp}/tribune-mail-bench.XXXXXX")
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$W"
}
trap cleanup EXIT

free_port() {
  "$PYTHON" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# Starts a sink writing to $1; sets SINK_PORT.
start_sink() {
  SINK_PORT=$(free_port)
  "$PYTHON" "$SINK" --port "$SINK_PORT" --dir "$1" >"$1.log" 2>&1 &
  PIDS+=("$!")
  for _ in $(seq 1 100); do grep -q ready "$1.log" 2>/dev/null && return 0; sleep 0.1; done
  cat "$1.log" >&2
  die "the SMTP sink did not start"
}

count_messages() { find "$1" -maxdepth 1 -name '*.eml' | wc -l; }

echo "== Mail delivery: $COUNT messages to a local SMTP sink"
DATE=$(date -u '+%Y-%m-%d %H:%M UTC')
COMMIT=$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown)
CPU=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
echo "date: $DATE; commit: $COMMIT; machine: $(nproc) cores, $CPU"

# ---------------------------------------------------------------- the site and its readers
"$BIN" init --data "$W/site" --name "Sahel Tribune" --locale fr >/dev/null
{
  echo "email,frequency"
  for i in $(seq 1 "$COUNT"); do echo "lecteur$i@example.org,each"; done
} >"$W/subscribers.csv"
"$BIN" subscribers import --data "$W/site" "$W/subscribers.csv" >/dev/null
cat >"$W/article.md" <<ARTICLE
---
title: "Le marché de Ségou rouvre après les travaux"
author: "Awa Traoré"
category: ["Économie"]
date: $(date -u -d '1 minute ago' +%Y-%m-%dT%H:%M:%SZ)
lang: fr
---

Après six mois de travaux, le grand marché de Ségou a rouvert ses portes samedi, avec des
allées élargies, un nouveau réseau d’eau et des étals protégés de la pluie.

Les commerçants saluent un chantier attendu depuis dix ans.
ARTICLE

mkdir -p "$W/tribune-sink"
start_sink "$W/tribune-sink"
for setting in "smtp.host 127.0.0.1" "smtp.port $SINK_PORT" "smtp.tls none" "smtp.rate_limit 0"; do
  # shellcheck disable=SC2086
  "$BIN" config set --data "$W/site" $setting >/dev/null
done
LISTEN_PORT=$(free_port)
"$BIN" serve --data "$W/site" --listen "127.0.0.1:$LISTEN_PORT" >"$W/serve.log" 2>&1 &
SERVE_PID=$!
PIDS+=("$SERVE_PID")
sleep 1

# ---------------------------------------------------------------- Tribune
if [ -n "${BENCH_PERF:-}" ]; then
  perf record -g -o "$BENCH_PERF" -p "$SERVE_PID" >/dev/null 2>&1 &
  PERF_PID=$!
fi
started=$(date +%s.%N)
"$BIN" import markdown --publish --data "$W/site" "$W/article.md" >/dev/null
while [ "$(count_messages "$W/tribune-sink")" -lt "$COUNT" ]; do
  sleep 0.2
  elapsed=$(echo "$(date +%s.%N) - $started" | bc)
  if [ "$(echo "$elapsed > 600" | bc)" = 1 ]; then die "not all messages arrived in 10 minutes"; fi
done
TRIBUNE_SECONDS=$(echo "$(date +%s.%N) - $started" | bc)
if [ -n "${BENCH_PERF:-}" ]; then kill -INT "$PERF_PID"; wait "$PERF_PID" || true; fi
TRIBUNE_RATE=$(echo "scale=1; $COUNT / $TRIBUNE_SECONDS" | bc)
SIZE=$(wc -c <"$W/tribune-sink/000001.eml")
CONNECTIONS=$(grep -ho '"connection": [0-9]*' "$W"/tribune-sink/*.json | sort -u | wc -l)
echo "tribune: $COUNT messages in ${TRIBUNE_SECONDS}s: $TRIBUNE_RATE messages/s" \
  "($SIZE bytes each, $CONNECTIONS SMTP connection(s))"

# ---------------------------------------------------------------- the peer
mkdir -p "$W/peer-sink"
start_sink "$W/peer-sink"
PEER_SECONDS=$("$PYTHON" "$REPO/bench/smtp_peer.py" 127.0.0.1 "$SINK_PORT" \
  "$W/tribune-sink/000001.eml" "$COUNT")
PEER_RATE=$(echo "scale=1; $COUNT / $PEER_SECONDS" | bc)
echo "peer (smtplib, same message, one connection): $PEER_RATE messages/s"
RATIO=$(echo "scale=2; $TRIBUNE_RATE / $PEER_RATE" | bc)
echo "ratio tribune/peer: $RATIO"

if [ "$RECORD" != 0 ]; then
  cat >>"$REPO/bench/RESULTS.md" <<RESULT

## Mail delivery, $DATE, commit $COMMIT

- Machine: $(nproc) cores, $CPU
- One article mailed to $COUNT confirmed subscribers (import --publish), each message
  composed, formatted (multipart/alternative, $SIZE bytes), sent and recorded as sent in the
  database; sink: aiosmtpd on loopback writing each message to disk; $CONNECTIONS SMTP connection(s)
- Peer: Python smtplib sending that same message to $COUNT recipients over one connection

| sender | messages/s |
|--------|-----------:|
| tribune | $TRIBUNE_RATE |
| smtplib | $PEER_RATE |

Ratio tribune/smtplib: **$RATIO**
RESULT
  echo "recorded in bench/RESULTS.md"
fi
