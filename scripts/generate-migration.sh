#!/usr/bin/env bash
# Drafts a migration from the difference between the entities and the database:
#   npm run migration:generate -- AddSomething
# Constraints, partial/expression/GiST indexes and triggers are owned by the hand-written
# migrations and not declared on entities, so the draft will propose dropping them: keep only the
# statements you mean, then add the class to migrations/index.ts.
set -euo pipefail
cd "$(dirname "$0")/.."
name="${1:?usage: npm run migration:generate -- <Name>}"
npm run --silent build
npx typeorm migration:generate -d dist/scripts/data-source.js "migrations/$(date +%s%3N)-${name}" --pretty
