/**
 * The "beyond" features under load, each on generated data in one fresh database:
 *   1. ghost profile of a course with 10,000 runners (GhostService: cold = profile computed from
 *      the effort's track, warm = from the Redis cache), p50/p99;
 *   2. data export of a 1,000-run history (every run with a 30-minute 1 Hz track) — time and peak
 *      memory (RSS and heap above the baseline, sampled every 10 ms);
 *   3. "my rank" on a weekly distance board of 1,000,000 runners (Redis sorted set; the whole
 *      GET /leaderboard/weekly answer: page + my rank + users), p50/p99;
 *   4. live-update delivery: a notification committed by a pipeline transaction → the `notification`
 *      message on a WebSocket of the api (outbox → notifications worker → Redis pub/sub → socket), p50/p99.
 *   npm run bench -- beyond            (add --short for 2,000 runners, 200 runs, 100,000 board entries)
 */
import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { CacheScopes, CacheService } from '@runvs/cache';
import { type AppConfig, loadConfig } from '@runvs/config';
import {
  DistanceBoardsService,
  DistanceBoardsStore,
  OVERALL_BOARD,
  boardPeriod,
  encodeStats,
} from '@runvs/distance-boards';
import { ExportsService } from '@runvs/exports';
import { signAccessToken } from '@runvs/identity';
import { NotificationsService } from '@runvs/notifications';
import { OutboxService } from '@runvs/queue';
import { REDIS_CLIENT } from '@runvs/redis';
import { GhostService, encodeTrack, type TrackSample } from '@runvs/runs';
import type Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import WebSocket from 'ws';
import { createApiApp } from '../apps/api/src/api-app';
import { createWorkerApp } from '../apps/worker/src/worker-app';
import { benchDatabase, percentiles, timeMs } from './bench-database';

const SHORT = process.env.BENCH_SHORT === '1';
const COURSE_RUNNERS = SHORT ? 2_000 : 10_000;
const TRACKED_RUNNERS = SHORT ? 40 : 200;
const EXPORT_RUNS = SHORT ? 200 : 1_000;
const BOARD_RUNNERS = SHORT ? 100_000 : 1_000_000;
const RANK_ROUNDS = SHORT ? 300 : 2_000;
const LIVE_ROUNDS = SHORT ? 50 : 200;

const fmt = (p: { p50: number; p99: number }) => `p50 ${p.p50.toFixed(2)} ms, p99 ${p.p99.toFixed(2)} ms`;

/** A 5 km line heading east from Seoul City Hall, a vertex every 10 m. */
const COURSE_LINE: Array<[number, number]> = Array.from({ length: 501 }, (_, i) => [
  126.978 + (i * 10) / (111_320 * Math.cos((37.5665 * Math.PI) / 180)),
  37.5665,
]);

/** A run along the course line at `speed` m/s, one sample a second, with elevation and heart rate. */
function trackOnCourse(startMs: number, speed: number): TrackSample[] {
  const samples: TrackSample[] = [];
  const total = 5000;
  for (let t = 0; ; t++) {
    const d = Math.min(total, t * speed);
    const f = d / total;
    samples.push({
      lat: 37.5665 + Math.sin(t / 17) * 0.00002,
      lng: COURSE_LINE[0][0] + f * (COURSE_LINE[500][0] - COURSE_LINE[0][0]),
      ele: 20 + Math.sin(t / 60) * 5,
      time: startMs + t * 1000,
      hr: 130 + (t % 30),
    });
    if (d >= total) return samples;
  }
}

async function ghostBench(app: INestApplication, dataSource: DataSource): Promise<void> {
  const [creator] = await dataSource.query(
    `INSERT INTO users (user_code, nickname) VALUES ('GHOSTC00', 'creator') RETURNING id`,
  );
  const wkt = `SRID=4326;LINESTRING(${COURSE_LINE.map(([lng, lat]) => `${lng} ${lat}`).join(', ')})`;
  const [course] = await dataSource.query(
    `INSERT INTO courses (creator_id, title, route_geometry, start_point, end_point, distance_meters, is_public)
     VALUES ($1, 'Bench 5K', $2::geography, ST_StartPoint($2::geometry)::geography, ST_EndPoint($2::geometry)::geography, 5000, true)
     RETURNING id`,
    [creator.id, wkt],
  );
  await dataSource.query(
    `INSERT INTO users (user_code, nickname) SELECT 'G' || lpad(to_hex(i), 7, '0'), 'g' || i FROM generate_series(1, $1) i`,
    [COURSE_RUNNERS],
  );
  await dataSource.query(
    `INSERT INTO run_records (user_id, course_id, distance_meters, duration_seconds, avg_pace_seconds_per_km, started_at,
                              finished_at, course_completed, is_ranking_eligible, route_geometry)
     SELECT u.id, $1, 5000, d, d / 5, now() - interval '1 day' - make_interval(secs => d), now() - interval '1 day', true, true, $2::geography
       FROM users u CROSS JOIN LATERAL (SELECT 1200 + floor(random() * 2400)::int AS d) x
      WHERE u.user_code LIKE 'G%' AND u.id <> $3`,
    [course.id, wkt, creator.id],
  );
  await dataSource.query(
    `INSERT INTO rankings (course_id, user_id, run_record_id, best_duration_seconds, best_pace_seconds_per_km, run_count, achieved_at)
     SELECT $1, user_id, id, duration_seconds, avg_pace_seconds_per_km, 1, finished_at
       FROM run_records WHERE course_id = $1`,
    [course.id],
  );
  const tracked = (await dataSource.query(
    `SELECT r.id, r.user_id, r.duration_seconds, r.started_at FROM run_records r WHERE r.course_id = $1 ORDER BY random() LIMIT $2`,
    [course.id, TRACKED_RUNNERS],
  )) as Array<{ id: string; user_id: string; duration_seconds: number; started_at: Date }>;
  for (const run of tracked) {
    const samples = trackOnCourse(run.started_at.getTime(), 5000 / run.duration_seconds);
    await dataSource.query(
      `INSERT INTO run_tracks (run_record_id, point_count, has_time, has_elevation, has_heart_rate, samples)
       VALUES ($1, $2, true, true, true, $3)`,
      [run.id, samples.length, encodeTrack(samples)],
    );
  }
  await dataSource.query(`ANALYZE`);
  const ghosts = app.get(GhostService);
  const cache = app.get(CacheService);
  const cold: number[] = [];
  const warm: number[] = [];
  for (const run of tracked) {
    await cache.invalidate(CacheScopes.course(course.id));
    cold.push(await timeMs(() => ghosts.ghost(course.id, { kind: 'me' }, run.user_id)));
    warm.push(await timeMs(() => ghosts.ghost(course.id, { kind: 'me' }, run.user_id)));
  }
  const samples = (await ghosts.ghost(course.id, { kind: 'me' }, tracked[0].user_id)).samples.length;
  console.log(
    `ghost profile, 5 km course with ${COURSE_RUNNERS.toLocaleString()} runners (${samples} samples, ` +
      `${tracked.length} efforts of ~${Math.round(tracked[0].duration_seconds)} fixes): ` +
      `cold ${fmt(percentiles(cold))}; cached ${fmt(percentiles(warm))}`,
  );
}

async function exportBench(worker: INestApplicationContext, dataSource: DataSource): Promise<void> {
  const [runner] = await dataSource.query(
    `INSERT INTO users (user_code, nickname) VALUES ('EXPORT00', 'exporter') RETURNING id`,
  );
  const day = 86_400_000;
  for (let i = 0; i < EXPORT_RUNS; i++) {
    const startMs = Date.now() - (i + 1) * day;
    const samples = trackOnCourse(startMs, 5000 / 1800);
    const [run] = await dataSource.query(
      `INSERT INTO run_records (user_id, distance_meters, duration_seconds, started_at, finished_at, splits, best_efforts)
       VALUES ($1, 5000, 1800, $2, $3, '[{"km":1,"pace":360}]', '[{"key":"1k","duration_seconds":360}]') RETURNING id`,
      [runner.id, new Date(startMs), new Date(startMs + 1_800_000)],
    );
    await dataSource.query(
      `INSERT INTO run_tracks (run_record_id, point_count, has_time, has_elevation, has_heart_rate, samples)
       VALUES ($1, $2, true, true, true, $3)`,
      [run.id, samples.length, encodeTrack(samples)],
    );
  }
  const [row] = await dataSource.query(`INSERT INTO data_exports (user_id) VALUES ($1) RETURNING id`, [
    runner.id,
  ]);
  global.gc?.();
  const baseline = process.memoryUsage();
  let peakRss = baseline.rss;
  let peakHeap = baseline.heapUsed;
  const sampler = setInterval(() => {
    const now = process.memoryUsage();
    peakRss = Math.max(peakRss, now.rss);
    peakHeap = Math.max(peakHeap, now.heapUsed);
  }, 10);
  const ms = await timeMs(() => worker.get(ExportsService).build(row.id));
  clearInterval(sampler);
  const [done] = await dataSource.query(
    `SELECT status, size_bytes::float8 AS size FROM data_exports WHERE id = $1`,
    [row.id],
  );
  const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  console.log(
    `data export of ${EXPORT_RUNS} runs (30-min 1 Hz tracks, ${(EXPORT_RUNS * 1801).toLocaleString()} points): ` +
      `${(ms / 1000).toFixed(2)} s, zip ${mb(done.size)} (${done.status}); peak RSS ${mb(peakRss)} ` +
      `(${mb(baseline.rss)} before), peak heap +${mb(peakHeap - baseline.heapUsed)} over ${mb(baseline.heapUsed)}`,
  );
}

async function boardBench(app: INestApplication, dataSource: DataSource, config: AppConfig): Promise<void> {
  const redis = app.get<Redis>(REDIS_CLIENT);
  const store = app.get(DistanceBoardsStore);
  const period = boardPeriod('week', new Date(), config.product.timeZone);
  const { board, stats } = store.keysOf(period, OVERALL_BOARD);
  const batch = 10_000;
  const ids: string[] = [];
  for (let from = 1; from <= BOARD_RUNNERS; from += batch) {
    const rows = (await dataSource.query(
      `INSERT INTO users (user_code, nickname) SELECT 'B' || lpad(to_hex(i), 7, '0'), 'b' || i
         FROM generate_series($1::int, $2::int) i RETURNING id`,
      [from, Math.min(BOARD_RUNNERS, from + batch - 1)],
    )) as Array<{ id: string }>;
    const zadd: Array<string | number> = [];
    const hset: string[] = [];
    for (const { id } of rows) {
      const distance = Math.floor(Math.random() * 200_000);
      zadd.push(distance, id);
      hset.push(
        id,
        encodeStats({ distance, runs: 1 + (distance % 9), duration: Math.round(distance * 0.33) }),
      );
      if (ids.length < RANK_ROUNDS) ids.push(id);
    }
    await redis
      .multi()
      .zadd(board, ...zadd)
      .hset(stats, ...hset)
      .exec();
  }
  const boards = app.get(DistanceBoardsService);
  const full: number[] = [];
  const rankOnly: number[] = [];
  for (const id of ids) {
    full.push(await timeMs(() => boards.board({ period: 'week', page: 0, perPage: 20 }, id)));
    rankOnly.push(await timeMs(() => store.position(period, OVERALL_BOARD, id)));
  }
  const sample = await boards.board({ period: 'week', page: 0, perPage: 20 }, ids[0]);
  console.log(
    `weekly distance board of ${BOARD_RUNNERS.toLocaleString()} runners (${ids.length} viewers, e.g. rank ` +
      `${sample.my_ranking?.rank.toLocaleString()}): my rank ${fmt(percentiles(rankOnly))}; ` +
      `whole answer (page + my rank + users) ${fmt(percentiles(full))}`,
  );
  await redis.unlink(board, stats);
}

async function liveBench(app: INestApplication, dataSource: DataSource, config: AppConfig): Promise<void> {
  const [listener] = await dataSource.query(
    `INSERT INTO users (user_code, nickname) VALUES ('LIVE0000', 'listener') RETURNING id`,
  );
  const address = app.getHttpServer().address() as { port: number };
  const token = signAccessToken(config, listener.id, randomUUID());
  const socket = new WebSocket(`ws://127.0.0.1:${address.port}/ws?token=${encodeURIComponent(token)}`);
  const arrivals = new Map<string, number>();
  const waiting = new Map<string, () => void>();
  socket.on('message', (raw) => {
    const message = JSON.parse(raw.toString()) as { type: string; data: { id?: string } };
    if (message.type !== 'notification' || !message.data.id) return;
    arrivals.set(message.data.id, performance.now());
    waiting.get(message.data.id)?.();
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  // Wait for the server's `ready` before measuring.
  await new Promise((resolve) => setTimeout(resolve, 200));
  const outbox = app.get(OutboxService);
  const notifications = app.get(NotificationsService);
  const latencies: number[] = [];
  for (let i = 0; i < LIVE_ROUNDS; i++) {
    const notice = await outbox.transaction((manager, enqueue) =>
      notifications.notify(
        manager,
        {
          userId: listener.id,
          type: 'personal_best',
          title: 'bench',
          body: `round ${i}`,
          dedupeKey: `bench:${i}`,
        },
        enqueue,
      ),
    );
    const committed = performance.now();
    const id = notice!.id;
    if (!arrivals.has(id)) await new Promise<void>((resolve) => waiting.set(id, resolve));
    latencies.push(arrivals.get(id)! - committed);
  }
  socket.close();
  console.log(
    `live update, pipeline notification commit → socket message (${LIVE_ROUNDS} messages, outbox → worker → ` +
      `Redis pub/sub → api → WebSocket): ${fmt(percentiles(latencies))}`,
  );
}

async function main(): Promise<void> {
  const { dataSource, url, drop } = await benchDatabase('runvs_bench_beyond');
  const storageDir = mkdtempSync(join(tmpdir(), 'runvs-bench-beyond-'));
  let api: INestApplication | null = null;
  let worker: INestApplicationContext | null = null;
  try {
    const config = loadConfig({
      ...process.env,
      APP_ENV: 'production',
      // Private ops ports (metrics, worker health): any free port.
      API_METRICS_PORT: '0',
      WORKER_HTTP_PORT: '0',
      LOG_LEVEL: 'error',
      DATABASE_URL: url,
      REDIS_KEY_PREFIX: `bench-beyond-${process.pid}`,
      JWT_SECRET_KEY: 'bench-only-jwt-secret-0123456789abcdef0123456789',
      DEV_LOGIN_ENABLED: 'false',
      SWAGGER_ENABLED: 'false',
      ADMIN_CONSOLE_PASSWORD: 'bench-console-password',
      STORAGE_DRIVER: 'local',
      LOCAL_STORAGE_DIR: storageDir,
      OUTBOX_RELAY_INTERVAL_MS: '50',
    });
    api = await createApiApp(config);
    await api.listen(0, '127.0.0.1');
    worker = await createWorkerApp(config);
    console.log(`beyond benchmarks${SHORT ? ' (short)' : ''}:`);
    await ghostBench(api, dataSource);
    await exportBench(worker, dataSource);
    await boardBench(api, dataSource, config);
    await liveBench(api, dataSource, config);
  } finally {
    await worker?.close();
    await api?.close();
    await drop();
    rmSync(storageDir, { recursive: true, force: true });
  }
}

main().catch((error: Error) => {
  console.error(error);
  process.exit(1);
});
