import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { DeviceTokenEntity, NotificationEntity, OutboxEventEntity, type UserEntity } from '@runvs/database';
import { type NotificationIntent, NotificationsService } from '@runvs/notifications';
import { OutboxService } from '@runvs/queue';
import {
  createUser,
  eventually,
  startApi,
  startWorker,
  testConfig,
  waitForQueuesDrained,
} from '@runvs/testing';
import { DataSource } from 'typeorm';
import { FakeFcm } from '../fakes/fake-fcm';

/**
 * NotificationsService.notify (inbox row + push job in the caller's transaction, no self
 * notifications, blocks, de-duplication) and push delivery on the worker against a fake FCM.
 */
describe('notify() and push delivery', () => {
  let fcm: FakeFcm;
  let api: INestApplication;
  let worker: INestApplicationContext | undefined;
  let dataSource: DataSource;
  let notifications: NotificationsService;
  let outbox: OutboxService;
  let recipient: UserEntity;
  let actor: UserEntity;

  beforeAll(async () => {
    fcm = await new FakeFcm().start();
    api = await startApi(testConfig());
    dataSource = api.get(DataSource);
    notifications = api.get(NotificationsService);
    outbox = api.get(OutboxService);
  });

  afterAll(async () => {
    await worker?.close();
    await api.close();
    await fcm.stop();
  });

  beforeEach(async () => {
    recipient = await createUser(dataSource);
    actor = await createUser(dataSource);
  });

  const intent = (overrides: Partial<NotificationIntent> = {}): NotificationIntent => ({
    userId: recipient.id,
    actorId: actor.id,
    type: 'course_like',
    targetType: 'course',
    targetId: '7d8c5a52-4f6c-4e7b-9a55-1f5b1c8e0d11',
    title: '좋아요',
    body: `${actor.nickname}님이 코스를 좋아합니다.`,
    data: { course_id: '7d8c5a52-4f6c-4e7b-9a55-1f5b1c8e0d11', like_count: 3 },
    ...overrides,
  });

  const notifyInTransaction = (value: NotificationIntent) =>
    outbox.transaction((manager, enqueue) => notifications.notify(manager, value, enqueue));

  const inboxOf = (userId: string) =>
    dataSource.getRepository(NotificationEntity).find({ where: { userId }, order: { createdAt: 'ASC' } });

  describe('writing', () => {
    it('writes the inbox row and its push job in the same transaction', async () => {
      const written = await notifyInTransaction(intent());
      expect(written).toMatchObject({
        userId: recipient.id,
        actorId: actor.id,
        type: 'course_like',
        pushStatus: 'pending',
        isRead: false,
      });
      const jobs = await dataSource
        .getRepository(OutboxEventEntity)
        .findBy({ queue: 'notifications', jobId: `notifications_${written!.id}` });
      expect(jobs).toHaveLength(1);
      expect(jobs[0].payload).toEqual({ notificationId: written!.id });
    });

    it('works with the bare manager too (the relay publishes the job)', async () => {
      const written = await dataSource.transaction((manager) => notifications.notify(manager, intent()));
      expect(written).not.toBeNull();
      const job = await dataSource
        .getRepository(OutboxEventEntity)
        .findOneByOrFail({ jobId: `notifications_${written!.id}` });
      expect(job.payload).toEqual({ notificationId: written!.id });
    });

    it('leaves nothing behind when the caller rolls back', async () => {
      let id = '';
      await expect(
        dataSource.transaction(async (manager) => {
          id = (await notifications.notify(manager, intent()))!.id;
          throw new Error('the like failed');
        }),
      ).rejects.toThrow('the like failed');
      expect(await inboxOf(recipient.id)).toHaveLength(0);
      expect(
        await dataSource.getRepository(OutboxEventEntity).countBy({ jobId: `notifications_${id}` }),
      ).toBe(0);
    });

    it('never notifies the actor about their own action', async () => {
      expect(await notifyInTransaction(intent({ userId: actor.id }))).toBeNull();
      expect(await inboxOf(actor.id)).toHaveLength(0);
    });

    it('does not notify a recipient who blocked the actor', async () => {
      await dataSource.query(`INSERT INTO user_blocks (blocker_id, blocked_id) VALUES ($1, $2)`, [
        recipient.id,
        actor.id,
      ]);
      expect(await notifyInTransaction(intent())).toBeNull();
      expect(await inboxOf(recipient.id)).toHaveLength(0);
    });

    it('allows system notifications without an actor and cuts long texts', async () => {
      const written = await notifyInTransaction(
        intent({ actorId: null, type: 'personal_best', title: 'T'.repeat(250), body: 'B'.repeat(600) }),
      );
      expect(written?.actorId).toBeNull();
      expect(written?.title).toHaveLength(200);
      expect(written?.body).toHaveLength(500);
    });
  });

  describe('de-duplication', () => {
    it('notifies once per key within the window (like → unlike → like)', async () => {
      const key = `course_like:course-1:${actor.id}`;
      expect(await notifyInTransaction(intent({ dedupeKey: key }))).not.toBeNull();
      expect(await notifyInTransaction(intent({ dedupeKey: key }))).toBeNull();
      expect(await inboxOf(recipient.id)).toHaveLength(1);
    });

    it('keys are per recipient', async () => {
      const other = await createUser(dataSource);
      const key = `course_like:course-1:${actor.id}`;
      expect(await notifyInTransaction(intent({ dedupeKey: key }))).not.toBeNull();
      expect(await notifyInTransaction(intent({ userId: other.id, dedupeKey: key }))).not.toBeNull();
    });

    it('notifies again once the window has passed', async () => {
      const key = `course_like:course-2:${actor.id}`;
      const first = await notifyInTransaction(intent({ dedupeKey: key }));
      await dataSource.query(
        `UPDATE notifications SET created_at = now() - interval '6 minutes' WHERE id = $1`,
        [first!.id],
      );
      expect(await notifyInTransaction(intent({ dedupeKey: key }))).not.toBeNull();
      // …but not when the caller asked for a longer window.
      expect(await notifyInTransaction(intent({ dedupeKey: key, dedupeWindowSeconds: 3600 }))).toBeNull();
    });

    it('concurrent notifies of one key write one row', async () => {
      const key = `course_like:course-3:${actor.id}`;
      const results = await Promise.all(
        Array.from({ length: 5 }, () => notifyInTransaction(intent({ dedupeKey: key }))),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await inboxOf(recipient.id)).toHaveLength(1);
    });
  });

  describe('push delivery', () => {
    afterEach(async () => {
      await worker?.close();
      worker = undefined;
    });

    const addDevice = (userId: string, token: string, platform: 'ios' | 'android' = 'android') =>
      dataSource.getRepository(DeviceTokenEntity).save({ userId, token, platform });

    const statusOf = async (id: string) =>
      (await dataSource.getRepository(NotificationEntity).findOneByOrFail({ id })).pushStatus;

    it('sends to every device, deletes tokens FCM declares dead and records the outcome', async () => {
      worker = await startWorker(testConfig(fcm.env()));
      const phone = `phone-${recipient.id}`;
      const tablet = `tablet-${recipient.id}`;
      const uninstalled = `uninstalled-${recipient.id}`;
      const garbage = `garbage-${recipient.id}`;
      await addDevice(recipient.id, phone, 'ios');
      await addDevice(recipient.id, tablet);
      await addDevice(recipient.id, uninstalled);
      await addDevice(recipient.id, garbage);
      fcm.unregistered.add(uninstalled);
      fcm.invalid.add(garbage);

      const written = await notifyInTransaction(intent());
      await waitForQueuesDrained(worker);

      expect(await statusOf(written!.id)).toBe('sent');
      const [toPhone] = fcm.deliveredTo(phone);
      expect(toPhone).toMatchObject({
        token: phone,
        notification: { title: '좋아요', body: `${actor.nickname}님이 코스를 좋아합니다.` },
        data: {
          type: 'course_like',
          notification_id: written!.id,
          target_type: 'course',
          target_id: '7d8c5a52-4f6c-4e7b-9a55-1f5b1c8e0d11',
          course_id: '7d8c5a52-4f6c-4e7b-9a55-1f5b1c8e0d11',
          like_count: '3',
        },
      });
      expect(fcm.deliveredTo(tablet)).toHaveLength(1);
      const remaining = await dataSource.getRepository(DeviceTokenEntity).findBy({ userId: recipient.id });
      expect(remaining.map((device) => device.token).sort()).toEqual([phone, tablet].sort());
      // One OAuth exchange serves every send.
      expect(fcm.tokenRequests()).toHaveLength(1);
    });

    it('retries transient failures without pushing twice to devices already reached', async () => {
      worker = await startWorker(testConfig(fcm.env()));
      const steady = `steady-${recipient.id}`;
      const flaky = `flaky-${recipient.id}`;
      await addDevice(recipient.id, steady);
      await addDevice(recipient.id, flaky);
      fcm.unavailable.set(flaky, 1);

      const written = await notifyInTransaction(intent());
      await eventually(async () => (await statusOf(written!.id)) === 'sent', { timeoutMs: 20_000 });

      expect(fcm.deliveredTo(steady)).toHaveLength(1);
      expect(fcm.deliveredTo(flaky)).toHaveLength(1);
      expect(fcm.sendRequests().filter((request) => request.body.includes(flaky))).toHaveLength(2);
      expect(await dataSource.getRepository(DeviceTokenEntity).countBy({ userId: recipient.id })).toBe(2);
    });

    it("waits for FCM's Retry-After before retrying a quota refusal", async () => {
      worker = await startWorker(testConfig(fcm.env()));
      const busy = `busy-${recipient.id}`;
      await addDevice(recipient.id, busy);
      fcm.quotaExceeded.set(busy, { times: 1, retryAfterSeconds: 4 });

      const written = await notifyInTransaction(intent());
      await eventually(async () => (await statusOf(written!.id)) === 'sent', { timeoutMs: 20_000 });
      const attempts = fcm.sendRequests().filter((request) => request.body.includes(busy));
      expect(attempts).toHaveLength(2);
      // The default first backoff is 2 s; Retry-After: 4 made it wait longer.
      expect(attempts[1].receivedAt - attempts[0].receivedAt).toBeGreaterThanOrEqual(3_900);
      expect(fcm.deliveredTo(busy)).toHaveLength(1);
    });

    it('fetches a new access token when FCM refuses the cached one', async () => {
      worker = await startWorker(testConfig(fcm.env()));
      const device = `device-${recipient.id}`;
      await addDevice(recipient.id, device);
      const first = await notifyInTransaction(intent());
      await waitForQueuesDrained(worker);
      expect(await statusOf(first!.id)).toBe('sent');
      const exchanges = fcm.tokenRequests().length;

      fcm.revokeAccessTokens();
      const second = await notifyInTransaction(intent({ type: 'follow' }));
      await eventually(async () => (await statusOf(second!.id)) === 'sent', { timeoutMs: 20_000 });
      expect(fcm.tokenRequests().length).toBe(exchanges + 1);
      expect(fcm.deliveredTo(device)).toHaveLength(2);
    });

    it('marks a notification without devices as skipped', async () => {
      worker = await startWorker(testConfig(fcm.env()));
      const written = await notifyInTransaction(intent());
      await waitForQueuesDrained(worker);
      expect(await statusOf(written!.id)).toBe('skipped');
    });

    it('without credentials logs the push instead of sending it', async () => {
      worker = await startWorker(testConfig());
      await addDevice(recipient.id, `quiet-${recipient.id}`);
      const before = fcm.sendRequests().length;
      const written = await notifyInTransaction(intent());
      await waitForQueuesDrained(worker);
      expect(await statusOf(written!.id)).toBe('skipped');
      expect(fcm.sendRequests().length).toBe(before);
      expect(await dataSource.getRepository(DeviceTokenEntity).countBy({ userId: recipient.id })).toBe(1);
    });

    it('gives up on a token FCM keeps refusing for good, keeping the token', async () => {
      worker = await startWorker(testConfig({ ...fcm.env(), FCM_BASE_URL: `${fcm.baseUrl}/wrong-base` }));
      await addDevice(recipient.id, `kept-${recipient.id}`);
      const written = await notifyInTransaction(intent());
      await waitForQueuesDrained(worker);
      expect(await statusOf(written!.id)).toBe('failed');
      expect(await dataSource.getRepository(DeviceTokenEntity).countBy({ userId: recipient.id })).toBe(1);
    });
  });
});
