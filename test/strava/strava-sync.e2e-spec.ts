import type { INestApplicationContext } from '@nestjs/common';
import { QueueName, QueueRegistry } from '@runvs/queue';
import {
  asUser,
  connectStrava,
  createUserWithToken,
  lineFrom,
  newStravaRateWindow,
  startStack,
  startWorker,
  stravaEnv,
  stravaRide,
  stravaRun,
  type TestStack,
  waitForQueuesDrained,
} from '@runvs/testing';
import { FakeStrava } from '../fakes';

const DAY_S = 86_400;

describe('Strava: activity list and sync on demand (fake Strava)', () => {
  let strava: FakeStrava;
  let stack: TestStack;
  let worker: INestApplicationContext;

  beforeAll(async () => {
    strava = await new FakeStrava().start();
    stack = await startStack({ env: stravaEnv(strava) });
    worker = await startWorker(stack.config);
  });

  afterAll(async () => {
    await worker?.close();
    await stack?.close();
    await strava?.stop();
  });

  const drained = () => waitForQueuesDrained(worker, { timeoutMs: 60_000 });
  const statusOf = async (authorization: string) =>
    (await asUser(stack.api, authorization).get('/strava/status').expect(200)).body;

  it('lists the Strava runs, paged by time, each with whether it is imported, its run and why not', async () => {
    const { authorization } = await createUserWithToken(stack.dataSource, stack.config);
    const line = lineFrom([127.2, 37.2], 15, 100);
    strava.addAthlete(2001, 'code-2001', [
      stravaRun(201, line, 3),
      stravaRide(202, 3.5),
      { ...stravaRun(203, line, 4), streams: undefined, manual: true },
      stravaRun(204, lineFrom([127.21, 37.21], 15, 100), 100), // older than the 90-day backfill
    ]);
    expect((await connectStrava(stack.api, authorization, 'code-2001')).status).toBe(200);
    await drained();

    const status = await statusOf(authorization);
    expect(status.sync).toMatchObject({
      status: 'completed',
      processed: 3,
      imported: 1,
      skipped: 1,
      failed: 1,
    });
    expect(Date.parse(status.sync.since)).toBeLessThan(Date.now() - 89 * DAY_S * 1000);
    expect(status.last_sync_at).toEqual(expect.any(String));

    const me = asUser(stack.api, authorization);
    const all = (await me.get('/strava/activities?per_page=10').expect(200)).body;
    expect(all.map((a: { id: number }) => a.id)).toEqual([201, 203, 204]);
    expect(all[0]).toMatchObject({
      name: 'Run 201',
      sport_type: 'Run',
      distance: 1400,
      private: false,
      imported: true,
      import_status: 'completed',
      run_id: expect.any(String),
      skipped_reason: null,
    });
    expect(all[1]).toMatchObject({ imported: false, import_status: 'failed', run_id: null });
    expect(all[1].skipped_reason).toMatch(/no GPS positions/);
    expect(all[2]).toMatchObject({ imported: false, import_id: null, run_id: null, skipped_reason: null });

    // Paged by time like Strava (the ride takes a place on the first page but is not listed).
    const ids = (body: Array<{ id: number }>) => body.map((a) => a.id);
    const first = (await me.get('/strava/activities?per_page=2').expect(200)).body;
    expect(ids(first)).toEqual([201]);
    const next = Date.parse(first[0].start_date) / 1000;
    expect(ids((await me.get(`/strava/activities?per_page=2&before_ts=${next}`).expect(200)).body)).toEqual([
      203,
    ]);
    const after = Math.floor(Date.now() / 1000) - 50 * DAY_S;
    expect(ids((await me.get(`/strava/activities?after_ts=${after}`).expect(200)).body)).toEqual([201, 203]);
    await me.get('/strava/activities?per_page=101').expect(422);

    // Strava failing is a 502 with the contract's code; not connected is a 400.
    strava.failNext('/api/v3/athlete/activities', 503);
    strava.failNext('/api/v3/athlete/activities', 503);
    expect((await me.get('/strava/activities').expect(502)).body.code).toBe('STRAVA_API_ERROR');
    const stranger = await createUserWithToken(stack.dataSource, stack.config);
    expect(
      (await asUser(stack.api, stranger.authorization).get('/strava/activities').expect(400)).body.code,
    ).toBe('STRAVA_NOT_CONNECTED');
    await asUser(stack.api).get('/strava/activities').expect(401);
  });

  it('POST /strava/sync: one activity (201, 409 once imported), a selection or everything since a date (202)', async () => {
    const { authorization } = await createUserWithToken(stack.dataSource, stack.config);
    const athlete = strava.addAthlete(2002, 'code-2002', [
      stravaRun(211, lineFrom([127.25, 37.25], 15, 100), 2),
      stravaRide(212, 5),
      stravaRun(213, lineFrom([127.26, 37.26], 15, 100), 120),
    ]);
    expect((await connectStrava(stack.api, authorization, 'code-2002')).status).toBe(200);
    await drained();
    const me = asUser(stack.api, authorization);

    // One activity, outside the backfill: its import is there at once, pending.
    const one = (await me.post('/strava/sync', { strava_activity_id: 213 }).expect(201)).body;
    expect(one).toEqual({ import_id: expect.any(String), status: 'pending', message: expect.any(String) });
    await drained();
    const imported = (await me.get(`/imports/${one.import_id}`).expect(200)).body;
    expect(imported).toMatchObject({ source: 'strava', status: 'completed', external_id: '213' });
    expect((await me.post('/strava/sync', { strava_activity_id: 213 }).expect(409)).body.code).toBe(
      'CONFLICT',
    );
    expect((await me.post('/strava/sync', { strava_activity_id: 211 }).expect(409)).body.code).toBe(
      'CONFLICT',
    );

    // Everything since a date: what is imported already counts as imported, rides are skipped.
    athlete.activities.push(stravaRun(214, lineFrom([127.27, 37.27], 15, 100), 150));
    const since = new Date(Date.now() - 200 * DAY_S * 1000).toISOString();
    const accepted = (await me.post('/strava/sync', { since }).expect(202)).body;
    expect(accepted).toEqual({
      status: 'accepted',
      sync: expect.objectContaining({
        status: expect.any(String),
        since,
        selected: null,
      }),
    });
    await drained();
    expect((await statusOf(authorization)).sync).toMatchObject({
      id: accepted.sync.id,
      status: 'completed',
      processed: 4,
      imported: 3,
      skipped: 1,
      failed: 0,
      finished_at: expect.any(String),
    });

    // A selection: a ride is skipped, an activity Strava does not have fails.
    const selected = (await me.post('/strava/sync', { strava_activity_ids: [212, 999_999, 212] }).expect(202))
      .body;
    expect(selected.sync).toMatchObject({ selected: 2, since: null });
    await drained();
    expect((await statusOf(authorization)).sync).toMatchObject({
      status: 'completed',
      processed: 2,
      imported: 0,
      skipped: 1,
      failed: 1,
    });

    // Bad input: 422 with the contract's body; not connected: 400.
    for (const body of [
      {},
      { since, strava_activity_id: 1 },
      { since: 'yesterday' },
      { since: new Date(Date.now() + DAY_S * 1000).toISOString() },
      { strava_activity_ids: [] },
      { strava_activity_id: 'x' },
    ]) {
      const refused = await me.post('/strava/sync', body).expect(422);
      expect(refused.body.code).toBe('VALIDATION_ERROR');
    }
    const stranger = await createUserWithToken(stack.dataSource, stack.config);
    expect(
      (await asUser(stack.api, stranger.authorization).post('/strava/sync', { since }).expect(400)).body.code,
    ).toBe('STRAVA_NOT_CONNECTED');
  });

  it('resumes a sync where it stopped: rate-limited on page 2, the worker restarted, page 1 not read again', async () => {
    const { authorization } = await createUserWithToken(stack.dataSource, stack.config);
    const activities = [
      stravaRun(2301, lineFrom([127.3, 37.3], 15, 100), 1),
      stravaRun(2302, lineFrom([127.31, 37.31], 15, 100), 2),
      stravaRun(2303, lineFrom([127.32, 37.32], 15, 100), 60), // the oldest: on page 2
    ];
    for (let i = 0; i < 52; i++) activities.push(stravaRide(2400 + i, 3 + i * 0.5));
    strava.addAthlete(2003, 'code-2003', activities);
    // Strava says the 15-minute window is spent when page 2 is asked for.
    strava.failNext(
      '/api/v3/athlete/activities?per_page=50&page=2',
      429,
      { message: 'Rate Limit Exceeded', errors: [] },
      { 'X-Ratelimit-Usage': '200,1200' },
    );
    const firstPageReads = strava.requests('/api/v3/athlete/activities?per_page=50&page=1');
    expect((await connectStrava(stack.api, authorization, 'code-2003')).status).toBe(200);
    await drained();
    const waiting = (await statusOf(authorization)).sync;
    expect(waiting).toMatchObject({ status: 'waiting', processed: 50, imported: 2, skipped: 48 });
    expect(Date.parse(waiting.rate_limited_until)).toBeGreaterThan(Date.now());

    // A new worker takes over; the window has passed (the budget is fresh, the delayed job promoted).
    await worker.close();
    worker = await startWorker(stack.config);
    await newStravaRateWindow(worker);
    const queue = worker.get(QueueRegistry).get(QueueName.StravaSync);
    const delayed = (await queue.getDelayed()).filter((job) => job.data.kind === 'sync');
    expect(delayed).toHaveLength(1);
    await delayed[0].promote();
    await drained();

    expect((await statusOf(authorization)).sync).toMatchObject({
      status: 'completed',
      processed: 55,
      imported: 3,
      skipped: 52,
      failed: 0,
      rate_limited_until: null,
    });
    expect(strava.requests('/api/v3/athlete/activities?per_page=50&page=1')).toBe(firstPageReads + 1);
    const runs = await stack.dataSource.query(
      `SELECT count(*)::int AS n FROM external_imports
        WHERE source = 'strava' AND external_id IN ('2301', '2302', '2303') AND status = 'completed'`,
    );
    expect(runs[0].n).toBe(3);
  });
});
