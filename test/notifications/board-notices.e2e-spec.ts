import { OutboxService, QueueName } from '@runvs/queue';
import {
  createCourse,
  createRun,
  createUserWithToken,
  lineFrom,
  startStack,
  type TestStack,
  waitForQueuesDrained,
} from '@runvs/testing';

const TIED_RUNNERS = 30;

/**
 * "Someone passed you" at scale, scaled down from the 600-run incident: a board of runners with
 * the same time hears nothing (a tie beats no one); faster runs tell a bounded handful — the
 * former leader, the runner pushed out of the top 10, friends passed — and a runner passed twice
 * the same day keeps one notice, updated, pushed once.
 */
describe('board notices', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startStack({ worker: true });
  });

  afterAll(() => stack?.close());

  it('ties notify no one; passes notify a bounded few, once per course and day', async () => {
    const { dataSource, config } = stack;
    const line = lineFrom([126.99, 37.56], 41, 25);
    const owner = await createUserWithToken(dataSource, config);
    const courseId = await createCourse(dataSource, owner.user.id, {
      coordinates: line,
      distanceMeters: 1000,
    });
    const outbox = stack.api.get(OutboxService);

    /** A run on the course in `seconds`, through the real completion pipeline. */
    const runOnCourse = async (userId: string, seconds: number, finishedAt: Date) => {
      const runId = await createRun(dataSource, userId, {
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
      return runId;
    };
    const beaten = async () =>
      (await dataSource.query(
        `SELECT user_id, data FROM notifications WHERE type = 'ranking_beaten' ORDER BY created_at`,
      )) as Array<{ user_id: string; data: { reasons: string[]; passes: number; passed_by: string[] } }>;

    // 30 runners, the same time: no one is beaten.
    const tied = [];
    for (let i = 0; i < TIED_RUNNERS; i++) {
      const runner = await createUserWithToken(dataSource, config);
      tied.push(runner.user.id);
      // Each finished earlier than the one before: on a tie the earlier achievement ranks first, so
      // every run lands ahead of the equal times already on the board — and passes none of them.
      await runOnCourse(runner.user.id, 300, new Date(Date.now() - 86_400_000 - i * 60_000));
    }
    const board = [...tied].reverse();
    await waitForQueuesDrained(stack.worker, { timeoutMs: 120_000 });
    const [{ ranked }] = await dataSource.query(
      `SELECT count(*)::int AS ranked FROM rankings WHERE course_id = $1`,
      [courseId],
    );
    expect(ranked).toBe(TIED_RUNNERS);
    expect(await beaten()).toEqual([]);

    // A faster newcomer: the leader loses first place, the 10th drops out of the top 10. Nobody else.
    const first = (await createUserWithToken(dataSource, config)).user.id;
    await runOnCourse(first, 290, new Date());
    await waitForQueuesDrained(stack.worker);
    const afterFirst = await beaten();
    expect(afterFirst.map((n) => [n.user_id, n.data.reasons])).toEqual(
      expect.arrayContaining([
        [board[0], ['lost_first_place']],
        [board[9], ['left_top_10']],
      ]),
    );
    expect(afterFirst).toHaveLength(2);

    // Faster still: the newcomer loses first place; the next tied runner drops out of the top 10.
    const second = (await createUserWithToken(dataSource, config)).user.id;
    await runOnCourse(second, 280, new Date());
    await waitForQueuesDrained(stack.worker);
    expect((await beaten()).map((n) => [n.user_id, n.data.reasons])).toEqual(
      expect.arrayContaining([
        [first, ['lost_first_place']],
        [board[8], ['left_top_10']],
      ]),
    );

    // A friend of the first newcomer passes them (not the leader): their notice of the day is
    // updated, not repeated, and pushed once.
    const friend = (await createUserWithToken(dataSource, config)).user.id;
    await dataSource.query(
      `INSERT INTO friend_requests (requester_id, recipient_id, status, accepted_at) VALUES ($1, $2, 'accepted', now())`,
      [friend, first],
    );
    await runOnCourse(friend, 285, new Date());
    await waitForQueuesDrained(stack.worker);
    const all = await beaten();
    const ofFirst = all.filter((n) => n.user_id === first);
    expect(ofFirst).toHaveLength(1);
    expect(ofFirst[0].data).toMatchObject({
      reasons: ['lost_first_place', 'friend_passed'],
      passes: 2,
      passed_by: [friend, second],
    });
    const [{ pushes }] = await dataSource.query(
      `SELECT count(*)::int AS pushes FROM outbox_events o JOIN notifications n ON n.id::text = o.payload->>'notificationId'
        WHERE o.queue = 'notifications' AND n.user_id = $1 AND n.type = 'ranking_beaten'`,
      [first],
    );
    expect(pushes).toBe(1);

    // Bounded: 3 passing runs, 6 notices to 5 runners (one updated), one notice each.
    expect(all.map((n) => n.user_id)).toEqual(
      expect.arrayContaining([board[0], board[9], first, board[8], board[7]]),
    );
    expect(all).toHaveLength(5);
    expect(new Set(all.map((n) => n.user_id)).size).toBe(all.length);
  }, 240_000); // a dozen runs through the real pipeline: over a minute at load average 15
});
