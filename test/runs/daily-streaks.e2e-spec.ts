import { computeDailyStreak, dailyStreaks, localDateKey } from '@runvs/geo';
import {
  asUser,
  createRun,
  createUser,
  createUserWithToken,
  importActivityFile,
  lineFrom,
  startStack,
  type TestStack,
  waitForQueuesDrained,
  withOwnerQueryRunner,
} from '@runvs/testing';
import { RunnerDailyStreaks1765400000000 } from '../../migrations/1765400000000-runner-daily-streaks';
import { gpxOf, runAlong } from '../imports/activity-track';

const DAY = 86_400_000;
const HOUR = 3_600_000;

/**
 * The daily streak kept on the runner's row (users.streak_*) by the real import and run pipelines:
 * runs imported out of date order (older than the streak's last date: rebuilt from the runs), a
 * deletion, and a change of time zone each leave what `dailyStreaks` computes from all counted runs.
 */
describe('daily streaks kept incrementally (imports out of order, deletions, time zone)', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startStack({ worker: true });
  });

  afterAll(() => stack?.close());

  it('stay equal to a recount from the runs, in the stats, the achievements and the users row', async () => {
    const runner = await createUserWithToken(stack.dataSource, stack.config);
    const as = () => asUser(stack.api, runner.authorization);
    // Two hours back, so "today's" run is never in the future; days before it 24 h apart.
    const anchor = Date.now() - 2 * HOUR;
    const line = lineFrom([127.05, 37.55], 41, 25);
    const runs = new Map<number, string>(); // days ago → run id

    const importRun = async (daysAgo: number) => {
      const track = runAlong(line, { startMs: anchor - daysAgo * DAY - 10 * 60_000 });
      const imported = await importActivityFile(
        stack.api,
        runner.authorization,
        gpxOf(track),
        `d${daysAgo}.gpx`,
      );
      expect(imported).toMatchObject({ status: 'completed', duplicate_of_run_id: null });
      await waitForQueuesDrained(stack.worker);
      runs.set(daysAgo, imported.run_record_id!);
    };

    /** What the runner is shown, and what `dailyStreaks` makes of all their counted runs now. */
    const check = async (expectedBest: number) => {
      const [user] = (await stack.dataSource.query(
        `SELECT time_zone, streak_last_date::text AS last, streak_current_days AS current, streak_best_days AS best
           FROM users WHERE id = $1`,
        [runner.user.id],
      )) as Array<{ time_zone: string; last: string | null; current: number; best: number }>;
      const finishes = (
        (await stack.dataSource.query(
          `SELECT finished_at FROM run_records WHERE user_id = $1 AND pipeline_completed_at IS NOT NULL`,
          [runner.user.id],
        )) as Array<{ finished_at: Date }>
      ).map((row) => row.finished_at);
      expect(finishes).toHaveLength(runs.size);
      const fromRuns = dailyStreaks(finishes, new Date(), user.time_zone);
      const stats = (await as().get('/users/me/stats').expect(200)).body;
      expect({ current: stats.current_streak_days, best: stats.best_streak_days }).toEqual({
        current: fromRuns.current,
        best: fromRuns.best,
      });
      expect(stats.best_streak_days).toBe(expectedBest);
      const stored = computeDailyStreak(finishes.map((t) => localDateKey(t, user.time_zone)));
      expect({ last: user.last, current: user.current, best: user.best }).toEqual({
        last: stored?.lastDate ?? null,
        current: stored?.current ?? 0,
        best: stored?.best ?? 0,
      });
      const achievements = (await as().get('/users/me/achievements').expect(200)).body;
      expect(achievements.next).toContainEqual(
        expect.objectContaining({ code: 'streak_7', current: expectedBest }),
      );
    };

    await importRun(1);
    await check(1);
    await importRun(0);
    await check(2);
    // Older than the last date: the streak cannot grow from its end, it is rebuilt from the runs.
    await importRun(4);
    await check(2);
    await importRun(3);
    await check(2);
    // Filling the hole joins both streaks: five days.
    await importRun(2);
    await check(5);
    expect((await as().get('/users/me/stats').expect(200)).body.current_streak_days).toBe(5);

    // Deleting the middle run splits them again; deleting today's leaves yesterday's current.
    await as()
      .delete(`/runs/${runs.get(2)}`)
      .expect(204);
    runs.delete(2);
    await check(2);
    await as()
      .delete(`/runs/${runs.get(0)}`)
      .expect(204);
    runs.delete(0);
    await check(2);

    // Another time zone moves every local date: the streak is recounted in it.
    await as().patch('/users/me/profile').send({ time_zone: 'America/Los_Angeles' }).expect(200);
    await check(2);
    await as().patch('/users/me/profile').send({ time_zone: 'Pacific/Kiritimati' }).expect(200);
    await check(2);
  });

  // Last: it drops and re-adds the streak columns under the running apps.
  it('the migration backfills each runner from the counted runs the pipeline passed, in their zone', async () => {
    const zones = ['Asia/Seoul', 'America/Los_Angeles', 'UTC', 'Pacific/Kiritimati'];
    const base = Date.UTC(2026, 0, 10);
    // Days and UTC hours chosen so that local dates differ from UTC ones around midnight.
    const times = [
      [0, 23.5],
      [1, 0.5],
      [2, 12],
      [4, 15.25],
      [5, 8],
      [5, 20],
      [6, 23.9],
      [9, 1],
      [10, 14.75],
    ].map(([day, hour]) => new Date(base + day * DAY + hour * HOUR));
    const expected = new Map<string, { last: string | null; current: number; best: number }>();
    for (const [index, zone] of zones.entries()) {
      const user = await createUser(stack.dataSource, { timeZone: zone });
      const counted: Date[] = [];
      for (const [i, finishedAt] of times.entries()) {
        // Each runner skips a different day; some runs do not count: flagged, a ride, not yet passed by the pipeline.
        if (i === 2 * index) continue;
        const kind = (i + 2 * index) % 9;
        const id = await createRun(stack.dataSource, user.id, {
          finishedAt,
          isFlagged: kind === 1,
          pipelinePending: kind === 4,
        });
        if (kind === 7) {
          await stack.dataSource.query(`UPDATE run_records SET activity_type = 'ride' WHERE id = $1`, [id]);
        } else if (kind !== 1 && kind !== 4) counted.push(finishedAt);
      }
      const state = computeDailyStreak(counted.map((t) => localDateKey(t, zone)));
      expected.set(user.id, {
        last: state?.lastDate ?? null,
        current: state?.current ?? 0,
        best: state?.best ?? 0,
      });
    }
    expect([...expected.values()].some((state) => state.best >= 3)).toBe(true);
    const migration = new RunnerDailyStreaks1765400000000();
    await withOwnerQueryRunner(async (owner) => {
      await migration.down(owner);
      await migration.up(owner);
    });
    const rows = (await stack.dataSource.query(
      `SELECT id, streak_last_date::text AS last, streak_current_days AS current, streak_best_days AS best
         FROM users WHERE id = ANY($1::uuid[])`,
      [[...expected.keys()]],
    )) as Array<{ id: string; last: string | null; current: number; best: number }>;
    expect(new Map(rows.map(({ id, ...state }) => [id, state]))).toEqual(expected);
  });
});
