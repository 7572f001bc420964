import { OutboxService, QueueName } from '@runvs/queue';
import {
  createCourse,
  createRun,
  createUserWithToken,
  eventually,
  lineFrom,
  ownerQuery,
  startStack,
  type TestStack,
  waitForQueuesDrained,
} from '@runvs/testing';

/**
 * A counted run's notices after the pipeline's commit: only a personal best has any, sent by the
 * pipeline's own job (no run-notices intent or job); when that transaction fails, the run-notices
 * job is enqueued and sends them, once.
 */
describe('pipeline notices', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startStack({ worker: true });
  });

  afterAll(() => stack?.close());

  it('a best is told after the commit, once, also when its first attempt fails; a slower run has none', async () => {
    const { dataSource, config } = stack;
    const line = lineFrom([127.01, 37.55], 41, 25);
    const owner = await createUserWithToken(dataSource, config);
    const runner = await createUserWithToken(dataSource, config);
    const courseId = await createCourse(dataSource, owner.user.id, {
      coordinates: line,
      distanceMeters: 1000,
    });
    const outbox = stack.api.get(OutboxService);
    const runOnCourse = async (seconds: number, finishedAt: Date) => {
      const runId = await createRun(dataSource, runner.user.id, {
        courseId,
        coordinates: line,
        distanceMeters: 1000,
        durationSeconds: seconds,
        finishedAt,
        pipelinePending: true,
      });
      await outbox.transaction(async (_manager, enqueue) => {
        await enqueue(QueueName.RunCompletion, { runRecordId: runId });
      });
      await waitForQueuesDrained(stack.worker, { timeoutMs: 60_000 });
      return runId;
    };
    const noticesIntents = async (runId: string) =>
      (
        await dataSource.query(
          `SELECT count(*)::int AS n FROM outbox_events WHERE queue = 'run-notices' AND payload->>'runRecordId' = $1`,
          [runId],
        )
      )[0].n as number;
    const notifiedAt = async (runId: string) =>
      (await dataSource.query(`SELECT notified_at FROM run_records WHERE id = $1`, [runId]))[0]
        .notified_at as Date | null;

    const first = await runOnCourse(600, new Date(Date.now() - 3 * 3_600_000));
    expect(await notifiedAt(first)).not.toBeNull();
    expect(await noticesIntents(first)).toBe(0);

    // A slower run is no best: its notices are done with the pipeline's commit.
    const slower = await runOnCourse(700, new Date(Date.now() - 2 * 3_600_000));
    expect(await notifiedAt(slower)).not.toBeNull();
    expect(await noticesIntents(slower)).toBe(0);

    // The next best's first notices transaction fails (its "new personal best" insert): the
    // run-notices job sends them instead, once.
    await ownerQuery(`CREATE SEQUENCE IF NOT EXISTS notices_test_fault_once`);
    await ownerQuery(
      `CREATE OR REPLACE FUNCTION notices_test_fail_once() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF NEW.type = 'personal_best' AND nextval('notices_test_fault_once') = 1 THEN
           RAISE EXCEPTION 'injected fault in the notices';
         END IF;
         RETURN NEW;
       END $$`,
    );
    await ownerQuery(
      `CREATE TRIGGER notices_test_fail_once BEFORE INSERT ON notifications FOR EACH ROW EXECUTE FUNCTION notices_test_fail_once()`,
    );
    try {
      const best = await runOnCourse(500, new Date(Date.now() - 3_600_000));
      await eventually(async () => (await notifiedAt(best)) !== null, { timeoutMs: 60_000 });
      expect(await noticesIntents(best)).toBe(1);
      const told = await dataSource.query(
        `SELECT count(*)::int AS n FROM notifications WHERE user_id = $1 AND type = 'personal_best' AND target_id = $2`,
        [runner.user.id, best],
      );
      expect(told).toEqual([{ n: 1 }]);
    } finally {
      await ownerQuery(`DROP TRIGGER IF EXISTS notices_test_fail_once ON notifications`);
      await ownerQuery(`DROP FUNCTION IF EXISTS notices_test_fail_once()`);
    }
  }, 180_000);
});
