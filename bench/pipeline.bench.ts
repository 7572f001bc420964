/**
 * The run-completion pipeline as production runs it: the built api and worker as separate
 * processes (bench/http/system.ts), the completions offered by a load generator in its own process
 * (bench/http/completion-client.ts: open loop, latency from the scheduled send, "rank visible" =
 * the rank in `complete`'s answer or else the run on its board, found by one batched query every
 * 50 ms), on a course that already has 100k runs by 10k runners (`--short`: 5k by 500).
 * Printed, each beside its ceiling (a plain BullMQ job round trip, bench/http/bullmq-ceiling.ts):
 *  - the system as `npm start` runs it (api and worker just started, default settings): 20/s for
 *    30 s (short: 10 s);
 *  - 20 completions/s for 60 s (short: 10 s): complete → rank visible p50/p99, ranks in the
 *    answer, backlog drain time after the last send; per completion: Postgres transactions and the
 *    CPU ms of the api, the worker and Postgres (all postgres processes of the box: noisy when
 *    others share it);
 *  - the same with two worker processes;
 *  - the highest sustainable rate, with one worker process and with two: rising rates until p99
 *    passes 1 s or a run never shows.
 *   npm run bench -- pipeline            npm run bench -- pipeline --short
 *   BENCH_BASELINE_DIR=../runvs-base npm run bench -- pipeline   that built checkout first, then this one
 * Targets (issue 13): p50 ≤ 150 ms, p99 ≤ 1 s, every rank in its answer, backlog 0 within 2 s.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { percentiles } from './bench-database';
import { bullmqCeiling } from './http/bullmq-ceiling';
import { type CompletionRun, runCompletions } from './http/completion-client';
import { apiClient, fmt, pool, SHORT, signInUsers, systemsUnderTest } from './http/harness';
import { BENCH_REDIS_URL, databaseUrl, processCpuSeconds, type RunningProcess } from './http/system';

const RATE = 20;
const SECONDS = SHORT ? 10 : 60;
const SEED_RUNS = SHORT ? 5_000 : 100_000;
const SEED_RUNNERS = SHORT ? 500 : 10_000;
const BENCH_RUNNERS = 200;
const STEP_RATES = SHORT ? [10, 20, 40] : [20, 30, 40, 60, 80];
const STEP_SECONDS = SHORT ? 5 : 15;
const DRAIN_TIMEOUT_MS = SHORT ? 60_000 : 120_000;
/** Issue 13's "done when": the system as `npm start` runs it, 20/s for 30 s. */
const START_SECONDS = SHORT ? 10 : 30;
const POINTS_PER_CHUNK = 300;

/** The 1 km course heading north near Seoul, a vertex every 25 m. */
const LINE = Array.from({ length: 41 }, (_, i) => [126.95, 37.5 + (i * 25) / 111_320] as [number, number]);

/** 600 fixes along the course at 1 Hz with a gentle drift: two 300-point chunks. */
function runPoints(startMs: number, seed: number) {
  const n = POINTS_PER_CHUNK * 2;
  const [lng, lat0] = LINE[0];
  const lat1 = LINE[LINE.length - 1][1];
  return Array.from({ length: n }, (_, i) => ({
    lat: lat0 + ((lat1 - lat0) * i) / (n - 1),
    lng: lng + (Math.sin(i * 0.05 + seed) * 2) / 88_000,
    alt: 30,
    speed: 1.7,
    bearing: 0,
    accuracy: 8,
    timestamp: startMs + i * 1000,
  }));
}

/** CPU seconds of every postgres process on this box (server-wide), closed connections included. */
function postgresCpuSeconds(): number {
  let total = 0;
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() !== 'postgres') continue;
      // The postmaster's reaped children are the connections that closed: their CPU stays counted.
      total += processCpuSeconds(Number(pid), { withReapedChildren: true });
    } catch {
      // gone meanwhile
    }
  }
  return total;
}

/**
 * Every system under test in turn (BENCH_BASELINE_DIR=<built checkout> first, then this one), so
 * before/after figures come from the same run on the same machine.
 */
async function main(): Promise<void> {
  const systems = systemsUnderTest();
  for (const system of systems) {
    if (systems.length > 1) console.log(`== ${system.label} (${system.dir})`);
    await benchSystem(system);
  }
}

async function benchSystem(system: ReturnType<typeof systemsUnderTest>[number]): Promise<void> {
  await system.prepareDatabase();
  let api: RunningProcess | undefined;
  const workers: RunningProcess[] = [];
  const workerEnv = { LOG_LEVEL: 'warn', WORKER_CONCURRENCY_RUN_COMPLETION: '8' };
  const apiEnv = { DATABASE_POOL_SIZE: '20', LOG_LEVEL: 'warn' };
  try {
    api = await system.startApi(apiEnv);
    let client = apiClient(api.port);
    const runners = await signInUsers(client, BENCH_RUNNERS, 'pipe');
    const [course] = await system.sql<{ id: string }>(
      `INSERT INTO courses (creator_id, title, route_geometry, start_point, end_point, distance_meters)
       VALUES ($1, 'Bench course', $2::geography, ST_MakePoint($3, $4)::geography, ST_MakePoint($5, $6)::geography, 1000)
       RETURNING id`,
      [
        runners[0].id,
        `SRID=4326;LINESTRING(${LINE.map(([x, y]) => `${x} ${y}`).join(', ')})`,
        ...LINE[0],
        ...LINE[LINE.length - 1],
      ],
    );
    await seedBoard(system, course.id);

    let batch = 0;
    /** Sessions with both chunks uploaded, ready to be completed (set-up, not measured). */
    const prepare = async (count: number): Promise<CompletionRun[]> => {
      batch++;
      return pool(
        Array.from({ length: count }, (_, i) => i),
        16,
        async (i) => {
          const runner = runners[(i + batch * 37) % runners.length];
          const points = runPoints(Date.now() - 3 * 3_600_000 - (batch * 10_000 + i) * 1000, i);
          const session = await client.call<{ session_id: string }>('POST', '/runs/sessions', runner.token, {
            course_id: course.id,
            started_at: new Date(points[0].timestamp).toISOString(),
          });
          for (const sequence of [0, 1]) {
            const chunk = points.slice(sequence * POINTS_PER_CHUNK, (sequence + 1) * POINTS_PER_CHUNK);
            await client.call('POST', `/runs/sessions/${session.session_id}/chunks`, runner.token, {
              session_id: session.session_id,
              sequence,
              chunk_type: sequence === 1 ? 'final' : 'intermediate',
              raw_gps_points: chunk,
              chunk_summary: { distance_meters: 500, duration_seconds: 299, point_count: chunk.length },
              cumulative: {
                total_distance_meters: 500 * (sequence + 1),
                total_duration_seconds: 300 * (sequence + 1),
              },
              completed_splits: [],
              pause_intervals: [],
            });
          }
          return {
            sessionId: session.session_id,
            token: runner.token,
            finishedAt: new Date(points[points.length - 1].timestamp).toISOString(),
          };
        },
      );
    };

    const phase = async (rate: number, runs: CompletionRun[]) => {
      const transactions = async () =>
        Number(
          (
            await system.sql<{ n: string }>(
              `SELECT xact_commit + xact_rollback AS n FROM pg_stat_database WHERE datname = current_database()`,
            )
          )[0].n,
        );
      const before = {
        api: processCpuSeconds(api!.pid),
        worker: workers.reduce((sum, w) => sum + processCpuSeconds(w.pid), 0),
        postgres: postgresCpuSeconds(),
        xacts: await transactions(),
      };
      const result = await runCompletions({
        baseUrl: `http://127.0.0.1:${api!.port}/api/v1`,
        databaseUrl: databaseUrl(system.database),
        rate,
        runs,
        drainTimeoutMs: DRAIN_TIMEOUT_MS,
      });
      const n = Math.max(1, result.answered);
      const per = {
        apiCpuMs: ((processCpuSeconds(api!.pid) - before.api) * 1000) / n,
        workerCpuMs:
          ((workers.reduce((sum, w) => sum + processCpuSeconds(w.pid), 0) - before.worker) * 1000) / n,
        postgresCpuMs: ((postgresCpuSeconds() - before.postgres) * 1000) / n,
        // the client's visibility polls are one transaction each: not the system's
        xacts: (await transactions()) - before.xacts - result.polls,
      };
      return { result, per: { ...per, xacts: per.xacts / n } };
    };

    const report = (label: string, { result, per }: Awaited<ReturnType<typeof phase>>) => {
      const visible = percentiles(result.visibleMs);
      const answer = percentiles(result.answerMs);
      console.log(
        `${label}: complete → rank visible p50 ${fmt(visible.p50)} ms, p99 ${fmt(visible.p99)} ms; answer p50 ${fmt(answer.p50)} ms, p99 ${fmt(answer.p99)} ms; ` +
          `rank in the answer ${result.rankInAnswer}/${result.sent}; never visible ${result.neverVisible}; failed ${result.failed}; backlog drained ${fmt(result.drainMs)} ms after the last send`,
      );
      console.log(
        `  per completion: ${fmt(per.xacts, 1)} Postgres transactions; CPU api ${fmt(per.apiCpuMs, 1)} ms, worker ${fmt(per.workerCpuMs, 1)} ms, Postgres ${fmt(per.postgresCpuMs, 1)} ms (server-wide)`,
      );
      if (result.slowestPerWindow.length > 1)
        console.log(
          `  slowest per 10 s of sends: ${Array.from(result.slowestPerWindow, (ms) => fmt(ms ?? 0)).join(', ')} ms`,
        );
      if (result.errorSamples.length > 0) console.log(`  e.g. ${result.errorSamples.join('\n  e.g. ')}`);
    };

    const ceiling = await bullmqCeiling(
      BENCH_REDIS_URL,
      `bench-ceiling-${process.pid}`,
      8,
      RATE,
      RATE * SECONDS,
    );
    console.log(
      `ceiling — plain BullMQ job round trip (no-op worker process, concurrency 8) at ${RATE}/s: p50 ${fmt(ceiling.p50, 1)} ms, p99 ${fmt(ceiling.p99, 1)} ms; burst ${fmt(ceiling.burstJobsPerSecond)} jobs/s`,
    );
    console.log(
      `course board seeded with ${fmt(SEED_RUNS)} runs by ${fmt(SEED_RUNNERS)} runners; ${BENCH_RUNNERS} bench runners${SHORT ? ' (--short)' : ''}`,
    );

    // The system as `npm start` runs it: an api and a worker just started, with the default settings
    // (pool, worker concurrency, every request logged at info) — only the rate limits are lifted for
    // the one client address. The sessions are uploaded through that api first, as the app would.
    await api.stop();
    api = await system.startApi();
    client = apiClient(api.port);
    workers.push(await system.startWorker());
    report(
      `as npm start runs it (api and worker just started, default settings), ${RATE}/s for ${START_SECONDS} s`,
      await phase(RATE, await prepare(RATE * START_SECONDS)),
    );
    await workers.pop()!.stop();
    await api.stop();
    api = await system.startApi(apiEnv);
    client = apiClient(api.port);

    workers.push(await system.startWorker(workerEnv));
    report(`1 worker, ${RATE}/s for ${SECONDS} s`, await phase(RATE, await prepare(RATE * SECONDS)));
    workers.push(await system.startWorker(workerEnv));
    report(`2 workers, ${RATE}/s for ${SECONDS} s`, await phase(RATE, await prepare(RATE * SECONDS)));
    await workers.pop()!.stop();

    /** Rising rates until p99 passes 1 s or a run never shows: the highest rate that held. */
    const highestSustainableRate = async (label: string) => {
      let sustainable = 0;
      for (const rate of STEP_RATES) {
        const measured = await phase(rate, await prepare(rate * STEP_SECONDS));
        report(`${label}, ${rate}/s for ${STEP_SECONDS} s`, measured);
        if (measured.result.neverVisible > 0 || percentiles(measured.result.visibleMs).p99 > 1_000) break;
        sustainable = rate;
      }
      console.log(
        `highest sustainable rate (p99 ≤ 1 s, every rank visible), ${label}: ${sustainable > 0 ? `${sustainable}/s` : `below ${STEP_RATES[0]}/s`} of ${STEP_RATES.join(', ')}/s tried`,
      );
    };
    await highestSustainableRate('1 worker');
    workers.push(await system.startWorker(workerEnv));
    await highestSustainableRate('2 workers');
  } finally {
    for (const worker of workers) await worker.stop();
    await api?.stop();
    await system.drop();
  }
}

/**
 * SEED_RUNS finished runs by SEED_RUNNERS runners on the course, their board rows and stats. The
 * activity type is the column's default (a run in every schema version, baseline included).
 */
async function seedBoard(
  system: ReturnType<typeof systemsUnderTest>[number],
  courseId: string,
): Promise<void> {
  await system.sql(
    `INSERT INTO users (user_code, nickname)
     SELECT upper(substr(md5('seed' || i), 1, 8)), 'seed' || i FROM generate_series(1, $1) AS i`,
    [SEED_RUNNERS],
  );
  await system.sql(
    `WITH seeded AS (SELECT id, row_number() OVER (ORDER BY id) AS n FROM users WHERE nickname LIKE 'seed%')
     INSERT INTO run_records (user_id, course_id, source, distance_meters, duration_seconds,
                              avg_pace_seconds_per_km, started_at, finished_at, course_completed,
                              is_ranking_eligible, pipeline_completed_at)
     SELECT s.id, $1, 'live', 1000, d, d, f - d * interval '1 second', f, true, true, f
       FROM generate_series(1, $2) AS i
       JOIN seeded s ON s.n = 1 + (i % $3)
       CROSS JOIN LATERAL (SELECT 420 + (hashint4(i) & 1023) AS d,
                                  now() - interval '400 days' + i * interval '5 minutes' AS f) AS v`,
    [courseId, SEED_RUNS, SEED_RUNNERS],
  );
  await system.sql(
    `INSERT INTO rankings (course_id, user_id, run_record_id, best_duration_seconds, best_pace_seconds_per_km,
                           run_count, achieved_at)
     SELECT course_id, user_id, id, duration_seconds, avg_pace_seconds_per_km, runs, finished_at
       FROM (SELECT DISTINCT ON (user_id) *, count(*) OVER (PARTITION BY user_id) AS runs
               FROM run_records WHERE course_id = $1 ORDER BY user_id, duration_seconds, finished_at) AS best`,
    [courseId],
  );
  await system.sql(
    `INSERT INTO course_stats (course_id, total_runs, unique_runners, total_attempts)
     VALUES ($1, $2, $3, $2)
     ON CONFLICT (course_id) DO UPDATE SET total_runs = $2, unique_runners = $3, total_attempts = $2`,
    [courseId, SEED_RUNS, SEED_RUNNERS],
  );
  await system.sql(`ANALYZE`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
