/**
 * Map queries over 1,000,000 courses spread over South Korea (a third of them in the Seoul area):
 *  - `nearby` (radius 15 km as the app sends, limit 5) and `bounds` (city viewports, limit 500),
 *    each measured as the repository's SQL alone and through the HTTP api;
 *  - HTTP at 1 connection (sequential) and at 100 concurrent keep-alive connections.
 * Targets: HTTP adds ≤ 1 ms p50 over the SQL; p99 ≤ 20 ms at 100 connections.
 * The query plans are printed to show the listed-course GiST indexes at work.
 *   npm run bench -- courses  (or: npm run build && node dist/bench/courses.bench.js)
 */
import type { INestApplication } from '@nestjs/common';
import { loadConfig } from '@runvs/config';
import { CourseDiscoveryRepository, CourseDiscoveryService } from '@runvs/courses';
import { Agent, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { createApiApp } from '../apps/api/src/api-app';
import { benchDatabase, percentiles } from './bench-database';
// eslint-disable-next-line no-restricted-imports
import { viewportEnvelopes } from '../libs/courses/src/viewport.rules';

const COURSES = Number(process.env.BENCH_COURSES ?? 1_000_000);
const SAMPLES = 400;
const CONCURRENT = 100;
const CONCURRENT_REQUESTS = 4_000;
const NEARBY = { radius: 15_000, limit: 5 };
const BOUNDS_LIMIT = 500;

interface Probe {
  nearby: { lat: number; lng: number };
  bounds: { sw_lat: number; sw_lng: number; ne_lat: number; ne_lng: number };
}

async function main(): Promise<void> {
  const { dataSource, url, drop } = await benchDatabase('runvs_bench_courses');
  let app: INestApplication | undefined;
  try {
    const loadMs = await loadCourses(dataSource);
    console.log(`loaded ${COURSES.toLocaleString('en')} courses in ${(loadMs / 1000).toFixed(1)} s`);
    await printPlans(dataSource);

    const probes = makeProbes(SAMPLES);
    // "SQL": the endpoint's queries run straight from the repository and the domain service,
    // without HTTP or the cache (map markers never go through the cache).
    const repository = new CourseDiscoveryRepository(dataSource);
    const service = new CourseDiscoveryService(repository, null as never);
    const sqlNearby = await timeEach(probes, (p) =>
      repository.nearby(p.nearby.lat, p.nearby.lng, NEARBY.radius, NEARBY.limit),
    );
    const sqlBounds = await timeEach(probes, (p) =>
      service.bounds(
        { swLat: p.bounds.sw_lat, swLng: p.bounds.sw_lng, neLat: p.bounds.ne_lat, neLng: p.bounds.ne_lng },
        BOUNDS_LIMIT,
      ),
    );

    const config = loadConfig({
      ...process.env,
      APP_ENV: 'development',
      // Private ops ports (metrics, worker health): any free port.
      API_METRICS_PORT: '0',
      WORKER_HTTP_PORT: '0',
      LOG_LEVEL: 'silent',
      DATABASE_URL: url,
      DATABASE_POOL_SIZE: '20',
      REDIS_KEY_PREFIX: `bench-courses-${process.pid}`,
      RATE_LIMIT_DEFAULT_PER_MINUTE: '1000000',
    });
    app = await createApiApp(config);
    await app.listen(0, '127.0.0.1');
    const port = (app.getHttpServer().address() as AddressInfo).port;
    const nearbyPath = (p: Probe) =>
      `/api/v1/courses/nearby?lat=${p.nearby.lat}&lng=${p.nearby.lng}&radius=${NEARBY.radius}&limit=${NEARBY.limit}`;
    const boundsPath = (p: Probe) =>
      `/api/v1/courses/bounds?sw_lat=${p.bounds.sw_lat}&sw_lng=${p.bounds.sw_lng}&ne_lat=${p.bounds.ne_lat}&ne_lng=${p.bounds.ne_lng}&limit=${BOUNDS_LIMIT}`;

    const client = httpClient(port, CONCURRENT);
    await load(client, probes.slice(0, 50).map(nearbyPath), 1); // warm-up
    await load(client, probes.slice(0, 50).map(boundsPath), 1);
    // The floor of any request through the api (guards, rate limit in Redis, logging, JSON).
    const http1Health = await load(
      client,
      probes.map(() => '/api/v1/health'),
      1,
    );
    const http1Nearby = await load(client, probes.map(nearbyPath), 1);
    const http1Bounds = await load(client, probes.map(boundsPath), 1);
    const many = (path: (p: Probe) => string) =>
      Array.from({ length: CONCURRENT_REQUESTS }, (_, i) => path(probes[i % probes.length]));
    const http100Nearby = await load(client, many(nearbyPath), CONCURRENT);
    const http100Bounds = await load(client, many(boundsPath), CONCURRENT);
    client.destroy();

    const row = (name: string, sql: number[], one: Result, hundred: Result) => {
      const s = percentiles(sql);
      const h1 = percentiles(one.latencies);
      const h100 = percentiles(hundred.latencies);
      console.log(
        `${name.padEnd(8)} SQL p50 ${f(s.p50)} p99 ${f(s.p99)} | HTTP×1 p50 ${f(h1.p50)} p99 ${f(h1.p99)} ` +
          `(+${f(h1.p50 - s.p50)} p50 over SQL) | HTTP×${CONCURRENT} p50 ${f(h100.p50)} p99 ${f(h100.p99)} ` +
          `${Math.round(hundred.perSecond)} req/s, ${hundred.errors} errors, ${Math.round(hundred.bytes / hundred.count)} B/answer`,
      );
    };
    console.log(
      `\ncourses map queries over ${COURSES.toLocaleString('en')} courses (ms; targets: HTTP +≤1 ms p50, p99 ≤ 20 ms at ${CONCURRENT} connections)`,
    );
    const health = percentiles(http1Health.latencies);
    console.log(`health   HTTP×1 p50 ${f(health.p50)} p99 ${f(health.p99)} (the api's per-request floor)`);
    row('nearby', sqlNearby, http1Nearby, http100Nearby);
    row('bounds', sqlBounds, http1Bounds, http100Bounds);
  } finally {
    await app?.close();
    await drop();
  }
}

/**
 * 1M courses with generate_series: a third around Seoul, the rest anywhere over the peninsula's
 * box; each a 1 km straight route. Indexes are dropped for the load and rebuilt after (much
 * faster than maintaining them row by row), then the table is analysed.
 */
async function loadCourses(dataSource: DataSource): Promise<number> {
  const started = Date.now();
  await dataSource.query(
    `INSERT INTO users (user_code, nickname) SELECT 'B' || lpad(i::text, 7, '0'), 'bench' || i FROM generate_series(1, 1000) i`,
  );
  const indexes = (await dataSource.query(
    `SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'courses' AND indexname <> 'courses_pkey'`,
  )) as Array<{ indexname: string; indexdef: string }>;
  for (const index of indexes) await dataSource.query(`DROP INDEX ${index.indexname}`);
  const batch = 200_000;
  for (let from = 1; from <= COURSES; from += batch) {
    const to = Math.min(COURSES, from + batch - 1);
    await dataSource.query(
      `WITH u AS (SELECT array_agg(id) AS ids FROM users),
            p AS (
              SELECT i,
                     CASE WHEN i % 3 = 0 THEN 126.80 + random() * 0.40 ELSE 126.10 + random() * 3.30 END AS lng,
                     CASE WHEN i % 3 = 0 THEN 37.42 + random() * 0.28 ELSE 34.40 + random() * 4.10 END AS lat,
                     random() * 2 * pi() AS heading
                FROM generate_series($1::int, $2::int) i)
       INSERT INTO courses (creator_id, title, route_geometry, start_point, end_point, distance_meters,
                            estimated_duration_seconds, elevation_gain_meters, difficulty, is_public, created_at)
       SELECT u.ids[1 + (p.i % 1000)], 'Course ' || p.i,
              ST_MakeLine(ST_MakePoint(p.lng, p.lat),
                          ST_MakePoint(p.lng + sin(p.heading) * 1000 / 88000.0, p.lat + cos(p.heading) * 1000 / 111320.0))::geography,
              ST_MakePoint(p.lng, p.lat)::geography,
              ST_MakePoint(p.lng + sin(p.heading) * 1000 / 88000.0, p.lat + cos(p.heading) * 1000 / 111320.0)::geography,
              1000 + (p.i % 20000), 300 + (p.i % 7200), p.i % 400,
              (ARRAY['easy','normal','hard','expert','legend'])[1 + p.i % 5],
              p.i % 20 <> 0, now() - (p.i % 365) * interval '1 day'
         FROM p, u`,
      [from, to],
    );
  }
  for (const index of indexes) await dataSource.query(index.indexdef);
  await dataSource.query(`VACUUM ANALYZE courses`);
  await dataSource.query(`ANALYZE users`);
  return Date.now() - started;
}

async function printPlans(dataSource: DataSource): Promise<void> {
  const captured: Array<{ sql: string; params: unknown[] }> = [];
  const spy = new CourseDiscoveryRepository({
    query: (sql: string, params: unknown[]) => {
      captured.push({ sql, params });
      return Promise.resolve([]);
    },
  } as unknown as DataSource);
  await spy.nearby(37.5665, 126.978, NEARBY.radius, NEARBY.limit);
  await spy.markers(viewportEnvelopes({ swLat: 37.45, swLng: 126.85, neLat: 37.65, neLng: 127.1 }), 32);
  for (const [name, { sql, params }] of [
    ['nearby', captured[0]],
    ['bounds', captured[1]],
  ] as const) {
    const plan = (await dataSource.query(
      `EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON) ${sql}`,
      params,
    )) as Array<{
      'QUERY PLAN': string;
    }>;
    const lines = plan.map((line) => line['QUERY PLAN']);
    const used = [...new Set(lines.join('\n').match(/ix_courses_[a-z_]+/g) ?? [])];
    console.log(`${name} plan uses ${used.join(', ') || 'NO INDEX'}; ${lines.at(-1)}`);
    for (const line of lines.filter((l) => /ix_courses_|Order By|Index Cond/.test(l)))
      console.log(`  ${line.trim()}`);
  }
}

/** Probe points and viewports around where people run: half in Seoul, half anywhere in Korea. */
function makeProbes(count: number): Probe[] {
  let seed = 42;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  return Array.from({ length: count }, (_, i) => {
    const seoul = i % 2 === 0;
    const lat = seoul ? 37.45 + random() * 0.2 : 35 + random() * 3;
    const lng = seoul ? 126.85 + random() * 0.3 : 126.8 + random() * 2.2;
    // A phone map at street to district zoom: 1.5–8 km across.
    const height = 0.015 + random() * 0.06;
    const width = height * 1.3;
    return {
      nearby: { lat: round(lat), lng: round(lng) },
      bounds: {
        sw_lat: round(lat),
        sw_lng: round(lng),
        ne_lat: round(lat + height),
        ne_lng: round(lng + width),
      },
    };
  });
}

async function timeEach(probes: Probe[], work: (probe: Probe) => Promise<unknown>): Promise<number[]> {
  for (const probe of probes.slice(0, 50)) await work(probe); // warm-up
  const samples: number[] = [];
  for (const probe of probes) {
    const started = process.hrtime.bigint();
    await work(probe);
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return samples;
}

interface Result {
  latencies: number[];
  perSecond: number;
  errors: number;
  bytes: number;
  count: number;
}

interface Client {
  get(path: string): Promise<{ status: number; bytes: number }>;
  destroy(): void;
}

/** A keep-alive client: each in-flight request holds one connection. */
function httpClient(port: number, connections: number): Client {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  return {
    get: (path) =>
      new Promise((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, path, agent }, (res) => {
          let bytes = 0;
          res.on('data', (chunk: Buffer) => (bytes += chunk.length));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes }));
          res.on('error', reject);
        });
        req.on('error', reject);
        req.end();
      }),
    destroy: () => agent.destroy(),
  };
}

/** Sends every path with `concurrency` requests in flight (closed loop), timing each. */
async function load(client: Client, paths: string[], concurrency: number): Promise<Result> {
  const latencies: number[] = [];
  let next = 0;
  let errors = 0;
  let bytes = 0;
  const started = process.hrtime.bigint();
  const worker = async () => {
    while (next < paths.length) {
      const path = paths[next++];
      const begun = process.hrtime.bigint();
      const answer = await client.get(path);
      latencies.push(Number(process.hrtime.bigint() - begun) / 1e6);
      bytes += answer.bytes;
      if (answer.status !== 200) errors++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { latencies, perSecond: paths.length / seconds, errors, bytes, count: paths.length };
}

const round = (value: number) => Math.round(value * 1e6) / 1e6;
const f = (ms: number) => ms.toFixed(2);

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
