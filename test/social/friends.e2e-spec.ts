import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import type { AppConfig } from '@runvs/config';
import { FriendRequestEntity } from '@runvs/database';
import { FriendsService } from '@runvs/social';
import {
  asUser,
  createUser,
  createUserWithToken,
  startStack,
  type TestStack,
  waitForQueuesDrained,
} from '@runvs/testing';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import type { FakeFcm } from '../fakes/fake-fcm';

const UNKNOWN = '5b0c8f3e-9d3c-4c51-a0f8-0d6b3b9b2e11';

/**
 * Friends by request through the api and the worker: requests, crossing requests, accept, decline,
 * cancel, unfriend, lists, status, refusals, blocks, notifications (inbox + push) and account
 * deletion.
 */
describe('friends by request', () => {
  let stack: TestStack;
  let fcm: FakeFcm;
  let config: AppConfig;
  let api: INestApplication;
  let worker: INestApplicationContext;
  let dataSource: DataSource;

  beforeAll(async () => {
    stack = await startStack({ worker: true, fcm: true });
    ({ fcm, config, api, worker, dataSource } = stack);
  });

  afterAll(() => stack?.close());

  const as = (authorization: string) => asUser(api, authorization);
  const runner = (nickname: string) => createUserWithToken(dataSource, config, { nickname });
  const summary = (who: { user: { id: string; nickname: string | null } }) => ({
    id: who.user.id,
    nickname: who.user.nickname,
    avatar_url: null,
  });
  const rowsBetween = (a: string, b: string) =>
    dataSource.getRepository(FriendRequestEntity).find({
      where: [
        { requesterId: a, recipientId: b },
        { requesterId: b, recipientId: a },
      ],
    });

  it('request → received list, pending count, status both ways → accept → friends; both sides notified (inbox + push)', async () => {
    const ana = await runner('ana');
    const ben = await runner('ben');
    const benPhone = `ben-phone-${ben.user.id}`;
    const anaPhone = `ana-phone-${ana.user.id}`;
    await as(ben.authorization)
      .post('/notifications/token')
      .send({ device_token: benPhone, platform: 'ios' })
      .expect(201);
    await as(ana.authorization)
      .post('/notifications/token')
      .send({ device_token: anaPhone, platform: 'android' })
      .expect(201);

    // Typed by the OpenAPI document (test/support/typed-api.ts): paths, statuses and bodies.
    const sent = await as(ana.authorization)
      .api.post('/friend-requests/{user_id}', { path: { user_id: ben.user.id } })
      .returns(201);
    expect(sent).toEqual({
      id: expect.any(String),
      requester: summary(ana),
      recipient: summary(ben),
      status: 'pending',
      created_at: expect.any(String),
    });
    expect(sent.status).toBe('pending');

    const count = await as(ben.authorization).api.get('/friend-requests/pending-count').returns(200);
    expect(count.count).toBe(1);
    await as(ana.authorization).get('/friend-requests/pending-count').expect(200, { count: 0 });
    const received = await as(ben.authorization)
      .api.get('/friend-requests/received', { query: { page: 0, per_page: 20 } })
      .returns(200);
    expect(received).toEqual({ data: [sent], total_count: 1, has_next: false });
    const mine = await as(ana.authorization).get('/friend-requests/sent').expect(200);
    expect(mine.body).toEqual({ data: [sent], total_count: 1, has_next: false });
    await as(ana.authorization)
      .get(`/users/${ben.user.id}/friendship-status`)
      .expect(200, { is_friend: false, request_status: 'pending_sent', friends_count: 0 });
    await as(ben.authorization)
      .get(`/users/${ana.user.id}/friendship-status`)
      .expect(200, { is_friend: false, request_status: 'pending_received', friends_count: 0 });

    const accepted = await as(ben.authorization).patch(`/friend-requests/${sent.id}/accept`).expect(200);
    expect(accepted.body).toEqual({ ...sent, status: 'accepted' });
    await as(ben.authorization).get('/friend-requests/pending-count').expect(200, { count: 0 });
    await as(ben.authorization)
      .get('/friend-requests/received')
      .expect(200, { data: [], total_count: 0, has_next: false });
    await as(ana.authorization)
      .get(`/users/${ben.user.id}/friendship-status`)
      .expect(200, { is_friend: true, request_status: 'accepted', friends_count: 1 });

    const anaFriends = await as(ana.authorization).get('/friends').expect(200);
    expect(anaFriends.body).toEqual({
      data: [{ id: sent.id, user: summary(ben), since: expect.any(String) }],
      total_count: 1,
      has_next: false,
    });
    const benFriends = await as(ben.authorization).get('/friends').expect(200);
    expect(benFriends.body.data).toEqual([{ id: sent.id, user: summary(ana), since: expect.any(String) }]);

    await waitForQueuesDrained(worker);
    const benInbox = await as(ben.authorization).get('/notifications').expect(200);
    expect(benInbox.body.data).toEqual([
      expect.objectContaining({
        type: 'friend_request',
        actor: summary(ana),
        target_type: 'user',
        target_id: ana.user.id,
        title: '친구 요청',
        body: 'ana님이 친구 요청을 보냈습니다.',
        data: { request_id: sent.id, user_id: ana.user.id },
      }),
    ]);
    const anaInbox = await as(ana.authorization).get('/notifications').expect(200);
    expect(anaInbox.body.data).toEqual([
      expect.objectContaining({
        type: 'friend_accepted',
        actor: summary(ben),
        target_type: 'user',
        target_id: ben.user.id,
        body: 'ben님이 친구 요청을 수락했습니다.',
      }),
    ]);
    expect(fcm.deliveredTo(benPhone).map((push) => push.data?.type)).toEqual(['friend_request']);
    expect(fcm.deliveredTo(anaPhone)).toEqual([
      expect.objectContaining({
        notification: { title: '친구 요청 수락', body: 'ben님이 친구 요청을 수락했습니다.' },
        data: expect.objectContaining({ type: 'friend_accepted', request_id: sent.id }),
      }),
    ]);
  });

  it('a request crossing one already received accepts it (one row, both friends)', async () => {
    const cat = await runner('cat');
    const dan = await runner('dan');
    const first = await as(cat.authorization).post(`/friend-requests/${dan.user.id}`).expect(201);
    const crossing = await as(dan.authorization).post(`/friend-requests/${cat.user.id}`).expect(201);
    expect(crossing.body).toEqual({ ...first.body, status: 'accepted' });
    expect(await rowsBetween(cat.user.id, dan.user.id)).toHaveLength(1);
    await as(dan.authorization)
      .get(`/users/${cat.user.id}/friendship-status`)
      .expect(200, { is_friend: true, request_status: 'accepted', friends_count: 1 });
    await waitForQueuesDrained(worker);
    const catInbox = await as(cat.authorization).get('/notifications').expect(200);
    expect(catInbox.body.data.map((n: { type: string }) => n.type)).toEqual(['friend_accepted']);
  });

  it('concurrent crossing requests make one friendship', async () => {
    const eve = await runner('eve');
    const fay = await runner('fay');
    const answers = await Promise.all([
      as(eve.authorization).post(`/friend-requests/${fay.user.id}`),
      as(fay.authorization).post(`/friend-requests/${eve.user.id}`),
    ]);
    expect(answers.map((answer) => answer.status)).toEqual([201, 201]);
    expect(answers.map((answer) => answer.body.status).sort()).toEqual(['accepted', 'pending']);
    const rows = await rowsBetween(eve.user.id, fay.user.id);
    expect(rows).toEqual([expect.objectContaining({ status: 'accepted' })]);
  });

  it('refuses oneself, duplicates, friends again, unknown users, bad ids and blocked users either way', async () => {
    const gus = await runner('gus');
    const hal = await runner('hal');
    const self = await as(gus.authorization).post(`/friend-requests/${gus.user.id}`).expect(422);
    expect(self.body).toEqual({ code: 'SELF_FRIEND_REQUEST', message: expect.any(String) });
    const unknown = await as(gus.authorization).post(`/friend-requests/${UNKNOWN}`).expect(404);
    expect(unknown.body.code).toBe('NOT_FOUND');
    const bad = await as(gus.authorization).post('/friend-requests/not-a-uuid').expect(422);
    expect(bad.body).toMatchObject({ code: 'VALIDATION_ERROR', details: { fields: [{ field: 'user_id' }] } });

    const { body: request1 } = await as(gus.authorization)
      .post(`/friend-requests/${hal.user.id}`)
      .expect(201);
    const duplicate = await as(gus.authorization).post(`/friend-requests/${hal.user.id}`).expect(409);
    expect(duplicate.body.code).toBe('FRIEND_REQUEST_EXISTS');
    await as(hal.authorization).patch(`/friend-requests/${request1.id}/accept`).expect(200);
    for (const who of [gus, hal]) {
      const again = await as(who.authorization)
        .post(`/friend-requests/${who === gus ? hal.user.id : gus.user.id}`)
        .expect(409);
      expect(again.body.code).toBe('ALREADY_FRIENDS');
    }
    const acceptedTwice = await as(hal.authorization)
      .patch(`/friend-requests/${request1.id}/accept`)
      .expect(409);
    expect(acceptedTwice.body.code).toBe('FRIEND_REQUEST_NOT_PENDING');

    const blocker = await runner('ivy');
    const blockedByMe = await runner('jon');
    await as(blocker.authorization).post(`/users/${gus.user.id}/block`).expect(201);
    await as(gus.authorization).post(`/users/${blockedByMe.user.id}/block`).expect(201);
    const toBlocker = await as(gus.authorization).post(`/friend-requests/${blocker.user.id}`).expect(403);
    expect(toBlocker.body).toEqual({ code: 'USER_BLOCKED', message: expect.any(String) });
    await as(blocker.authorization).post(`/friend-requests/${gus.user.id}`).expect(403);
    await as(gus.authorization).post(`/friend-requests/${blockedByMe.user.id}`).expect(403);
    await as(blockedByMe.authorization).post(`/friend-requests/${gus.user.id}`).expect(403);
    expect(await rowsBetween(gus.user.id, blocker.user.id)).toHaveLength(0);
  });

  it('a block ends pending requests and friendships between the two', async () => {
    const kim = await runner('kim');
    const lee = await runner('lee');
    const moe = await runner('moe');
    const { body: friendship } = await as(kim.authorization)
      .post(`/friend-requests/${lee.user.id}`)
      .expect(201);
    await as(lee.authorization).patch(`/friend-requests/${friendship.id}/accept`).expect(200);
    await as(moe.authorization).post(`/friend-requests/${kim.user.id}`).expect(201);

    await as(kim.authorization).post(`/users/${lee.user.id}/block`).expect(201);
    await as(moe.authorization).post(`/users/${kim.user.id}/block`).expect(201);
    await as(kim.authorization).get('/friends').expect(200, { data: [], total_count: 0, has_next: false });
    await as(kim.authorization).get('/friend-requests/pending-count').expect(200, { count: 0 });
    expect(await rowsBetween(kim.user.id, lee.user.id)).toHaveLength(0);
  });

  it('decline (recipient only) and cancel (sender only) remove the request; others get 404, the wrong side 403', async () => {
    const ned = await runner('ned');
    const oli = await runner('oli');
    const stranger = await runner('pat');
    const { body: sent } = await as(ned.authorization).post(`/friend-requests/${oli.user.id}`).expect(201);

    // Someone else's request: 404 whatever they try.
    await as(stranger.authorization).patch(`/friend-requests/${sent.id}/accept`).expect(404);
    await as(stranger.authorization).patch(`/friend-requests/${sent.id}/decline`).expect(404);
    await as(stranger.authorization).delete(`/friend-requests/${sent.id}`).expect(404);
    await as(ned.authorization).patch(`/friend-requests/${UNKNOWN}/accept`).expect(404);
    await as(ned.authorization).patch('/friend-requests/nope/decline').expect(422);
    // The wrong side of my own request.
    expect(
      (await as(ned.authorization).patch(`/friend-requests/${sent.id}/accept`).expect(403)).body.code,
    ).toBe('FORBIDDEN');
    await as(ned.authorization).patch(`/friend-requests/${sent.id}/decline`).expect(403);
    await as(oli.authorization).delete(`/friend-requests/${sent.id}`).expect(403);

    await as(oli.authorization).patch(`/friend-requests/${sent.id}/decline`).expect(204);
    expect(await rowsBetween(ned.user.id, oli.user.id)).toHaveLength(0);
    await as(oli.authorization).patch(`/friend-requests/${sent.id}/decline`).expect(404);
    await as(ned.authorization)
      .get(`/users/${oli.user.id}/friendship-status`)
      .expect(200, { is_friend: false, request_status: null, friends_count: 0 });

    // Declined: a new request may follow; this time the sender cancels it.
    const { body: again } = await as(ned.authorization).post(`/friend-requests/${oli.user.id}`).expect(201);
    await as(ned.authorization).delete(`/friend-requests/${again.id}`).expect(204);
    await as(oli.authorization).get('/friend-requests/pending-count').expect(200, { count: 0 });

    // An accepted request is no longer cancellable or declinable: that is unfriending.
    const { body: third } = await as(ned.authorization).post(`/friend-requests/${oli.user.id}`).expect(201);
    await as(oli.authorization).patch(`/friend-requests/${third.id}/accept`).expect(200);
    expect((await as(ned.authorization).delete(`/friend-requests/${third.id}`).expect(409)).body.code).toBe(
      'FRIEND_REQUEST_NOT_PENDING',
    );
    await as(oli.authorization).patch(`/friend-requests/${third.id}/decline`).expect(409);
  });

  it('unfriends from either side; not friends is 404', async () => {
    const quinn = await runner('quinn');
    const ray = await runner('ray');
    await as(quinn.authorization).delete(`/friends/${ray.user.id}`).expect(404);
    const { body: pending } = await as(quinn.authorization)
      .post(`/friend-requests/${ray.user.id}`)
      .expect(201);
    // A pending request is not a friendship.
    await as(quinn.authorization).delete(`/friends/${ray.user.id}`).expect(404);
    await as(ray.authorization).patch(`/friend-requests/${pending.id}/accept`).expect(200);
    await as(ray.authorization).delete(`/friends/${quinn.user.id}`).expect(204);
    await as(quinn.authorization).get('/friends').expect(200, { data: [], total_count: 0, has_next: false });
    await as(quinn.authorization).delete(`/friends/${ray.user.id}`).expect(404);
    await as(quinn.authorization).delete('/friends/123').expect(422);
  });

  it('pages lists 0-based with per_page, newest first, and rejects bad paging', async () => {
    const star = await runner('star');
    const senders = [];
    for (let i = 0; i < 3; i++) {
      const sender = await createUserWithToken(dataSource, config);
      await as(sender.authorization).post(`/friend-requests/${star.user.id}`).expect(201);
      senders.push(sender);
    }
    const page0 = await as(star.authorization).get('/friend-requests/received?page=0&per_page=2').expect(200);
    expect(page0.body).toMatchObject({ total_count: 3, has_next: true });
    expect(page0.body.data.map((r: { requester: { id: string } }) => r.requester.id)).toEqual([
      senders[2].user.id,
      senders[1].user.id,
    ]);
    const page1 = await as(star.authorization).get('/friend-requests/received?page=1&per_page=2').expect(200);
    expect(page1.body).toMatchObject({ total_count: 3, has_next: false });
    expect(page1.body.data[0].requester.id).toBe(senders[0].user.id);

    for (const sender of senders.slice(0, 2)) {
      const { body } = await as(sender.authorization).get('/friend-requests/sent').expect(200);
      await as(star.authorization).patch(`/friend-requests/${body.data[0].id}/accept`).expect(200);
    }
    const friends = await as(star.authorization).get('/friends?page=0&per_page=1').expect(200);
    expect(friends.body).toMatchObject({ total_count: 2, has_next: true });
    expect(friends.body.data[0].user.id).toBe(senders[1].user.id);
    await as(star.authorization)
      .get(`/users/${senders[0].user.id}/friendship-status`)
      .expect(200, { is_friend: true, request_status: 'accepted', friends_count: 1 });
    await as(star.authorization)
      .get(`/users/${star.user.id}/friendship-status`)
      .expect(200, { is_friend: false, request_status: null, friends_count: 2 });

    await as(star.authorization).get('/friend-requests/received?page=-1').expect(422);
    await as(star.authorization).get('/friends?per_page=101').expect(422);
    await as(star.authorization).get(`/users/${UNKNOWN}/friendship-status`).expect(404);
    await request(api.getHttpServer()).get('/api/v1/friends').expect(401);
  });

  it('account deletion removes the account’s requests and friendships', async () => {
    const uma = await runner('uma');
    const vic = await runner('vic');
    const wes = await createUser(dataSource);
    const { body: friendship } = await as(uma.authorization)
      .post(`/friend-requests/${vic.user.id}`)
      .expect(201);
    await as(vic.authorization).patch(`/friend-requests/${friendship.id}/accept`).expect(200);
    await dataSource.query(`INSERT INTO friend_requests (requester_id, recipient_id) VALUES ($1, $2)`, [
      wes.id,
      uma.user.id,
    ]);

    // The social domain's hook does the removal (the foreign keys' cascade is only a safety net).
    const hook = jest.spyOn(api.get(FriendsService), 'removeAllOf');
    await as(uma.authorization).delete('/users/me').expect(200, { deleted: true });
    expect(hook).toHaveBeenCalledWith(expect.anything(), uma.user.id);
    hook.mockRestore();
    const left = await dataSource.query(
      `SELECT count(*)::int AS n FROM friend_requests WHERE requester_id = $1 OR recipient_id = $1`,
      [uma.user.id],
    );
    expect(left).toEqual([{ n: 0 }]);
    await as(vic.authorization).get('/friends').expect(200, { data: [], total_count: 0, has_next: false });
    await as(vic.authorization)
      .get(`/users/${vic.user.id}/friendship-status`)
      .expect(200, { is_friend: false, request_status: null, friends_count: 0 });
  });
});
