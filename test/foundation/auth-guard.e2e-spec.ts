import { Controller, Get, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { AppConfig } from '@runvs/config';
import { connectionPool, UserEntity } from '@runvs/database';
import { signAccessToken } from '@runvs/identity';
import { AdminUsersService } from '@runvs/admin';
import { createUser, createUserWithToken, eventually, testConfig } from '@runvs/testing';
import jwt from 'jsonwebtoken';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { configureApiApp } from '../../apps/api/src/api-app';
import { ApiModule } from '../../apps/api/src/api.module';
import {
  AdminOnly,
  type AuthenticatedUser,
  CurrentUser,
  OptionalAuth,
} from '../../apps/api/src/auth/auth.decorators';

@Controller('guarded')
class GuardedController {
  @Get('me')
  me(@CurrentUser() user: AuthenticatedUser): AuthenticatedUser {
    return user;
  }

  @Get('maybe')
  @OptionalAuth()
  maybe(@CurrentUser() user: AuthenticatedUser | undefined): { user_id: string | null } {
    return { user_id: user?.id ?? null };
  }

  @Get('admin')
  @AdminOnly()
  admin(): { ok: true } {
    return { ok: true };
  }
}

describe('authentication guard', () => {
  let app: INestApplication;
  let config: AppConfig;
  let dataSource: DataSource;

  beforeAll(async () => {
    config = testConfig();
    const moduleRef = await Test.createTestingModule({
      imports: [ApiModule.forRoot(config)],
      controllers: [GuardedController],
    }).compile();
    app = moduleRef.createNestApplication({ bodyParser: false, bufferLogs: true });
    configureApiApp(app, config);
    await app.init();
    dataSource = app.get(DataSource);
  });

  afterAll(async () => {
    await app.close();
  });

  const get = (path: string, authorization?: string) => {
    const call = request(app.getHttpServer()).get(`/api/v1/guarded/${path}`);
    return authorization ? call.set('Authorization', authorization) : call;
  };

  it('lets a valid access token through and exposes the user and session', async () => {
    const { user, authorization, sessionId } = await createUserWithToken(dataSource, config);
    await get('me', authorization).expect(200, { id: user.id, role: 'user', sessionId });
  });

  it('answers 401 AUTH_REQUIRED with a Bearer challenge when no token is sent', async () => {
    const response = await get('me').expect(401);
    expect(response.body.code).toBe('AUTH_REQUIRED');
    expect(response.headers['www-authenticate']).toBe('Bearer');
  });

  const ours = { issuer: 'runvs-api', audience: 'runvs-app' };
  it.each([
    ['garbage', 'Bearer not-a-valid-jwt', {}],
    ['non-bearer', 'Basic dXNlcjpwYXNz', {}],
    ['wrong secret', 'WRONG', { ...ours, expiresIn: 60 }],
    ['refresh-typed', { type: 'refresh' }, { ...ours, expiresIn: 60 }],
    ['expired', { type: 'access', iat: Math.floor(Date.now() / 1000) - 7200 }, { ...ours, expiresIn: 60 }],
    // Issue 14 item 6: correctly signed, but without a lifetime, an issuer or an audience of ours.
    ['never-expiring', { type: 'access' }, ours],
    ['issuer-less', { type: 'access' }, { audience: 'runvs-app', expiresIn: 60 }],
    ['foreign-issuer', { type: 'access' }, { issuer: 'evil', audience: 'runvs-app', expiresIn: 60 }],
    ['audience-less', { type: 'access' }, { issuer: 'runvs-api', expiresIn: 60 }],
    ['session-less', { type: 'access', sid: undefined }, { ...ours, expiresIn: 60 }],
  ] as Array<[string, string | Record<string, unknown>, jwt.SignOptions]>)(
    'answers 401 AUTH_EXPIRED for a %s token',
    async (_name, token, options) => {
      const { user } = await createUserWithToken(dataSource, config);
      const claims = { sid: randomUUID(), ...(typeof token === 'string' ? { type: 'access' } : token) };
      const signed = (secret: string) =>
        `Bearer ${jwt.sign(JSON.parse(JSON.stringify(claims)) as object, secret, { algorithm: 'HS256', subject: user.id, ...options })}`;
      const authorization =
        token === 'WRONG'
          ? signed('wrong-secret-wrong-secret')
          : typeof token === 'string'
            ? token
            : signed(config.auth.jwtSecret);
      const response = await get('me', authorization).expect(401);
      expect(response.body.code).toBe('AUTH_EXPIRED');
      expect(response.headers['www-authenticate']).toBe('Bearer');
    },
  );

  it('locks a banned user out at once, even with a still-valid token, and lets them back in at once', async () => {
    const { user, authorization } = await createUserWithToken(dataSource, config);
    const admin = await createUser(dataSource, { role: 'admin' });
    const admins = app.get(AdminUsersService);
    await get('me', authorization).expect(200);
    await admins.ban(admin.id, user.id, 'spam', null);
    await get('me', authorization).expect(403, { code: 'USER_BANNED', message: 'spam' });
    await admins.unban(user.id);
    await get('me', authorization).expect(200);
  });

  it('stops applying a temporary ban when it runs out (one ban rule, checked on every request)', async () => {
    const { user, authorization } = await createUserWithToken(dataSource, config);
    const admin = await createUser(dataSource, { role: 'admin' });
    await app.get(AdminUsersService).ban(admin.id, user.id, 'cool down', new Date(Date.now() + 1500));
    await get('me', authorization).expect(403, { code: 'USER_BANNED', message: 'cool down' });
    // Nobody clears the flag: the ban's end date alone lets the runner back in.
    await eventually(async () => (await get('me', authorization)).status === 200);
  });

  it('answers a repeated request from the cached auth state, without a PostgreSQL round trip (issue 14 item 6)', async () => {
    const { authorization } = await createUserWithToken(dataSource, config);
    await get('me', authorization).expect(200);
    const pool = connectionPool(dataSource);
    const connect = jest.spyOn(pool, 'connect');
    try {
      await get('me', authorization).expect(200);
      await get('admin', authorization).expect(403);
      expect(connect).not.toHaveBeenCalled();
    } finally {
      connect.mockRestore();
    }
  });

  it('refuses the token of a deleted account', async () => {
    const { user, authorization } = await createUserWithToken(dataSource, config);
    await dataSource.getRepository(UserEntity).delete(user.id);
    expect((await get('me', authorization).expect(401)).body.code).toBe('AUTH_EXPIRED');
  });

  it('treats a missing or bad token as anonymous on optional routes', async () => {
    const { user, authorization } = await createUserWithToken(dataSource, config);
    await get('maybe').expect(200, { user_id: null });
    await get('maybe', 'Bearer broken').expect(200, { user_id: null });
    await get('maybe', authorization).expect(200, { user_id: user.id });
  });

  it('keeps admin routes to admins', async () => {
    const member = await createUserWithToken(dataSource, config);
    expect((await get('admin', member.authorization).expect(403)).body.code).toBe('FORBIDDEN');
    const admin = await createUserWithToken(dataSource, config, { role: 'admin' });
    await get('admin', admin.authorization).expect(200, { ok: true });
    await get('admin', `Bearer ${signAccessToken(config, admin.user.id, randomUUID())}`).expect(200);
  });
});
