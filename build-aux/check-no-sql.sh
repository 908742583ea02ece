#!/usr/bin/env bash
# Fails when a page, panel or command reaches the database itself: SQL lives in src/core's
# stores only (no sqlite3 calls or header, no vs-project-private.h, no vs_project_get_db).
set -eu
root=${1:-$(dirname "$0")/..}
cd "$root"
found=$(grep -rnE 'sqlite3|vs-project-private\.h|vs-writer-private\.h|vs_project_get_db' \
          src/app src/cli 2>/dev/null || true)
if [ -n "$found" ]; then
  echo "SQL outside core (use a store in src/core instead):"
  echo "$found"
  exit 1
fi
echo "src/app and src/cli reach the project through stores only"
