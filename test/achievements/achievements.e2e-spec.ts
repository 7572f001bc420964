import { AchievementsService } from '@runvs/achievements';
import { RunPipelineService } from '@runvs/runs';
import {
  asUser,
  createCourse,
  createRun,
  createUserWithToken,
  lineFrom,
  startStack,
  type TestStack,
  waitForQueuesDrained,
} from '@runvs/testing';
import { runThroughApi, trackAlong } from '../runs/run-helpers';

type Runner = Awaited<ReturnType<typeof createUserWithToken>>;
const HOUR = 3_600_000;
const DAY = 86_400_000;

/**
 * Achievements through the real pipeline (course runs recorded through the api), plus histories
 * written straight to the database and handed to the same award call the pipeline makes.
 */
describe('achievements', () => {
  let stack: TestStack;
  let alice: Runner;
  let bora: Runner;
  let courseId: string;
  let line: Array<[number, number]>;
  const aliceRuns: string[] = [];

  const codes = async (runner: Runner, viewer: Runner = runner) => {
    const path = viewer === runner ? '/users/me/achievements' : `/users/${runner.user.id}/achievements`;
    const res = await asUser(stack.api, viewer.authorization).get(path).expect(200);
    return (res.body.data as Array<{ code: string }>).map((a) => a.code).sort();
  };

  const courseRun = async (runner: Runner, speedMs: number, hoursAgo: number) => {
    const track = trackAlong(line, { speedMs, startMs: Date.now() - hoursAgo * HOUR });
    const { complete } = await runThroughApi(stack.api, runner.authorization, track, { courseId });
    await waitForQueuesDrained(stack.worker);
    return complete.run_record_id;
  };

  const achievementNotices = async (userId: string) =>
    (await stack.dataSource.query(
      `SELECT data->>'code' AS code FROM notifications WHERE user_id = $1 AND type = 'achievement_earned' ORDER BY 1`,
      [userId],
    )) as Array<{ code: string }>;

  beforeAll(async () => {
    stack = await startStack({ worker: true, fcm: true });
    alice = await createUserWithToken(stack.dataSource, stack.config, { nickname: 'alice' });
    bora = await createUserWithToken(stack.dataSource, stack.config, { nickname: 'bora' });
    await stack.dataSource.query(
      `INSERT INTO device_tokens (user_id, token, platform) VALUES ($1, $2, 'ios')`,
      [alice.user.id, `phone-${alice.user.id}`],
    );
    line = lineFrom([126.9707, 37.5547], 61, 20);
    courseId = await createCourse(stack.dataSource, bora.user.id, {
      coordinates: line,
      distanceMeters: 1200,
    });
    const [event] = await stack.dataSource.query(
      `INSERT INTO events (title, starts_at, ends_at, target_distance_meters)
       VALUES ('Week', now() - interval '2 days', now() + interval '1 day', 1000) RETURNING id`,
    );
    await stack.dataSource.query(`INSERT INTO event_participants (event_id, user_id) VALUES ($1, $2)`, [
      event.id,
      alice.user.id,
    ]);
    aliceRuns.push(await courseRun(alice, 3, 30));
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('the pipeline awards a first run, a first place and an event finisher, with inbox entries and pushes', async () => {
    expect(await codes(alice)).toEqual(['event_finisher', 'first_place', 'first_run']);
    const mine = await asUser(stack.api, alice.authorization).get('/users/me/achievements').expect(200);
    expect(mine.body.data[0]).toEqual({
      code: expect.any(String),
      title: expect.any(String),
      description: expect.any(String),
      earned_at: expect.any(String),
      run_record_id: aliceRuns[0],
    });
    expect(mine.body.next).toContainEqual(
      expect.objectContaining({ code: 'first_5k', current: expect.any(Number), target: 5000 }),
    );
    expect(mine.body.next).toContainEqual(
      expect.objectContaining({ code: 'streak_7', current: 1, target: 7 }),
    );
    expect((await achievementNotices(alice.user.id)).map((n) => n.code)).toEqual([
      'event_finisher',
      'first_place',
      'first_run',
    ]);
    const pushes = stack.fcm
      .deliveredTo(`phone-${alice.user.id}`)
      .filter((p) => p.data?.type === 'achievement_earned');
    expect(pushes.map((p) => p.data?.code).sort()).toEqual(['event_finisher', 'first_place', 'first_run']);
  });

  it('awards each exactly once however often the pipeline replays', async () => {
    const pipeline = stack.worker.get(RunPipelineService);
    await pipeline.process(aliceRuns[0]);
    await pipeline.process(aliceRuns[0]);
    const [run] = await stack.dataSource.query(`SELECT finished_at FROM run_records WHERE id = $1`, [
      aliceRuns[0],
    ]);
    await stack.worker
      .get(AchievementsService)
      .awardAfterRun({ id: aliceRuns[0], user_id: alice.user.id, finished_at: run.finished_at });
    await waitForQueuesDrained(stack.worker);
    const [{ count }] = await stack.dataSource.query(
      `SELECT count(*)::int AS count FROM user_achievements WHERE user_id = $1`,
      [alice.user.id],
    );
    expect(count).toBe(3);
    expect(await achievementNotices(alice.user.id)).toHaveLength(3);
  });

  it('"took back first place": first, overtaken, first again', async () => {
    await courseRun(bora, 4, 20);
    expect(await codes(bora)).toEqual(expect.arrayContaining(['first_place', 'first_run']));
    expect(await codes(alice)).not.toContain('took_back_first_place');
    aliceRuns.push(await courseRun(alice, 5, 10));
    expect(await codes(alice)).toContain('took_back_first_place');
    expect(await codes(bora)).not.toContain('took_back_first_place');
  });

  it('shows another runner their list, but not across a block', async () => {
    expect(await codes(alice, bora)).toEqual(await codes(alice));
    await stack.dataSource.query(`INSERT INTO user_blocks (blocker_id, blocked_id) VALUES ($1, $2)`, [
      alice.user.id,
      bora.user.id,
    ]);
    await asUser(stack.api, bora.authorization).get(`/users/${alice.user.id}/achievements`).expect(404);
    await asUser(stack.api, bora.authorization).get(`/users/not-a-uuid/achievements`).expect(422);
    await asUser(stack.api).get(`/users/me/achievements`).expect(401);
  });

  it('streaks count consecutive days in the runner’s time zone', async () => {
    // Six runs at 14:30 UTC on consecutive days, then one ten hours after the last (00:30 UTC):
    // in Seoul that is 23:30 on six dates and 09:30 on a seventh; in Los Angeles the last two
    // fall on the same date, so only six.
    const today = new Date();
    const base = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - 8, 14, 30);
    const times = [0, 1, 2, 3, 4, 5].map((d) => base + d * DAY).concat(base + 5 * DAY + 10 * HOUR);
    const service = stack.worker.get(AchievementsService);
    const history = async (timeZone: string) => {
      const runner = await createUserWithToken(stack.dataSource, stack.config, { timeZone });
      let last = '';
      for (const t of times) {
        last = await createRun(stack.dataSource, runner.user.id, {
          finishedAt: new Date(t),
          distanceMeters: 3000,
        });
      }
      await service.awardAfterRun({ id: last, user_id: runner.user.id, finished_at: new Date(times[6]) });
      return runner;
    };
    const seoul = await history('Asia/Seoul');
    expect(await codes(seoul)).toEqual(['first_run', 'streak_7']);
    const view = await asUser(stack.api, seoul.authorization).get('/users/me/achievements').expect(200);
    expect(view.body.next).toContainEqual(
      expect.objectContaining({ code: 'streak_30', current: 7, target: 30 }),
    );
    const la = await history('America/Los_Angeles');
    expect(await codes(la)).toEqual(['first_run']);
    const laView = await asUser(stack.api, la.authorization).get('/users/me/achievements').expect(200);
    expect(laView.body.next).toContainEqual(expect.objectContaining({ code: 'streak_7', current: 6 }));
  });

  it('deleting a run takes back what the remaining runs no longer earn', async () => {
    const eun = await createUserWithToken(stack.dataSource, stack.config);
    const short = await createRun(stack.dataSource, eun.user.id, {
      distanceMeters: 3000,
      finishedAt: new Date(Date.now() - 2 * DAY),
    });
    const long = await createRun(stack.dataSource, eun.user.id, {
      distanceMeters: 10_200,
      durationSeconds: 3600,
    });
    const service = stack.worker.get(AchievementsService);
    await service.awardAfterRun({ id: long, user_id: eun.user.id, finished_at: new Date() });
    expect(await codes(eun)).toEqual(['first_10k', 'first_5k', 'first_run']);
    await asUser(stack.api, eun.authorization).delete(`/runs/${long}`).expect(204);
    expect(await codes(eun)).toEqual(['first_run']);
    await asUser(stack.api, eun.authorization).delete(`/runs/${short}`).expect(204);
    expect(await codes(eun)).toEqual([]);
  });
});
