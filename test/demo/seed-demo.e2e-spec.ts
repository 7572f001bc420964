import { signAccessToken } from '@runvs/identity';
import { asUser, PROJECT_ROOT, startStack, type TestStack, waitForQueuesDrained } from '@runvs/testing';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import {
  DEMO_EMAIL_DOMAIN,
  type DemoSeedOptions,
  DemoSeeder,
  demoCounts,
  demoRunsPending,
} from '../../scripts/demo/demo-seeder';
import { SEOUL_COURSES } from '../../scripts/demo/seoul';

const SCRIPT = join(PROJECT_ROOT, 'dist/scripts/seed-demo.js');

/** A small demo (the sizes are flags of `npm run seed:demo`). */
const SMALL: DemoSeedOptions = { runners: 14, runs: 90, days: 14, intervalS: 3, seed: 7, concurrency: 2 };

/**
 * `npm run seed:demo` against the real database and worker: the runs go through the pipeline, so
 * course boards, runner stats and streaks, events, the feed, the heatmap, achievements and the
 * weekly distance board are filled by it; a second run changes nothing.
 */
describe('demo data (npm run seed:demo)', () => {
  let stack: TestStack;
  let first: Awaited<ReturnType<DemoSeeder['seed']>>;

  beforeAll(async () => {
    stack = await startStack({ worker: true });
    first = await new DemoSeeder(stack.api, SMALL).seed();
    await waitForQueuesDrained(stack.worker, { timeoutMs: 180_000 });
  }, 240_000); // the seed, then up to 180 s for the worker to count every run

  afterAll(async () => {
    await stack?.close();
  });

  const query = <T>(sql: string, parameters: unknown[] = []) =>
    stack.dataSource.query(sql, parameters) as Promise<T[]>;

  /** A signed-in demo runner: the most active one. */
  async function demoRunner(): Promise<{ id: string; authorization: string }> {
    const [row] = await query<{ id: string }>(
      `SELECT id FROM users WHERE email LIKE $1 AND email LIKE 'runner%' ORDER BY total_runs DESC, id LIMIT 1`,
      [`%@${DEMO_EMAIL_DOMAIN}`],
    );
    return { id: row.id, authorization: `Bearer ${signAccessToken(stack.config, row.id, randomUUID())}` };
  }

  it('creates marked demo runners with profiles, courses along Seoul routes, follows, events and reviews', async () => {
    expect(first).toEqual({
      skipped: false,
      runners: SMALL.runners,
      courses: SEOUL_COURSES.length,
      // every course's creator ran it first
      runs: SMALL.runs + SEOUL_COURSES.length,
      follows: expect.any(Number),
      reviews: expect.any(Number),
      events: 3,
      participations: expect.any(Number),
    });
    expect(first.follows).toBeGreaterThan(SMALL.runners);
    expect(first.reviews).toBeGreaterThan(0);
    expect(first.participations).toBeGreaterThan(0);
    const runners = await query<{ email: string; gender: string; bio: string; activity_region: string }>(
      `SELECT email, gender, bio, activity_region FROM users WHERE email LIKE 'runner%'`,
    );
    expect(runners).toHaveLength(SMALL.runners);
    for (const runner of runners) {
      expect(runner.email.endsWith(`@${DEMO_EMAIL_DOMAIN}`)).toBe(true);
      expect(['male', 'female']).toContain(runner.gender);
      expect(runner.bio).toContain('(데모 계정)');
      expect(runner.activity_region).toMatch(/^서울 .+구$/);
    }
    const courses = await query<{ title: string; lng: number; lat: number }>(
      `SELECT title, ST_X(start_point::geometry) AS lng, ST_Y(start_point::geometry) AS lat FROM courses`,
    );
    expect(courses.map((c) => c.title).sort()).toEqual(SEOUL_COURSES.map((c) => c.title).sort());
    for (const course of courses) {
      expect(course.lat).toBeGreaterThan(37.4);
      expect(course.lat).toBeLessThan(37.7);
      expect(course.lng).toBeGreaterThan(126.8);
      expect(course.lng).toBeLessThan(127.2);
    }
  });

  it('sends every run through the pipeline: matched, ranked, counted', async () => {
    expect(await demoRunsPending(stack.dataSource)).toEqual({ pending: 0, failed: 0 });
    const [runs] = await query<{ on_course: number; completed: number; flagged: number }>(
      `SELECT count(*) FILTER (WHERE course_id IS NOT NULL)::int AS on_course,
              count(*) FILTER (WHERE course_completed)::int AS completed,
              count(*) FILTER (WHERE is_flagged)::int AS flagged
         FROM run_records`,
    );
    expect(runs.flagged).toBe(0);
    // The generated tracks follow the course lines closely enough for the matcher to accept them.
    expect(runs.completed).toBe(runs.on_course);
    const [totals] = await query<{ runners: number; counted: number }>(
      `SELECT count(*) FILTER (WHERE total_runs > 0)::int AS runners, coalesce(sum(total_runs), 0)::int AS counted
         FROM users WHERE email LIKE 'runner%'`,
    );
    expect(totals.counted).toBe(first.runs);
    expect(totals.runners).toBeGreaterThan(SMALL.runners / 2);
  });

  it('fills the course boards', async () => {
    const [yeouido] = await query<{ id: string }>(`SELECT id FROM courses WHERE title = $1`, [
      SEOUL_COURSES[0].title,
    ]);
    const runner = await demoRunner();
    const board = await asUser(stack.api, runner.authorization)
      .get(`/courses/${yeouido.id}/rankings`)
      .expect(200);
    expect(board.body.data.length).toBeGreaterThan(0);
    const [ranked] = await query<{ n: number }>(`SELECT count(*)::int AS n FROM rankings`);
    expect(ranked.n).toBeGreaterThan(SEOUL_COURSES.length);
  });

  it("fills a runner's stats, feed and achievements", async () => {
    const runner = await demoRunner();
    const as = asUser(stack.api, runner.authorization);
    const stats = (await as.get('/users/me/stats').expect(200)).body;
    expect(stats.total_runs).toBeGreaterThan(0);
    expect(stats.total_distance_meters).toBeGreaterThan(1000);
    const achievements = (await as.get('/users/me/achievements').expect(200)).body;
    expect(JSON.stringify(achievements)).toContain('first_run');
    // Someone who follows people sees their runs in the feed.
    const [follower] = await query<{ follower_id: string }>(
      `SELECT f.follower_id FROM follows f JOIN users u ON u.id = f.following_id
        WHERE u.total_runs > 0 ORDER BY f.follower_id LIMIT 1`,
    );
    const feed = await asUser(
      stack.api,
      `Bearer ${signAccessToken(stack.config, follower.follower_id, randomUUID())}`,
    )
      .get('/follows/activity-feed')
      .expect(200);
    expect(JSON.stringify(feed.body)).toContain('run_completed');
    const [awarded] = await query<{ n: number }>(
      `SELECT count(DISTINCT user_id)::int AS n FROM user_achievements`,
    );
    expect(awarded.n).toBeGreaterThan(SMALL.runners / 2);
  });

  it('fills event progress, the heatmap and this week’s distance board', async () => {
    const [progress] = await query<{ runs: number }>(
      `SELECT coalesce(sum(progress_runs), 0)::int AS runs FROM event_participants`,
    );
    expect(progress.runs).toBeGreaterThan(0);
    const heatmap = await request(stack.api.getHttpServer())
      .get('/api/v1/heatmap')
      .query({ sw_lat: 37.4, sw_lng: 126.8, ne_lat: 37.7, ne_lng: 127.2 })
      .expect(200);
    expect(heatmap.body.length).toBeGreaterThan(10);
    const weekly = await request(stack.api.getHttpServer()).get('/api/v1/leaderboard/weekly').expect(200);
    expect(weekly.body.data.length).toBeGreaterThan(0);
    const monthly = await request(stack.api.getHttpServer())
      .get('/api/v1/leaderboard/weekly')
      .query({ period: 'month', region: 'Seoul' })
      .expect(200);
    expect(monthly.body.data.length).toBeGreaterThan(0);
  });

  it('is idempotent: a second seed (the built script) adds nothing', async () => {
    if (!existsSync(SCRIPT)) throw new Error(`${SCRIPT} is missing: run \`npm run build\` first`);
    const before = await demoCounts(stack.dataSource);
    const again = await new DemoSeeder(stack.api, SMALL).seed();
    expect(again).toEqual({ skipped: true, ...before });
    const { stdout } = await promisify(execFile)(
      'node',
      [SCRIPT, '--runners', '14', '--runs', '90', '--wait-seconds', '0'],
      {
        cwd: PROJECT_ROOT,
        env: {
          PATH: process.env.PATH ?? '',
          APP_ENV: 'test',
          LOG_LEVEL: 'silent',
          DATABASE_URL: stack.config.database.url,
          REDIS_URL: stack.config.redis.url,
          REDIS_KEY_PREFIX: stack.config.redis.keyPrefix,
        },
      },
    );
    expect(stdout).toContain('already seeded');
    expect(await demoCounts(stack.dataSource)).toEqual(before);
    await waitForQueuesDrained(stack.worker);
    const [runs] = await query<{ n: number }>(`SELECT count(*)::int AS n FROM run_records`);
    expect(runs.n).toBe(first.runs);
  });
});
