import type { INestApplication } from '@nestjs/common';
import type { AppConfig } from '@runvs/config';
import { OutboxService, QueueName, QueueRegistry } from '@runvs/queue';
import {
  createCourse,
  createUserWithToken,
  eventually,
  lineFrom,
  ownerQuery,
  startApi,
  startWorker,
  testConfig,
  waitForQueuesDrained,
} from '@runvs/testing';
import { DataSource } from 'typeorm';
import { runThroughApi, trackAlong } from './run-helpers';

const START: [number, number] = [126.9707, 37.5547];

/** Every number a run touches, to compare before and after a replay. */
async function countedNumbers(dataSource: DataSource, userId: string, courseId: string, eventId: string) {
  const [user] = await dataSource.query(
    `SELECT total_runs, total_distance_meters::int AS distance, total_points FROM users WHERE id = $1`,
    [userId],
  );
  const [ranking] = await dataSource.query(
    `SELECT run_count, ranking_position(course_id, best_duration_seconds, achieved_at, user_id) AS rank, best_duration_seconds FROM rankings WHERE course_id = $1 AND user_id = $2`,
    [courseId, userId],
  );
  const [stats] = await dataSource.query(
    `SELECT total_runs, unique_runners, total_attempts FROM course_stats WHERE course_id = $1`,
    [courseId],
  );
  const [event] = await dataSource.query(
    `SELECT progress_runs, progress_distance_meters FROM event_participants WHERE event_id = $1 AND user_id = $2`,
    [eventId, userId],
  );
  const [{ heatmap }] = await dataSource.query(
    `SELECT count(*)::int AS heatmap FROM heatmap_points p JOIN run_records r ON r.id = p.run_record_id WHERE r.user_id = $1`,
    [userId],
  );
  const [{ notices }] = await dataSource.query(`SELECT count(*)::int AS notices FROM notifications`);
  const achievements = await dataSource.query(
    `SELECT code, run_record_id FROM user_achievements WHERE user_id = $1 ORDER BY code`,
    [userId],
  );
  return { user, ranking, stats, event, heatmap, notices, achievements };
}

describe('run-completion pipeline: failures, restarts and replays count every run exactly once', () => {
  let config: AppConfig;
  let app: INestApplication;
  let dataSource: DataSource;

  beforeAll(async () => {
    config = testConfig({ RUN_COMPLETE_RANKING_WAIT_MS: '300' });
    app = await startApi(config);
    dataSource = app.get(DataSource);
  });

  afterAll(async () => {
    await app.close();
  });

  async function courseWithEvent(creatorId: string, runnerId: string, offset: number) {
    const line = lineFrom([START[0] + offset * 0.02, START[1]], 41, 25);
    const courseId = await createCourse(dataSource, creatorId, { coordinates: line, distanceMeters: 1000 });
    const [event] = await dataSource.query(
      `INSERT INTO events (title, starts_at, ends_at, target_distance_meters) VALUES ('Week', now() - interval '1 day', now() + interval '1 day', 100000) RETURNING id`,
    );
    await dataSource.query(`INSERT INTO event_participants (event_id, user_id) VALUES ($1, $2)`, [
      event.id,
      runnerId,
    ]);
    return { line, courseId, eventId: event.id as string };
  }

  it('a stage that throws once is retried with backoff and the run is counted once', async () => {
    const worker = await startWorker(config);
    try {
      const runner = await createUserWithToken(dataSource, config);
      const { line, courseId, eventId } = await courseWithEvent(runner.user.id, runner.user.id, 1);
      await ownerQuery(`CREATE SEQUENCE runs_test_fault_once`);
      await ownerQuery(`
        CREATE FUNCTION runs_test_fail_once() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF nextval('runs_test_fault_once') = 1 THEN RAISE EXCEPTION 'injected fault in course stats'; END IF;
          RETURN NEW;
        END $$`);
      await ownerQuery(
        `CREATE TRIGGER runs_test_fail_once BEFORE INSERT OR UPDATE ON course_stats FOR EACH ROW EXECUTE FUNCTION runs_test_fail_once()`,
      );
      const { complete } = await runThroughApi(
        app,
        runner.authorization,
        trackAlong(line, { startMs: Date.now() - 900_000 }),
        {
          courseId,
        },
      );
      await eventually(
        async () =>
          (
            await dataSource.query(`SELECT pipeline_completed_at FROM run_records WHERE id = $1`, [
              complete.run_record_id,
            ])
          )[0].pipeline_completed_at,
        { timeoutMs: 20_000 },
      );
      const job = await app
        .get(QueueRegistry)
        .get(QueueName.RunCompletion)
        .getJob(`run-completion_${complete.run_record_id}`);
      expect(job?.stacktrace?.join('\n')).toContain('injected fault in course stats');
      const numbers = await countedNumbers(dataSource, runner.user.id, courseId, eventId);
      expect(numbers).toMatchObject({
        user: { total_runs: 1, distance: complete.distance_meters },
        ranking: { run_count: 1, rank: 1 },
        stats: { total_runs: 1, unique_runners: 1, total_attempts: 1 },
        event: { progress_runs: 1, progress_distance_meters: complete.distance_meters },
      });
      expect(await dataSource.query(`SELECT * FROM job_failures`)).toEqual([]);
    } finally {
      await ownerQuery(`DROP TRIGGER IF EXISTS runs_test_fail_once ON course_stats`);
      await ownerQuery(`DROP FUNCTION IF EXISTS runs_test_fail_once()`);
      await worker.close();
    }
  });

  it('a worker stopped mid-pipeline leaves nothing half-counted; after a restart, replayed jobs and a leaderboard rebuild change nothing', async () => {
    const runner = await createUserWithToken(dataSource, config);
    const other = await createUserWithToken(dataSource, config);
    const { line, courseId, eventId } = await courseWithEvent(other.user.id, runner.user.id, 2);
    // While this row exists, counting the runner's totals fails (a stuck dependency).
    await ownerQuery(`CREATE TABLE runs_test_block (on_user uuid)`);
    await dataSource.query(`INSERT INTO runs_test_block VALUES ($1)`, [runner.user.id]);
    await ownerQuery(`
      CREATE FUNCTION runs_test_block_totals() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM runs_test_block WHERE on_user = NEW.id) THEN RAISE EXCEPTION 'totals blocked'; END IF;
        RETURN NEW;
      END $$`);
    await ownerQuery(
      `CREATE TRIGGER runs_test_block_totals BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION runs_test_block_totals()`,
    );
    try {
      let worker = await startWorker(config);
      const { complete } = await runThroughApi(
        app,
        runner.authorization,
        trackAlong(line, { startMs: Date.now() - 900_000 }),
        {
          courseId,
        },
      );
      expect(complete.pipeline_status).toBe('pending');
      const stages = async () =>
        (
          await dataSource.query(
            `SELECT matched_at, ranked_at, course_stats_at, user_totals_at, events_at, heatmap_at, notified_at, pipeline_completed_at
               FROM run_records WHERE id = $1`,
            [complete.run_record_id],
          )
        )[0] as Record<string, Date | null>;
      const job = () =>
        app
          .get(QueueRegistry)
          .get(QueueName.RunCompletion)
          .getJob(`run-completion_${complete.run_record_id}`);
      // The pipeline got as far as the runner's totals (match and the rest ran) and failed there.
      await eventually(async () => (await job())?.stacktrace?.join('\n').includes('totals blocked'));
      await worker.close(); // the worker goes away mid-pipeline
      // One transaction: nothing of the failed attempt was committed.
      expect(Object.values(await stages()).every((value) => value === null)).toBe(true);
      const partial = await countedNumbers(dataSource, runner.user.id, courseId, eventId);
      expect(partial).toMatchObject({
        user: { total_runs: 0 },
        ranking: undefined,
        event: { progress_runs: 0 },
      });
      expect(partial.heatmap).toBe(0);

      await dataSource.query(`DELETE FROM runs_test_block`);
      worker = await startWorker(config);
      await eventually(async () => (await stages()).pipeline_completed_at, { timeoutMs: 30_000 });
      // Achievements are awarded right after the pipeline's transaction commits.
      await eventually(
        async () =>
          (await countedNumbers(dataSource, runner.user.id, courseId, eventId)).achievements.length === 2,
        { timeoutMs: 30_000 },
      );
      const done = await countedNumbers(dataSource, runner.user.id, courseId, eventId);
      expect(done).toMatchObject({
        user: { total_runs: 1, distance: complete.distance_meters },
        ranking: { run_count: 1, rank: 1 },
        stats: { total_runs: 1, unique_runners: 1, total_attempts: 1 },
        event: { progress_runs: 1 },
      });
      expect(done.heatmap).toBeGreaterThan(0);
      expect(done.achievements).toEqual([
        { code: 'first_place', run_record_id: complete.run_record_id },
        { code: 'first_run', run_record_id: complete.run_record_id },
      ]);

      // The same job delivered again (another id), plus a full leaderboard rebuild: nothing moves.
      await app.get(OutboxService).transaction(async (_manager, enqueue) => {
        await enqueue(
          QueueName.RunCompletion,
          { runRecordId: complete.run_record_id },
          { jobId: 'replayed-run-completion' },
        );
        await enqueue(QueueName.RankingRecalc, { courseId, reason: 'test' });
      });
      await waitForQueuesDrained(worker);
      expect(await countedNumbers(dataSource, runner.user.id, courseId, eventId)).toEqual(done);
      expect(await dataSource.query(`SELECT * FROM job_failures`)).toEqual([]);
      await worker.close();
    } finally {
      await ownerQuery(`DROP TRIGGER IF EXISTS runs_test_block_totals ON users`);
      await ownerQuery(`DROP FUNCTION IF EXISTS runs_test_block_totals()`);
    }
  });
});
