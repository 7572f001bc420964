#!/usr/bin/env bash
# Restore drill: proves the newest backup restores. Restores it into a scratch database (dropped
# first, dropped again at the end), counts every table's rows there and compares them with the
# counts scripts/backup.sh took in the dump's own snapshot (the source at dump time). Exit 0 only
# when pg_restore succeeded without errors and every table's count matches.
#
#   restore-drill.sh [path/to/runvs-<time>.dump]    (default: the newest dump in BACKUP_DIR)
#
# Connection: the libpq variables (PGHOST, PGPORT, PGUSER, PGPASSWORD); the user needs CREATEDB and
# must be able to CREATE EXTENSION postgis (the database owner role of the deployment does).
# BACKUP_DIR                 where the dumps are (required without an argument)
# RESTORE_DRILL_DATABASE     scratch database name (default runvs_restore_drill); never the source
# RESTORE_DRILL_KEEP=1       keep the scratch database for inspection
set -euo pipefail
ROW_COUNTS_SQL=$(cat "$(dirname "$0")/row-counts.sql")

log() { printf '%s restore-drill: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*" >&2; }
fail() { log "FAILED: $*"; exit 1; }

dump="${1:-}"
if [ -z "$dump" ]; then
  : "${BACKUP_DIR:?set BACKUP_DIR or name the dump}"
  dump=$(find "$BACKUP_DIR" -maxdepth 1 -name 'runvs-*.dump' | sort | tail -n1)
  [ -n "$dump" ] || fail "no runvs-*.dump in $BACKUP_DIR"
fi
[ -f "$dump" ] || fail "no such dump: $dump"
expected="${dump%.dump}.counts"
[ -f "$expected" ] || fail "no row counts beside the dump ($expected)"

scratch="${RESTORE_DRILL_DATABASE:-runvs_restore_drill}"
[[ "$scratch" =~ ^[a-z_][a-z0-9_]*$ ]] || fail "RESTORE_DRILL_DATABASE must be a plain lower-case name"
if [ -n "${PGDATABASE:-}" ] && [ "$scratch" = "$PGDATABASE" ]; then fail "the scratch database cannot be PGDATABASE"; fi

admin() { PGOPTIONS="-c client_min_messages=warning" psql -X -q -t -A -v ON_ERROR_STOP=1 -d postgres "$@"; }
drop_scratch() { admin -c "DROP DATABASE IF EXISTS \"$scratch\" WITH (FORCE)" >/dev/null; }
cleanup() { [ "${RESTORE_DRILL_KEEP:-0}" = 1 ] || drop_scratch || true; }

log "restoring $(basename "$dump") into scratch database $scratch"
drop_scratch
admin -c "CREATE DATABASE \"$scratch\"" >/dev/null
trap cleanup EXIT

# --no-owner/--no-privileges: the drill checks the data and schema, not the roles of this cluster.
pg_restore --exit-on-error --no-owner --no-privileges --dbname="$scratch" "$dump" \
  || fail "pg_restore could not restore $(basename "$dump")"

actual=$(psql -X -q -t -A -v ON_ERROR_STOP=1 -d "$scratch" -c "$ROW_COUNTS_SQL") || fail "cannot count the restored rows"
if ! differences=$(diff <(cat "$expected") <(printf '%s\n' "$actual")); then
  fail "row counts differ from the source at dump time (< source, > restored):
$differences"
fi
tables=$(wc -l <"$expected")
rows=$(awk -F '\t' '{ total += $2 } END { print total + 0 }' "$expected")
[ "$tables" -gt 0 ] || fail "the dump has no tables"
echo "restore drill OK: $(basename "$dump") restored, $tables tables and $rows rows match the source"
