import type { INestApplication } from '@nestjs/common';
import type { AppConfig } from '@runvs/config';
import {
  createCourse,
  createRun,
  createUser,
  createUserWithToken,
  startStack,
  type TestStack,
} from '@runvs/testing';
import request from 'supertest';
import type { DataSource } from 'typeorm';

const YEAR_MS = 365.25 * 86_400_000;
const isoDate = (date: Date) => date.toISOString().slice(0, 10);
const yearsAgo = (years: number) => new Date(Date.now() - years * YEAR_MS);

describe('course boards: gender and age-group filters, the one ban rule', () => {
  let stack: TestStack;
  let app: INestApplication;
  let config: AppConfig;
  let dataSource: DataSource;

  beforeAll(async () => {
    stack = await startStack();
    ({ config, api: app, dataSource } = stack);
  });

  afterAll(() => stack?.close());

  const http = () => request(app.getHttpServer());

  /** A ranked effort of `userId` on the course: the eligible run and its board row. */
  async function effort(courseId: string, userId: string, seconds: number, finishedAt = new Date()) {
    const runId = await createRun(dataSource, userId, { courseId, durationSeconds: seconds, finishedAt });
    await dataSource.query(`UPDATE run_records SET is_ranking_eligible = true WHERE id = $1`, [runId]);
    await dataSource.query(
      `INSERT INTO rankings (course_id, user_id, run_record_id, best_duration_seconds, best_pace_seconds_per_km, achieved_at)
       VALUES ($1, $2, $3, $4, $4, $5)`,
      [courseId, userId, runId, seconds, finishedAt],
    );
  }

  const boardOf = async (courseId: string, query = '') => {
    const response = await http().get(`/api/v1/courses/${courseId}/rankings${query}`);
    expect(response.status).toBe(200);
    return (response.body.data as Array<{ user: { id: string } }>).map((entry) => entry.user.id);
  };

  it('filters by the gender and the age the runner had when they ran', async () => {
    const owner = await createUser(dataSource);
    const courseId = await createCourse(dataSource, owner.id);
    const man35 = await createUser(dataSource, { gender: 'male', birthday: isoDate(yearsAgo(35.5)) });
    const woman25 = await createUser(dataSource, { gender: 'female', birthday: isoDate(yearsAgo(25.5)) });
    // 31 today, but 29 when they ran two years ago
    const man29then = await createUser(dataSource, { gender: 'male', birthday: isoDate(yearsAgo(31.5)) });
    const noProfile = await createUser(dataSource);
    await effort(courseId, man35.id, 300);
    await effort(courseId, woman25.id, 310);
    await effort(courseId, man29then.id, 320, yearsAgo(2));
    await effort(courseId, noProfile.id, 330);
    // profiles changed after the efforts do not move them
    await dataSource.query(`UPDATE users SET gender = 'female' WHERE id = $1`, [man35.id]);

    expect(await boardOf(courseId)).toEqual([man35.id, woman25.id, man29then.id, noProfile.id]);
    expect(await boardOf(courseId, '?gender=male')).toEqual([man35.id, man29then.id]);
    expect(await boardOf(courseId, '?gender=female')).toEqual([woman25.id]);
    expect(await boardOf(courseId, '?age_group=20s')).toEqual([woman25.id, man29then.id]);
    expect(await boardOf(courseId, '?age_group=30-39')).toEqual([man35.id]);
    expect(await boardOf(courseId, '?gender=male&age_group=20s')).toEqual([man29then.id]);
    expect(await boardOf(courseId, '?age_group=60%2B')).toEqual([]);

    const filtered = await http().get(`/api/v1/courses/${courseId}/rankings?gender=male`);
    expect(filtered.body.total_runners).toBe(2);
  });

  it('refuses an unknown gender or age group with 422', async () => {
    const owner = await createUser(dataSource);
    const courseId = await createCourse(dataSource, owner.id);
    for (const query of ['?gender=robot', '?age_group=young', '?age_group=40-30']) {
      const response = await http().get(`/api/v1/courses/${courseId}/rankings${query}`);
      expect({ query, status: response.status, code: response.body.code }).toEqual({
        query,
        status: 422,
        code: 'VALIDATION_ERROR',
      });
    }
  });

  it('a temporary ban that has run out shows the runner again on boards, in search and to auth', async () => {
    const owner = await createUser(dataSource);
    const courseId = await createCourse(dataSource, owner.id);
    const stamp = Date.now().toString(36);
    const expired = await createUserWithToken(dataSource, config, {
      nickname: `exp${stamp}`.slice(0, 12),
      isBanned: true,
      bannedUntil: new Date(Date.now() - 3_600_000),
      bannedReason: 'cooling off',
    });
    const banned = await createUserWithToken(dataSource, config, {
      nickname: `ban${stamp}`.slice(0, 12),
      isBanned: true,
      bannedUntil: new Date(Date.now() + 86_400_000),
      bannedReason: 'still cooling off',
    });
    const forever = await createUser(dataSource, { isBanned: true, bannedUntil: null });
    await effort(courseId, expired.user.id, 300);
    await effort(courseId, banned.user.id, 290);
    await effort(courseId, forever.id, 280);

    // the all-time board (from the rankings rows) and a derived one (from the runs) agree
    expect(await boardOf(courseId)).toEqual([expired.user.id]);
    expect(await boardOf(courseId, '?period=year')).toEqual([expired.user.id]);
    expect(await boardOf(courseId, '?sort=pace')).toEqual([expired.user.id]);

    // the same rule in search and in auth
    const search = await http().get(`/api/v1/users/search?q=${stamp}`);
    expect(search.status).toBe(200);
    expect((search.body.data as Array<{ id: string }>).map((u) => u.id)).toEqual([expired.user.id]);
    const me = await http().get('/api/v1/users/me').set('Authorization', expired.authorization);
    expect(me.status).toBe(200);
    const stillBanned = await http().get('/api/v1/users/me').set('Authorization', banned.authorization);
    expect(stillBanned.status).toBe(403);
  });
});
