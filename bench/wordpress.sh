#!/usr/bin/env bash
# Importing a WordPress export at newsroom size: a generated WXR of 20,000 posts and 100,000
# comments (bench/wordpress/generate_wxr.py), imported into an empty site, with its time and
# peak memory; the same at a quarter of the size, to show memory does not grow with the file;
# a second import of the same file (which changes nothing); the site exported back to WXR;
# and, for the ratio, libxml2
# alone reading the same file (xmllint --stream: the floor of any streaming import). Not a
# test: it prints numbers and never fails on them.
#
# Usage (from the repo root): bench/wordpress.sh PATH_TO_TRIBUNE_BINARY
# Environment:
#   WXR_POSTS, WXR_COMMENTS   the full size (default 20000 and 100000)
#   BENCH_RECORD              "0" to skip appending the results to bench/RESULTS.md
set -euo pipefail

die() { echo "wordpress bench: $*" >&2; exit 1; }
[ $# -eq 1 ] || { echo "usage: $0 PATH_TO_TRIBUNE_BINARY" >&2; exit 2; }
BIN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
[ -x "$BIN" ] || die "not an executable: $1"
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
POSTS=${WXR_POSTS:-20000}
COMMENTS=${WXR_COMMENTS:-100000}
RECORD=${BENCH_RECORD:-1}
PYTHON=/usr/bin/python3
for tool in /usr/bin/time xmllint "$PYTHON"; do
  command -v "$tool" >/dev/null 2>&1 || die "missing tool: $tool (make bench installs it)"
done

. "$REPO/bench/work_dir.sh"
make_work_dir wordpress

# One import into an empty site: "SECONDS PEAK_KB" on stdout, the report in $W/NAME.log.
import_into() {
  local name=$1 file=$2
  "$BIN" init --data "$W/$name" --name "Sahel Tribune" --locale fr >/dev/null || die "init failed"
  /usr/bin/time -f "%e %M" -o "$W/$name.time" "$BIN" import wxr --data "$W/$name" "$file" \
    >"$W/$name.log" 2>&1 || { tail -n 5 "$W/$name.log" >&2; die "import of $file failed"; }
  cat "$W/$name.time"
}

quarter_posts=$((POSTS / 4))
quarter_comments=$((COMMENTS / 4))
"$PYTHON" "$REPO/bench/wordpress/generate_wxr.py" --posts "$quarter_posts" \
  --comments "$quarter_comments" --output "$W/quarter.xml" || die "generating failed"
"$PYTHON" "$REPO/bench/wordpress/generate_wxr.py" --posts "$POSTS" --comments "$COMMENTS" \
  --output "$W/full.xml" || die "generating failed"
file_mib=$(awk -v b="$(stat -c %s "$W/full.xml")" 'BEGIN { printf "%.0f", b / 1048576 }')
quarter_mib=$(awk -v b="$(stat -c %s "$W/quarter.xml")" 'BEGIN { printf "%.0f", b / 1048576 }')

read -r parse_s parse_kb < <(/usr/bin/time -f "%e %M" xmllint --stream --noout "$W/full.xml" 2>&1 >/dev/null | tail -n 1)
read -r quarter_s quarter_kb < <(import_into quarter "$W/quarter.xml")
read -r full_s full_kb < <(import_into full "$W/full.xml")
/usr/bin/time -f "%e %M" -o "$W/again.time" "$BIN" import wxr --data "$W/full" "$W/full.xml" \
  >"$W/again.log" 2>&1 || die "the second import failed"
read -r again_s again_kb < "$W/again.time"
grep -q "^articles: 0 created, 0 updated, $POSTS unchanged" "$W/again.log" \
  || echo "warning: the second import changed something: $(grep '^articles' "$W/again.log")" >&2
imported=$(grep -E '^(articles|comments|pages):' "$W/full.log" | tr '\n' ';')
/usr/bin/time -f "%e %M" -o "$W/export.time" "$BIN" export wxr --data "$W/full" \
  --output "$W/export.xml" >/dev/null 2>"$W/export.log" || die "the export failed"
read -r export_s export_kb < "$W/export.time"
export_mib=$(awk -v b="$(stat -c %s "$W/export.xml")" 'BEGIN { printf "%.0f", b / 1048576 }')

mib() { awk -v k="$1" 'BEGIN { printf "%.0f", k / 1024 }'; }
ratio=$(awk -v a="$full_s" -v b="$parse_s" 'BEGIN { printf "%.1f", a / b }')
commit=$(git -C "$REPO" rev-parse --short HEAD)
echo "WordPress import ($(nproc) cores, $(date -u '+%Y-%m-%d'), commit $commit)"
echo "file: $POSTS posts, $COMMENTS comments, $file_mib MiB of WXR"
echo "import:            $full_s s, peak $(mib "$full_kb") MiB   ($imported)"
echo "quarter the size:  $quarter_s s, peak $(mib "$quarter_kb") MiB ($quarter_mib MiB of WXR)"
echo "same file again:   $again_s s, peak $(mib "$again_kb") MiB (nothing changes)"
echo "export wxr:        $export_s s, peak $(mib "$export_kb") MiB ($export_mib MiB written)"
echo "peer: xmllint --stream reading the file: $parse_s s, peak $(mib "$parse_kb") MiB; import/peer ${ratio}x"

if [ "$RECORD" = 1 ]; then
  {
    echo
    echo "### WordPress import, $POSTS posts and $COMMENTS comments ($(date -u '+%Y-%m-%d'), commit $commit, $(nproc) cores)"
    echo
    echo "| figure | value |"
    echo "|---|---|"
    echo "| import of $file_mib MiB of WXR into an empty site | $full_s s, peak $(mib "$full_kb") MiB |"
    echo "| a quarter of it ($quarter_mib MiB) | $quarter_s s, peak $(mib "$quarter_kb") MiB |"
    echo "| the same file again (changes nothing) | $again_s s, peak $(mib "$again_kb") MiB |"
    echo "| export wxr of the imported site ($export_mib MiB) | $export_s s, peak $(mib "$export_kb") MiB |"
    echo "| peer: libxml2 alone reading it (xmllint --stream) | $parse_s s (import ${ratio}×) |"
  } >>"$REPO/bench/RESULTS.md"
fi
