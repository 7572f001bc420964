#!/usr/bin/env bash
# Runs every benchmark (bench/*.bench.ts, compiled to dist/bench) one after another and prints their
# figures. Benchmarks are measurements, not tests: nothing here fails on a slow figure.
#   npm run bench                 all of them
#   npm run bench -- heatmap      only those whose file name contains "heatmap"
#   npm run bench -- --short      short phases where a benchmark has them (BENCH_SHORT=1)
#   BENCH_BASELINE_DIR=../runvs-58b3c25 npm run bench -- ingest
#                                 the HTTP benchmarks measure that built checkout first, then this one
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

ensure_node_modules
ensure_services
# The GPX benchmark compares against gpxpy, the original system's parser (Debian's python3-gpxpy).
if ! /usr/bin/python3 -c 'import gpxpy' >/dev/null 2>&1; then apt_install python3-gpxpy || true; fi
log "building"
npm run --silent build

filter=""
for arg in "$@"; do
  case "$arg" in
    --short) export BENCH_SHORT=1 ;;
    *) filter="$arg" ;;
  esac
done
shopt -s nullglob
ran=0
failed=()
for bench in dist/bench/*.bench.js; do
  name="$(basename "$bench" .bench.js)"
  if [ -n "$filter" ] && [[ "$name" != *"$filter"* ]]; then continue; fi
  log "bench: $name"
  if node --expose-gc "$bench"; then ran=$((ran + 1)); else failed+=("$name"); fi
done
log "$ran benchmark(s) ran${failed:+, failed: ${failed[*]}}"
[ "${#failed[@]}" -eq 0 ]
