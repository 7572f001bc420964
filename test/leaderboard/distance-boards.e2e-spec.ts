import { AdminRunsService } from '@runvs/admin';
import { DistanceBoardsService } from '@runvs/distance-boards';
import { REDIS_CLIENT } from '@runvs/redis';
import { RunPipelineService } from '@runvs/runs';
import {
  asUser,
  createRun,
  createUserWithToken,
  lineFrom,
  ownerQuery,
  startStack,
  type TestStack,
  waitForQueuesDrained,
} from '@runvs/testing';
import type Redis from 'ioredis';
import { runThroughApi, trackAlong } from '../runs/run-helpers';

type Runner = Awaited<ReturnType<typeof createUserWithToken>>;

/** Starts (lng, lat) of runs: Seoul (Yeouido, Gangnam) and Busan (Haeundae). */
const YEOUIDO: [number, number] = [126.924, 37.526];
const GANGNAM: [number, number] = [127.0276, 37.4979];
const HAEUNDAE: [number, number] = [129.1604, 35.1587];

/**
 * GET /leaderboard/weekly through the real pipeline: runs recorded through the api, the worker
 * refreshes the Redis boards, the api reads pages and "my rank" from Redis only.
 */
describe('weekly and monthly distance boards by region', () => {
  let stack: TestStack;
  let redis: Redis;
  let alice: Runner;
  let bora: Runner;
  let chul: Runner;
  const runIds: Record<string, string[]> = {};

  /** A run of `points` vertices 15 m apart (≈ 15 × (points − 1) m), finished a few minutes ago. */
  async function run(runner: Runner, start: [number, number], points: number): Promise<string> {
    const track = trackAlong(lineFrom(start, points, 15, 45), {
      speedMs: 4,
      startMs: Date.now() - 10 * 60_000,
    });
    const { complete } = await runThroughApi(stack.api, runner.authorization, track);
    (runIds[runner.user.id] ??= []).push(complete.run_record_id);
    return complete.run_record_id;
  }

  const board = (query: Record<string, string | number>, authorization?: string) =>
    asUser(stack.api, authorization).get('/leaderboard/weekly').query(query);

  const distances = (body: { data: Array<{ user: { id: string }; total_distance_meters: number }> }) =>
    body.data.map((entry) => [entry.user.id, entry.total_distance_meters]);

  async function totalsOf(userId: string): Promise<{ distance: number; runs: number; duration: number }> {
    const rows = (await stack.dataSource.query(
      `SELECT COALESCE(sum(distance_meters), 0)::int AS distance, count(*)::int AS runs,
              COALESCE(sum(duration_seconds), 0)::int AS duration
         FROM run_records WHERE user_id = $1`,
      [userId],
    )) as Array<{ distance: number; runs: number; duration: number }>;
    return rows[0];
  }

  beforeAll(async () => {
    stack = await startStack({ worker: true });
    redis = stack.api.get(REDIS_CLIENT);
    alice = await createUserWithToken(stack.dataSource, stack.config, { nickname: 'alice' });
    bora = await createUserWithToken(stack.dataSource, stack.config, { nickname: 'bora' });
    chul = await createUserWithToken(stack.dataSource, stack.config, { nickname: 'chul' });
    await run(alice, YEOUIDO, 101); // ≈ 1.5 km in Seoul
    await run(alice, GANGNAM, 81); // ≈ 1.2 km in Seoul
    await run(bora, HAEUNDAE, 201); // ≈ 3 km in Busan
    await run(chul, GANGNAM, 41); // ≈ 0.6 km in Seoul
    await waitForQueuesDrained(stack.worker);
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('ranks everyone by distance this week, with run count and time, signed in or not', async () => {
    const res = await board({}).expect(200);
    expect(Object.keys(res.body).sort()).toEqual(['data', 'my_ranking', 'period_end', 'period_start']);
    const [a, b, c] = await Promise.all([
      totalsOf(alice.user.id),
      totalsOf(bora.user.id),
      totalsOf(chul.user.id),
    ]);
    expect(res.body.data).toEqual([
      {
        rank: 1,
        user: expect.objectContaining({ id: bora.user.id, nickname: 'bora' }),
        total_distance_meters: b.distance,
        run_count: 1,
        total_duration_seconds: b.duration,
      },
      {
        rank: 2,
        user: expect.objectContaining({ id: alice.user.id, nickname: 'alice' }),
        total_distance_meters: a.distance,
        run_count: 2,
        total_duration_seconds: a.duration,
      },
      expect.objectContaining({ rank: 3, total_distance_meters: c.distance, run_count: 1 }),
    ]);
    expect(res.body.my_ranking).toBeNull();
    // The week starts on Monday 00:00 in Seoul (Sunday 15:00 UTC) and lasts seven days.
    const start = new Date(res.body.period_start);
    expect(start.getUTCDay()).toBe(0);
    expect(start.getUTCHours()).toBe(15);
    expect(new Date(res.body.period_end).getTime() - start.getTime()).toBe(7 * 86_400_000);
  });

  it('boards a country and a city by where the runs started', async () => {
    const seoul = await board({ country: 'KR', region: 'Seoul' }, chul.authorization).expect(200);
    expect(seoul.body.data.map((entry: { user: { id: string } }) => entry.user.id)).toEqual([
      alice.user.id,
      chul.user.id,
    ]);
    expect(seoul.body.my_ranking).toEqual(expect.objectContaining({ rank: 2, run_count: 1 }));
    const busan = await board({ region: 'busan' }).expect(200);
    expect(busan.body.data.map((entry: { user: { id: string } }) => entry.user.id)).toEqual([bora.user.id]);
    const korea = await board({ country: 'kr' }).expect(200);
    expect(korea.body.data).toHaveLength(3);
    const elsewhere = await board({ country: 'DE' }, alice.authorization).expect(200);
    expect(elsewhere.body).toEqual(expect.objectContaining({ data: [], my_ranking: null }));
    const unknown = await board({ region: 'Narnia' }).expect(200);
    expect(unknown.body.data).toEqual([]);
  });

  it('gives my own rank however far down the page I am', async () => {
    const res = await board({ page: 0, per_page: 1 }, chul.authorization).expect(200);
    expect(res.body.data).toHaveLength(1);
    expect(res.body.data[0].user.id).toBe(bora.user.id);
    expect(res.body.my_ranking).toEqual(
      expect.objectContaining({ rank: 3, user: expect.objectContaining({ id: chul.user.id }) }),
    );
    const second = await board({ page: 1, per_page: 1 }).expect(200);
    expect(second.body.data[0]).toEqual(expect.objectContaining({ rank: 2 }));
  });

  it('has a monthly board of the same runs', async () => {
    const week = await board({}).expect(200);
    const month = await board({ period: 'month' }).expect(200);
    expect(distances(month.body)).toEqual(distances(week.body));
    expect(new Date(month.body.period_start).getUTCDate()).toBeGreaterThanOrEqual(28); // the 1st, 00:00 KST
  });

  it('refuses what is not a board', async () => {
    const bad = await board({ period: 'year', per_page: 0 }).expect(422);
    expect(bad.body.code).toBe('VALIDATION_ERROR');
  });

  it('counts every run exactly once however often the pipeline replays', async () => {
    const before = await board({}).expect(200);
    const pipeline = stack.worker.get(RunPipelineService);
    await pipeline.process(runIds[alice.user.id][0]);
    await pipeline.process(runIds[alice.user.id][0]);
    await stack.worker.get(DistanceBoardsService).refreshRunner(alice.user.id, new Date());
    expect(distances((await board({}).expect(200)).body)).toEqual(distances(before.body));
    // A crash after the run's totals committed but before Redis was written: the retry writes it.
    const keys = await redis.keys(`${stack.config.redis.keyPrefix}:dist:*`);
    await redis.del(...keys);
    await pipeline.process(runIds[alice.user.id][1]);
    const after = await board({}).expect(200);
    expect(distances(after.body)).toEqual([[alice.user.id, (await totalsOf(alice.user.id)).distance]]);
  });

  it('rebuilds every board from Postgres with one call (npm run boards:rebuild)', async () => {
    await stack.worker.get(DistanceBoardsService).rebuild(['week', 'month']);
    const week = await board({}).expect(200);
    expect(week.body.data).toHaveLength(3);
    const seoul = await board({ region: 'Seoul' }).expect(200);
    expect(seoul.body.data).toHaveLength(2);
    expect((await board({ period: 'month', region: 'Busan' }).expect(200)).body.data).toHaveLength(1);
  });

  it('reads pages and my rank from Redis only, never from the runs', async () => {
    const before = await board({}, alice.authorization).expect(200);
    await ownerQuery(`ALTER TABLE run_records RENAME TO run_records_hidden`);
    try {
      const during = await board({}, alice.authorization).expect(200);
      expect(during.body).toEqual(before.body);
    } finally {
      await ownerQuery(`ALTER TABLE run_records_hidden RENAME TO run_records`);
    }
  });

  it('takes a deleted run off the boards, and a runner off a city with no run left there', async () => {
    await asUser(stack.api, chul.authorization).delete(`/runs/${runIds[chul.user.id][0]}`).expect(204);
    const seoul = await board({ region: 'Seoul' }, chul.authorization).expect(200);
    expect(seoul.body.data.map((entry: { user: { id: string } }) => entry.user.id)).toEqual([alice.user.id]);
    expect(seoul.body.my_ranking).toBeNull();
    await asUser(stack.api, alice.authorization).delete(`/runs/${runIds[alice.user.id][1]}`).expect(204);
    const overall = await board({}, alice.authorization).expect(200);
    expect(overall.body.my_ranking).toEqual(
      expect.objectContaining({
        run_count: 1,
        total_distance_meters: (await totalsOf(alice.user.id)).distance,
      }),
    );
  });

  it('follows an admin decision on a flagged run: off the boards while flagged, on once the flag is dismissed', async () => {
    const dana = await createUserWithToken(stack.dataSource, stack.config, { nickname: 'dana' });
    const flagged = await createRun(stack.dataSource, dana.user.id, {
      distanceMeters: 50_000,
      isFlagged: true,
      coordinates: lineFrom(HAEUNDAE, 5, 15),
      finishedAt: new Date(Date.now() - 60_000),
    });
    const service = stack.api.get(DistanceBoardsService);
    await service.refreshRunner(dana.user.id, new Date());
    const ids = async (query: Record<string, string>) =>
      (await board(query).expect(200)).body.data.map((entry: { user: { id: string } }) => entry.user.id);
    expect(await ids({})).not.toContain(dana.user.id);
    await stack.api.get(AdminRunsService).unflag(alice.user.id, flagged);
    expect((await ids({}))[0]).toBe(dana.user.id);
    expect(await ids({ region: 'Busan' })).toContain(dana.user.id);
    const earned = await asUser(stack.api, dana.authorization).get('/users/me/achievements').expect(200);
    expect(earned.body.data.map((a: { code: string }) => a.code)).toEqual(
      expect.arrayContaining(['first_run', 'first_10k', 'first_marathon']),
    );
  });

  it('takes a deleted account off every board at once', async () => {
    await asUser(stack.api, bora.authorization).delete('/users/me').expect(200);
    const queries: Array<Record<string, string>> = [
      {},
      { period: 'month' },
      { region: 'Busan' },
      { country: 'KR' },
    ];
    for (const query of queries) {
      const res = await board(query).expect(200);
      expect(res.body.data.map((entry: { user: { id: string } }) => entry.user.id)).not.toContain(
        bora.user.id,
      );
    }
    expect(await redis.keys(`${stack.config.redis.keyPrefix}:dist:*:scopes:${bora.user.id}`)).toEqual([]);
  });
});
