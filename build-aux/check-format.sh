#!/bin/sh
# check-format.sh SOURCE_ROOT — run by `meson test` (suite "data"), prints TAP.
#
# Checks the C lines a change touches against .clang-format, never the whole tree: the lines
# that differ between the working tree and a base — $VERSUS_FORMAT_BASE if set, else the
# merge base with origin/main when there is one, else with a local main branch when HEAD is
# ahead of it (a branch), else HEAD~1 (on main itself: the last commit). A hunk fails when
# clang-format would change more than the width of whitespace (alignment and continuation
# indents and line breaks are the author's call: clang-format 14 cannot express the tree's
# alignment, see .clang-format), and a touched line fails when it is longer than 100 columns. Outside a git checkout, without
# clang-format or without a base, the test is skipped.
#
# To fix what it reports: git clang-format <base>, then restore any alignment you prefer.
set -u

root=${1:-.}
cd "$root" || exit 1

skip () {
  echo "1..0 # SKIP $1"
  exit 0
}

git rev-parse --is-inside-work-tree >/dev/null 2>&1 || skip "not a git checkout"
clang_format=$(command -v clang-format-14 || command -v clang-format) || skip "no clang-format"
command -v git-clang-format >/dev/null 2>&1 || command -v git-clang-format-14 >/dev/null 2>&1 ||
  skip "no git-clang-format"
command -v python3 >/dev/null 2>&1 || skip "no python3"

if [ -n "${VERSUS_FORMAT_BASE:-}" ]; then
  base=$(git rev-parse --verify -q "$VERSUS_FORMAT_BASE^{commit}") ||
    { echo "1..1"; echo "not ok 1 - VERSUS_FORMAT_BASE=$VERSUS_FORMAT_BASE is not a commit"; exit 0; }
elif git rev-parse --verify -q origin/main >/dev/null; then
  base=$(git merge-base HEAD origin/main) || skip "no merge base with origin/main"
elif git rev-parse --verify -q main >/dev/null &&
     [ "$(git merge-base HEAD main)" != "$(git rev-parse HEAD)" ]; then
  # A branch of a checkout without a remote: what the branch changed since it left main.
  base=$(git merge-base HEAD main)
else
  base=$(git rev-parse --verify -q 'HEAD~1^{commit}') || skip "no parent commit to compare with"
fi

# Generated or vendored C that is not formatted by hand.
exclude='src/core/tokenizer/vs-unicode-tables.c'

files=$(git diff --name-only --diff-filter=ACMR "$base" -- '*.c' '*.h' |
        grep -v -x -F "$exclude" || true)
if [ -z "$files" ]; then
  echo "1..1"
  echo "ok 1 - format # no C file changed since $(git rev-parse --short "$base")"
  exit 0
fi

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
# shellcheck disable=SC2086 # file names have no spaces (checked by check-potfiles.sh's rules)
git clang-format --binary "$clang_format" --diff --extensions c,h "$base" -- $files \
  >"$tmp/formatted" 2>&1
# shellcheck disable=SC2086
git diff -U0 --no-color "$base" -- $files >"$tmp/touched"

python3 - "$tmp/formatted" "$tmp/touched" "$(git rev-parse --short "$base")" <<'EOF'
import re
import sys

def hunks(diff):
    """(file, line, removed lines, added lines) per hunk of a unified diff."""
    path, out, cur = None, [], None
    for line in diff.splitlines():
        if line.startswith('+++ '):
            path = line[4:]
            path = path[2:] if path.startswith('b/') else path
        elif line.startswith('--- '):
            continue
        elif line.startswith('@@'):
            m = re.match(r'@@ -(\d+)(?:,\d+)? \+(\d+)', line)
            cur = (path, int(m.group(2)), [], [])
            out.append(cur)
        elif cur is not None and line[:1] == '-':
            cur[2].append(line[1:])
        elif cur is not None and line[:1] == '+':
            cur[3].append(line[1:])
    return out

# Calls written without a space before the parenthesis: the gettext macros and GLib's
# cleanup macros (clang-format 14 can only put it before every parenthesis or none), and
# G_DEFINE_QUARK, whose first argument is a name with dashes, not a subtraction.
TIGHT = re.compile(r'\b(_|N_|C_|NC_|g_autoptr|g_autofree|g_auto|g_autolist|g_autoslist) \(')

def shape(lines):
    # The same tokens with the same spaces between them; widths and where lines break do not
    # count (the tree breaks lines at 100 columns, which clang-format 14 with ColumnLimit 0
    # would undo, and aligns by hand).
    out = []
    for line in lines:
        line = re.sub(r'\s+', ' ', line).strip()
        if line.startswith('G_DEFINE_QUARK'):
            continue
        out.append(TIGHT.sub(r'\1(', line))
    return ' '.join(out)

formatted = open(sys.argv[1], encoding='utf-8', errors='replace').read()
base = sys.argv[3]
problems = []
if formatted.strip() not in ('', 'no modified files to format',
                             'clang-format did not modify any files'):
    if not formatted.lstrip().startswith('diff --git'):
        print('1..1')
        print('not ok 1 - git clang-format failed')
        for line in formatted.splitlines():
            print('# ' + line)
        sys.exit(0)
    for path, line, old, new in hunks(formatted):
        if shape(old) != shape(new):
            problems.append((path, line, old, new))

too_long = []
for path, line, _, new in hunks(open(sys.argv[2], encoding='utf-8', errors='replace').read()):
    for i, text in enumerate(new):
        if len(text) > 100:
            too_long.append((path, line + i, len(text)))

print('1..1')
if not problems and not too_long:
    print('ok 1 - format of the lines changed since %s' % base)
    sys.exit(0)
print('not ok 1 - format of the lines changed since %s' % base)
for path, line, old, new in problems:
    print('# %s:%d: clang-format would write:' % (path, line))
    for text in old:
        print('#   - ' + text)
    for text in new:
        print('#   + ' + text)
for path, line, width in too_long:
    print('# %s:%d: %d columns (at most 100)' % (path, line, width))
print('# fix with: git clang-format %s (then keep the alignment you prefer)' % base)
EOF
