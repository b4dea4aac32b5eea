#!/usr/bin/env bash
# Runs the whole vitest suite and ends with one plain line: "tests: N passed, N failed, N skipped".
set -uo pipefail
results="$(mktemp)"
npx vitest run --reporter=default --reporter=json --outputFile="$results"
code=$?
node -e '
const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + r.numTodoTests} skipped`);
' "$results" || true
rm -f "$results"
exit $code
