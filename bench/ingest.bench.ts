/**
 * Chunk ingest over HTTP, measured from a load generator in its own process against the built api
 * in its own process (as `npm start` runs it), each figure beside its ceiling from the same run:
 *  1. ceiling: a bare Express server that only parses the same 300-point (≈34 KB) chunk body;
 *     beside it, the same server storing each body with one INSERT into the bench's Postgres (the
 *     least a stored chunk costs here, with Postgres on the same two cores), and that on NestJS
 *     with Express and nothing else (the least it costs on the api's stack);
 *  2. single chunks (`POST /runs/sessions/{id}/chunks`), closed loop with 16 connections: the
 *     sustainable rate, as a ratio of the ceiling (target ≥ 0.5×);
 *  3. single chunks open loop at 80 % of that rate: latency from the scheduled send (p99 ≤ 100 ms);
 *  4. batches of 10 chunks (`…/chunks/batch`), closed loop with 8 connections (≥ 1,000 chunks/s).
 * Every chunk is new (a fresh sequence of a live session), so the idempotent re-send path is not
 * what gets measured. With BENCH_BASELINE_DIR=<built older checkout> the same phases run against it
 * first, for before/after figures from one sitting.
 *   npm run bench -- ingest            (BENCH_SHORT=1 for 4-second phases)
 */
import {
  apiClient,
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
import { databaseUrl, startCeilingServer, STORING_FLOOR_TABLE, type SystemUnderTest } from './http/system';

const POINTS_PER_CHUNK = 300;
const SINGLE_CONNECTIONS = 16;
const OPEN_LOOP_MAX_CONNECTIONS = 64;
const BATCH_SIZE = 10;
const BATCH_CONNECTIONS = 8;
const USERS = 16;
const SESSIONS_PER_PHASE = 64;
const JSON_LIMIT_BYTES = 8 * 1024 * 1024;

/** A chunk's JSON after its sequence: 300 fixes at 1 Hz heading north from Seoul, plus summaries. */
function chunkTail(): string {
  const start = Date.now() - 2 * 3_600_000;
  const points = Array.from({ length: POINTS_PER_CHUNK }, (_, i) => ({
    lat: 37.5 + i * 0.000015,
    lng: 126.9 + Math.sin(i * 0.05) * 0.00002,
    alt: 30 + (i % 7) * 0.1,
    speed: 2.7,
    bearing: 0.5,
    accuracy: 6.5,
    timestamp: start + i * 1000,
  }));
  const rest = {
    chunk_type: 'intermediate',
    raw_gps_points: points,
    chunk_summary: { distance_meters: 500, duration_seconds: 299, point_count: POINTS_PER_CHUNK },
    cumulative: { total_distance_meters: 500, total_duration_seconds: 300 },
    completed_splits: [],
    pause_intervals: [],
  };
  return JSON.stringify(rest).slice(1);
}

interface IngestFigures {
  ceiling: Measured;
  storingFloor: Measured;
  nestStoringFloor: Measured;
  single: Measured;
  open: Measured;
  batch: Measured;
  /** chunks in run_chunks afterwards, to compare with the chunks acknowledged */
  stored: number;
}

/**
 * Each writing phase starts from a flushed Postgres: a phase writes 1–2 GB, and without a
 * checkpoint between phases the next one pays for the last one's dirty pages and WAL.
 */
async function settled(system: SystemUnderTest): Promise<void> {
  await system.sql('CHECKPOINT');
}

/**
 * A storing floor (see ceiling-server.ts) measured with the ceiling's load, in its own process,
 * on a table of its own that is dropped afterwards.
 */
async function measureFloor(
  system: SystemUnderTest,
  kind: 'express-store' | 'nest-store',
  plan: Parameters<typeof measure>[1],
): Promise<Measured> {
  await settled(system);
  const server = await startCeilingServer(kind, JSON_LIMIT_BYTES, databaseUrl(system.database));
  try {
    return await measure(server, plan);
  } finally {
    await server.stop();
    await system.sql(`DROP TABLE IF EXISTS ${STORING_FLOOR_TABLE}`);
  }
}

async function measureSystem(system: SystemUnderTest, tail: string): Promise<IngestFigures> {
  await system.prepareDatabase();
  const api = await system.startApi();
  const ceilingServer = await startCeilingServer('express', JSON_LIMIT_BYTES);
  try {
    const client = apiClient(api.port);
    const users = await signInUsers(client, USERS, system.label);
    const sessions = async () =>
      pool(
        Array.from({ length: SESSIONS_PER_PHASE }, (_, i) => users[i % users.length]),
        8,
        async (user) => {
          const created = await client.call<{ session_id: string }>('POST', '/runs/sessions', user.token, {
            started_at: new Date(Date.now() - 2 * 3_600_000).toISOString(),
          });
          return { id: created.session_id, token: user.token };
        },
      );
    const echo = {
      mode: 'closed' as const,
      connections: SINGLE_CONNECTIONS,
      scenario: { kind: 'echo' as const, path: '/runs/sessions/x/chunks', body: `{"sequence":0,${tail}` },
    };
    const ceiling = await measure(ceilingServer, echo);
    const storingFloor = await measureFloor(system, 'express-store', echo);
    const nestStoringFloor = await measureFloor(system, 'nest-store', echo);
    const chunks = (list: Array<{ id: string; token: string }>, perRequest: number) => ({
      kind: 'chunks' as const,
      pathPrefix: '/api/v1',
      sessions: list,
      chunkTail: tail,
      perRequest,
      firstSequence: 0,
    });
    await settled(system);
    const single = await measure(api, {
      mode: 'closed',
      connections: SINGLE_CONNECTIONS,
      scenario: chunks(await sessions(), 1),
    });
    await settled(system);
    const open = await measure(api, {
      mode: 'open',
      connections: OPEN_LOOP_MAX_CONNECTIONS,
      rate: Math.max(1, Math.round(single.throughput * 0.8)),
      scenario: chunks(await sessions(), 1),
    });
    await settled(system);
    const batch = await measure(api, {
      mode: 'closed',
      connections: BATCH_CONNECTIONS,
      scenario: chunks(await sessions(), BATCH_SIZE),
    });
    const [{ n: stored }] = await system.sql<{ n: number }>(`SELECT count(*)::int AS n FROM run_chunks`);
    return { ceiling, storingFloor, nestStoringFloor, single, open, batch, stored };
  } finally {
    await ceilingServer.stop();
    await api.stop();
    await system.drop();
  }
}

function report(system: SystemUnderTest, f: IngestFigures, bytes: number): void {
  const ratio = f.single.throughput / f.ceiling.throughput;
  console.log(
    `\nchunk ingest — ${system.label} (${system.dir}), ${POINTS_PER_CHUNK}-point chunks of ${fmt(bytes / 1024, 1)} KB`,
  );
  console.log(`  ceiling, bare Express parsing the same body: ${rateLine(f.ceiling)}`);
  console.log(`      ${latencyLine(f.ceiling)}; ${statusLine(f.ceiling, 201)}`);
  console.log(
    `  the same storing each body with one INSERT: ${rateLine(f.storingFloor)} = ${fmt(f.storingFloor.throughput / f.ceiling.throughput, 2)}× the ceiling`,
  );
  console.log(`      ${latencyLine(f.storingFloor)}; ${statusLine(f.storingFloor, 201)}`);
  console.log(
    `  the same on NestJS with Express, one route and nothing else: ${rateLine(f.nestStoringFloor)} = ${fmt(f.nestStoringFloor.throughput / f.ceiling.throughput, 2)}× the ceiling`,
  );
  console.log(`      ${latencyLine(f.nestStoringFloor)}; ${statusLine(f.nestStoringFloor, 201)}`);
  console.log(
    `  single chunks, closed loop: ${rateLine(f.single, 'chunks/s')} = ${fmt(ratio, 2)}× the ceiling (target ≥ 0.5×)`,
  );
  console.log(`      ${latencyLine(f.single)}; ${statusLine(f.single, 201)}`);
  console.log(
    `  single chunks, open loop at ${fmt(f.open.offeredRate ?? 0)}/s (80 %): ${fmt(f.open.throughput)} answered/s; from the scheduled send ${latencyLine(f.open)} (target p99 ≤ 100 ms)`,
  );
  console.log(
    `      ${statusLine(f.open, 201)}; server CPU ${fmt(f.open.serverCpuMsPerRequest, 2)} ms/chunk`,
  );
  console.log(
    `  batches of ${BATCH_SIZE}, closed loop: ${fmt(f.batch.throughput * BATCH_SIZE)} chunks/s (target ≥ 1,000) — ${rateLine(f.batch, 'batches/s')}`,
  );
  console.log(`      ${latencyLine(f.batch)}; ${statusLine(f.batch, 200)}`);
  const acknowledged = f.single.okTotal + f.open.okTotal + f.batch.okTotal * BATCH_SIZE;
  console.log(
    `  chunks stored ${fmt(f.stored)} / acknowledged ${fmt(acknowledged)}${f.stored === acknowledged ? '' : '  ← MISMATCH'}`,
  );
}

async function main(): Promise<void> {
  const tail = chunkTail();
  const bytes = Buffer.byteLength(`{"sequence":0,${tail}`);
  if (SHORT) console.log('short mode: 4-second phases, figures are indicative only');
  for (const system of systemsUnderTest()) {
    const figures = await measureSystem(system, tail);
    report(system, figures, bytes);
  }
}

main().catch((error: Error) => {
  console.error(error);
  process.exit(1);
});
