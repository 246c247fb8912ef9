# Sourced by the benchmark scripts: a work folder in $W and the processes in PIDS, all ended
# and removed on exit, however the script ends.
# Usage: . bench/work_dir.sh; make_work_dir NAME   (then PIDS+=("$!") after starting each server)
make_work_dir() {
  umask 022
  W=$(mktemp -d "${TMPDIR:-/tmp}/tribune-$1.XXXXXX")
  PIDS=()
  trap cleanup_work_dir EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
}

cleanup_work_dir() {
  local pid
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$W"
}
