/**
 * How each process starts, in one place. package.json's start scripts, scripts/start.sh,
 * docker/Dockerfile's CMD, docker/compose.yml and the HTTP benchmarks run exactly these;
 * scripts/check-deploy.ts fails when one of them drifts.
 */

/**
 * The api allocates a parsed body per request (a 35 KB chunk is about 300 objects) and keeps it
 * across awaits, so with V8's default 16 MB semi-space every scavenge copies the in-flight
 * requests' live data. A 64 MB semi-space (up to 128 MB of young generation) cut scavenge time per
 * ingested chunk from 0.47–0.51 to 0.15–0.16 ms in the ingest benchmark; 32 MB did not.
 */
export const API_NODE_FLAGS = ['--max-semi-space-size=64'];

export const MIGRATE_COMMAND = ['node', 'dist/scripts/migrate.js', 'run'];
export const API_COMMAND = ['node', ...API_NODE_FLAGS, 'dist/apps/api/src/main.js'];
export const WORKER_COMMAND = ['node', 'dist/apps/worker/src/main.js'];
