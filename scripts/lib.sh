#!/usr/bin/env bash
# Shared helpers for the start/test/CI scripts. Source it; do not run it.

log() { printf '\033[1;34m[runvs]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[runvs] %s\033[0m\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo "$@"; else
    die "need root (or sudo) to run: $*"
  fi
}

APT_UPDATED=0
apt_install() {
  command -v apt-get >/dev/null 2>&1 || die "apt-get not found: install $* by hand (see README)"
  if [ "$APT_UPDATED" -eq 0 ]; then
    log "apt-get update"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
    APT_UPDATED=1
  fi
  log "apt-get install $*"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# Database connection used by the scripts (the apps read the same variables through libs/config).
: "${PGHOST:=127.0.0.1}"
: "${PGPORT:=5432}"
: "${PGUSER:=postgres}"
export PGHOST PGPORT PGUSER

pg_ready() { pg_isready -q -h "$PGHOST" -p "$PGPORT" >/dev/null 2>&1; }
redis_ready() {
  local url="${REDIS_URL:-redis://127.0.0.1:6379/0}"
  redis-cli -u "$url" ping 2>/dev/null | grep -q PONG
}

pg_major_version() {
  psql -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d postgres -tAc 'show server_version_num' 2>/dev/null | cut -c1-2
}

postgis_available() {
  psql -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d postgres -tAc \
    "select 1 from pg_available_extensions where name = 'postgis'" 2>/dev/null | grep -q 1
}

is_local_host() { case "$1" in 127.0.0.1 | localhost | ::1 | /*) return 0 ;; *) return 1 ;; esac; }
redis_host() { node -e 'console.log(new URL(process.argv[1]).hostname.replace(/^\[|\]$/g, ""))' "${REDIS_URL:-redis://127.0.0.1:6379/0}"; }

# Makes PostgreSQL (with PostGIS installable) and Redis answer. Servers that already answer at
# PGHOST/PGPORT and REDIS_URL are used as they are (CI service containers, a developer's own): then
# only missing clients are installed. Otherwise, on this machine, Debian's packages are installed
# and started; a remote server that does not answer is an error, never replaced by a local one.
ensure_services() {
  if ! command -v psql >/dev/null 2>&1 || ! command -v pg_isready >/dev/null 2>&1; then
    if is_local_host "$PGHOST" && ! pg_ready; then apt_install postgresql postgresql-client; else apt_install postgresql-client; fi
  fi
  if pg_ready; then
    log "PostgreSQL answers at ${PGHOST}:${PGPORT}"
  else
    is_local_host "$PGHOST" || die "PostgreSQL does not answer at ${PGHOST}:${PGPORT} (PGHOST is not this machine: start it there)"
    if ! command -v pg_ctlcluster >/dev/null 2>&1 || [ ! -d /etc/postgresql ]; then apt_install postgresql; fi
    if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
      local version
      version=$(ls /etc/postgresql | sort -V | tail -n1)
      log "starting PostgreSQL $version"
      as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
    fi
    for _ in $(seq 1 30); do pg_ready && break; sleep 1; done
    pg_ready || die "PostgreSQL does not answer on $PGHOST:$PGPORT"
  fi
  if ! postgis_available; then
    is_local_host "$PGHOST" || die "PostGIS is not installable on the server at ${PGHOST} (use a PostGIS image, e.g. postgis/postgis)"
    local major
    major=$(pg_major_version)
    [ -n "$major" ] || die "cannot read the PostgreSQL server version"
    apt_install "postgresql-${major}-postgis-3"
    postgis_available || die "PostGIS is still not available after installing postgresql-${major}-postgis-3"
  fi

  # The client alone first: installing redis-server would start a second Redis where one already runs.
  if ! command -v redis-cli >/dev/null 2>&1; then apt_install redis-tools; fi
  if redis_ready; then
    log "Redis answers at ${REDIS_URL:-redis://127.0.0.1:6379/0}"
  else
    is_local_host "$(redis_host)" || die "Redis does not answer at ${REDIS_URL} (not this machine: start it there)"
    command -v redis-server >/dev/null 2>&1 || apt_install redis-server
    log "starting Redis"
    as_root mkdir -p /var/lib/redis /var/log/redis
    as_root redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
      --dir /var/lib/redis --logfile /var/log/redis/runvs.log
    for _ in $(seq 1 20); do redis_ready && break; sleep 0.5; done
    redis_ready || die "Redis does not answer at ${REDIS_URL:-redis://127.0.0.1:6379/0}"
  fi
}

# Installs node_modules when missing or older than the lockfile. `npm ci` is not used: this
# registry mirror serves only linux-x64 builds, so the lockfile cannot list other platforms'
# optional binaries and `npm ci` refuses it; `npm install` installs exactly the locked versions.
ensure_node_modules() {
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    log "installing npm dependencies (locked versions)"
    npm install --no-audit --no-fund --loglevel=error
  fi
}
