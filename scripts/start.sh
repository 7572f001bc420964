#!/usr/bin/env bash
# Starts the whole system on this machine: dependencies, PostgreSQL+PostGIS and Redis, database,
# migrations, optional demo data, then the api and the worker together with their logs.
# Ctrl-C stops both. Settings come from .env (created from .env.example on first run).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

[ -f .env ] || { cp .env.example .env; log "created .env from .env.example (development defaults)"; }
set -a
# shellcheck disable=SC1091
source .env
set +a
# Unset APP_ENV means production; this script is the local development setup.
export APP_ENV="${APP_ENV:-development}"

ensure_node_modules
ensure_services

# The database is created by the owner (MIGRATION_DATABASE_URL, else DATABASE_URL); the migrations
# then create the app's least-privilege role (DATABASE_URL's user) and grant it the tables.
owner_url="${MIGRATION_DATABASE_URL:-${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/runvs}}"
database_name=$(OWNER_URL="$owner_url" node -e 'console.log(decodeURIComponent(new URL(process.env.OWNER_URL).pathname.slice(1)))')
admin_url=$(OWNER_URL="$owner_url" node -e 'const u = new URL(process.env.OWNER_URL); u.pathname = "/postgres"; console.log(u.toString())')
if ! psql "$admin_url" -tAc "SELECT 1 FROM pg_database WHERE datname = '${database_name}'" | grep -q 1; then
  log "creating database ${database_name}"
  psql "$admin_url" -qc "CREATE DATABASE \"${database_name}\""
fi

log "building"
npm run --silent build
log "migrating ${database_name} (as the owner) and granting the app role"
node dist/scripts/migrate.js run

pids=()
stop() {
  log "stopping"
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait || true
}
trap stop INT TERM

prefix() { local name=$1; while IFS= read -r line; do printf '%s | %s\n' "$name" "$line"; done; }
node --max-semi-space-size=64 dist/apps/api/src/main.js > >(prefix api) 2>&1 &
pids+=($!)
node dist/apps/worker/src/main.js > >(prefix worker) 2>&1 &
pids+=($!)
log "api on http://localhost:${API_PORT:-8000} (health: /health, docs: /docs), worker running; Ctrl-C stops both"
wait -n "${pids[@]}" || true
stop
