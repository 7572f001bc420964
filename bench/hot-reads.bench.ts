/**
 * Hot reads over HTTP at 100 connections (closed loop), from a load generator in its own process
 * against the built api in its own process, each beside the ceiling from the same run: a bare
 * node:http server answering a fixed profile-sized JSON. Goal per endpoint: ≥ 0.2× the bare server's
 * req/s, p99 ≤ 50 ms. The framework's floor is measured beside it: NestJS on Express with one route
 * answering that JSON and nothing else, so the gap splits into the framework's share and ours.
 *   GET /users/me                — 100 signed-in users in turn
 *   GET /courses                 — the first list page, as those users
 *   GET /courses/nearby          — the five nearest of 400 courses around Seoul
 *   GET /courses/{id}/rankings   — a board of 40 runners whose runs went through the real pipeline
 * With BENCH_BASELINE_DIR=<built older checkout> the same phases run against it first.
 *   npm run bench -- hot-reads         (BENCH_SHORT=1 for 4-second phases)
 */
import {
  apiClient,
  type ApiClient,
  fmt,
  latencyLine,
  measure,
  type Measured,
  pool,
  rateLine,
  SHORT,
  signInUsers,
  statusLine,
  systemsUnderTest,
} from './http/harness';
import type { RequestSpec } from './http/scenarios';
import { startCeilingServer, type SystemUnderTest } from './http/system';

const CONNECTIONS = 100;
const USERS = 100;
const COURSES = 400;
const BOARD_RUNNERS = 40;
const ORIGIN = { lat: 37.5665, lng: 126.978 };

/** A 1 km line heading north from a start spread over ±5 km around Seoul's centre, a vertex every 25 m. */
function courseLine(index: number): Array<[number, number]> {
  const lng = ORIGIN.lng + (((index * 7919) % 1000) / 1000 - 0.5) * 0.11;
  const lat = ORIGIN.lat + (((index * 104729) % 1000) / 1000 - 0.5) * 0.09;
  return Array.from({ length: 41 }, (_, i) => [lng, lat + (i * 25) / 111_320] as [number, number]);
}

async function seedCourses(system: SystemUnderTest, creatorId: string): Promise<string[]> {
  const ids: string[] = [];
  for (let c = 0; c < COURSES; c++) {
    const line = courseLine(c);
    const wkt = `SRID=4326;LINESTRING(${line.map(([x, y]) => `${x} ${y}`).join(', ')})`;
    const [row] = await system.sql<{ id: string }>(
      `INSERT INTO courses (creator_id, title, route_geometry, start_point, end_point, distance_meters)
       VALUES ($1, $2, $3::geography, ST_MakePoint($4, $5)::geography, ST_MakePoint($6, $7)::geography, 1000)
       RETURNING id`,
      [creatorId, `Bench course ${c}`, wkt, line[0][0], line[0][1], line[40][0], line[40][1]],
    );
    ids.push(row.id);
  }
  return ids;
}

/** Runs on course 0 through the api and the worker (sessions, chunks, complete), as an app makes them. */
async function seedBoard(
  api: ApiClient,
  courseId: string,
  runners: Array<{ token: string }>,
): Promise<number> {
  const line = courseLine(0);
  await pool(runners, 4, async (runner) => {
    const startMs = Date.now() - 3 * 3_600_000 + Math.floor(Math.random() * 600_000);
    const seconds = 400 + Math.floor(Math.random() * 200);
    const n = 600;
    const points = Array.from({ length: n }, (_, i) => ({
      lat: line[0][1] + ((line[40][1] - line[0][1]) * i) / (n - 1),
      lng: line[0][0],
      alt: 30,
      speed: 2.5,
      bearing: 0,
      accuracy: 6,
      timestamp: startMs + Math.round((i * seconds * 1000) / n),
    }));
    const session = await api.call<{ session_id: string }>('POST', '/runs/sessions', runner.token, {
      course_id: courseId,
      started_at: new Date(startMs).toISOString(),
    });
    for (const sequence of [0, 1]) {
      await api.call('POST', `/runs/sessions/${session.session_id}/chunks`, runner.token, {
        sequence,
        chunk_type: sequence === 1 ? 'final' : 'intermediate',
        raw_gps_points: points.slice(sequence * 300, (sequence + 1) * 300),
      });
    }
    await api.call('POST', `/runs/sessions/${session.session_id}/complete`, runner.token, {
      distance_meters: 1000,
      duration_seconds: seconds,
      finished_at: new Date(points[n - 1].timestamp).toISOString(),
      total_chunks: 2,
    });
  });
  // The pipeline ranks them in the worker: wait (with backoff) until the board shows them.
  let shown = 0;
  for (
    let wait = 100, deadline = Date.now() + 180_000;
    Date.now() < deadline;
    wait = Math.min(wait * 2, 3_000)
  ) {
    const board = await api.call<{ data: unknown[]; total_count?: number }>(
      'GET',
      `/courses/${courseId}/rankings?per_page=100`,
      null,
    );
    shown = board.total_count ?? board.data.length;
    if (shown >= runners.length) break;
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
  return shown;
}

interface ReadFigures {
  ceiling: Measured;
  framework: Measured;
  frameworkOnFastify: Measured;
  reads: Array<{ name: string; result: Measured }>;
  boardRunners: number;
}

async function measureSystem(system: SystemUnderTest): Promise<ReadFigures> {
  await system.prepareDatabase();
  const api = await system.startApi();
  const worker = await system.startWorker();
  const ceilingServer = await startCeilingServer('node', 0);
  const frameworkServer = await startCeilingServer('nest', 0);
  const fastifyFrameworkServer = await startCeilingServer('nest-fastify', 0);
  try {
    const client = apiClient(api.port);
    const users = await signInUsers(client, USERS, system.label);
    const courses = await seedCourses(system, users[0].id);
    const boardRunners = await seedBoard(client, courses[0], users.slice(0, BOARD_RUNNERS));
    await worker.stop();

    const asUsers = (path: string): RequestSpec[] =>
      users.map((user) => ({
        method: 'GET',
        path: `/api/v1${path}`,
        headers: { Authorization: `Bearer ${user.token}` },
      }));
    const phases: Array<{ name: string; requests: RequestSpec[] }> = [
      { name: 'GET /users/me', requests: asUsers('/users/me') },
      { name: 'GET /courses', requests: asUsers('/courses') },
      {
        name: 'GET /courses/nearby',
        requests: asUsers(`/courses/nearby?lat=${ORIGIN.lat}&lng=${ORIGIN.lng}`),
      },
      { name: 'GET /courses/{id}/rankings', requests: asUsers(`/courses/${courses[0]}/rankings`) },
    ];
    const ceiling = await measure(ceilingServer, {
      mode: 'closed',
      connections: CONNECTIONS,
      scenario: { kind: 'cycle', requests: asUsers('/users/me') },
    });
    const framework = await measure(frameworkServer, {
      mode: 'closed',
      connections: CONNECTIONS,
      scenario: { kind: 'cycle', requests: asUsers('/users/me') },
    });
    const frameworkOnFastify = await measure(fastifyFrameworkServer, {
      mode: 'closed',
      connections: CONNECTIONS,
      scenario: { kind: 'cycle', requests: asUsers('/users/me') },
    });
    const reads: ReadFigures['reads'] = [];
    for (const phase of phases) {
      const result = await measure(api, {
        mode: 'closed',
        connections: CONNECTIONS,
        scenario: { kind: 'cycle', requests: phase.requests },
      });
      reads.push({ name: phase.name, result });
    }
    return { ceiling, framework, frameworkOnFastify, reads, boardRunners };
  } finally {
    await fastifyFrameworkServer.stop();
    await frameworkServer.stop();
    await ceilingServer.stop();
    await worker.stop();
    await api.stop();
    await system.drop();
  }
}

function report(system: SystemUnderTest, f: ReadFigures): void {
  console.log(
    `\nhot reads at ${CONNECTIONS} connections — ${system.label} (${system.dir}); ${COURSES} courses, a board of ${f.boardRunners} runners`,
  );
  console.log(`  ceiling, bare node:http server: ${rateLine(f.ceiling)}`);
  console.log(`      ${latencyLine(f.ceiling)}`);
  const floorRatio = f.framework.throughput / f.ceiling.throughput;
  console.log(
    `  framework floor, NestJS on Express with one route and nothing else: ${rateLine(f.framework)} = ${fmt(floorRatio, 3)}× the bare server`,
  );
  console.log(`      ${latencyLine(f.framework)}`);
  const fastifyRatio = f.frameworkOnFastify.throughput / f.ceiling.throughput;
  console.log(
    `  the same on Nest's Fastify adapter: ${rateLine(f.frameworkOnFastify)} = ${fmt(fastifyRatio, 3)}× the bare server`,
  );
  console.log(`      ${latencyLine(f.frameworkOnFastify)}`);
  for (const { name, result } of f.reads) {
    const ratio = result.throughput / f.ceiling.throughput;
    console.log(`  ${name}: ${rateLine(result)} = ${fmt(ratio, 3)}× the bare server (goal ≥ 0.2×)`);
    console.log(`      ${latencyLine(result)} (goal p99 ≤ 50 ms); ${statusLine(result, 200)}`);
  }
}

async function main(): Promise<void> {
  if (SHORT) console.log('short mode: 4-second phases, figures are indicative only');
  for (const system of systemsUnderTest()) report(system, await measureSystem(system));
}

main().catch((error: Error) => {
  console.error(error);
  process.exit(1);
});
