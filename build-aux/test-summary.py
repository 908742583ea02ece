#!/usr/bin/env python3
"""Prints the suite's closing line, "tests: N passed, N failed, N skipped", from meson's
testlog.json of one or more build directories (--total sums them). For one build directory,
the last lines each failed test printed come first: a log read from its end shows why."""
import json
import sys


def count(builddir, failures=None):
    passed = failed = skipped = 0
    try:
        with open(f"{builddir}/meson-logs/testlog.json", encoding="utf-8") as log:
            for line in log:
                result = json.loads(line).get("result")
                if result in ("OK", "EXPECTEDFAIL"):
                    passed += 1
                elif result == "SKIP":
                    skipped += 1
                else:
                    failed += 1
                    if failures is not None:
                        failures.append(json.loads(line))
    except FileNotFoundError:
        failed += 1
    return passed, failed, skipped


args = sys.argv[1:]
if args and args[0] == "--total":
    totals = [0, 0, 0]
    for d in args[1:]:
        for i, n in enumerate(count(d)):
            totals[i] += n
    print(f"tests: {totals[0]} passed, {totals[1]} failed, {totals[2]} skipped")
    sys.exit(1 if totals[1] else 0)

builddir, label = args[0], args[1] if len(args) > 1 else args[0]
failures = []
p, f, s = count(builddir, failures)
for test in failures:
    output = (test.get("stdout") or "") + (test.get("stderr") or "")
    tail = [l for l in output.splitlines() if l.strip()][-12:]
    print(f"--- {test.get('name')} ({test.get('result')}), its last lines:", file=sys.stderr)
    for l in tail:
        print(f"    {l[:200]}", file=sys.stderr)
print(f"{label}: {p} passed, {f} failed, {s} skipped", file=sys.stderr)
