#!/usr/bin/env bash
# One engine per endpoint: the app and the CLI get request engines only from VsEngineRegistry
# (src/core/llm/vs-engine-registry.h). Fails when src/app or src/cli makes its own.
set -eu
root=${1:-$(dirname "$0")/..}
cd "$root"
if found=$(grep -rnE 'vs_request_engine_new[[:space:]]*\(' src/app src/cli); then
  echo "request engines must come from vs_engine_registry_get*(), not vs_request_engine_new():"
  echo "$found"
  exit 1
fi
echo "src/app and src/cli get engines only from the registry"
