#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Runs the tokenizer benchmark: installs the npm anchors (tiktoken@1.0.22, js-tiktoken) into
# bench/node_modules, generates the 50 MB corpus and the anchors' timings and ids, then runs
# the C benchmark, all pinned to one core. Usage: bench-tokenizer.sh BENCH_BINARY SOURCE_ROOT
# WORKDIR [MEGABYTES]
set -eu
bin=$1
src=$2
work=$3
mb=${4:-50}
pin=""
if command -v taskset >/dev/null 2>&1; then
  pin="taskset -c 0"
fi
mods=$("$src/build-aux/tokenizer-npm-deps.sh")
mkdir -p "$work"
rm -f "$work/anchors.json" "$work"/*.tiktoken.ids
$pin node --max-old-space-size=8192 "$src/bench/bench-tokenizer-anchor.mjs" "$mods" "$work" "$mb"
exec $pin "$bin" "$work"
