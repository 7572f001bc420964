import type { INestApplication } from '@nestjs/common';
import type { AppConfig } from '@runvs/config';
import { asUser, createCourse, createUserWithToken, startStack, type TestStack } from '@runvs/testing';
import request from 'supertest';
import type { DataSource } from 'typeorm';

const UNKNOWN = '6f0c1d7e-1111-4111-8111-111111111111';

describe('reports and blocks', () => {
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

  describe('POST /reports', () => {
    it('reports a course, a review and a user once each (second time 409 ALREADY_REPORTED)', async () => {
      const reporter = await createUserWithToken(dataSource, config);
      const author = await createUserWithToken(dataSource, config);
      const courseId = await createCourse(dataSource, author.user.id);
      const [review] = await dataSource.query(
        `INSERT INTO reviews (course_id, user_id, rating, content) VALUES ($1, $2, 1, 'meh') RETURNING id`,
        [courseId, author.user.id],
      );
      for (const [targetType, targetId] of [
        ['course', courseId],
        ['review', review.id],
        ['user', author.user.id],
      ]) {
        const created = await as(reporter.authorization)
          .post('/reports', {
            target_type: targetType,
            target_id: targetId,
            reason: 'spam',
            description: '  ads  ',
          })
          .expect(201);
        expect(created.body).toEqual({
          id: expect.any(String),
          target_type: targetType,
          target_id: targetId,
          reason: 'spam',
          description: 'ads',
          status: 'open',
          created_at: expect.any(String),
        });
        const again = await as(reporter.authorization)
          .post('/reports', { target_type: targetType, target_id: targetId, reason: 'harassment' })
          .expect(409);
        expect(again.body.code).toBe('ALREADY_REPORTED');
      }
      // Another runner may report the same target.
      const other = await createUserWithToken(dataSource, config);
      await as(other.authorization)
        .post('/reports', { target_type: 'course', target_id: courseId, reason: 'other' })
        .expect(201);
    });

    it('refuses unknown targets (404), invisible courses (404), oneself and bad bodies (422)', async () => {
      const reporter = await createUserWithToken(dataSource, config);
      const stranger = await createUserWithToken(dataSource, config);
      const privateCourse = await createCourse(dataSource, stranger.user.id, { isPublic: false });
      await as(reporter.authorization)
        .post('/reports', { target_type: 'course', target_id: UNKNOWN, reason: 'spam' })
        .expect(404);
      await as(reporter.authorization)
        .post('/reports', { target_type: 'review', target_id: UNKNOWN, reason: 'spam' })
        .expect(404);
      await as(reporter.authorization)
        .post('/reports', { target_type: 'course', target_id: privateCourse, reason: 'spam' })
        .expect(404);
      const self = await as(reporter.authorization)
        .post('/reports', { target_type: 'user', target_id: reporter.user.id, reason: 'spam' })
        .expect(422);
      expect(self.body.details.fields[0].field).toBe('target_id');
      for (const body of [
        {},
        { target_type: 'event', target_id: UNKNOWN, reason: 'spam' },
        { target_type: 'user', target_id: 'x', reason: 'spam' },
        { target_type: 'user', target_id: stranger.user.id, reason: 'because' },
        { target_type: 'user', target_id: stranger.user.id, reason: 'spam', description: 'x'.repeat(1001) },
      ]) {
        expect((await as(reporter.authorization).post('/reports', body).expect(422)).body.code).toBe(
          'VALIDATION_ERROR',
        );
      }
      await request(app.getHttpServer()).post('/api/v1/reports').send({}).expect(401);
    });
  });

  describe('blocks', () => {
    it('blocks (201, follows removed both ways), lists, refuses a second block (409) and unblocks (204)', async () => {
      const me = await createUserWithToken(dataSource, config);
      const pest = await createUserWithToken(dataSource, config);
      await dataSource.query(`INSERT INTO follows (follower_id, following_id) VALUES ($1, $2), ($2, $1)`, [
        me.user.id,
        pest.user.id,
      ]);
      const blocked = await as(me.authorization).post(`/users/${pest.user.id}/block`).expect(201);
      expect(blocked.body).toEqual({ blocked: true, user_id: pest.user.id });
      const [follows] = await dataSource.query(
        `SELECT count(*)::int AS n FROM follows WHERE $1 IN (follower_id, following_id) AND $2 IN (follower_id, following_id)`,
        [me.user.id, pest.user.id],
      );
      expect(follows.n).toBe(0);
      expect((await as(me.authorization).post(`/users/${pest.user.id}/block`).expect(409)).body.code).toBe(
        'ALREADY_BLOCKED',
      );

      const list = await as(me.authorization).get('/users/me/blocks').expect(200);
      expect(list.body).toEqual({
        data: [
          {
            user_id: pest.user.id,
            nickname: pest.user.nickname,
            avatar_url: null,
            blocked_at: expect.any(String),
          },
        ],
        total_count: 1,
        has_next: false,
      });
      await as(me.authorization).delete(`/users/${pest.user.id}/block`).expect(204);
      expect((await as(me.authorization).delete(`/users/${pest.user.id}/block`).expect(404)).body.code).toBe(
        'NOT_FOUND',
      );
      expect((await as(me.authorization).get('/users/me/blocks').expect(200)).body.total_count).toBe(0);
    });

    it('refuses blocking oneself (422) or an unknown user (404)', async () => {
      const me = await createUserWithToken(dataSource, config);
      await as(me.authorization).post(`/users/${me.user.id}/block`).expect(422);
      await as(me.authorization).post(`/users/${UNKNOWN}/block`).expect(404);
      await as(me.authorization).post('/users/nope/block').expect(422);
    });

    it('stops the blocked runner following the blocker and hides their reviews from the blocker only', async () => {
      const me = await createUserWithToken(dataSource, config);
      const pest = await createUserWithToken(dataSource, config);
      const bystander = await createUserWithToken(dataSource, config);
      const courseId = await createCourse(dataSource, bystander.user.id);
      await dataSource.query(
        `INSERT INTO reviews (course_id, user_id, rating, content) VALUES ($1, $2, 1, 'bad'), ($1, $3, 5, 'good')`,
        [courseId, pest.user.id, bystander.user.id],
      );
      await as(me.authorization).post(`/users/${pest.user.id}/block`).expect(201);

      const follow = await as(pest.authorization).post(`/users/${me.user.id}/follow`);
      expect(follow.status).toBe(403);
      expect(follow.body.code).toBe('USER_BLOCKED');

      const mine = await as(me.authorization).get(`/courses/${courseId}/reviews`).expect(200);
      expect(mine.body.data.map((r: { author: { id: string } }) => r.author.id)).toEqual([bystander.user.id]);
      expect(mine.body.total_count).toBe(1);
      expect(mine.body.avg_rating).toBe(3);
      const theirs = await as(bystander.authorization).get(`/courses/${courseId}/reviews`).expect(200);
      expect(theirs.body.total_count).toBe(2);

      await as(me.authorization).delete(`/users/${pest.user.id}/block`).expect(204);
      expect(
        (await as(me.authorization).get(`/courses/${courseId}/reviews`).expect(200)).body.total_count,
      ).toBe(2);
      await as(pest.authorization).post(`/users/${me.user.id}/follow`).expect(201);
    });

    it('silences the blocked runner’s notifications to the blocker', async () => {
      const organiser = await createUserWithToken(dataSource, config);
      const pest = await createUserWithToken(dataSource, config);
      await as(organiser.authorization).post(`/users/${pest.user.id}/block`).expect(201);
      const [event] = await dataSource.query(
        `INSERT INTO events (title, starts_at, ends_at, creator_id) VALUES ('Quiet run', now(), now() + interval '1 day', $1) RETURNING id`,
        [organiser.user.id],
      );
      await as(pest.authorization).post(`/events/${event.id}/join`).expect(201);
      const [row] = await dataSource.query(
        `SELECT count(*)::int AS n FROM notifications WHERE user_id = $1`,
        [organiser.user.id],
      );
      expect(row.n).toBe(0);
    });
  });
});
