#!/usr/bin/env bash
# `npm test`: the whole suite. Template check, typecheck, lint, unit and integration tests, then real-browser tests
# against a production build. Ends with one line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
results=$(mktemp -d)
status=0

npm run --silent workshops:check || status=1
npx tsc --noEmit -p . || { echo "typecheck failed"; status=1; }
npm run --silent lint || { echo "lint failed"; status=1; }
npm run --silent format:check || { echo "format check failed (npm run format fixes it)"; status=1; }
npm run --silent build >"$results/build.log" 2>&1 || { cat "$results/build.log"; echo "build failed"; exit 1; }
bash scripts/ensure-chromium.sh || exit 1

npx vitest run --reporter=default --reporter=json --outputFile="$results/unit.json" || status=1
npx vitest run --config test/e2e/vitest.config.ts --reporter=default --reporter=json --outputFile="$results/e2e.json" || status=1

node -e '
  const fs = require("node:fs");
  let passed = 0, failed = 0;
  const short = (name) => name.replace(process.cwd() + "/", "");
  const reasonOf = (messages) => (messages ?? []).join(" ").replace(/\x1b\[[0-9;]*m/g, "").split("\n").slice(0, 6).join(" | ").slice(0, 600);
  for (const file of process.argv.slice(1)) {
    if (!fs.existsSync(file)) { failed++; continue; }
    const report = JSON.parse(fs.readFileSync(file, "utf8"));
    passed += report.numPassedTests; failed += report.numFailedTests;
    if (report.numTotalTests === 0) failed++;
    // The failures again at the very end, where a truncated log still shows them.
    for (const suite of report.testResults ?? []) {
      if (suite.status === "failed" && !(suite.assertionResults ?? []).some((test) => test.status === "failed"))
        console.log(`FAILED ${short(suite.name)}: ${reasonOf([suite.message])}`);
      for (const test of suite.assertionResults ?? []) {
        if (test.status !== "failed") continue;
        console.log(`FAILED ${short(suite.name)} > ${test.fullName}: ${reasonOf(test.failureMessages)}`);
      }
    }
  }
  console.log(`${passed} passed, ${failed} failed`);
' "$results/unit.json" "$results/e2e.json"
rm -rf "$results"
exit $status
