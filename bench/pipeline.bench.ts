/**
 * The run pipeline end to end: HTTP → Postgres + outbox → BullMQ → worker, api and worker in this
 * process on a fresh migrated database.
 *  1. chunk ingest: every run's chunks (300 points each) uploaded with 16 in flight — chunks/s, p50/p99;
 *  2. completions at 20/s for 60 s (open loop: sent on schedule, whatever the answers): time from
 *     sending `complete` until the run's rank is visible (in the answer when the pipeline finished
 *     within the request's budget, else by polling GET /runs/{id}) — p50/p99.
 * Targets: complete→rank p50 ≤ 150 ms, p99 ≤ 1 s; ingest ≥ 1,000 chunks/s with p99 ≤ 50 ms.
 *   npm run bench -- pipeline        (BENCH_PIPELINE_SECONDS=10 for a shorter run)
 */
import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { loadConfig } from '@runvs/config';
import { signAccessToken } from '@runvs/identity';
import { createApiApp } from '../apps/api/src/api-app';
import { createWorkerApp } from '../apps/worker/src/worker-app';
import { randomUUID } from 'node:crypto';
import { benchDatabase, percentiles } from './bench-database';

const RATE_PER_SECOND = 20;
const SECONDS = Number(process.env.BENCH_PIPELINE_SECONDS ?? 60);
const RUNS = RATE_PER_SECOND * SECONDS;
const USERS = 200;
const COURSES = 10;
const POINTS_PER_CHUNK = 300;
const CHUNKS_PER_RUN = 2;
const INGEST_CONCURRENCY = Number(process.env.BENCH_INGEST_CONCURRENCY ?? 16);

/** A 1 km course heading north from a point near Seoul, a vertex every 25 m. */
function courseLine(index: number): Array<[number, number]> {
  const lng = 126.9 + index * 0.01;
  return Array.from({ length: 41 }, (_, i) => [lng, 37.5 + (i * 25) / 111_320] as [number, number]);
}

/** 600 fixes along a course at 1 Hz (≈ 10 min/km), with a gentle sideways drift. */
function runPoints(line: Array<[number, number]>, startMs: number, seed: number) {
  const [lng, lat0] = line[0];
  const lat1 = line[line.length - 1][1];
  const n = POINTS_PER_CHUNK * CHUNKS_PER_RUN;
  return Array.from({ length: n }, (_, i) => ({
    lat: lat0 + ((lat1 - lat0) * i) / (n - 1),
    lng: lng + (Math.sin(i * 0.05 + seed) * 2) / 88_000,
    alt: 30,
    speed: 1.7,
    bearing: 0,
    accuracy: 8,
    timestamp: startMs + i * 1000 + (seed % 7) * 1000,
  }));
}

async function pool<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await work(items[next++]);
    }),
  );
}

async function main(): Promise<void> {
  const { dataSource, url, drop } = await benchDatabase('runvs_bench_pipeline');
  let api: INestApplication | undefined;
  let worker: INestApplicationContext | undefined;
  try {
    const config = loadConfig({
      APP_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATABASE_URL: url,
      DATABASE_POOL_SIZE: '20',
      REDIS_URL: process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379',
      REDIS_KEY_PREFIX: `bench-pipeline-${process.pid}`,
      WORKER_HTTP_PORT: '0',
      API_METRICS_PORT: '0',
      RATE_LIMIT_DEFAULT_PER_MINUTE: '1000000',
      OUTBOX_RELAY_INTERVAL_MS: '200',
      WORKER_CONCURRENCY_RUN_COMPLETION: '8',
      RUN_COMPLETE_RANKING_WAIT_MS: '1500',
    });
    api = await createApiApp(config);
    await api.listen(0, '127.0.0.1');
    const base = `${await api.getUrl()}/api/v1`.replace('[::1]', '127.0.0.1');
    worker = await createWorkerApp(config);
    await worker.init();

    const users: Array<{ id: string }> = await dataSource.query(
      `INSERT INTO users (user_code, nickname)
       SELECT upper(substr(md5(i::text), 1, 8)), 'bench' || i FROM generate_series(1, $1) AS i RETURNING id`,
      [USERS],
    );
    const tokens = users.map((u) => `Bearer ${signAccessToken(config, u.id, randomUUID())}`);
    const courses: string[] = [];
    for (let c = 0; c < COURSES; c++) {
      const line = courseLine(c);
      const wkt = `SRID=4326;LINESTRING(${line.map(([x, y]) => `${x} ${y}`).join(', ')})`;
      const [row]: Array<{ id: string }> = await dataSource.query(
        `INSERT INTO courses (creator_id, title, route_geometry, start_point, end_point, distance_meters)
         VALUES ($1, $2, $3::geography, ST_MakePoint($4, $5)::geography, ST_MakePoint($6, $7)::geography, 1000)
         RETURNING id`,
        [users[0].id, `Bench ${c}`, wkt, line[0][0], line[0][1], line[40][0], line[40][1]],
      );
      courses.push(row.id);
    }

    const call = async (method: string, path: string, token: string, body?: unknown) => {
      const response = await fetch(`${base}${path}`, {
        method,
        headers: { authorization: token, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${text.slice(0, 200)}`);
      return text ? (JSON.parse(text) as Record<string, unknown>) : {};
    };

    // Sessions and their chunks, prepared before the timed completions.
    const runs = Array.from({ length: RUNS }, (_, i) => {
      const course = i % COURSES;
      const startMs = Date.now() - 3 * 3_600_000 + i * 10;
      return {
        i,
        token: tokens[i % USERS],
        courseId: courses[course],
        points: runPoints(courseLine(course), startMs, i),
        sessionId: '',
      };
    });
    await pool(runs, INGEST_CONCURRENCY, async (run) => {
      const session = await call('POST', '/runs/sessions', run.token, {
        course_id: run.courseId,
        started_at: new Date(run.points[0].timestamp).toISOString(),
      });
      run.sessionId = session.session_id as string;
    });
    const chunkJobs = runs.flatMap((run) =>
      Array.from({ length: CHUNKS_PER_RUN }, (_, sequence) => ({ run, sequence })),
    );
    const ingest: number[] = [];
    const ingestStarted = process.hrtime.bigint();
    await pool(chunkJobs, INGEST_CONCURRENCY, async ({ run, sequence }) => {
      const points = run.points.slice(sequence * POINTS_PER_CHUNK, (sequence + 1) * POINTS_PER_CHUNK);
      const t0 = process.hrtime.bigint();
      await call('POST', `/runs/sessions/${run.sessionId}/chunks`, run.token, {
        session_id: run.sessionId,
        sequence,
        chunk_type: sequence === CHUNKS_PER_RUN - 1 ? 'final' : 'intermediate',
        raw_gps_points: points,
        chunk_summary: { distance_meters: 500, duration_seconds: 299, point_count: points.length },
        cumulative: {
          total_distance_meters: 500 * (sequence + 1),
          total_duration_seconds: 300 * (sequence + 1),
        },
        completed_splits: [],
        pause_intervals: [],
      });
      ingest.push(Number(process.hrtime.bigint() - t0) / 1e6);
    });
    const ingestSeconds = Number(process.hrtime.bigint() - ingestStarted) / 1e9;

    // Completions at a fixed rate, open loop.
    const latencies: number[] = [];
    let inAnswer = 0;
    let failures = 0;
    const completeOne = async (run: (typeof runs)[number]) => {
      const t0 = process.hrtime.bigint();
      const last = run.points[run.points.length - 1];
      try {
        const done = await call('POST', `/runs/sessions/${run.sessionId}/complete`, run.token, {
          distance_meters: 1000,
          duration_seconds: 600,
          finished_at: new Date(last.timestamp).toISOString(),
          total_chunks: CHUNKS_PER_RUN,
        });
        let ranking = done.ranking;
        if (ranking) inAnswer++;
        while (!ranking) {
          await new Promise((resolve) => setTimeout(resolve, 20));
          const detail = await call('GET', `/runs/${done.run_record_id as string}`, run.token);
          if (detail.pipeline_status === 'failed') throw new Error('pipeline failed');
          if (detail.pipeline_status === 'completed' && !detail.ranking) throw new Error('run did not rank');
          ranking = detail.ranking;
        }
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
      } catch (error) {
        failures++;
        if (failures <= 3) console.error((error as Error).message);
      }
    };
    const pending: Array<Promise<void>> = [];
    const started = Date.now();
    for (const run of runs) {
      const due = started + (run.i * 1000) / RATE_PER_SECOND;
      const wait = due - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      pending.push(completeOne(run));
    }
    await Promise.all(pending);
    const wall = (Date.now() - started) / 1000;

    const ing = percentiles(ingest);
    const lat = percentiles(latencies);
    console.log(
      `chunk ingest (${POINTS_PER_CHUNK}-point chunks, ${INGEST_CONCURRENCY} in flight): ${chunkJobs.length} chunks in ${ingestSeconds.toFixed(1)} s = ${(chunkJobs.length / ingestSeconds).toFixed(0)} chunks/s; p50 ${ing.p50.toFixed(1)} ms, p99 ${ing.p99.toFixed(1)} ms`,
    );
    console.log(
      `completions: ${RUNS} at ${RATE_PER_SECOND}/s over ${wall.toFixed(1)} s; complete → rank visible p50 ${lat.p50.toFixed(0)} ms, p99 ${lat.p99.toFixed(0)} ms; rank in the answer ${inAnswer}/${RUNS}; failures ${failures}`,
    );
    const [counts] = await dataSource.query(
      `SELECT count(*)::int AS runs, count(*) FILTER (WHERE pipeline_completed_at IS NOT NULL)::int AS done,
              (SELECT count(*)::int FROM rankings) AS board_rows FROM run_records`,
    );
    console.log(
      `records ${counts.runs}, pipelines done ${counts.done}, leaderboard rows ${counts.board_rows}`,
    );
  } finally {
    await worker?.close();
    await api?.close();
    await drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
