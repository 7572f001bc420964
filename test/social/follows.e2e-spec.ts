import type { INestApplication } from '@nestjs/common';
import type { AppConfig } from '@runvs/config';
import { NotificationEntity } from '@runvs/database';
import {
  asUser,
  createCourse,
  createRun,
  createUser,
  createUserWithToken,
  startStack,
  type TestStack,
} from '@runvs/testing';
import type { DataSource } from 'typeorm';

describe('follows: follow/unfollow, lists, activity feed', () => {
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
  const inboxOf = (userId: string) => dataSource.getRepository(NotificationEntity).findBy({ userId });

  describe('follow and unfollow', () => {
    it('follows (201 with the followed user), notifies them once, and refuses a second follow', async () => {
      const me = await createUserWithToken(dataSource, config);
      const target = await createUser(dataSource, { avatarUrl: 'https://cdn.test/t.jpg' });
      const res = await as(me.authorization).post(`/users/${target.id}/follow`).expect(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        user: { id: target.id, nickname: target.nickname, avatar_url: 'https://cdn.test/t.jpg' },
        created_at: expect.any(String),
      });
      const again = await as(me.authorization).post(`/users/${target.id}/follow`).expect(409);
      expect(again.body.code).toBe('ALREADY_FOLLOWING');
      const again2 = await as(me.authorization).post(`/follows/${target.id}`).expect(409);
      expect(again2.body.code).toBe('ALREADY_FOLLOWING');

      const [notification] = await inboxOf(target.id);
      expect(notification).toMatchObject({
        type: 'follow',
        actorId: me.user.id,
        targetType: 'user',
        targetId: me.user.id,
        title: '새로운 팔로워',
        body: `${me.user.nickname}님이 회원님을 팔로우하기 시작했습니다.`,
      });

      // unfollow → follow again within 5 minutes: no second notification.
      await as(me.authorization).delete(`/users/${target.id}/follow`).expect(204);
      await as(me.authorization).post(`/follows/${target.id}`).expect(201);
      expect(await inboxOf(target.id)).toHaveLength(1);
    });

    it('refuses following yourself (422 SELF_FOLLOW), unknown users (404) and bad ids (422)', async () => {
      const me = await createUserWithToken(dataSource, config);
      const self = await as(me.authorization).post(`/users/${me.user.id}/follow`).expect(422);
      expect(self.body.code).toBe('SELF_FOLLOW');
      const unknown = await as(me.authorization)
        .post(`/users/5b0c8f3e-9d3c-4c51-a0f8-0d6b3b9b2e11/follow`)
        .expect(404);
      expect(unknown.body.code).toBe('NOT_FOUND');
      await as(me.authorization).post('/users/not-a-uuid/follow').expect(422);
      expect(await inboxOf(me.user.id)).toHaveLength(0);
    });

    it('unfollowing someone I do not follow is 404', async () => {
      const me = await createUserWithToken(dataSource, config);
      const other = await createUser(dataSource);
      const res = await as(me.authorization).delete(`/users/${other.id}/follow`).expect(404);
      expect(res.body.code).toBe('NOT_FOUND');
      await as(me.authorization).delete(`/follows/${other.id}`).expect(404);
    });

    it('refuses a follow when either side blocked the other', async () => {
      const me = await createUserWithToken(dataSource, config);
      const blocker = await createUser(dataSource);
      const blockedByMe = await createUser(dataSource);
      await dataSource.query(`INSERT INTO user_blocks (blocker_id, blocked_id) VALUES ($1, $2), ($3, $4)`, [
        blocker.id,
        me.user.id,
        me.user.id,
        blockedByMe.id,
      ]);
      expect((await as(me.authorization).post(`/users/${blocker.id}/follow`).expect(403)).body.code).toBe(
        'USER_BLOCKED',
      );
      await as(me.authorization).post(`/users/${blockedByMe.id}/follow`).expect(403);
      expect(await inboxOf(blocker.id)).toHaveLength(0);
    });

    it('follows by user code and finds users by code (not myself)', async () => {
      const me = await createUserWithToken(dataSource, config);
      // Factory codes are hex, so a 'Z' first never collides with mine (a 'C' did, one run in 16).
      const target = await createUser(dataSource, { userCode: `Z${me.user.userCode.slice(1)}`.slice(0, 8) });
      const found = await as(me.authorization)
        .get(`/follows/search-by-code/${target.userCode.toLowerCase()}`)
        .expect(200);
      expect(found.body).toMatchObject({
        id: target.id,
        user_code: target.userCode,
        is_following: false,
        total_runs: 0,
      });
      await as(me.authorization).post('/follows/by-code', { user_code: target.userCode }).expect(201);
      expect(
        (await as(me.authorization).get(`/follows/search-by-code/${target.userCode}`).expect(200)).body
          .is_following,
      ).toBe(true);
      await as(me.authorization).get(`/follows/search-by-code/${me.user.userCode}`).expect(404);
      await as(me.authorization).post('/follows/by-code', { user_code: 'ZZZZZZZZ' }).expect(404);
      await as(me.authorization).post('/follows/by-code', {}).expect(422);
    });
  });

  describe('lists and status', () => {
    it("lists anyone's followers and following, newest first, paged, at both paths", async () => {
      const me = await createUserWithToken(dataSource, config);
      const star = await createUserWithToken(dataSource, config);
      const fans = [
        await createUserWithToken(dataSource, config),
        await createUserWithToken(dataSource, config),
      ];
      for (const fan of [me, ...fans])
        await as(fan.authorization).post(`/users/${star.user.id}/follow`).expect(201);

      const page0 = await as(me.authorization).get(`/users/${star.user.id}/followers?per_page=2`).expect(200);
      expect(page0.body).toMatchObject({ total_count: 3, has_next: true });
      expect(page0.body.data.map((f: { user: { id: string } }) => f.user.id)).toEqual([
        fans[1].user.id,
        fans[0].user.id,
      ]);
      const page1 = await as(me.authorization)
        .get(`/users/${star.user.id}/followers?page=1&per_page=2`)
        .expect(200);
      expect(page1.body.data.map((f: { user: { id: string } }) => f.user.id)).toEqual([me.user.id]);

      const following = await as(star.authorization).get(`/users/${me.user.id}/following`).expect(200);
      expect(following.body).toMatchObject({ total_count: 1, has_next: false });
      expect(following.body.data[0].user).toEqual({
        id: star.user.id,
        nickname: star.user.nickname,
        avatar_url: null,
      });
      // Seed paths: my own lists.
      expect((await as(star.authorization).get('/follows/followers').expect(200)).body.total_count).toBe(3);
      expect((await as(me.authorization).get('/follows/following').expect(200)).body.total_count).toBe(1);

      const status = await as(me.authorization).get(`/users/${star.user.id}/follow-status`).expect(200);
      expect(status.body).toMatchObject({ is_following: true, followers_count: 3, following_count: 0 });

      await as(me.authorization).get('/users/5b0c8f3e-9d3c-4c51-a0f8-0d6b3b9b2e11/followers').expect(404);
      await as(me.authorization).get(`/users/${star.user.id}/followers?per_page=0`).expect(422);
    });
  });

  describe('activity feed', () => {
    it('shows runs and public courses of people I follow, newest first, without Strava or private runs', async () => {
      const me = await createUserWithToken(dataSource, config);
      const friend = await createUser(dataSource);
      const stranger = await createUser(dataSource);
      await as(me.authorization).post(`/users/${friend.id}/follow`).expect(201);
      const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);

      const publicCourse = await createCourse(dataSource, friend.id, {
        title: 'Han River',
        distanceMeters: 4200,
        createdAt: minutesAgo(50),
      });
      const privateCourse = await createCourse(dataSource, friend.id, {
        isPublic: false,
        createdAt: minutesAgo(45),
      });
      const run = await createRun(dataSource, friend.id, {
        courseId: publicCourse,
        finishedAt: minutesAgo(40),
        distanceMeters: 4200,
        durationSeconds: 1500,
      });
      const freeRun = await createRun(dataSource, friend.id, {
        finishedAt: minutesAgo(10),
        distanceMeters: 3000,
      });
      const strava = await createRun(dataSource, friend.id, { finishedAt: minutesAgo(5) });
      await dataSource.query(`UPDATE run_records SET source = 'strava' WHERE id = $1`, [strava]);
      await createRun(dataSource, friend.id, { courseId: privateCourse, finishedAt: minutesAgo(20) });
      await createRun(dataSource, stranger.id, { finishedAt: minutesAgo(1) });
      await createRun(dataSource, me.user.id, { finishedAt: minutesAgo(2) });

      const res = await as(me.authorization).get('/follows/activity-feed').expect(200);
      expect(res.body.next_cursor).toBeNull();
      expect(res.body.data).toEqual([
        expect.objectContaining({
          type: 'run_completed',
          run_id: freeRun,
          user_id: friend.id,
          distance_meters: 3000,
          course_title: null,
        }),
        {
          type: 'run_completed',
          user_id: friend.id,
          nickname: friend.nickname,
          avatar_url: null,
          run_id: run,
          distance_meters: 4200,
          duration_seconds: 1500,
          avg_pace_seconds_per_km: 357,
          course_title: 'Han River',
          course_id: publicCourse,
          course_title_created: null,
          course_distance_meters: null,
          route_preview_segments: null,
          created_at: expect.any(String),
        },
        expect.objectContaining({
          type: 'course_created',
          course_id: publicCourse,
          course_title_created: 'Han River',
          course_distance_meters: 4200,
          run_id: null,
          distance_meters: null,
        }),
      ]);

      // Paging with the cursor walks the same items.
      const first = await as(me.authorization).get('/follows/feed?limit=2').expect(200);
      expect(first.body.data).toHaveLength(2);
      expect(first.body.next_cursor).toEqual(expect.any(String));
      const second = await as(me.authorization)
        .get(`/follows/activity-feed?limit=2&cursor=${first.body.next_cursor}`)
        .expect(200);
      expect(second.body.data.map((item: { type: string }) => item.type)).toEqual(['course_created']);
      expect(second.body.next_cursor).toBeNull();

      await as(me.authorization).get('/follows/activity-feed?limit=51').expect(422);
      const badCursor = await as(me.authorization).get('/follows/activity-feed?cursor=garbage').expect(422);
      expect(badCursor.body.code).toBe('VALIDATION_ERROR');
    });

    it('is empty for someone who follows nobody', async () => {
      const me = await createUserWithToken(dataSource, config);
      await as(me.authorization).get('/follows/activity-feed').expect(200, { data: [], next_cursor: null });
    });
  });

  describe('friends running', () => {
    it('lists followed users with a live session that uploaded recently, one per user', async () => {
      const me = await createUserWithToken(dataSource, config);
      const runningFriend = await createUser(dataSource);
      const staleFriend = await createUser(dataSource);
      const stranger = await createUser(dataSource);
      for (const friend of [runningFriend, staleFriend]) {
        await as(me.authorization).post(`/users/${friend.id}/follow`).expect(201);
      }
      const course = await createCourse(dataSource, stranger.id, { title: 'Evening Loop' });
      const session = async (
        userId: string,
        startedMinutesAgo: number,
        lastChunkMinutesAgo: number,
        courseId: string | null = null,
      ) => {
        const [row] = (await dataSource.query(
          `INSERT INTO run_sessions (user_id, course_id, status, started_at, last_chunk_at)
           VALUES ($1, $2, 'active', now() - make_interval(mins => $3), now() - make_interval(mins => $4))
           RETURNING id`,
          [userId, courseId, startedMinutesAgo, lastChunkMinutesAgo],
        )) as Array<{ id: string }>;
        return row.id;
      };
      await session(runningFriend.id, 60, 30);
      const live = await session(runningFriend.id, 20, 1, course);
      await session(staleFriend.id, 30, 25);
      await session(stranger.id, 10, 1);

      const res = await as(me.authorization).get('/follows/friends-running').expect(200);
      expect(res.body).toEqual({
        data: [
          {
            user_id: runningFriend.id,
            nickname: runningFriend.nickname,
            avatar_url: null,
            session_id: live,
            started_at: expect.any(String),
            course_id: course,
            course_title: 'Evening Loop',
          },
        ],
      });
    });
  });
});
