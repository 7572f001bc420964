import type { INestApplication } from '@nestjs/common';
import { hashToken } from '@runvs/identity';
import { startStack, type TestStack } from '@runvs/testing';
import request from 'supertest';
import type { DataSource } from 'typeorm';

describe('tokens: dev login, refresh rotation, reuse detection, logout, rate limits', () => {
  let stack: TestStack;
  let app: INestApplication;
  let dataSource: DataSource;
  let counter = 0;

  beforeAll(async () => {
    stack = await startStack({ env: { DEV_LOGIN_ENABLED: 'true' } });
    ({ api: app, dataSource } = stack);
  });

  afterAll(() => stack?.close());

  const http = (target: INestApplication = app) => request(target.getHttpServer());
  const devLogin = async () => {
    counter += 1;
    const response = await http()
      .post('/api/v1/auth/dev-login')
      .send({ email: `tok${counter}@runvs.test`, nickname: `tok${counter}` })
      .expect(200);
    return response.body as { access_token: string; refresh_token: string; user: { id: string } };
  };
  const refresh = (token: string) => http().post('/api/v1/auth/refresh').send({ refresh_token: token });
  /** An authenticated call that changes nothing (logout of a token that is not the caller's). */
  const authenticated = (accessToken: string) =>
    http()
      .post('/api/v1/auth/logout')
      .set('Authorization', `Bearer ${accessToken}`)
      .send({ refresh_token: 'not-mine' });
  const liveTokens = async (userId: string) =>
    (
      await dataSource.query(
        `SELECT count(*)::int AS n FROM refresh_tokens WHERE user_id = $1 AND revoked_at IS NULL`,
        [userId],
      )
    )[0].n as number;

  describe('dev login', () => {
    it('creates a user, then finds it again by email (§17 API tests)', async () => {
      const first = await http()
        .post('/api/v1/auth/dev-login')
        .send({ email: 'Dev.Runner@runvs.test', nickname: 'devrunner' })
        .expect(200);
      expect(first.body).toMatchObject({
        token_type: 'Bearer',
        expires_in: 1800,
        user: { email: 'Dev.Runner@runvs.test', nickname: 'devrunner', is_new_user: true },
      });
      const again = await http()
        .post('/api/v1/auth/dev-login')
        .send({ email: 'dev.runner@runvs.test' })
        .expect(200);
      expect(again.body.user).toMatchObject({
        id: first.body.user.id,
        is_new_user: false,
        nickname: 'devrunner',
      });
    });

    it('defaults to dev_user / dev@runcrew.test', async () => {
      const response = await http().post('/api/v1/auth/dev-login').send({}).expect(200);
      expect(response.body.user).toMatchObject({ email: 'dev@runcrew.test', nickname: 'dev_user' });
    });

    it('refuses bad input with 422 and a taken nickname with 409', async () => {
      expect(
        (await http().post('/api/v1/auth/dev-login').send({ email: 'nope' }).expect(422)).body.code,
      ).toBe('VALIDATION_ERROR');
      const taken = await http()
        .post('/api/v1/auth/dev-login')
        .send({ email: 'other-dev@runvs.test', nickname: 'DEVRUNNER' })
        .expect(409);
      expect(taken.body.code).toBe('DUPLICATE_NICKNAME');
    });
  });

  describe('refresh', () => {
    it('stores only the SHA-256 of a refresh token, valid for 30 days', async () => {
      const { refresh_token, user } = await devLogin();
      const rows = await dataSource.query(
        `SELECT token_hash, round(extract(epoch FROM expires_at - created_at))::int AS ttl
           FROM refresh_tokens WHERE user_id = $1`,
        [user.id],
      );
      expect(rows).toEqual([{ token_hash: hashToken(refresh_token), ttl: 30 * 86_400 }]);
    });

    it('rotates: a new pair each time, the old refresh token is spent', async () => {
      const login = await devLogin();
      const first = await refresh(login.refresh_token).expect(200);
      expect(Object.keys(first.body).sort()).toEqual(['access_token', 'expires_in', 'refresh_token']);
      expect(first.body.refresh_token).not.toBe(login.refresh_token);
      expect(first.body.expires_in).toBe(1800);
      await authenticated(first.body.access_token).expect(200);
      const second = await refresh(first.body.refresh_token).expect(200);
      expect(second.body.refresh_token).not.toBe(first.body.refresh_token);
      const [family] = await dataSource.query(
        `SELECT count(DISTINCT family_id)::int AS families, count(*)::int AS tokens,
                count(*) FILTER (WHERE revoked_at IS NULL)::int AS live,
                count(*) FILTER (WHERE replaced_by_id IS NOT NULL)::int AS rotated
           FROM refresh_tokens WHERE user_id = $1`,
        [login.user.id],
      );
      expect(family).toEqual({ families: 1, tokens: 3, live: 1, rotated: 2 });
    });

    it('revokes every token of the user when a rotated token is reused after the grace window', async () => {
      const login = await devLogin();
      const otherDevice = await http()
        .post('/api/v1/auth/dev-login')
        .send({ email: `tok${counter}@runvs.test` })
        .expect(200);
      const rotated = await refresh(login.refresh_token).expect(200);
      // The theft is noticed a minute later, outside the 30 s grace window.
      await dataSource.query(
        `UPDATE refresh_tokens SET revoked_at = now() - interval '1 minute' WHERE token_hash = $1`,
        [hashToken(login.refresh_token)],
      );
      const reuse = await refresh(login.refresh_token).expect(401);
      expect(reuse.body.code).toBe('AUTH_EXPIRED');
      expect(reuse.headers['www-authenticate']).toBe('Bearer');
      expect(await liveTokens(login.user.id)).toBe(0);
      // The legitimate successor and the other device's session are gone too.
      expect((await refresh(rotated.body.refresh_token).expect(401)).body.code).toBe('AUTH_EXPIRED');
      await refresh(otherDevice.body.refresh_token).expect(401);
    });

    it('inside the grace window, a second refresh of the same token gets the same replacement pair (issue 14 item 6)', async () => {
      const login = await devLogin();
      const first = await refresh(login.refresh_token).expect(200);
      const second = await refresh(login.refresh_token).expect(200);
      expect(second.body).toEqual(first.body);
      // No new pair was minted, and nothing was revoked.
      expect(await liveTokens(login.user.id)).toBe(1);
      await authenticated(second.body.access_token).expect(200);
      await refresh(first.body.refresh_token).expect(200);
    });

    it('a grace refresh after the successor was rotated too gets the family’s live pair, never a spent one', async () => {
      const login = await devLogin();
      const first = await refresh(login.refresh_token).expect(200);
      const next = await refresh(first.body.refresh_token).expect(200);
      const late = await refresh(login.refresh_token).expect(200);
      expect(late.body.refresh_token).toBe(next.body.refresh_token);
      expect(await liveTokens(login.user.id)).toBe(1);
      await refresh(late.body.refresh_token).expect(200);
    });

    it('serialises truly concurrent refreshes of one token: all get the one replacement pair', async () => {
      const login = await devLogin();
      const responses = await Promise.all([1, 2, 3].map(() => refresh(login.refresh_token)));
      expect(responses.map((response) => response.status)).toEqual([200, 200, 200]);
      expect(new Set(responses.map((response) => response.body.refresh_token)).size).toBe(1);
      expect(await liveTokens(login.user.id)).toBe(1);
    });

    it('grace does not revive a family that was signed out', async () => {
      const login = await devLogin();
      const rotated = await refresh(login.refresh_token).expect(200);
      await http()
        .post('/api/v1/auth/logout')
        .set('Authorization', `Bearer ${rotated.body.access_token}`)
        .send({})
        .expect(200);
      expect((await refresh(login.refresh_token).expect(401)).body.code).toBe('AUTH_EXPIRED');
    });

    it('refuses unknown and expired refresh tokens with 401, and bad bodies with 422', async () => {
      expect((await refresh('never-issued').expect(401)).body.code).toBe('AUTH_EXPIRED');
      const login = await devLogin();
      await dataSource.query(
        `UPDATE refresh_tokens SET expires_at = now() - interval '1 second' WHERE user_id = $1`,
        [login.user.id],
      );
      expect((await refresh(login.refresh_token).expect(401)).body.message).toMatch(/expired/);
      for (const body of [{}, { refresh_token: '' }, { refresh_token: 5 }]) {
        expect((await http().post('/api/v1/auth/refresh').send(body).expect(422)).body.code).toBe(
          'VALIDATION_ERROR',
        );
      }
    });

    it('refuses the refresh token of a deleted account', async () => {
      const login = await devLogin();
      await dataSource.query(`DELETE FROM users WHERE id = $1`, [login.user.id]);
      await refresh(login.refresh_token).expect(401);
    });
  });

  describe('logout', () => {
    it('revokes the given refresh token only', async () => {
      const phone = await devLogin();
      const tablet = await http()
        .post('/api/v1/auth/dev-login')
        .send({ email: `tok${counter}@runvs.test` })
        .expect(200);
      const response = await http()
        .post('/api/v1/auth/logout')
        .set('Authorization', `Bearer ${phone.access_token}`)
        .send({ refresh_token: phone.refresh_token });
      expect(response.body).toEqual({ status: 'ok' });
      await refresh(phone.refresh_token).expect(401);
      await refresh(tablet.body.refresh_token).expect(200);
    });

    it("cannot revoke another user's token, and without a token revokes all of mine", async () => {
      const mallory = await devLogin();
      const alice = await devLogin();
      await http()
        .post('/api/v1/auth/logout')
        .set('Authorization', `Bearer ${mallory.access_token}`)
        .send({ refresh_token: alice.refresh_token })
        .expect(200);
      const aliceNext = await refresh(alice.refresh_token).expect(200);
      await http()
        .post('/api/v1/auth/logout')
        .set('Authorization', `Bearer ${aliceNext.body.access_token}`)
        .expect(200);
      expect(await liveTokens(alice.user.id)).toBe(0);
      expect(await liveTokens(mallory.user.id)).toBe(1);
    });

    it('needs a valid access token', async () => {
      const response = await http().post('/api/v1/auth/logout').send({}).expect(401);
      expect(response.body.code).toBe('AUTH_REQUIRED');
    });
  });
});
