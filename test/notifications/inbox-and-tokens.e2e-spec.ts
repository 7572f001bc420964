import type { INestApplication } from '@nestjs/common';
import type { AppConfig } from '@runvs/config';
import { DeviceTokenEntity, NotificationEntity } from '@runvs/database';
import {
  asUser,
  createUser,
  createUserWithToken,
  startStack,
  startWorker,
  type TestStack,
} from '@runvs/testing';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { MaintenanceService } from '../../apps/worker/src/maintenance/maintenance.service';

describe('notifications: device tokens and the in-app inbox', () => {
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
  const tokensOf = (userId: string) =>
    dataSource.getRepository(DeviceTokenEntity).find({ where: { userId }, order: { createdAt: 'ASC' } });

  describe('device tokens', () => {
    it('registers several devices per user and re-registering is harmless', async () => {
      const { user, authorization } = await createUserWithToken(dataSource, config);
      await as(authorization)
        .post('/notifications/token', { device_token: `ios-${user.id}`, platform: 'ios' })
        .expect(201, { status: 'ok' });
      await as(authorization)
        .post('/notifications/token', { device_token: `android-${user.id}`, platform: 'android' })
        .expect(201);
      await as(authorization)
        .post('/notifications/token', { device_token: `ios-${user.id}`, platform: 'ios' })
        .expect(201);
      expect((await tokensOf(user.id)).map((t) => [t.token, t.platform])).toEqual([
        [`ios-${user.id}`, 'ios'],
        [`android-${user.id}`, 'android'],
      ]);
    });

    it('moves a token to the user who registers it last', async () => {
      const first = await createUserWithToken(dataSource, config);
      const second = await createUserWithToken(dataSource, config);
      const token = `shared-phone-${first.user.id}`;
      await as(first.authorization)
        .post('/notifications/token', { device_token: token, platform: 'ios' })
        .expect(201);
      await as(second.authorization)
        .post('/notifications/token', { device_token: token, platform: 'android' })
        .expect(201);
      expect(await tokensOf(first.user.id)).toHaveLength(0);
      expect((await tokensOf(second.user.id)).map((t) => [t.token, t.platform])).toEqual([
        [token, 'android'],
      ]);
    });

    it('unregisters with only device_token (platform optional), idempotently', async () => {
      const { user, authorization } = await createUserWithToken(dataSource, config);
      const token = `gone-${user.id}`;
      await as(authorization)
        .post('/notifications/token', { device_token: token, platform: 'ios' })
        .expect(201);
      await as(authorization)
        .delete('/notifications/token', { device_token: token })
        .expect(200, { status: 'ok' });
      expect(await tokensOf(user.id)).toHaveLength(0);
      await as(authorization)
        .delete('/notifications/token', { device_token: token, platform: 'ios' })
        .expect(200, { status: 'ok' });
    });

    it('rejects bad bodies with 422 naming the field, and anonymous callers with 401', async () => {
      const { authorization } = await createUserWithToken(dataSource, config);
      const noToken = await as(authorization).post('/notifications/token', { platform: 'ios' }).expect(422);
      expect(noToken.body.code).toBe('VALIDATION_ERROR');
      expect(JSON.stringify(noToken.body.details)).toContain('device_token');
      const badPlatform = await as(authorization)
        .post('/notifications/token', { device_token: 'x', platform: 'web' })
        .expect(422);
      expect(JSON.stringify(badPlatform.body.details)).toContain('platform');
      await as(authorization).post('/notifications/token', { device_token: '', platform: 'ios' }).expect(422);
      await as(authorization).delete('/notifications/token', {}).expect(422);
      await request(app.getHttpServer())
        .post('/api/v1/notifications/token')
        .send({ device_token: 'x', platform: 'ios' })
        .expect(401);
    });
  });

  describe('inbox', () => {
    const insert = (
      userId: string,
      actorId: string | null,
      type: string,
      minutesAgo: number,
      isRead = false,
    ) =>
      dataSource.getRepository(NotificationEntity).save({
        userId,
        actorId,
        type,
        title: `${type} title`,
        body: `${type} body`,
        targetType: 'user',
        targetId: actorId,
        data: { n: minutesAgo },
        isRead,
        pushStatus: 'sent',
        createdAt: new Date(Date.now() - minutesAgo * 60_000),
      });

    it('lists my notifications newest first with actor, counts and pages', async () => {
      const { user, authorization } = await createUserWithToken(dataSource, config);
      const actor = await createUser(dataSource, { avatarUrl: 'https://cdn.test/a.jpg' });
      const someoneElse = await createUser(dataSource);
      const oldest = await insert(user.id, actor.id, 'follow', 30, true);
      const middle = await insert(user.id, null, 'personal_best', 20);
      const newest = await insert(user.id, actor.id, 'course_like', 10);
      await insert(someoneElse.id, actor.id, 'follow', 5);

      const first = await as(authorization).get('/notifications?page=0&per_page=2').expect(200);
      expect(first.body).toMatchObject({ total_count: 3, has_next: true, unread_count: 2 });
      expect(first.body.data).toEqual([
        {
          id: newest.id,
          type: 'course_like',
          actor: { id: actor.id, nickname: actor.nickname, avatar_url: 'https://cdn.test/a.jpg' },
          target_id: actor.id,
          target_type: 'user',
          title: 'course_like title',
          body: 'course_like body',
          data: { n: 10 },
          is_read: false,
          created_at: newest.createdAt.toISOString(),
        },
        expect.objectContaining({ id: middle.id, actor: null, type: 'personal_best' }),
      ]);
      const second = await as(authorization).get('/notifications?page=1&per_page=2').expect(200);
      expect(second.body).toMatchObject({ total_count: 3, has_next: false, unread_count: 2 });
      expect(second.body.data.map((n: { id: string }) => n.id)).toEqual([oldest.id]);

      await as(authorization).get('/notifications?per_page=101').expect(422);
      await as(authorization).get('/notifications?page=-1').expect(422);
    });

    it('counts unread, marks one and all read, only my own', async () => {
      const { user, authorization } = await createUserWithToken(dataSource, config);
      const other = await createUserWithToken(dataSource, config);
      const a = await insert(user.id, other.user.id, 'follow', 3);
      await insert(user.id, other.user.id, 'course_like', 2);
      const theirs = await insert(other.user.id, user.id, 'follow', 1);

      await as(authorization).get('/notifications/unread-count').expect(200, { count: 2 });
      await as(authorization).post(`/notifications/${a.id}/read`).expect(204);
      await as(authorization).post(`/notifications/${a.id}/read`).expect(204);
      await as(authorization).get('/notifications/unread-count').expect(200, { count: 1 });
      const readRow = await dataSource.getRepository(NotificationEntity).findOneByOrFail({ id: a.id });
      expect(readRow.readAt).toBeInstanceOf(Date);

      const notMine = await as(authorization).post(`/notifications/${theirs.id}/read`).expect(404);
      expect(notMine.body.code).toBe('NOT_FOUND');
      await as(authorization).post('/notifications/not-a-uuid/read').expect(422);

      await as(authorization).post('/notifications/read-all').expect(204);
      await as(authorization).get('/notifications/unread-count').expect(200, { count: 0 });
      await as(other.authorization).get('/notifications/unread-count').expect(200, { count: 1 });
    });
  });

  it('the purge-notifications task drops entries older than 30 days and keeps the rest', async () => {
    const { user } = await createUserWithToken(dataSource, config);
    const at = (days: number) => new Date(Date.now() - days * 86_400_000);
    const repository = dataSource.getRepository(NotificationEntity);
    const old = await repository.save({ userId: user.id, type: 'follow', createdAt: at(31) });
    const recent = await repository.save({ userId: user.id, type: 'follow', createdAt: at(29) });
    const worker = await startWorker(config);
    try {
      await worker.get(MaintenanceService).run('purge-notifications');
    } finally {
      await worker.close();
    }
    expect(await repository.findOneBy({ id: old.id })).toBeNull();
    expect(await repository.findOneBy({ id: recent.id })).not.toBeNull();
  });
});
