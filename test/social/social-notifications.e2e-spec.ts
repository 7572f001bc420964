import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import type { AppConfig } from '@runvs/config';
import { DeviceTokenEntity, NotificationEntity } from '@runvs/database';
import {
  asUser,
  createCourse,
  createUserWithToken,
  lineFrom,
  startStack,
  type TestStack,
  waitForQueuesDrained,
} from '@runvs/testing';
import { routeLength } from '@runvs/geo';
import type { DataSource } from 'typeorm';
import type { FakeFcm } from '../fakes/fake-fcm';
import { runThroughApi, trackAlong } from '../runs/run-helpers';

/**
 * The "done when": following, liking, reviewing, replying and beating a leaderboard time
 * through the API leave the right inbox entries, the worker pushes them to the fake FCM, and tokens
 * FCM declares dead are gone after a send.
 */
describe('social triggers end to end: inbox entries and FCM pushes', () => {
  let stack: TestStack;
  let fcm: FakeFcm;
  let config: AppConfig;
  let api: INestApplication;
  let worker: INestApplicationContext;
  let dataSource: DataSource;

  beforeAll(async () => {
    stack = await startStack({ worker: true, fcm: true });
    ({ config, api, worker, fcm, dataSource } = stack);
  });

  afterAll(() => stack?.close());

  const as = (authorization: string) => asUser(api, authorization);

  it('follow, like, review and reply reach the inbox and the devices; dead tokens vanish', async () => {
    const alice = await createUserWithToken(dataSource, config, { nickname: 'alice' });
    const bob = await createUserWithToken(dataSource, config, { nickname: 'bob' });
    const course = await createCourse(dataSource, alice.user.id, { title: 'Namsan Loop' });

    const alicePhone = `alice-phone-${alice.user.id}`;
    const aliceOldTablet = `alice-old-tablet-${alice.user.id}`;
    const aliceBrokenToken = `alice-broken-${alice.user.id}`;
    const bobPhone = `bob-phone-${bob.user.id}`;
    for (const [who, token, platform] of [
      [alice, alicePhone, 'ios'],
      [alice, aliceOldTablet, 'android'],
      [alice, aliceBrokenToken, 'android'],
      [bob, bobPhone, 'android'],
    ] as const) {
      await as(who.authorization).post('/notifications/token', { device_token: token, platform }).expect(201);
    }
    fcm.unregistered.add(aliceOldTablet);
    fcm.invalid.add(aliceBrokenToken);

    await as(bob.authorization).post(`/users/${alice.user.id}/follow`).expect(201);
    await waitForQueuesDrained(worker);
    // The first push already removed the two dead tokens.
    const aliceDevices = await dataSource.getRepository(DeviceTokenEntity).findBy({ userId: alice.user.id });
    expect(aliceDevices.map((device) => device.token)).toEqual([alicePhone]);

    await as(bob.authorization)
      .post(`/courses/${course}/like`)
      .expect(200, { is_liked: true, like_count: 1 });
    await as(bob.authorization)
      .post(`/courses/${course}/like`)
      .expect(200, { is_liked: false, like_count: 0 });
    await as(bob.authorization)
      .post(`/courses/${course}/like`)
      .expect(200, { is_liked: true, like_count: 1 });
    const { body: review } = await as(bob.authorization)
      .post(`/courses/${course}/reviews`, { rating: 5, content: '좋아요' })
      .expect(201);
    await as(alice.authorization)
      .post(`/courses/${course}/reviews/${review.id}/reply`, { content: '고마워요' })
      .expect(200);
    await waitForQueuesDrained(worker);

    // Alice's inbox: follow, one like (like → unlike → like notifies once), review; all from bob.
    const inbox = await as(alice.authorization).get('/notifications').expect(200);
    expect(inbox.body).toMatchObject({ total_count: 3, unread_count: 3, has_next: false });
    expect(inbox.body.data.map((n: { type: string }) => n.type)).toEqual([
      'course_review',
      'course_like',
      'follow',
    ]);
    for (const entry of inbox.body.data) {
      expect(entry.actor).toEqual({ id: bob.user.id, nickname: 'bob', avatar_url: null });
    }
    expect(inbox.body.data[1]).toMatchObject({ target_type: 'course', target_id: course });

    // …and exactly those three pushes on her phone, each carrying its routing data.
    const pushes = fcm.deliveredTo(alicePhone);
    expect(pushes.map((push) => push.data?.type)).toEqual(['follow', 'course_like', 'course_review']);
    expect(pushes[0]).toMatchObject({
      notification: { title: '새로운 팔로워', body: 'bob님이 회원님을 팔로우하기 시작했습니다.' },
      data: { target_type: 'user', target_id: bob.user.id, notification_id: inbox.body.data[2].id },
    });
    expect(pushes[2].data).toMatchObject({
      target_type: 'review',
      target_id: review.id,
      course_id: course,
      rating: '5',
    });
    expect(fcm.deliveredTo(aliceOldTablet)).toHaveLength(0);

    // Bob hears about the reply.
    const bobInbox = await as(bob.authorization).get('/notifications').expect(200);
    expect(bobInbox.body.data).toEqual([
      expect.objectContaining({
        type: 'review_reply',
        actor: { id: alice.user.id, nickname: 'alice', avatar_url: null },
        target_type: 'review',
        target_id: review.id,
        is_read: false,
      }),
    ]);
    expect(fcm.deliveredTo(bobPhone).map((push) => push.data?.type)).toEqual(['review_reply']);

    const statuses = await dataSource
      .getRepository(NotificationEntity)
      .find({ select: { pushStatus: true, userId: true } });
    expect(
      statuses.filter((n) => [alice.user.id, bob.user.id].includes(n.userId)).map((n) => n.pushStatus),
    ).toEqual(['sent', 'sent', 'sent', 'sent']);

    await as(alice.authorization).post('/notifications/read-all').expect(204);
    await as(alice.authorization).get('/notifications/unread-count').expect(200, { count: 0 });
  });

  it('beating a leaderboard time tells the overtaken runner, in the inbox and on the phone', async () => {
    const rival = await createUserWithToken(dataSource, config, { nickname: 'rival' });
    const racer = await createUserWithToken(dataSource, config, { nickname: 'racer' });
    const owner = await createUserWithToken(dataSource, config);
    const line = lineFrom([127.01, 37.52], 30, 50);
    const course = await createCourse(dataSource, owner.user.id, {
      title: 'River Sprint',
      coordinates: line,
      distanceMeters: Math.round(routeLength(line)),
    });
    const rivalPhone = `rival-phone-${rival.user.id}`;
    await as(rival.authorization)
      .post('/notifications/token', { device_token: rivalPhone, platform: 'ios' })
      .expect(201);

    const slow = await runThroughApi(
      api,
      rival.authorization,
      trackAlong(line, { speedMs: 2.6, startMs: Date.now() - 7_200_000 }),
      {
        courseId: course,
      },
    );
    expect(slow.complete.ranking).toMatchObject({ rank: 1 });
    const fast = await runThroughApi(
      api,
      racer.authorization,
      trackAlong(line, { speedMs: 3.6, startMs: Date.now() - 3_600_000 }),
      {
        courseId: course,
      },
    );
    expect(fast.complete.ranking).toMatchObject({ rank: 1, total_runners: 2 });
    await waitForQueuesDrained(worker);

    const inbox = await as(rival.authorization).get('/notifications').expect(200);
    const beaten = inbox.body.data.filter((n: { type: string }) => n.type === 'ranking_beaten');
    expect(beaten).toEqual([
      expect.objectContaining({
        actor: { id: racer.user.id, nickname: 'racer', avatar_url: null },
        target_type: 'course',
        target_id: course,
      }),
    ]);
    expect(fcm.deliveredTo(rivalPhone).map((push) => push.data?.type)).toContain('ranking_beaten');
    expect(
      fcm.deliveredTo(rivalPhone).find((push) => push.data?.type === 'ranking_beaten')?.data,
    ).toMatchObject({
      target_id: course,
      notification_id: beaten[0].id,
    });
    // Nobody is told about their own run.
    const racerInbox = await as(racer.authorization).get('/notifications').expect(200);
    expect(racerInbox.body.data.filter((n: { type: string }) => n.type === 'ranking_beaten')).toHaveLength(0);
  });
});
