#!/usr/bin/env bash
# Database backups with pg_dump (docker/compose.yml runs it as the `backup` service).
#
#   backup.sh once       one dump now, then prune to the retention
#   backup.sh schedule   a dump now and then every BACKUP_INTERVAL_SECONDS, forever
#   backup.sh check      exit 0 when the newest dump is younger than 2 intervals (health check)
#
# Connection: the libpq variables (PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE).
# BACKUP_DIR                 where dumps go (required)
# BACKUP_RETENTION_COUNT     newest dumps kept, older ones deleted (default 14)
# BACKUP_INTERVAL_SECONDS    schedule period (default 86400 = daily)
#
# Each dump is runvs-<UTC time>.dump (pg_dump custom format) with runvs-<UTC time>.counts beside it:
# the exact row count of every table, counted inside the very snapshot pg_dump dumped, so
# scripts/restore-drill.sh can prove a restore complete even while the application writes.
# A dump appears under its final name only after pg_dump finished and pg_restore could read it.
set -euo pipefail

BACKUP_DIR="${BACKUP_DIR:?set BACKUP_DIR (where dumps are written)}"
RETENTION="${BACKUP_RETENTION_COUNT:-14}"
INTERVAL="${BACKUP_INTERVAL_SECONDS:-86400}"
[[ "$RETENTION" =~ ^[1-9][0-9]*$ ]] || { echo "BACKUP_RETENTION_COUNT must be a positive integer" >&2; exit 2; }
[[ "$INTERVAL" =~ ^[1-9][0-9]*$ ]] || { echo "BACKUP_INTERVAL_SECONDS must be a positive integer" >&2; exit 2; }

log() { printf '%s backup: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*" >&2; }

# Exact row counts of the application's tables (scripts/row-counts.sql, shared with the drill).
ROW_COUNTS_SQL=$(cat "$(dirname "$0")/row-counts.sql")

dump_once() {
  mkdir -p "$BACKUP_DIR"
  local name status=0
  name="runvs-$(date -u +%Y%m%dT%H%M%S%3NZ)"
  write_dump "$name" || status=$?
  rm -f "$BACKUP_DIR/.${name}.dump.partial" "$BACKUP_DIR/.${name}.counts.partial"
  [ "$status" -eq 0 ] || return "$status"
  log "wrote ${name}.dump ($(wc -c <"$BACKUP_DIR/${name}.dump") bytes, $(wc -l <"$BACKUP_DIR/${name}.counts") tables)"
  prune
}

write_dump() {
  local name=$1 partial counts_partial snapshot line="" to_psql from_psql psql_pid
  partial="$BACKUP_DIR/.${name}.dump.partial"
  counts_partial="$BACKUP_DIR/.${name}.counts.partial"

  # One read-only repeatable-read transaction exports its snapshot: pg_dump dumps exactly that
  # snapshot, and the row counts are taken in it too.
  coproc SNAPSHOT { psql -X -q -t -A -v ON_ERROR_STOP=1 2>&1; }
  to_psql=${SNAPSHOT[1]}
  from_psql=${SNAPSHOT[0]}
  psql_pid=$SNAPSHOT_PID
  printf '%s\n' "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;" "SELECT pg_export_snapshot();" >&"$to_psql"
  IFS= read -r snapshot <&"$from_psql" || true
  if [[ ! "$snapshot" =~ ^[0-9A-F-]+$ ]]; then
    log "cannot open a snapshot: ${snapshot:-no answer from PostgreSQL}"
    kill "$psql_pid" 2>/dev/null || true
    return 1
  fi
  if ! pg_dump --format=custom --snapshot="$snapshot" --file="$partial"; then
    log "pg_dump failed"
    kill "$psql_pid" 2>/dev/null || true
    return 1
  fi
  printf '%s\n' "$ROW_COUNTS_SQL" "SELECT '-- end of counts';" "COMMIT;" >&"$to_psql"
  : >"$counts_partial"
  while IFS= read -r line <&"$from_psql"; do
    [ "$line" = "-- end of counts" ] && break
    printf '%s\n' "$line" >>"$counts_partial"
  done
  exec {to_psql}>&-
  wait "$psql_pid" 2>/dev/null || true
  if [ "$line" != "-- end of counts" ]; then
    log "could not count the rows in the dump's snapshot: $(tail -n1 "$counts_partial")"
    return 1
  fi
  pg_restore --list "$partial" >/dev/null || { log "pg_restore cannot read the new dump"; return 1; }
  mv "$counts_partial" "$BACKUP_DIR/${name}.counts"
  mv "$partial" "$BACKUP_DIR/${name}.dump"
}

# Keeps the newest RETENTION dumps (names sort by time) and their counts files.
prune() {
  local dumps old
  mapfile -t dumps < <(find "$BACKUP_DIR" -maxdepth 1 -name 'runvs-*.dump' -printf '%f\n' | sort)
  if [ "${#dumps[@]}" -gt "$RETENTION" ]; then
    for old in "${dumps[@]:0:${#dumps[@]}-RETENTION}"; do
      rm -f "$BACKUP_DIR/$old" "$BACKUP_DIR/${old%.dump}.counts"
      log "deleted $old (retention: newest $RETENTION)"
    done
  fi
}

check() {
  local newest
  newest=$(find "$BACKUP_DIR" -maxdepth 1 -name 'runvs-*.dump' -newermt "@$(($(date +%s) - 2 * INTERVAL))" -printf '%f\n' | sort | tail -n1)
  [ -n "$newest" ] || { echo "no dump younger than $((2 * INTERVAL)) s in $BACKUP_DIR" >&2; exit 1; }
  echo "newest dump: $newest"
}

case "${1:-}" in
  once) dump_once ;;
  schedule)
    log "every ${INTERVAL} s into ${BACKUP_DIR}, keeping the newest ${RETENTION}"
    while true; do
      dump_once || log "this backup FAILED; next try in ${INTERVAL} s"
      sleep "$INTERVAL" &
      wait $! || true
    done
    ;;
  check) check ;;
  *) echo "usage: backup.sh once|schedule|check" >&2; exit 2 ;;
esac
