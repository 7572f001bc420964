#!/usr/bin/env bash
# Runs the whole test suite: installs dependencies, makes PostgreSQL+PostGIS and Redis available,
# type-checks and lints, builds (the e2e suite starts the built worker as a real process), then runs
# the unit and e2e projects of jest. Extra arguments go to jest.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

ensure_node_modules
ensure_services

log "type-checking"
npm run --silent typecheck
log "linting"
npm run --silent lint
log "building"
npm run --silent build

mkdir -p var
status=0
npx jest --ci --maxWorkers=2 --json --outputFile=var/jest-results.json "$@" || status=$?
node -e '
  const r = require("./var/jest-results.json");
  console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed` + (r.numPendingTests ? `, ${r.numPendingTests} skipped` : ""));
' || true
exit "$status"
