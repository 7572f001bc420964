import { QueueName, QueueRegistry } from '@runvs/queue';
import {
  asUser,
  type BuiltProcess,
  connectStrava,
  createUserWithToken,
  eventually,
  lineFrom,
  newStravaRateWindow,
  startBuiltProcess,
  startStack,
  stravaEnv,
  stravaRun,
  type TestStack,
} from '@runvs/testing';
import { FakeStrava } from '../fakes';

const RUNS_EACH = 25;

/**
 * Two real worker processes import two athletes' backfills against a fake Strava that enforces a
 * 15-minute limit of 30 requests: together they need about 55. The budget in Redis is shared, so
 * Strava never has to refuse a request; the syncs wait (delayed jobs) instead of failing, and go
 * on when the next window opens.
 */
describe('Strava: one rate-limit budget for every worker (two worker processes, fake Strava)', () => {
  let strava: FakeStrava;
  let stack: TestStack;
  const workers: BuiltProcess[] = [];

  beforeAll(async () => {
    strava = await new FakeStrava().start();
    stack = await startStack({ env: stravaEnv(strava) });
    for (let i = 0; i < 2; i++) {
      workers.push(startBuiltProcess('apps/worker/src/main.js', { LOG_LEVEL: 'warn', ...stravaEnv(strava) }));
    }
  });

  afterAll(async () => {
    for (const worker of workers) await worker.stop();
    await stack?.close();
    await strava?.stop();
  });

  it('never overruns Strava: jobs wait for the next window instead of failing, then finish', async () => {
    const users: Array<{ authorization: string }> = [];
    for (const athleteId of [3001, 3002]) {
      const activities = [];
      for (let i = 0; i < RUNS_EACH; i++) {
        activities.push(
          stravaRun(athleteId * 100 + i, lineFrom([127 + athleteId / 10_000, 37 + i / 1000], 15, 100), 1 + i),
        );
      }
      strava.addAthlete(athleteId, `code-${athleteId}`, activities);
      users.push(await createUserWithToken(stack.dataSource, stack.config));
    }
    strava.budget = { shortLimit: 30, dailyLimit: 1000, used: 0, refused: 0 };
    for (const [i, user] of users.entries()) {
      expect((await connectStrava(stack.api, user.authorization, `code-${3001 + i}`)).status).toBe(200);
    }

    const syncs = async () =>
      Promise.all(
        users.map(
          async (u) => (await asUser(stack.api, u.authorization).get('/strava/status').expect(200)).body.sync,
        ),
      );
    // Both backfills run until the shared window is spent; then they wait.
    await eventually(
      async () => (await syncs()).every((s) => s.status === 'waiting' || s.status === 'completed'),
      {
        timeoutMs: 90_000,
      },
    );
    const waiting = await syncs();
    expect(waiting.some((s) => s.status === 'waiting')).toBe(true);
    for (const s of waiting.filter((w) => w.status === 'waiting')) {
      expect(Date.parse(s.rate_limited_until)).toBeGreaterThan(Date.now());
    }
    expect(strava.budget.used).toBeLessThanOrEqual(30);
    expect(strava.budget.refused).toBe(0);
    const queue = stack.api.get(QueueRegistry).get(QueueName.StravaSync);
    expect((await queue.getDelayed()).filter((job) => job.data.kind === 'sync').length).toBeGreaterThan(0);
    expect(
      await stack.dataSource.query(`SELECT 1 FROM job_failures WHERE queue = $1`, [QueueName.StravaSync]),
    ).toEqual([]);

    // The next window: Strava's count and ours start afresh; the delayed jobs are due.
    strava.budget.used = 0;
    await newStravaRateWindow(stack.api);
    for (const job of await queue.getDelayed()) await job.promote();
    await eventually(async () => (await syncs()).every((s) => s.status === 'completed'), {
      timeoutMs: 90_000,
    });
    const done = await syncs();
    expect(done.map((s) => [s.imported, s.failed])).toEqual([
      [RUNS_EACH, 0],
      [RUNS_EACH, 0],
    ]);
    expect(strava.budget.refused).toBe(0);
    expect(workers.map((worker) => worker.output()).join('')).not.toMatch(/"level":50/);
  });
});
