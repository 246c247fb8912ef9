#!/usr/bin/env bash
# Runs every libFuzzer target of a TRIBUNE_FUZZ build for a bounded time and says which found
# a crash; with --merge, folds what a run found into the repository's corpora, minimized.
# Usage: fuzz/run.sh [--merge] BUILD_DIR   (FUZZ_SECONDS per target, default 60;
#        FUZZ_RUNS: also stop a target after that many executions, default none;
#        FUZZ_TARGETS: names to run, default every fuzz/corpus/NAME)
set -uo pipefail

merge=0
if [ "${1:-}" = "--merge" ]; then merge=1; shift; fi
build=${1:?usage: fuzz/run.sh [--merge] BUILD_DIR}
source_dir=$(cd "$(dirname "$0")" && pwd)
seconds=${FUZZ_SECONDS:-60}
runs_limit=()
[ -n "${FUZZ_RUNS:-}" ] && runs_limit=("-runs=$FUZZ_RUNS")
targets=${FUZZ_TARGETS:-$(cd "$source_dir/corpus" && ls)}
# New inputs go here, not into the repository: merging them is a deliberate step (--merge).
scratch="$build/fuzz-scratch"

failed=()
for name in $targets; do
  fuzzer="$build/fuzz/${name}_fuzzer"
  corpus="$source_dir/corpus/$name"
  if [ ! -x "$fuzzer" ]; then echo "fuzz: $fuzzer: not built" >&2; failed+=("$name"); continue; fi
  mkdir -p "$scratch/$name" "$scratch/$name-crashes"
  if [ "$merge" = 1 ]; then
    # The smallest set of inputs covering what the corpus and the scratch inputs cover.
    merged="$scratch/$name-merged"
    rm -rf "$merged" && mkdir -p "$merged"
    if "$fuzzer" -merge=1 -rss_limit_mb=2048 -timeout=10 "$merged" "$corpus" "$scratch/$name" \
        >"$scratch/$name-merge.log" 2>&1; then
      rm -rf "$corpus" && mv "$merged" "$corpus"
      echo "$name: corpus merged, $(ls "$corpus" | wc -l) inputs"
    else
      echo "$name: merge failed, see $scratch/$name-merge.log" >&2
      failed+=("$name")
    fi
    continue
  fi
  dict=()
  [ -f "$source_dir/$name.dict" ] && dict=("-dict=$source_dir/$name.dict")
  log="$scratch/$name.log"
  "$fuzzer" -max_total_time="$seconds" "${runs_limit[@]}" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
    -artifact_prefix="$scratch/$name-crashes/" "${dict[@]}" "$scratch/$name" "$corpus" \
    >"$log" 2>&1
  status=$?
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$')
  speed=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$')
  coverage=$(grep -o 'cov: [0-9]*' "$log" | tail -1)
  if [ "$status" -eq 0 ]; then
    echo "$name: ${runs:-?} runs, ${speed:-?} exec/s, ${coverage:-cov: ?}, no crash"
  else
    echo "$name: FAILED (exit $status) after ${runs:-?} runs: see $log and $scratch/$name-crashes/" >&2
    failed+=("$name")
  fi
done

if [ ${#failed[@]} -ne 0 ]; then
  echo "fuzz: failed: ${failed[*]}" >&2
  exit 1
fi
