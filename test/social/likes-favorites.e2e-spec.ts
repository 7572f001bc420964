import type { INestApplication } from '@nestjs/common';
import type { AppConfig } from '@runvs/config';
import { CourseStatsEntity, NotificationEntity } from '@runvs/database';
import { asUser, createCourse, createUserWithToken, startStack, type TestStack } from '@runvs/testing';
import type { DataSource } from 'typeorm';

describe('likes and favorites of courses', () => {
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
  const UNKNOWN = '5b0c8f3e-9d3c-4c51-a0f8-0d6b3b9b2e11';

  it('toggles a like with state and count, keeps the counter and notifies the creator once', async () => {
    const creator = await createUserWithToken(dataSource, config);
    const me = await createUserWithToken(dataSource, config);
    const other = await createUserWithToken(dataSource, config);
    const course = await createCourse(dataSource, creator.user.id, { title: 'Olympic Park' });

    await as(me.authorization)
      .get(`/courses/${course}/like/status`)
      .expect(200, { is_liked: false, like_count: 0 });
    await as(me.authorization).post(`/courses/${course}/like`).expect(200, { is_liked: true, like_count: 1 });
    await as(other.authorization)
      .post(`/likes/courses/${course}/toggle`)
      .expect(200, { is_liked: true, like_count: 2 });
    await as(me.authorization).get(`/likes/courses/${course}`).expect(200, { is_liked: true, like_count: 2 });
    await as(me.authorization)
      .post(`/courses/${course}/like`)
      .expect(200, { is_liked: false, like_count: 1 });
    expect((await statsOf(course)).likeCount).toBe(1);
    await as(me.authorization).post(`/courses/${course}/like`).expect(200, { is_liked: true, like_count: 2 });
    expect((await statsOf(course)).likeCount).toBe(2);

    const inbox = await dataSource
      .getRepository(NotificationEntity)
      .find({ where: { userId: creator.user.id }, order: { createdAt: 'ASC' } });
    // like → unlike → like by me within 5 minutes: one notification; plus one from the other user.
    expect(inbox.map((n) => [n.type, n.actorId])).toEqual([
      ['course_like', me.user.id],
      ['course_like', other.user.id],
    ]);
    expect(inbox[0]).toMatchObject({ targetType: 'course', targetId: course, title: '코스 좋아요' });
    expect(inbox[0].body).toContain("'Olympic Park'");

    // Liking my own course notifies nobody.
    await as(creator.authorization)
      .post(`/courses/${course}/like`)
      .expect(200, { is_liked: true, like_count: 3 });
    expect(await dataSource.getRepository(NotificationEntity).countBy({ userId: creator.user.id })).toBe(2);
  });

  it('concurrent toggles by different users keep an exact count', async () => {
    const creator = await createUserWithToken(dataSource, config);
    const course = await createCourse(dataSource, creator.user.id);
    const likers = await Promise.all(
      Array.from({ length: 6 }, () => createUserWithToken(dataSource, config)),
    );
    await Promise.all(
      likers.map((liker) => as(liker.authorization).post(`/courses/${course}/like`).expect(200)),
    );
    expect((await statsOf(course)).likeCount).toBe(6);
    await as(creator.authorization)
      .get(`/courses/${course}/like/status`)
      .expect(200, { is_liked: false, like_count: 6 });
  });

  it('answers 404 for unknown or invisible courses, 422 for bad ids', async () => {
    const creator = await createUserWithToken(dataSource, config);
    const me = await createUserWithToken(dataSource, config);
    const hidden = await createCourse(dataSource, creator.user.id, { isHidden: true });
    for (const path of [
      `/courses/${UNKNOWN}/like`,
      `/favorites/courses/${UNKNOWN}`,
      `/courses/${hidden}/like`,
      `/favorites/courses/${hidden}/toggle`,
    ]) {
      const res = await as(me.authorization).post(path).expect(404);
      expect(res.body.code).toBe('NOT_FOUND');
    }
    await as(me.authorization).get(`/courses/${UNKNOWN}/like/status`).expect(404);
    await as(me.authorization).get(`/favorites/courses/${UNKNOWN}/status`).expect(404);
    await as(me.authorization).post('/courses/xyz/like').expect(422);
  });

  it('toggles favorites with state and count and lists mine, newest first', async () => {
    const creator = await createUserWithToken(dataSource, config);
    const me = await createUserWithToken(dataSource, config);
    const first = await createCourse(dataSource, creator.user.id, {
      title: 'First',
      distanceMeters: 5100,
      routePreview: [
        [127, 37.5],
        [127.01, 37.51],
      ],
      thumbnailUrl: 'https://cdn.test/first.png',
    });
    const second = await createCourse(dataSource, creator.user.id, { title: 'Second' });
    const laterHidden = await createCourse(dataSource, creator.user.id, { title: 'Soon hidden' });

    await as(me.authorization)
      .get(`/favorites/courses/${first}/status`)
      .expect(200, { is_favorited: false, favorite_count: 0 });
    await as(me.authorization)
      .post(`/favorites/courses/${first}`)
      .expect(200, { is_favorited: true, favorite_count: 1 });
    await as(me.authorization)
      .post(`/favorites/courses/${second}/toggle`)
      .expect(200, { is_favorited: true, favorite_count: 1 });
    await as(me.authorization).post(`/favorites/courses/${laterHidden}`).expect(200);
    await dataSource.query(`UPDATE courses SET is_hidden = true WHERE id = $1`, [laterHidden]);
    await as(me.authorization)
      .get(`/favorites/courses/${second}`)
      .expect(200, { is_favorited: true, favorite_count: 1 });
    expect((await statsOf(first)).favoriteCount).toBe(1);

    const list = await as(me.authorization).get('/favorites/courses').expect(200);
    expect(list.body.map((c: { id: string }) => c.id)).toEqual([second, first]);
    expect(list.body[1]).toEqual({
      id: first,
      title: 'First',
      thumbnail_url: 'https://cdn.test/first.png',
      route_preview: [
        [127, 37.5],
        [127.01, 37.51],
      ],
      distance_meters: 5100,
      estimated_duration_seconds: 600,
      creator_nickname: creator.user.nickname,
      favorited_at: expect.any(String),
    });
    expect((await as(me.authorization).get('/favorites').expect(200)).body).toHaveLength(2);

    await as(me.authorization)
      .post(`/favorites/courses/${first}`)
      .expect(200, { is_favorited: false, favorite_count: 0 });
    expect((await as(me.authorization).get('/favorites/courses').expect(200)).body).toHaveLength(1);
    // Favorites notify nobody.
    expect(await dataSource.getRepository(NotificationEntity).countBy({ userId: creator.user.id })).toBe(0);
  });
});
