#!/usr/bin/env bash
# A clone must be whole on its own: no tracked file may read a sibling folder of the
# repository or an absolute path of one particular machine (a developer's home or work
# folder). Fails listing each offending line.
set -euo pipefail
cd "$(dirname "$0")/../.."
if ! git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  echo "self_contained: not a git work tree: $(pwd)" >&2
  exit 1
fi
# The patterns are written with a character class so that this file does not match itself.
patterns=(
  -e '\.\.[/]shared'
  -e '[/]work[/]'
  -e '[/]home[/][a-z]'
  -e '[/]root[/]'
  -e '[/]Users[/]'
)
if found=$(git grep -n -I -E "${patterns[@]}" -- .); then
  echo "self_contained: tracked files name paths outside the repository:" >&2
  echo "$found" >&2
  exit 1
fi
echo "self_contained: no tracked file names a path outside the repository"
