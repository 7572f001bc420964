import type { INestApplication } from '@nestjs/common';
import type { AppConfig } from '@runvs/config';
import { CourseStatsEntity, NotificationEntity } from '@runvs/database';
import { asUser, createCourse, createUserWithToken, startStack, type TestStack } from '@runvs/testing';
import request from 'supertest';
import type { DataSource } from 'typeorm';

describe('reviews of courses', () => {
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
  const statsOf = (courseId: string) =>
    dataSource.getRepository(CourseStatsEntity).findOneByOrFail({ courseId });
  const inboxOf = (userId: string) =>
    dataSource.getRepository(NotificationEntity).find({ where: { userId }, order: { createdAt: 'ASC' } });

  it('writes one review per user and course, lists them with avg_rating and keeps the counters', async () => {
    const creator = await createUserWithToken(dataSource, config);
    const alice = await createUserWithToken(dataSource, config, { avatarUrl: 'https://cdn.test/a.jpg' });
    const bob = await createUserWithToken(dataSource, config);
    const carol = await createUserWithToken(dataSource, config);
    const course = await createCourse(dataSource, creator.user.id, { title: 'Namsan' });

    const created = await as(alice.authorization)
      .post(`/courses/${course}/reviews`, { rating: 5, content: '  최고의 코스  ' })
      .expect(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      course_id: course,
      rating: 5,
      content: '최고의 코스',
      author: { id: alice.user.id, nickname: alice.user.nickname, avatar_url: 'https://cdn.test/a.jpg' },
      created_at: expect.any(String),
      updated_at: expect.any(String),
      creator_reply: null,
      creator_reply_at: null,
    });
    const dup = await as(alice.authorization).post(`/reviews/courses/${course}`, { rating: 1 }).expect(409);
    expect(dup.body.code).toBe('DUPLICATE_REVIEW');
    await as(bob.authorization).post(`/reviews/courses/${course}`, { rating: 2 }).expect(201);
    await as(carol.authorization).post(`/courses/${course}/reviews`, { content: 'text only' }).expect(201);

    const list = await as(bob.authorization).get(`/courses/${course}/reviews?per_page=2`).expect(200);
    expect(list.body).toMatchObject({ total_count: 3, has_next: true, avg_rating: 3.5 });
    expect(list.body.data.map((r: { author: { id: string } }) => r.author.id)).toEqual([
      carol.user.id,
      bob.user.id,
    ]);
    // Public list works without a token too, at the seed path.
    const anonymous = await request(app.getHttpServer()).get(`/api/v1/reviews/courses/${course}`).expect(200);
    expect(anonymous.body.total_count).toBe(3);

    expect(await statsOf(course)).toMatchObject({ reviewCount: 3, ratingCount: 2, avgRating: 3.5 });

    // The creator was told about each review.
    const inbox = await inboxOf(creator.user.id);
    expect(inbox.map((n) => [n.type, n.actorId])).toEqual([
      ['course_review', alice.user.id],
      ['course_review', bob.user.id],
      ['course_review', carol.user.id],
    ]);
    expect(inbox[0]).toMatchObject({ targetType: 'review', targetId: created.body.id, title: '새 리뷰' });
    expect(inbox[0].body).toContain("'Namsan'");
  });

  it('refuses empty reviews, bad ratings and unknown or private courses', async () => {
    const creator = await createUserWithToken(dataSource, config);
    const me = await createUserWithToken(dataSource, config);
    const course = await createCourse(dataSource, creator.user.id);
    const hidden = await createCourse(dataSource, creator.user.id, { isPublic: false });

    const empty = await as(me.authorization).post(`/courses/${course}/reviews`, {}).expect(422);
    expect(empty.body.code).toBe('VALIDATION_ERROR');
    await as(me.authorization)
      .post(`/courses/${course}/reviews`, { rating: null, content: '   ' })
      .expect(422);
    await as(me.authorization).post(`/courses/${course}/reviews`, { rating: 6 }).expect(422);
    await as(me.authorization).post(`/courses/${course}/reviews`, { rating: 2.5 }).expect(422);
    await as(me.authorization)
      .post(`/courses/${course}/reviews`, { content: 'x'.repeat(501) })
      .expect(422);
    const unknown = await as(me.authorization)
      .post('/courses/5b0c8f3e-9d3c-4c51-a0f8-0d6b3b9b2e11/reviews', { rating: 3 })
      .expect(404);
    expect(unknown.body.code).toBe('NOT_FOUND');
    await as(me.authorization).post(`/courses/${hidden}/reviews`, { rating: 3 }).expect(404);
    await as(me.authorization).get('/courses/5b0c8f3e-9d3c-4c51-a0f8-0d6b3b9b2e11/reviews').expect(404);
    await as(me.authorization).get('/courses/nope/reviews').expect(422);
    // The creator may review their own private course, but is not notified about it.
    await as(creator.authorization).post(`/courses/${hidden}/reviews`, { rating: 4 }).expect(201);
    expect(await inboxOf(creator.user.id)).toHaveLength(0);
  });

  it('edits and deletes only my own review; mine answers the review or null', async () => {
    const creator = await createUserWithToken(dataSource, config);
    const me = await createUserWithToken(dataSource, config);
    const other = await createUserWithToken(dataSource, config);
    const course = await createCourse(dataSource, creator.user.id);

    const none = await as(me.authorization).get(`/courses/${course}/reviews/mine`).expect(200);
    expect(none.text).toBe('null');
    const { body: review } = await as(me.authorization)
      .post(`/courses/${course}/reviews`, { rating: 2, content: 'meh' })
      .expect(201);
    expect((await as(me.authorization).get(`/courses/${course}/reviews/mine`).expect(200)).body.id).toBe(
      review.id,
    );

    const forbidden = await as(other.authorization)
      .patch(`/courses/reviews/${review.id}`, { rating: 1 })
      .expect(403);
    expect(forbidden.body.code).toBe('FORBIDDEN');
    await as(other.authorization).delete(`/reviews/${review.id}`).expect(403);

    const edited = await as(me.authorization)
      .patch(`/courses/reviews/${review.id}`, { rating: 4, content: null })
      .expect(200);
    expect(edited.body).toMatchObject({ rating: 4, content: 'meh' });
    const textCleared = await as(me.authorization)
      .patch(`/reviews/${review.id}`, { content: '' })
      .expect(200);
    expect(textCleared.body).toMatchObject({ rating: 4, content: null });
    expect(await statsOf(course)).toMatchObject({ reviewCount: 1, avgRating: 4 });

    await as(me.authorization).delete(`/courses/reviews/${review.id}`).expect(204);
    await as(me.authorization).delete(`/courses/reviews/${review.id}`).expect(404);
    await as(me.authorization).patch(`/reviews/${review.id}`, { rating: 3 }).expect(404);
    expect(await statsOf(course)).toMatchObject({ reviewCount: 0, ratingCount: 0, avgRating: null });
    const list = await as(me.authorization).get(`/courses/${course}/reviews`).expect(200);
    expect(list.body).toEqual({ data: [], total_count: 0, has_next: false, avg_rating: null });
  });

  it('lets only the course creator reply, overwriting, and tells the reviewer', async () => {
    const creator = await createUserWithToken(dataSource, config);
    const reviewer = await createUserWithToken(dataSource, config);
    const course = await createCourse(dataSource, creator.user.id, { title: 'Seoul Forest' });
    const otherCourse = await createCourse(dataSource, creator.user.id);
    const { body: review } = await as(reviewer.authorization)
      .post(`/courses/${course}/reviews`, { rating: 5 })
      .expect(201);

    const notCreator = await as(reviewer.authorization)
      .post(`/courses/${course}/reviews/${review.id}/reply`, { content: 'self reply' })
      .expect(403);
    expect(notCreator.body.code).toBe('FORBIDDEN');
    await as(creator.authorization)
      .post(`/courses/${otherCourse}/reviews/${review.id}/reply`, { content: 'wrong course' })
      .expect(404);
    await as(creator.authorization)
      .post(`/courses/${course}/reviews/${review.id}/reply`, { content: '' })
      .expect(422);
    await as(creator.authorization)
      .post(`/courses/${course}/reviews/${review.id}/reply`, { content: 'x'.repeat(301) })
      .expect(422);

    const first = await as(creator.authorization)
      .post(`/courses/${course}/reviews/${review.id}/reply`, { content: '감사합니다' })
      .expect(200);
    expect(first.body).toMatchObject({
      id: review.id,
      creator_reply: '감사합니다',
      creator_reply_at: expect.any(String),
    });
    const second = await as(creator.authorization)
      .post(`/reviews/${review.id}/reply`, { content: '또 오세요' })
      .expect(200);
    expect(second.body.creator_reply).toBe('또 오세요');

    const replies = (await inboxOf(reviewer.user.id)).filter((n) => n.type === 'review_reply');
    expect(replies).toHaveLength(1); // the quick edit of the reply did not notify twice
    expect(replies[0]).toMatchObject({ actorId: creator.user.id, targetType: 'review', targetId: review.id });
    expect(replies[0].body).toContain("'Seoul Forest'");
  });
});
