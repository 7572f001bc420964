import { Controller, Get, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { AppConfig } from '@runvs/config';
import { UserEntity } from '@runvs/database';
import { signAccessToken } from '@runvs/identity';
import { createUserWithToken, testConfig } from '@runvs/testing';
import jwt from 'jsonwebtoken';
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

  it('lets a valid access token through and exposes the user', async () => {
    const { user, authorization } = await createUserWithToken(dataSource, config);
    await get('me', authorization).expect(200, { id: user.id, role: 'user' });
  });

  it('answers 401 AUTH_REQUIRED with a Bearer challenge when no token is sent', async () => {
    const response = await get('me').expect(401);
    expect(response.body.code).toBe('AUTH_REQUIRED');
    expect(response.headers['www-authenticate']).toBe('Bearer');
  });

  it.each([
    ['garbage', 'Bearer not-a-valid-jwt'],
    ['wrong secret', `Bearer ${jwt.sign({ type: 'access' }, 'wrong-secret', { subject: 'x' })}`],
    ['refresh-typed', 'REFRESH'],
    ['expired', 'EXPIRED'],
  ])('answers 401 AUTH_EXPIRED for a %s token', async (_name, header) => {
    const { user } = await createUserWithToken(dataSource, config);
    const sign = (claims: object, options: jwt.SignOptions) =>
      `Bearer ${jwt.sign(claims, config.auth.jwtSecret, { algorithm: 'HS256', subject: user.id, ...options })}`;
    const authorization =
      header === 'REFRESH'
        ? sign({ type: 'refresh' }, { expiresIn: 60 })
        : header === 'EXPIRED'
          ? sign({ type: 'access', iat: Math.floor(Date.now() / 1000) - 7200 }, { expiresIn: 60 })
          : header;
    const response = await get('me', authorization).expect(401);
    expect(response.body.code).toBe('AUTH_EXPIRED');
    expect(response.headers['www-authenticate']).toBe('Bearer');
  });

  it('locks a banned user out at once, even with a still-valid token', async () => {
    const { user, authorization } = await createUserWithToken(dataSource, config);
    await get('me', authorization).expect(200);
    await dataSource.getRepository(UserEntity).update(user.id, { isBanned: true, bannedReason: 'spam' });
    await get('me', authorization).expect(403, { code: 'USER_BANNED', message: 'spam' });
    // A ban that has expired no longer applies.
    await dataSource.getRepository(UserEntity).update(user.id, { bannedUntil: new Date(Date.now() - 1000) });
    await get('me', authorization).expect(200);
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
    await get('admin', `Bearer ${signAccessToken(config, admin.user.id)}`).expect(200);
  });
});
