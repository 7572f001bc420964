import type { INestApplication } from '@nestjs/common';
import { AdminContentService, AdminUsersService } from '@runvs/admin';
import type { AppConfig } from '@runvs/config';
import { REDIS_CLIENT, RedisKeys, RedisSubscription } from '@runvs/redis';
import {
  type BuiltProcess,
  createCourse,
  createUser,
  createUserWithToken,
  eventually,
  freeTcpPort,
  startApi,
  startBuiltProcess,
  testConfig,
} from '@runvs/testing';
import type Redis from 'ioredis';
import request from 'supertest';
import { DataSource } from 'typeorm';

/**
 * Hot reads are answered from in-process copies (auth state, cached answers), and still every
 * change made through any api process applies to the very next request in every other one: a ban,
 * a logout, a profile edit, a hidden course. Two api processes: this test's own (A) and the built
 * api as a real process (B).
 */
describe('in-process caches: every api process sees a change on the very next request', () => {
  let config: AppConfig;
  let a: INestApplication;
  let b: BuiltProcess;
  let bBase: string;
  let dataSource: DataSource;

  beforeAll(async () => {
    config = testConfig({ DEV_LOGIN_ENABLED: 'true' });
    a = await startApi(config);
    dataSource = a.get(DataSource);
    const port = await freeTcpPort();
    b = startBuiltProcess('apps/api/src/main.js', { API_PORT: String(port), DEV_LOGIN_ENABLED: 'true' });
    bBase = `http://127.0.0.1:${port}`;
    await eventually(
      async () => (await fetch(`${bBase}/health/ready`).catch(() => undefined))?.status === 200,
      {
        timeoutMs: 30_000,
      },
    );
  });

  afterAll(async () => {
    b?.kill();
    await a?.close();
  });

  /** A GET on process B: status and body. */
  const onB = async (path: string, authorization?: string) => {
    const response = await fetch(`${bBase}/api/v1${path}`, {
      headers: authorization ? { Authorization: authorization } : {},
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const onA = (path: string, authorization: string) =>
    request(a.getHttpServer()).get(`/api/v1${path}`).set('Authorization', authorization);

  it('answers a repeated read from in-process copies: no auth-state or cache round trip', async () => {
    const { authorization } = await createUserWithToken(dataSource, config);
    const redis = a.get<Redis>(REDIS_CLIENT) as Redis & {
      runvsCacheScopedGet: (...args: unknown[]) => Promise<unknown>;
    };
    await onA('/users/me', authorization).expect(200); // loaded from PostgreSQL into Redis
    await onA('/users/me', authorization).expect(200); // read from Redis, kept in process
    const mget = jest.spyOn(redis, 'mget');
    const scopedGet = jest.spyOn(redis, 'runvsCacheScopedGet');
    try {
      await onA('/users/me', authorization).expect(200);
      expect(mget).not.toHaveBeenCalled();
      expect(scopedGet).not.toHaveBeenCalled();
    } finally {
      mget.mockRestore();
      scopedGet.mockRestore();
    }
  });

  it('a ban and an unban made in one process apply to the next request in the other, every time', async () => {
    const { user, authorization } = await createUserWithToken(dataSource, config);
    const admin = await createUser(dataSource, { role: 'admin' });
    const admins = a.get(AdminUsersService);
    for (let round = 0; round < 5; round++) {
      // Warm both processes' copies of the session's state.
      for (let i = 0; i < 3; i++) {
        expect((await onB('/users/me', authorization)).status).toBe(200);
        await onA('/users/me', authorization).expect(200);
      }
      await admins.ban(admin.id, user.id, `round ${round}`, null);
      expect(await onB('/users/me', authorization)).toEqual({
        status: 403,
        body: { code: 'USER_BANNED', message: `round ${round}` },
      });
      await onA('/users/me', authorization).expect(403);
      await admins.unban(user.id);
      expect((await onB('/users/me', authorization)).status).toBe(200);
    }
  });

  it('a logout in one process refuses the session in the other on the next request', async () => {
    const email = `near-logout@runvs.test`;
    const login = async () =>
      (
        await request(a.getHttpServer())
          .post('/api/v1/auth/dev-login')
          .send({ email, nickname: 'nearlogout' })
          .expect(200)
      ).body as { access_token: string; refresh_token: string };
    const phone = await login();
    const tablet = await login();
    for (let i = 0; i < 3; i++) {
      expect((await onB('/users/me', `Bearer ${phone.access_token}`)).status).toBe(200);
      expect((await onB('/users/me', `Bearer ${tablet.access_token}`)).status).toBe(200);
    }
    await request(a.getHttpServer())
      .post('/api/v1/auth/logout')
      .set('Authorization', `Bearer ${phone.access_token}`)
      .send({ refresh_token: phone.refresh_token })
      .expect(200);
    expect((await onB('/users/me', `Bearer ${phone.access_token}`)).status).toBe(401);
    expect((await onB('/users/me', `Bearer ${tablet.access_token}`)).status).toBe(200);
  });

  it('a profile edit in one process shows in the other on the next read', async () => {
    const { authorization } = await createUserWithToken(dataSource, config);
    for (let i = 0; i < 3; i++) expect((await onB('/users/me', authorization)).status).toBe(200);
    for (const bio of ['first', 'second', 'third']) {
      await request(a.getHttpServer())
        .patch('/api/v1/users/me/profile')
        .set('Authorization', authorization)
        .send({ bio })
        .expect(200);
      expect((await onB('/users/me', authorization)).body.bio).toBe(bio);
    }
  });

  it('a course hidden in one process leaves the other one’s board and list at once', async () => {
    const creator = await createUser(dataSource);
    const viewer = await createUserWithToken(dataSource, config);
    const courseId = await createCourse(dataSource, creator.id);
    const board = `/courses/${courseId}/rankings`;
    for (let i = 0; i < 3; i++) expect((await onB(board, viewer.authorization)).status).toBe(200);
    await a.get(AdminContentService).setCourseHidden(courseId, true, 'spam');
    expect((await onB(board, viewer.authorization)).status).toBe(404);
    await a.get(AdminContentService).setCourseHidden(courseId, false, null);
    expect((await onB(board, viewer.authorization)).status).toBe(200);
  });

  it('serves no in-process copy while its process cannot hear invalidations', async () => {
    const { user, authorization } = await createUserWithToken(dataSource, config);
    for (let i = 0; i < 3; i++) await onA('/users/me', authorization).expect(200);
    // A stops hearing (its subscription drops), then another process bans the user: it bumps the
    // user's generation and publishes, which A does not hear.
    const subscription = a.get(RedisSubscription) as unknown as { connection: Redis };
    subscription.connection.disconnect();
    await eventually(async () => subscription.connection.status === 'end');
    await dataSource.query(`UPDATE users SET is_banned = true, banned_reason = 'unheard' WHERE id = $1`, [
      user.id,
    ]);
    await a.get<Redis>(REDIS_CLIENT).incr(a.get(RedisKeys).key('auth', 'gen', user.id));
    await onA('/users/me', authorization).expect(403, { code: 'USER_BANNED', message: 'unheard' });
    // Listening again, A hears changes again.
    await subscription.connection.connect();
    await onA('/users/me', authorization).expect(403);
    await a.get(AdminUsersService).unban(user.id);
    await onA('/users/me', authorization).expect(200);
  });
});
