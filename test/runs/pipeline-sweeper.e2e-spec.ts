import type { INestApplication } from '@nestjs/common';
import { PendingImportsRepository } from '@runvs/imports';
import { OutboxService, PendingWorkSweeper, QueueName, QueueRegistry } from '@runvs/queue';
import { PendingNoticesRepository, PendingPipelinesRepository } from '@runvs/runs';
import {
  type BuiltProcess,
  createCourse,
  createUserWithToken,
  eventually,
  lineFrom,
  startApi,
  startBuiltProcess,
  startWorker,
  testConfig,
} from '@runvs/testing';
import Redis from 'ioredis';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { gpxOf, runAlong } from '../imports/activity-track';
import { runThroughApi, trackAlong } from './run-helpers';

const START: [number, number] = [127.0276, 37.4979];

/** Every key of this test file's Redis namespace removed: what a failover to an empty replica leaves. */
async function wipeRedisNamespace(redisUrl: string, prefix: string): Promise<number> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  let removed = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) removed += await redis.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return removed;
}

/**
 * No run left behind: Postgres is the source of truth. Runs committed while Redis was unreachable,
 * and runs and an import whose jobs reached Redis before it lost its data, are all processed, each
 * exactly once, by a real worker process whose sweeper finds them in Postgres.
 */
describe('pending-work sweeper', () => {
  let api: INestApplication | undefined;
  let worker: BuiltProcess | undefined;

  afterAll(async () => {
    worker?.kill();
    await api?.close();
  });

  it('processes runs committed while Redis was down and then wiped exactly once after it returns', async () => {
    const isolation = globalThis.__runvsTestIsolation!;
    const env = { RUN_COMPLETE_RANKING_WAIT_MS: '0', PIPELINE_SWEEP_AFTER_SECONDS: '1' };

    // 1. Redis is unreachable: the runs commit, their job intents stay in the outbox.
    const offline = await startApi(testConfig({ ...env, REDIS_URL: 'redis://127.0.0.1:1/0' }));
    let dataSource = offline.get(DataSource);
    const line = lineFrom(START, 41, 25);
    const creator = await createUserWithToken(dataSource, testConfig());
    const courseId = await createCourse(dataSource, creator.user.id, {
      coordinates: line,
      distanceMeters: 1000,
    });
    const runners: Array<Awaited<ReturnType<typeof createUserWithToken>>> = [];
    for (let i = 0; i < 6; i++) runners.push(await createUserWithToken(dataSource, testConfig()));
    const runIds: string[] = [];
    const runOf = async (index: number, target: INestApplication) => {
      const { complete } = await runThroughApi(
        target,
        runners[index].authorization,
        trackAlong(line, { startMs: Date.now() - 3_600_000, speedMs: 2.5 + index * 0.25 }),
        { courseId },
      );
      expect(complete.pipeline_status).toBe('pending');
      runIds.push(complete.run_record_id);
    };
    for (let i = 0; i < 3; i++) await runOf(i, offline);
    await offline.close();

    // 2. Redis is back but no worker runs: these jobs reach Redis, and so does a file import's.
    api = await startApi(testConfig(env));
    dataSource = api.get(DataSource);
    for (let i = 3; i < 6; i++) await runOf(i, api);
    const importer = await createUserWithToken(dataSource, testConfig());
    const elsewhere = lineFrom([START[0] + 0.05, START[1]], 41, 25);
    const accepted = await request(api.getHttpServer())
      .post('/api/v1/imports/upload')
      .set('Authorization', importer.authorization)
      .attach(
        'file',
        gpxOf(runAlong(elsewhere, { startMs: Date.now() - 7_200_000 }), { type: 'running' }),
        'run.gpx',
      )
      .expect(201);
    const importId = accepted.body.import_id as string;
    const queues = api.get(QueueRegistry);
    for (const id of runIds.slice(3)) {
      expect(await queues.get(QueueName.RunCompletion).getJobState(`run-completion_${id}`)).toBe('waiting');
    }

    // 3. Redis loses its data.
    expect(await wipeRedisNamespace(isolation.redisUrl, isolation.redisKeyPrefix)).toBeGreaterThan(0);
    expect(await queues.get(QueueName.RunCompletion).getJobState(`run-completion_${runIds[3]}`)).toBe(
      'unknown',
    );

    // 4. A real worker process starts: the relay publishes the outbox, the sweeper re-enqueues the rest.
    // (startBuiltProcess gives it this file's stores: the import original where the api stored it.)
    worker = startBuiltProcess('apps/worker/src/main.js', {
      OUTBOX_RELAY_INTERVAL_MS: '100',
      PIPELINE_SWEEP_AFTER_SECONDS: '1',
    });

    const importedRunId = await eventually(
      async () => {
        const [row] = await dataSource.query(
          `SELECT i.status, i.run_record_id, r.pipeline_completed_at
             FROM external_imports i LEFT JOIN run_records r ON r.id = i.run_record_id WHERE i.id = $1`,
          [importId],
        );
        return row.status === 'completed' && row.pipeline_completed_at ? (row.run_record_id as string) : null;
      },
      { timeoutMs: 60_000 },
    );
    await eventually(
      async () => {
        const [{ pending }] = await dataSource.query(
          `SELECT count(*)::int AS pending FROM run_records WHERE id = ANY($1) AND pipeline_completed_at IS NULL`,
          [runIds],
        );
        return pending === 0;
      },
      { timeoutMs: 60_000 },
    );

    // Exactly once: every number a run adds is there once.
    const [stats] = await dataSource.query(
      `SELECT total_runs, unique_runners, total_attempts FROM course_stats WHERE course_id = $1`,
      [courseId],
    );
    expect(stats).toEqual({ total_runs: 6, unique_runners: 6, total_attempts: 6 });
    const board = await dataSource.query(
      `SELECT user_id, run_count FROM rankings WHERE course_id = $1 ORDER BY best_duration_seconds`,
      [courseId],
    );
    expect(board.map((row: { run_count: number }) => row.run_count)).toEqual([1, 1, 1, 1, 1, 1]);
    // Faster runners (the later ones here) rank first.
    expect(board.map((row: { user_id: string }) => row.user_id)).toEqual(
      runners.map((runner) => runner.user.id).reverse(),
    );
    const totals = await dataSource.query(`SELECT total_runs FROM users WHERE id = ANY($1)`, [
      [...runners.map((runner) => runner.user.id), importer.user.id],
    ]);
    expect(totals.map((row: { total_runs: number }) => row.total_runs)).toEqual([1, 1, 1, 1, 1, 1, 1]);
    expect(
      await dataSource.query(`SELECT count(*)::int AS runs FROM run_records WHERE user_id = $1`, [
        importer.user.id,
      ]),
    ).toEqual([{ runs: 1 }]);
    expect(importedRunId).toBeTruthy();

    // The lost jobs came back through the sweeper (a second outbox row each), the others through the relay.
    const intents = await dataSource.query(
      `SELECT payload->>'runRecordId' AS run, count(*)::int AS rows FROM outbox_events
        WHERE queue = 'run-completion' AND payload->>'runRecordId' = ANY($1) GROUP BY 1`,
      [runIds],
    );
    const rowsOf = new Map(intents.map((row: { run: string; rows: number }) => [row.run, row.rows]));
    for (const id of runIds.slice(3)) expect(rowsOf.get(id)).toBe(2);
    const importIntents = await dataSource.query(
      `SELECT count(*)::int AS rows FROM outbox_events WHERE queue = 'activity-import' AND payload->>'importId' = $1`,
      [importId],
    );
    expect(importIntents).toEqual([{ rows: 2 }]);
    // (The relay may lose the race for the outbox's runs too; the sweeper then enqueues those as well.)
    const swept = () =>
      [...worker!.output().matchAll(/run-completion: (\d+) re-enqueued/g)].reduce(
        (sum, m) => sum + Number(m[1]),
        0,
      );
    await eventually(async () => swept() >= 3, { timeoutMs: 10_000 });
    expect(await dataSource.query(`SELECT * FROM job_failures`)).toEqual([]);

    // Every counted run's notices went out (the run-notices job, after each pipeline commit).
    const unnotified = async () =>
      (
        await dataSource.query(
          `SELECT count(*)::int AS n FROM run_records WHERE id = ANY($1) AND notified_at IS NULL`,
          [[...runIds, importedRunId]],
        )
      )[0].n as number;
    await eventually(async () => (await unnotified()) === 0, { timeoutMs: 30_000 });

    // Nothing is overdue any more: a further sweep enqueues nothing (retried while the worker's
    // own sweeper holds the sweep lock: a sweep that did not run returns no tally).
    const sweeper = new PendingWorkSweeper(
      [
        api.get(PendingPipelinesRepository),
        api.get(PendingNoticesRepository),
        api.get(PendingImportsRepository),
      ],
      api.get(OutboxService),
      queues,
      testConfig(env),
    );
    const nothingOverdue = [
      { queue: 'run-completion', overdue: 0, enqueued: 0, replaced: 0 },
      { queue: 'run-notices', overdue: 0, enqueued: 0, replaced: 0 },
      { queue: 'activity-import', overdue: 0, enqueued: 0, replaced: 0 },
    ];
    expect(
      await eventually(async () => {
        const tallies = await sweeper.sweepOnce();
        return tallies.length > 0 ? tallies : null;
      }),
    ).toEqual(nothingOverdue);

    expect(await worker.stop()).toBe(0);

    // A counted run whose notices never went out (its job lost with Redis' data): swept, then sent.
    const [lost] = runIds.slice(-1);
    await dataSource.query(
      `UPDATE run_records SET notified_at = NULL, pipeline_completed_at = now() - interval '5 seconds' WHERE id = $1`,
      [lost],
    );
    await queues.get(QueueName.RunNotices).remove(`run-notices_${lost}`);
    expect(await sweeper.sweepOnce()).toEqual([
      nothingOverdue[0],
      { queue: 'run-notices', overdue: 1, enqueued: 1, replaced: 0 },
      nothingOverdue[2],
    ]);
    const inProcessWorker = await startWorker(testConfig(env));
    try {
      await eventually(async () => (await unnotified()) === 0, { timeoutMs: 30_000 });
    } finally {
      await inProcessWorker.close();
    }
  }, 180_000); // two api boots, a worker process, Redis wiped, every run counted and notified
});
