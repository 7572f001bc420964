/**
 * A course leaderboard read through HTTP, in one run: served from the Redis cache vs loaded from
 * PostgreSQL (the cache scope is invalidated before every uncached request, as a completion does).
 * The board: one course, 20,000 runners, 50,000 ranking-eligible runs.
 *   npm run bench -- leaderboard  (or: npm run build && node dist/bench/leaderboard.bench.js)
 */
import type { INestApplication } from '@nestjs/common';
import { CacheScopes, CacheService } from '@runvs/cache';
import { loadConfig } from '@runvs/config';
import { createApiApp } from '../apps/api/src/api-app';
import { benchDatabase, percentiles, timeMs } from './bench-database';

const RUNNERS = 20_000;
const RUNS = 50_000;
const ROUNDS = 200;

async function main(): Promise<void> {
  const { dataSource, url, drop } = await benchDatabase('runvs_bench_leaderboard');
  let app: INestApplication | null = null;
  try {
    const [creator]: Array<{ id: string }> = await dataSource.query(
      `INSERT INTO users (user_code, nickname) VALUES ('BENCHLB0', 'creator') RETURNING id`,
    );
    const [course]: Array<{ id: string }> = await dataSource.query(
      `INSERT INTO courses (creator_id, title, route_geometry, start_point, end_point, distance_meters, is_public)
       VALUES ($1, 'Bench loop', 'LINESTRING(127.0 37.5, 127.01 37.5)'::geography,
               'POINT(127.0 37.5)'::geography, 'POINT(127.01 37.5)'::geography, 5000, true)
       RETURNING id`,
      [creator.id],
    );
    await dataSource.query(
      `INSERT INTO users (user_code, nickname)
       SELECT upper(substr(md5(i::text), 1, 8)), 'runner ' || i FROM generate_series(1, $1) AS i`,
      [RUNNERS],
    );
    await dataSource.query(
      `WITH runners AS (SELECT id, row_number() OVER () AS n FROM users WHERE id <> $2)
       INSERT INTO run_records (user_id, course_id, distance_meters, duration_seconds, avg_pace_seconds_per_km,
                                started_at, finished_at, course_completed, is_ranking_eligible)
       SELECT r.id, $2, 5000, d, d / 5, now() - make_interval(days => (i % 300)) - make_interval(secs => d),
              now() - make_interval(days => (i % 300)), true, true
         FROM generate_series(1, $1) AS i
         JOIN runners r ON r.n = 1 + (i % $3)
        CROSS JOIN LATERAL (SELECT 1200 + floor(random() * 2400)::int AS d) AS duration`,
      [RUNS, course.id, RUNNERS],
    );
    // The pipeline's materialised board: each runner's best (positions are read, not stored).
    await dataSource.query(
      `INSERT INTO rankings (course_id, user_id, run_record_id, best_duration_seconds, best_pace_seconds_per_km,
                             run_count, achieved_at)
       SELECT $1, user_id, id, duration_seconds, avg_pace_seconds_per_km, n, finished_at
         FROM (SELECT DISTINCT ON (user_id) user_id, id, duration_seconds, avg_pace_seconds_per_km, finished_at,
                      count(*) OVER (PARTITION BY user_id)::int AS n
                 FROM run_records WHERE course_id = $1 AND is_ranking_eligible
                ORDER BY user_id, duration_seconds, finished_at, id) AS best`,
      [course.id],
    );
    await dataSource.query(`ANALYZE`);

    const config = loadConfig({
      ...process.env,
      APP_ENV: 'production',
      // Private ops ports (metrics, worker health): any free port.
      API_METRICS_PORT: '0',
      WORKER_HTTP_PORT: '0',
      LOG_LEVEL: 'error',
      DATABASE_URL: url,
      REDIS_KEY_PREFIX: `bench-leaderboard-${process.pid}`,
      JWT_SECRET_KEY: 'bench-only-jwt-secret-0123456789abcdef0123456789',
      DEV_LOGIN_ENABLED: 'false',
      SWAGGER_ENABLED: 'false',
      // One client asks hundreds of times a minute; the per-client limit is not what is measured.
      RATE_LIMIT_DEFAULT_PER_MINUTE: '1000000',
      ADMIN_CONSOLE_PASSWORD: 'bench-console-password',
    });
    app = await createApiApp(config);
    await app.listen(0, '127.0.0.1');
    const address = app.getHttpServer().address() as { port: number };
    const boardUrl = `http://127.0.0.1:${address.port}/api/v1/courses/${course.id}/rankings?per_page=20`;
    const cache = app.get(CacheService);
    const read = async () => {
      const response = await fetch(boardUrl);
      if (response.status !== 200) throw new Error(`board answered ${response.status}`);
      const board = (await response.json()) as { data: unknown[]; total_runners: number };
      if (board.data.length !== 20 || board.total_runners !== RUNNERS) {
        throw new Error(`unexpected board: ${board.data.length} rows of ${board.total_runners} runners`);
      }
    };

    await read(); // warm-up (JIT, pool, cache fill)
    const uncached: number[] = [];
    for (let i = 0; i < ROUNDS / 4; i++) {
      await cache.invalidate(CacheScopes.courseBoard(course.id));
      uncached.push(await timeMs(read));
    }
    await read();
    const cached: number[] = [];
    for (let i = 0; i < ROUNDS; i++) cached.push(await timeMs(read));

    const fromDatabase = percentiles(uncached);
    const fromCache = percentiles(cached);
    const fmt = (n: number) => n.toFixed(2);
    console.log(
      `leaderboard: 1 course, ${RUNNERS} runners, ${RUNS} eligible runs, first page of 20 over HTTP`,
    );
    console.log(`  uncached (PostgreSQL): p50 ${fmt(fromDatabase.p50)} ms, p99 ${fmt(fromDatabase.p99)} ms`);
    console.log(`  cached (Redis):        p50 ${fmt(fromCache.p50)} ms, p99 ${fmt(fromCache.p99)} ms`);
    console.log(`  speed-up at p50: ${(fromDatabase.p50 / fromCache.p50).toFixed(1)}×`);
  } finally {
    await app?.close();
    await drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
