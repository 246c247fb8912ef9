#!/usr/bin/env bash
# The storage backends stay behind the store: no source file outside src/store includes
# SQLite's or libpq's header or a backend's (store/sqlite/, store/postgres/, store/sql/), so
# that code above the store depends on the Store interfaces only and a backend changes none of
# it. Fails listing each line.
set -euo pipefail
cd "$(dirname "$0")/../.."
found=$(grep -rnE '#include [<"](sqlite3\.h|libpq-fe\.h|store/(sqlite|postgres|sql)/)' src --include='*.h' \
  --include='*.cpp' | grep -v '^src/store/' || true)
if [[ -n "$found" ]]; then
  echo "store_backends_private: a backend's header included above the store:" >&2
  echo "$found" >&2
  exit 1
fi
