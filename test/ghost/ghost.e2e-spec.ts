import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import type { AppConfig } from '@runvs/config';
import {
  createUserWithToken,
  lineFrom,
  startStack,
  type TestStack,
  waitForQueuesDrained,
} from '@runvs/testing';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { runThroughApi, trackAlong } from '../runs/run-helpers';

/** A 1.5 km course heading north-east from Yeouido, a vertex every 15 m. */
const START: [number, number] = [126.924, 37.526];
const LINE = lineFrom(START, 101, 15, 45);

/**
 * GET /courses/{id}/ghost through the real pipeline: runs recorded through the api (chunks →
 * complete → worker ranks), then ghosts of my best, the course record and a followed runner, with
 * privacy zones, access rules and HTTP caching.
 */
describe('race a ghost: GET /courses/{id}/ghost', () => {
  let stack: TestStack;
  let config: AppConfig;
  let api: INestApplication;
  let worker: INestApplicationContext;
  let dataSource: DataSource;
  let creator: Awaited<ReturnType<typeof createUserWithToken>>;
  let fast: Awaited<ReturnType<typeof createUserWithToken>>;
  let courseId: string;
  let creatorRunId: string;
  let fastRunId: string;

  beforeAll(async () => {
    stack = await startStack({ worker: true });
    ({ config, api, worker, dataSource } = stack);
    creator = await createUserWithToken(dataSource, config);
    fast = await createUserWithToken(dataSource, config);
    const first = await runThroughApi(api, creator.authorization, trackAlong(LINE, { speedMs: 3 }));
    creatorRunId = first.complete.run_record_id;
    await waitForQueuesDrained(worker);
    const created = await http()
      .post('/api/v1/courses')
      .set('Authorization', creator.authorization)
      .send({
        run_record_id: creatorRunId,
        title: 'Yeouido ghost',
        route_geometry: { type: 'LineString', coordinates: LINE },
        distance_meters: 1500,
        estimated_duration_seconds: 500,
      })
      .expect(201);
    courseId = created.body.id;
    const second = await runThroughApi(
      api,
      fast.authorization,
      trackAlong(LINE, { speedMs: 4, startMs: Date.now() - 1_800_000 }),
      { courseId },
    );
    fastRunId = second.complete.run_record_id;
    await waitForQueuesDrained(worker);
  });

  afterAll(() => stack?.close());

  const http = () => request(api.getHttpServer());
  const ghost = (authorization: string, of?: string) =>
    http()
      .get(`/api/v1/courses/${courseId}/ghost`)
      .query(of ? { of } : {})
      .set('Authorization', authorization);

  it('gives my own best as time at distance along the course', async () => {
    const res = await ghost(creator.authorization, 'me').expect(200);
    expect(res.body).toMatchObject({
      course_id: courseId,
      of: 'me',
      runner: { id: creator.user.id },
      run_record_id: creatorRunId,
      sample_interval_meters: 10,
      hidden_samples: 0,
    });
    const samples = res.body.samples as number[];
    const length = res.body.course_distance_meters as number;
    expect(Math.abs(length - 1500)).toBeLessThan(5);
    expect(samples).toHaveLength(Math.ceil(length / 10) + 1);
    expect(samples[0]).toBe(0);
    for (let k = 1; k < samples.length; k++) expect(samples[k]).toBeGreaterThanOrEqual(samples[k - 1]);
    // At 3 m/s: 500 m after ~167 s, the finish at ~500 s, matching the effort's leaderboard time.
    expect(Math.abs(samples[50] - 500 / 3)).toBeLessThan(3);
    expect(Math.abs(samples[samples.length - 1] - res.body.duration_seconds)).toBeLessThan(3);
    // The default is `me`.
    expect((await ghost(creator.authorization).expect(200)).body.run_record_id).toBe(creatorRunId);
  });

  it('gives the course record as `leader`', async () => {
    const res = await ghost(creator.authorization, 'leader').expect(200);
    expect(res.body).toMatchObject({ of: 'leader', runner: { id: fast.user.id }, run_record_id: fastRunId });
    expect(Math.abs(res.body.samples[50] - 500 / 4)).toBeLessThan(3);
  });

  it("gives a runner's ghost only to those who follow them", async () => {
    await ghost(creator.authorization, fast.user.id).expect(404);
    await http()
      .post(`/api/v1/users/${fast.user.id}/follow`)
      .set('Authorization', creator.authorization)
      .expect(201);
    const res = await ghost(creator.authorization, fast.user.id).expect(200);
    expect(res.body).toMatchObject({ of: 'user', run_record_id: fastRunId });
    // A runner without an effort on the course has no ghost.
    const idle = await createUserWithToken(dataSource, config);
    await http()
      .post(`/api/v1/users/${idle.user.id}/follow`)
      .set('Authorization', creator.authorization)
      .expect(201);
    await ghost(creator.authorization, idle.user.id).expect(404);
    await ghost(idle.authorization, 'me').expect(404);
  });

  it("hides another runner's samples inside their privacy zones, never my own", async () => {
    const zone = { lat: START[1], lng: START[0], radius_meters: 200 };
    await http()
      .put('/api/v1/users/me/privacy-zones')
      .set('Authorization', fast.authorization)
      .send([zone])
      .expect(200);
    const seen = await ghost(creator.authorization, 'leader').expect(200);
    expect(seen.body.hidden_samples).toBeGreaterThanOrEqual(19);
    expect(seen.body.samples.slice(0, 19).every((s: number | null) => s === null)).toBe(true);
    expect(seen.body.samples[40]).not.toBeNull();
    const own = await ghost(fast.authorization, 'me').expect(200);
    expect(own.body.hidden_samples).toBe(0);
    expect(own.body.samples[0]).toBe(0);
    await http()
      .put('/api/v1/users/me/privacy-zones')
      .set('Authorization', fast.authorization)
      .send([])
      .expect(200);
    expect((await ghost(creator.authorization, 'leader').expect(200)).body.hidden_samples).toBe(0);
  });

  it('is cacheable: ETag + Cache-Control, 304 when unchanged', async () => {
    const first = await ghost(creator.authorization, 'leader').expect(200);
    expect(first.headers.etag).toMatch(/^"[\w-]+"$/);
    expect(first.headers['cache-control']).toBe('private, max-age=300');
    const again = await ghost(creator.authorization, 'leader')
      .set('If-None-Match', first.headers.etag)
      .expect(304);
    expect(again.text).toBe('');
  });

  it('refuses bad requests', async () => {
    expect((await ghost(creator.authorization, 'someone').expect(422)).body.details.fields[0].field).toBe(
      'of',
    );
    await http()
      .get('/api/v1/courses/7d8c5a52-4f6c-4e7b-9a55-1f5b1c8e0d11/ghost')
      .set('Authorization', creator.authorization)
      .expect(404);
    await http()
      .get(`/api/v1/courses/not-a-uuid/ghost`)
      .set('Authorization', creator.authorization)
      .expect(422);
    await http().get(`/api/v1/courses/${courseId}/ghost`).expect(401);
    await dataSource.query(`UPDATE courses SET is_public = false WHERE id = $1`, [courseId]);
    await ghost(fast.authorization, 'me').expect(404);
    await ghost(creator.authorization, 'me').expect(200);
    await dataSource.query(`UPDATE courses SET is_public = true WHERE id = $1`, [courseId]);
  });
});
