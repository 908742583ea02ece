#!/usr/bin/env bash
# Fails when a merge's conflict markers were committed: a line that starts with seven '<' or
# '>' and a space, or is exactly seven '='.
set -eu
root=${1:-$(dirname "$0")/..}
cd "$root"
found=$(grep -rnE '^(<{7}|>{7}) |^={7}$' --include='*.[ch]' --include='*.ui' --include='*.md' \
          --include='*.build' --include='*.css' --include='*.xml' --include='*.json' \
          --include='*.sh' --include='*.py' --include='POTFILES*' --include='Makefile' \
          README.md Makefile meson.build src tests ui data po bench build-aux 2>/dev/null || true)
if [ -n "$found" ]; then
  echo "conflict markers left by a merge:"
  echo "$found"
  exit 1
fi
echo "no conflict markers"
