import type { INestApplication } from '@nestjs/common';
import type { AppConfig } from '@runvs/config';
import { UserEntity } from '@runvs/database';
import {
  asUser,
  createCourse,
  createRanking,
  createUser,
  createUserWithToken,
  startStack,
  type TestStack,
} from '@runvs/testing';
import request from 'supertest';
import type { DataSource } from 'typeorm';

describe('users: my account, profiles, public profiles, social counts', () => {
  let stack: TestStack;
  let app: INestApplication;
  let config: AppConfig;
  let dataSource: DataSource;

  beforeAll(async () => {
    stack = await startStack();
    ({ config, api: app, dataSource } = stack);
  });

  afterAll(() => stack?.close());

  const as = (authorization: string) => asUser(app, authorization);
  const anonymous = () => request(app.getHttpServer());
  const follow = (followerId: string, followingId: string) =>
    dataSource.query(`INSERT INTO follows (follower_id, following_id) VALUES ($1, $2)`, [
      followerId,
      followingId,
    ]);
  const like = (userId: string, courseId: string) =>
    dataSource.query(`INSERT INTO course_likes (course_id, user_id) VALUES ($1, $2)`, [courseId, userId]);

  describe('GET /users/me', () => {
    it('returns my account with every field of UserResponse', async () => {
      const { user, authorization } = await createUserWithToken(dataSource, config, {
        totalDistanceMeters: 12_000,
        totalRuns: 3,
      });
      const response = await as(authorization).get('/users/me').expect(200);
      expect(response.body).toEqual({
        id: user.id,
        user_code: user.userCode,
        email: user.email,
        nickname: user.nickname,
        avatar_url: null,
        birthday: null,
        gender: null,
        height_cm: null,
        weight_kg: null,
        bio: null,
        instagram_username: null,
        activity_region: null,
        country: null,
        crew_name: null,
        time_zone: 'Asia/Seoul',
        total_distance_meters: 12_000,
        total_runs: 3,
        total_points: 0,
        runner_level: 3,
        created_at: user.createdAt.toISOString(),
      });
    });

    it('needs a token (401) and locks banned users out (403)', async () => {
      expect((await anonymous().get('/api/v1/users/me').expect(401)).body.code).toBe('AUTH_REQUIRED');
      const { authorization } = await createUserWithToken(dataSource, config, { isBanned: true });
      expect((await as(authorization).get('/users/me').expect(403)).body.code).toBe('USER_BANNED');
    });
  });

  describe('POST /users/me/profile', () => {
    it('sets up the profile (201)', async () => {
      const { user, authorization } = await createUserWithToken(dataSource, config, { nickname: null });
      const avatarUrl = `${config.app.publicBaseUrl}/uploads/avatars/${user.id}/a.jpg`;
      const response = await as(authorization)
        .post('/users/me/profile', {
          nickname: ' NewRunner ',
          avatar_url: avatarUrl,
          country: 'KR',
          activity_region: 'Seoul',
        })
        .expect(201);
      expect(response.body).toMatchObject({
        id: user.id,
        nickname: 'NewRunner',
        avatar_url: avatarUrl,
        country: 'KR',
        activity_region: 'Seoul',
        gender: null,
        total_distance_meters: 0,
        total_runs: 0,
        created_at: user.createdAt.toISOString(),
      });
      expect((await as(authorization).get('/users/me')).body.nickname).toBe('NewRunner');
    });

    it.each([['A'], ['VeryLongNickname'], [''], ['a\u0007b']])(
      'refuses nickname %j with 422',
      async (nickname) => {
        const { authorization } = await createUserWithToken(dataSource, config);
        const response = await as(authorization).post('/users/me/profile', { nickname }).expect(422);
        expect(response.body).toMatchObject({ code: 'VALIDATION_ERROR' });
        expect(response.body.details.fields.map((f: { field: string }) => f.field)).toEqual(['nickname']);
      },
    );

    it('refuses a nickname another user has, ignoring case (409), but lets me recase mine', async () => {
      await createUser(dataSource, { nickname: 'TakenName' });
      const { authorization } = await createUserWithToken(dataSource, config, { nickname: 'myname' });
      const taken = await as(authorization).post('/users/me/profile', { nickname: 'takenname' }).expect(409);
      expect(taken.body.code).toBe('DUPLICATE_NICKNAME');
      await as(authorization).post('/users/me/profile', { nickname: 'MyName' }).expect(201);
    });

    it('needs a nickname', async () => {
      const { authorization } = await createUserWithToken(dataSource, config);
      expect((await as(authorization).post('/users/me/profile', {}).expect(422)).body.code).toBe(
        'VALIDATION_ERROR',
      );
    });
  });

  describe('PATCH /users/me/profile', () => {
    it('updates only what is sent and echoes the profile', async () => {
      const { user, authorization } = await createUserWithToken(dataSource, config, { bio: 'old bio' });
      const response = await as(authorization)
        .patch('/users/me/profile', {
          birthday: '1990-05-17',
          gender: 'female',
          height_cm: 165.5,
          weight_kg: 55,
          instagram_username: 'run.ner_1',
          crew_name: 'Han River Crew',
          time_zone: 'Europe/Berlin',
        })
        .expect(200);
      expect(response.body).toMatchObject({
        id: user.id,
        nickname: user.nickname,
        bio: 'old bio',
        birthday: '1990-05-17',
        gender: 'female',
        height_cm: 165.5,
        weight_kg: 55,
        instagram_username: 'run.ner_1',
        crew_name: 'Han River Crew',
      });
      expect((await as(authorization).get('/users/me')).body.time_zone).toBe('Europe/Berlin');
      await as(authorization).patch('/users/me/profile', {}).expect(200);
    });

    it('ignores null except for gender, country and crew_name, which it clears', async () => {
      const { authorization } = await createUserWithToken(dataSource, config, {
        bio: 'keep',
        gender: 'male',
        country: 'KR',
        crewName: 'crew',
        heightCm: 180,
      });
      const response = await as(authorization)
        .patch('/users/me/profile', {
          bio: null,
          nickname: null,
          height_cm: null,
          gender: null,
          country: null,
          crew_name: null,
        })
        .expect(200);
      expect(response.body).toMatchObject({
        bio: 'keep',
        height_cm: 180,
        gender: null,
        country: null,
        crew_name: null,
      });
      expect(response.body.nickname).not.toBeNull();
    });

    it('refuses a taken nickname (409)', async () => {
      await createUser(dataSource, { nickname: 'Popular' });
      const { authorization } = await createUserWithToken(dataSource, config);
      const response = await as(authorization)
        .patch('/users/me/profile', { nickname: 'POPULAR' })
        .expect(409);
      expect(response.body.code).toBe('DUPLICATE_NICKNAME');
    });

    it('names every bad field (422)', async () => {
      const { authorization } = await createUserWithToken(dataSource, config);
      const response = await as(authorization)
        .patch('/users/me/profile', {
          birthday: '2999-01-01',
          gender: 'robot',
          height_cm: 20,
          weight_kg: 'heavy',
          bio: 'x'.repeat(101),
          avatar_url: 'javascript:alert(1)',
          time_zone: 'Mars/Olympus',
          unknown_field: 1,
        })
        .expect(422);
      const fields = response.body.details.fields.map((f: { field: string }) => f.field).sort();
      expect(fields).toEqual(
        [
          'avatar_url',
          'bio',
          'birthday',
          'gender',
          'height_cm',
          'time_zone',
          'unknown_field',
          'weight_kg',
        ].sort(),
      );
      await as(authorization).patch('/users/me/profile', { birthday: '2001-02-30' }).expect(422);
    });

    it('needs a token', async () => {
      await anonymous().patch('/api/v1/users/me/profile').send({ bio: 'x' }).expect(401);
    });

    it("accepts only the caller's own uploaded avatars", async () => {
      const me = await createUserWithToken(dataSource, config);
      const someoneElse = await createUser(dataSource);
      const base = `${config.app.publicBaseUrl}/uploads`;
      for (const url of [
        'https://tracker.example.com/pixel.jpg',
        `${base}/avatars/${someoneElse.id}/x.jpg`,
        `${base}/imports/${me.user.id}/x.gpx`,
      ]) {
        const response = await as(me.authorization)
          .patch('/users/me/profile', { avatar_url: url })
          .expect(422);
        expect(response.body.details.fields[0].field).toBe('avatar_url');
        await as(me.authorization)
          .post('/users/me/profile', { nickname: 'pic', avatar_url: url })
          .expect(422);
      }
      await as(me.authorization)
        .patch('/users/me/profile', { avatar_url: `${base}/avatars/${me.user.id}/mine.jpg` })
        .expect(200);
    });

    it("changes only the caller's profile", async () => {
      const alice = await createUserWithToken(dataSource, config, { bio: 'alice bio' });
      const bob = await createUserWithToken(dataSource, config);
      await as(bob.authorization).patch('/users/me/profile', { bio: 'bob bio' }).expect(200);
      const stored = await dataSource.getRepository(UserEntity).findOneByOrFail({ id: alice.user.id });
      expect(stored.bio).toBe('alice bio');
    });
  });

  describe('public profile, social counts, follow status', () => {
    it('answers at /users/{id} and /users/{id}/profile with public fields only', async () => {
      const { user: target } = await createUserWithToken(dataSource, config, {
        bio: 'hello',
        weightKg: 70,
        birthday: '1990-01-01',
        email: 'private@runvs.test',
        totalDistanceMeters: 55_000,
      });
      const viewer = await createUserWithToken(dataSource, config);
      await follow(viewer.user.id, target.id);
      const fan = await createUser(dataSource);
      await follow(target.id, fan.id);

      const visible = [] as string[];
      for (let i = 0; i < 11; i++) {
        visible.push(
          await createCourse(dataSource, target.id, {
            title: `Public ${i}`,
            createdAt: new Date(Date.now() - (20 - i) * 60_000),
          }),
        );
      }
      const privateCourse = await createCourse(dataSource, target.id, { isPublic: false });
      const hiddenCourse = await createCourse(dataSource, target.id, { isHidden: true });
      await like(viewer.user.id, visible[10]);
      await like(fan.id, visible[0]);
      await like(fan.id, privateCourse);
      // Someone faster on visible[3]: the target is second there.
      await createRanking(dataSource, { courseId: visible[3], userId: fan.id, bestDuration: 260 });
      await createRanking(dataSource, {
        courseId: visible[3],
        userId: target.id,
        bestDuration: 300,
      });
      await createRanking(dataSource, {
        courseId: visible[4],
        userId: target.id,
        bestDuration: 280,
      });
      await createRanking(dataSource, {
        courseId: hiddenCourse,
        userId: target.id,
        bestDuration: 250,
      });

      const byId = await as(viewer.authorization).get(`/users/${target.id}`).expect(200);
      const byProfile = await as(viewer.authorization).get(`/users/${target.id}/profile`).expect(200);
      expect(byProfile.body).toEqual(byId.body);
      const profile = byId.body;
      expect(profile).toMatchObject({
        id: target.id,
        user_code: target.userCode,
        bio: 'hello',
        runner_level: 9, // 50 km ≤ 55 km < 60 km (§8.6)
        total_distance_meters: 55_000,
        followers_count: 1,
        following_count: 1,
        is_following: true,
        total_likes_received: 2,
        primary_gear: null,
        gear_items: [],
      });
      for (const field of ['email', 'weight_kg', 'birthday', 'height_cm', 'gender', 'time_zone']) {
        expect(profile).not.toHaveProperty(field);
      }
      expect(profile.courses).toHaveLength(10);
      expect(profile.courses[0]).toMatchObject({
        id: visible[10],
        title: 'Public 10',
        like_count: 1,
        total_runs: 0,
      });
      expect(profile.courses.map((c: { id: string }) => c.id)).not.toContain(privateCourse);
      expect(profile.courses[0].route_preview.length).toBeGreaterThanOrEqual(2);
      expect(profile.top_rankings).toEqual([
        { course_id: visible[4], course_title: 'Public 4', rank: 1, best_duration_seconds: 280 },
        { course_id: visible[3], course_title: 'Public 3', rank: 2, best_duration_seconds: 300 },
      ]);

      const notFollowing = await createUserWithToken(dataSource, config);
      expect((await as(notFollowing.authorization).get(`/users/${target.id}`)).body.is_following).toBe(false);
    });

    it('answers 404 for an unknown user and 422 for a malformed id', async () => {
      const { authorization } = await createUserWithToken(dataSource, config);
      const unknown = '00000000-0000-4000-8000-000000000000';
      for (const path of [
        `/users/${unknown}`,
        `/users/${unknown}/profile`,
        `/users/${unknown}/social-counts`,
        `/users/${unknown}/follow-status`,
      ]) {
        expect((await as(authorization).get(path).expect(404)).body.code).toBe('NOT_FOUND');
      }
      expect((await as(authorization).get('/users/not-a-uuid').expect(422)).body.code).toBe(
        'VALIDATION_ERROR',
      );
      await anonymous().get(`/api/v1/users/${unknown}`).expect(401);
    });

    it('counts followers, following, likes and courses: mine over all my courses, others over visible public ones', async () => {
      const me = await createUserWithToken(dataSource, config);
      const other = await createUserWithToken(dataSource, config);
      const publicCourse = await createCourse(dataSource, me.user.id);
      const privateCourse = await createCourse(dataSource, me.user.id, { isPublic: false });
      const hiddenCourse = await createCourse(dataSource, me.user.id);
      await dataSource.query(`UPDATE courses SET is_hidden = true WHERE id = $1`, [hiddenCourse]);
      await createCourse(dataSource, other.user.id);
      await like(other.user.id, publicCourse);
      await like(other.user.id, privateCourse);
      await follow(other.user.id, me.user.id);

      await as(me.authorization)
        .get('/users/me/social-counts')
        .expect(200, { followers_count: 1, following_count: 0, total_likes_received: 2, courses_count: 3 });
      await as(other.authorization)
        .get(`/users/${me.user.id}/social-counts`)
        .expect(200, { followers_count: 1, following_count: 0, total_likes_received: 1, courses_count: 1 });
      await as(me.authorization)
        .get(`/users/${other.user.id}/social-counts`)
        .expect(200, { followers_count: 0, following_count: 1, total_likes_received: 0, courses_count: 1 });
      await as(other.authorization)
        .get(`/users/${me.user.id}/follow-status`)
        .expect(200, { is_following: true, followers_count: 1, following_count: 0 });
      await as(me.authorization)
        .get(`/users/${other.user.id}/follow-status`)
        .expect(200, { is_following: false, followers_count: 0, following_count: 1 });
    });
  });

  describe('extras: search and weekly goal', () => {
    it('finds runners by nickname: exact, then prefix, then contained; banned ones never', async () => {
      await createUser(dataSource, { nickname: 'xhanriver', crewName: 'crew' });
      await createUser(dataSource, { nickname: 'HanRiver' });
      await createUser(dataSource, { nickname: 'hanriver_2' });
      await createUser(dataSource, { nickname: 'hanriverBan', isBanned: true });
      await createUser(dataSource, { nickname: 'han%river' });
      const response = await anonymous().get('/api/v1/users/search?q=hanriver&per_page=2').expect(200);
      expect(response.body.total_count).toBe(3);
      expect(response.body.has_next).toBe(true);
      expect(response.body.data.map((user: { nickname: string }) => user.nickname)).toEqual([
        'HanRiver',
        'hanriver_2',
      ]);
      expect(Object.keys(response.body.data[0]).sort()).toEqual([
        'activity_region',
        'avatar_url',
        'crew_name',
        'id',
        'nickname',
      ]);
      const page2 = await anonymous().get('/api/v1/users/search?q=HANRIVER&per_page=2&page=1').expect(200);
      expect(page2.body.data).toEqual([
        expect.objectContaining({ nickname: 'xhanriver', crew_name: 'crew' }),
      ]);
      // LIKE wildcards in the query are literal characters.
      const literal = await anonymous().get('/api/v1/users/search?q=%25').expect(200);
      expect(literal.body.data.map((user: { nickname: string }) => user.nickname)).toEqual(['han%river']);
      for (const query of ['q=', 'q=' + 'x'.repeat(51), 'q=a&per_page=51', '']) {
        expect((await anonymous().get(`/api/v1/users/search?${query}`).expect(422)).body.code).toBe(
          'VALIDATION_ERROR',
        );
      }
    });

    it('sets my weekly goal (1–500 km), which analytics then reports', async () => {
      const { authorization } = await createUserWithToken(dataSource, config);
      await as(authorization)
        .patch('/users/me/weekly-goal', { goal_km: 42.5 })
        .expect(200, { weekly_goal_km: 42.5 });
      expect((await as(authorization).get('/users/me/analytics').expect(200)).body.weekly_goal_km).toBe(42.5);
      for (const goal_km of [0.5, 501, '10', null]) {
        await as(authorization).patch('/users/me/weekly-goal', { goal_km }).expect(422);
      }
      await anonymous().patch('/api/v1/users/me/weekly-goal').send({ goal_km: 10 }).expect(401);
    });
  });
});
