import type { INestApplication } from '@nestjs/common';
import type { AppConfig } from '@runvs/config';
import { type AuthEvent, AuthStateService, hashToken } from '@runvs/identity';
import { REDIS_CLIENT } from '@runvs/redis';
import { eventually, startStack, type TestStack } from '@runvs/testing';
import Redis from 'ioredis';
import request from 'supertest';
import type { DataSource } from 'typeorm';

/**
 * Issue 14 item 6: an access token names its session, and ending the session (logout, refresh-token
 * reuse) ends the access token on the very next request, not when it expires 30 minutes later.
 */
describe('sessions: logout and reuse detection end access at once', () => {
  let stack: TestStack;
  let app: INestApplication;
  let config: AppConfig;
  let dataSource: DataSource;
  let counter = 0;

  beforeAll(async () => {
    stack = await startStack({ env: { DEV_LOGIN_ENABLED: 'true' } });
    ({ config, api: app, dataSource } = stack);
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    await stack?.close();
  });

  const http = () => request(app.getHttpServer());
  type Login = { access_token: string; refresh_token: string; user: { id: string } };
  /** Signs in (a new session); the same email again is the same user on another device. */
  const devLogin = async (email = `session${++counter}@runvs.test`): Promise<Login> =>
    (
      await http()
        .post('/api/v1/auth/dev-login')
        .send({ email, nickname: email.split('@')[0] })
        .expect(200)
    ).body as Login;
  const me = (accessToken: string) =>
    http().get('/api/v1/users/me').set('Authorization', `Bearer ${accessToken}`);
  const refresh = (token: string) => http().post('/api/v1/auth/refresh').send({ refresh_token: token });
  const logout = (accessToken: string, body: object = {}) =>
    http().post('/api/v1/auth/logout').set('Authorization', `Bearer ${accessToken}`).send(body).expect(200);

  it('logout of one session refuses its access token on the next request; other sessions keep working', async () => {
    const phone = await devLogin();
    const tablet = await devLogin(`session${counter}@runvs.test`);
    await me(phone.access_token).expect(200);
    await logout(phone.access_token, { refresh_token: phone.refresh_token });

    const refused = await me(phone.access_token).expect(401);
    expect(refused.body).toEqual({
      code: 'AUTH_EXPIRED',
      message: 'This session was signed out; sign in again.',
    });
    expect(refused.headers['www-authenticate']).toBe('Bearer');
    await me(tablet.access_token).expect(200);
  });

  it('logout of a session also ends the access tokens it issued earlier (after a refresh)', async () => {
    const login = await devLogin();
    const rotated = (await refresh(login.refresh_token).expect(200)).body as Login;
    await logout(rotated.access_token, { refresh_token: rotated.refresh_token });
    await me(login.access_token).expect(401);
    await me(rotated.access_token).expect(401);
  });

  it('logout without a refresh token ends every session of the user', async () => {
    const phone = await devLogin();
    const tablet = await devLogin(`session${counter}@runvs.test`);
    const stranger = await devLogin();
    await logout(phone.access_token);
    await me(phone.access_token).expect(401);
    await me(tablet.access_token).expect(401);
    await me(stranger.access_token).expect(200);
  });

  it('refresh-token reuse ends the access of every session at once', async () => {
    const victim = await devLogin();
    const otherDevice = await devLogin(`session${counter}@runvs.test`);
    const rotated = (await refresh(victim.refresh_token).expect(200)).body as Login;
    await me(rotated.access_token).expect(200);
    // The stolen copy is replayed after the grace window.
    await dataSource.query(
      `UPDATE refresh_tokens SET revoked_at = now() - interval '1 minute' WHERE token_hash = $1`,
      [hashToken(victim.refresh_token)],
    );
    await refresh(victim.refresh_token).expect(401);

    for (const token of [victim.access_token, rotated.access_token, otherDevice.access_token]) {
      expect((await me(token).expect(401)).body.code).toBe('AUTH_EXPIRED');
    }
  });

  it('announces ended sessions and changed users on the auth events channel', async () => {
    const subscriber = new Redis(config.redis.url);
    const events: AuthEvent[] = [];
    try {
      await subscriber.subscribe(app.get(AuthStateService).eventsChannel);
      subscriber.on('message', (_channel, message: string) => events.push(JSON.parse(message) as AuthEvent));
      const login = await devLogin();
      const [{ family_id: sessionId }] = (await dataSource.query(
        `SELECT family_id FROM refresh_tokens WHERE token_hash = $1`,
        [hashToken(login.refresh_token)],
      )) as Array<{ family_id: string }>;
      await logout(login.access_token, { refresh_token: login.refresh_token });
      await eventually(async () =>
        events.some((event) => event.type === 'session-ended' && event.sessionId === sessionId),
      );
      await http()
        .delete('/api/v1/users/me')
        .set('Authorization', `Bearer ${(await devLogin()).access_token}`);
      await eventually(async () => events.some((event) => event.type === 'user-changed'));
    } finally {
      subscriber.disconnect();
    }
  });

  it('reads the state from PostgreSQL while Redis fails: signed-out sessions stay out, others work', async () => {
    const out = await devLogin();
    const stillIn = await devLogin();
    await logout(out.access_token, { refresh_token: out.refresh_token });
    const redis = app.get<Redis>(REDIS_CLIENT);
    const mget = jest.spyOn(redis, 'mget').mockRejectedValue(new Error('Connection is closed.'));
    try {
      await me(out.access_token).expect(401);
      await me(stillIn.access_token).expect(200);
      expect(mget).toHaveBeenCalled();
    } finally {
      mget.mockRestore();
    }
  });
});
