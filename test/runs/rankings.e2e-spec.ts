import type { INestApplication } from '@nestjs/common';
import type { AppConfig } from '@runvs/config';
import { RankingsService } from '@runvs/runs';
import { createCourse, createRun, createUserWithToken, startApi, testConfig } from '@runvs/testing';
import request from 'supertest';
import { DataSource } from 'typeorm';

const MINUTE = 60_000;
const DAY = 86_400_000;

describe('leaderboards', () => {
  let config: AppConfig;
  let app: INestApplication;
  let dataSource: DataSource;
  let courseId: string;
  let a: Awaited<ReturnType<typeof createUserWithToken>>;
  let b: Awaited<ReturnType<typeof createUserWithToken>>;
  let c: Awaited<ReturnType<typeof createUserWithToken>>;
  let nobody: Awaited<ReturnType<typeof createUserWithToken>>;
  let aFastRun: string;
  const http = () => request(app.getHttpServer());

  const eligibleRun = async (
    userId: string,
    durationSeconds: number,
    finishedAt: Date,
    distanceMeters = 5000,
  ) => {
    // a recorded track the server matched: a GPS-verified effort
    const coordinates: Array<[number, number]> = [
      [127, 37.5],
      [127, 37.51],
    ];
    const id = await createRun(dataSource, userId, {
      courseId,
      durationSeconds,
      finishedAt,
      distanceMeters,
      coordinates,
    });
    await dataSource.query(
      `UPDATE run_records SET is_ranking_eligible = true, route_match_percent = 100, max_deviation_meters = 4 WHERE id = $1`,
      [id],
    );
    return id;
  };

  beforeAll(async () => {
    config = testConfig();
    app = await startApi(config);
    dataSource = app.get(DataSource);
    a = await createUserWithToken(dataSource, config, { nickname: 'alpha', country: 'KR' });
    b = await createUserWithToken(dataSource, config, { nickname: 'bravo', country: 'KR' });
    c = await createUserWithToken(dataSource, config, { nickname: 'charlie', country: 'JP' });
    nobody = await createUserWithToken(dataSource, config, { nickname: 'nobody' });
    courseId = await createCourse(dataSource, a.user.id, { distanceMeters: 5000 });
    const now = Date.now();
    await eligibleRun(a.user.id, 1500, new Date(now - 40 * DAY));
    await eligibleRun(b.user.id, 1450, new Date(now - MINUTE), 5200);
    await eligibleRun(c.user.id, 1300, new Date(now - 400 * DAY));
    // A flagged run never ranks.
    await createRun(dataSource, nobody.user.id, { courseId, durationSeconds: 900, isFlagged: true });
    await dataSource.query(`INSERT INTO follows (follower_id, following_id) VALUES ($1, $2)`, [
      a.user.id,
      b.user.id,
    ]);
    const rankings = app.get(RankingsService);
    await rankings.rebuildCourse(courseId);
    aFastRun = await eligibleRun(a.user.id, 1400, new Date(now - 2 * MINUTE));
    await rankings.rebuildCourse(courseId);
  });

  afterAll(async () => {
    await app.close();
  });

  const ids = (body: { data: Array<{ user: { id: string } }> }) => body.data.map((e) => e.user.id);

  it('all-time by time: positional ranks, my_ranking, rank_change, same at both paths', async () => {
    const res = await http()
      .get(`/api/v1/rankings/courses/${courseId}`)
      .set('Authorization', a.authorization)
      .expect(200);
    expect(ids(res.body)).toEqual([c.user.id, a.user.id, b.user.id]);
    expect(res.body).toMatchObject({
      total_runners: 3,
      has_next: false,
      my_ranking: { rank: 2, best_duration_seconds: 1400, percentile: 66.7, rank_change: 1 },
    });
    expect(res.body.data[1]).toMatchObject({
      rank: 2,
      user: { id: a.user.id, nickname: 'alpha', runner_level: expect.any(Number) },
      best_duration_seconds: 1400,
      best_pace_seconds_per_km: 280,
      run_count: 2,
      gps_verified: true,
      rank_change: 1,
    });
    const alias = await http()
      .get(`/api/v1/courses/${courseId}/rankings`)
      .set('Authorization', a.authorization)
      .expect(200);
    expect(alias.body).toEqual(res.body);
    const anonymous = await http().get(`/api/v1/courses/${courseId}/rankings`).expect(200);
    expect(anonymous.body.my_ranking).toBeNull();
  });

  it('pages with limit/per_page', async () => {
    const page1 = await http().get(`/api/v1/courses/${courseId}/rankings?limit=2&page=1`).expect(200);
    expect(page1.body).toMatchObject({ total_runners: 3, has_next: false });
    expect(page1.body.data).toHaveLength(1);
    expect(page1.body.data[0]).toMatchObject({ rank: 3, user: { id: b.user.id } });
  });

  it('periods count only runs inside this week/month/year; pace order; following only; country', async () => {
    const month = await http().get(`/api/v1/courses/${courseId}/rankings?period=month`).expect(200);
    expect(ids(month.body)).toEqual([a.user.id, b.user.id]);
    expect(month.body.data[0]).toMatchObject({ run_count: 1, rank_change: null });
    const season = await http().get(`/api/v1/courses/${courseId}/rankings?scope=season`).expect(200);
    expect(season.body.data.some((e: { user: { id: string } }) => e.user.id === c.user.id)).toBe(false);
    const pace = await http().get(`/api/v1/courses/${courseId}/rankings?sort=pace&period=week`).expect(200);
    expect(ids(pace.body)).toEqual([b.user.id, a.user.id]);
    const following = await http()
      .get(`/api/v1/courses/${courseId}/rankings?following=true`)
      .set('Authorization', a.authorization)
      .expect(200);
    expect(ids(following.body)).toEqual([a.user.id, b.user.id]);
    expect(following.body.my_ranking).toMatchObject({ rank: 1, percentile: 50 });
    await http().get(`/api/v1/courses/${courseId}/rankings?following=true`).expect(401);
    const japan = await http().get(`/api/v1/courses/${courseId}/rankings?country=JP`).expect(200);
    expect(ids(japan.body)).toEqual([c.user.id]);
    await http().get(`/api/v1/courses/${courseId}/rankings?period=decade`).expect(422);
    await http().get(`/api/v1/courses/${courseId}/rankings?gender=male&age_group=30s`).expect(200);
  });

  it('my ranking (with percentile), my best, my positions across courses', async () => {
    for (const path of [`rankings/courses/${courseId}/me`, `courses/${courseId}/my-ranking`]) {
      const res = await http().get(`/api/v1/${path}`).set('Authorization', a.authorization).expect(200);
      expect(res.body).toEqual({
        rank: 2,
        best_duration_seconds: 1400,
        best_pace_seconds_per_km: 280,
        total_runners: 3,
        percentile: 66.7,
        rank_change: 1,
        run_count: 2,
      });
    }
    const none = await http()
      .get(`/api/v1/courses/${courseId}/my-ranking`)
      .set('Authorization', nobody.authorization)
      .expect(200);
    expect(none.body).toMatchObject({ rank: null, total_runners: 3, percentile: null });
    const best = await http()
      .get(`/api/v1/courses/${courseId}/my-best`)
      .set('Authorization', a.authorization)
      .expect(200);
    expect(best.body).toMatchObject({ id: aFastRun, duration_seconds: 1400 });
    const noBest = await http()
      .get(`/api/v1/courses/${courseId}/my-best`)
      .set('Authorization', nobody.authorization)
      .expect(200);
    expect(noBest.text).toBe('null');
    const mine = await http().get('/api/v1/rankings/me').set('Authorization', a.authorization).expect(200);
    expect(mine.body.data).toEqual([
      expect.objectContaining({
        course: expect.objectContaining({ id: courseId }),
        rank: 2,
        total_runners: 3,
        percentile: 66.7,
        rank_change: 1,
      }),
    ]);
    await http().get('/api/v1/rankings/me').expect(401);
  });

  it('404s an unknown course and 422s a malformed id', async () => {
    await http().get('/api/v1/rankings/courses/00000000-0000-4000-8000-000000000000').expect(404);
    await http().get('/api/v1/courses/nope/my-ranking').set('Authorization', a.authorization).expect(422);
  });
});
