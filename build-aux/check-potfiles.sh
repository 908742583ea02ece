#!/usr/bin/env bash
# Fails when a source file with translatable strings is missing from po/POTFILES.in, or when
# POTFILES.in names a file that does not exist.
set -eu
root=${1:-$(dirname "$0")/..}
cd "$root"
status=0
listed=$(grep -v '^#' po/POTFILES.in | sed '/^$/d' | sort -u)
for f in $listed; do
  [ -f "$f" ] || { echo "po/POTFILES.in lists $f, which does not exist"; status=1; }
done
found=$( { grep -lE '(^|[^A-Za-z0-9_])(_|N_|C_|NC_|g_dngettext)\s*\(' src --include='*.c' -r 2>/dev/null || true;
           grep -l 'translatable="yes"' ui -r --include='*.ui' 2>/dev/null || true; } | sort -u)
for f in $found; do
  echo "$listed" | grep -qxF "$f" || { echo "$f has translatable strings but is not in po/POTFILES.in"; status=1; }
done
[ $status = 0 ] && echo "po/POTFILES.in is complete ($(echo "$listed" | wc -l) files)"
exit $status
