import type { INestApplication } from '@nestjs/common';
import type { AppConfig } from '@runvs/config';
import { redisOptionsFromUrl } from '@runvs/queue';
import { PipelineSignals, pipelineSettledChannel } from '@runvs/runs';
import {
  createCourse,
  createUserWithToken,
  lineFrom,
  startApi,
  startReadyProcess,
  testConfig,
  type BuiltProcess,
} from '@runvs/testing';
import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { runThroughApi, trackAlong } from './run-helpers';

const START: [number, number] = [127.0276, 37.4979];

/**
 * The `complete` answer waits for the worker's "pipeline settled" signal over Redis pub/sub (one
 * read of the run, no polling loop), across processes and api instances.
 */
describe('complete waits for the pipeline signal, not by polling', () => {
  let patient: INestApplication; // waits long enough for any worker under load
  let other: INestApplication; // a second instance on the same channel
  let hurried: INestApplication; // a short bound
  let config: AppConfig;
  let worker: BuiltProcess | undefined;
  let publisher: Redis;

  beforeAll(async () => {
    config = testConfig({ RUN_COMPLETE_RANKING_WAIT_MS: '10000' });
    patient = await startApi(config);
    other = await startApi(config);
    hurried = await startApi(testConfig({ RUN_COMPLETE_RANKING_WAIT_MS: '400' }));
    publisher = new Redis(redisOptionsFromUrl(config.redis.url, 'producer'));
  });

  afterAll(async () => {
    worker?.kill();
    publisher.disconnect();
    await hurried.close();
    await other.close();
    await patient.close();
  });

  it('a waiter reads the run once and wakes on its own run id only', async () => {
    const signals = patient.get(PipelineSignals, { strict: false });
    const channel = pipelineSettledChannel(config.redis.keyPrefix);
    let reads = 0;
    const notYet = async () => {
      reads += 1;
      return false;
    };
    const mine = randomUUID();
    const theirs = randomUUID();
    let mineWoken = false;
    const waitingMine = signals.waitFor(mine, 60_000, notYet).then((settled) => {
      mineWoken = true;
      return settled;
    });
    const waitingTheirs = signals.waitFor(theirs, 60_000, notYet);
    while (reads < 2) await new Promise((resolve) => setTimeout(resolve, 10));
    // Signals arrive in order on the one subscription: once `theirs` woke, `mine` has seen it too.
    await publisher.publish(channel, theirs);
    expect(await waitingTheirs).toBe(true);
    expect(mineWoken).toBe(false);
    await publisher.publish(channel, mine);
    expect(await waitingMine).toBe(true);
    expect(reads).toBe(2);

    // Nobody announces: the bound ends the wait, still after one read.
    reads = 0;
    expect(await signals.waitFor(randomUUID(), 200, notYet)).toBe(false);
    expect(reads).toBe(1);
    // Settled before the wait: answered by the one read.
    expect(await signals.waitFor(randomUUID(), 60_000, async () => true)).toBe(true);
  });

  it('the answer carries the rank from a worker process; with the worker stopped it is pending after the bound', async () => {
    const dataSource = patient.get(DataSource);
    const creator = await createUserWithToken(dataSource, config);
    const line = lineFrom(START, 41, 25);
    const courseId = await createCourse(dataSource, creator.user.id, {
      coordinates: line,
      distanceMeters: 1000,
    });
    const first = await createUserWithToken(dataSource, config);
    const second = await createUserWithToken(dataSource, config);
    const late = await createUserWithToken(dataSource, config);
    // Boot finished before the runs: the bound measures the pipeline, not the worker's start-up.
    worker = (await startReadyProcess('apps/worker/src/main.js', 'WORKER_HTTP_PORT')).process;
    // How each waiting request ended: true = its signal (or its one read) saw the pipeline settled.
    const waits: boolean[] = [];
    for (const app of [patient, other]) {
      const signals = app.get(PipelineSignals, { strict: false });
      const waitFor = signals.waitFor.bind(signals);
      jest.spyOn(signals, 'waitFor').mockImplementation(async (...args) => {
        const settled = await waitFor(...args);
        waits.push(settled);
        return settled;
      });
    }

    // Two api instances at once: each wakes on its own run's signal.
    const [a, b] = await Promise.all([
      runThroughApi(patient, first.authorization, trackAlong(line, { startMs: Date.now() - 900_000 }), {
        courseId,
      }),
      runThroughApi(
        other,
        second.authorization,
        trackAlong(line, { startMs: Date.now() - 800_000, speedMs: 2.5 }),
        {
          courseId,
        },
      ),
    ]);
    expect(waits).toEqual([true, true]);
    for (const { complete } of [a, b]) {
      expect(complete.pipeline_status).toBe('completed');
      expect(complete.ranking).toMatchObject({ total_runners: expect.any(Number), is_personal_best: true });
      expect(complete.route_match_percent).toBeGreaterThanOrEqual(80);
    }
    // The faster runner (3 m/s) is first on the board whichever run was counted first.
    const board = await dataSource.query(
      `SELECT user_id, ranking_position(course_id, best_duration_seconds, achieved_at, user_id) AS rank
         FROM rankings WHERE course_id = $1 ORDER BY rank`,
      [courseId],
    );
    expect(board).toEqual([
      { user_id: first.user.id, rank: 1 },
      { user_id: second.user.id, rank: 2 },
    ]);
    // Each answer carries the rank its run got when it was counted.
    expect(a.complete.ranking!.rank).toBe(1);
    expect(b.complete.ranking!.rank).toBe(b.complete.ranking!.total_runners);
    expect([a.complete.ranking!.total_runners, b.complete.ranking!.total_runners].sort()).toEqual([1, 2]);

    expect(await worker.stop()).toBe(0);
    const { complete } = await runThroughApi(
      hurried,
      late.authorization,
      trackAlong(line, { startMs: Date.now() - 700_000 }),
      { courseId },
    );
    expect(complete).toMatchObject({ pipeline_status: 'pending', ranking: null, route_match_percent: null });
    const [row] = await dataSource.query(
      `SELECT pipeline_completed_at, pipeline_failed_at FROM run_records WHERE id = $1`,
      [complete.run_record_id],
    );
    expect(row).toEqual({ pipeline_completed_at: null, pipeline_failed_at: null });
  }, 240_000);
});
