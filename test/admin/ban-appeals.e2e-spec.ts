import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import type { AppConfig } from '@runvs/config';
import { createUserWithToken, startApi, startWorker, testConfig, waitForQueuesDrained } from '@runvs/testing';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { FakeFcm } from '../fakes/fake-fcm';

const UNKNOWN = '5b0c8f3e-9d3c-4c51-a0f8-0d6b3b9b2e11';

/**
 * A banned runner appeals once per ban (the only routes open to them besides reading their
 * appeal), admins see the appeals and answer them — uphold, or lift the ban — and the runner is
 * told (inbox + push through the worker).
 */
describe('ban appeals', () => {
  let fcm: FakeFcm;
  let config: AppConfig;
  let api: INestApplication;
  let worker: INestApplicationContext;
  let dataSource: DataSource;
  let admin: Awaited<ReturnType<typeof createUserWithToken>>;

  beforeAll(async () => {
    fcm = await new FakeFcm().start();
    config = testConfig(fcm.env());
    api = await startApi(config);
    worker = await startWorker(config);
    dataSource = api.get(DataSource);
    admin = await createUserWithToken(dataSource, config, { role: 'admin', nickname: 'chief' });
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await fcm?.stop();
  });

  const call = (method: 'get' | 'post', path: string, authorization?: string, body?: object) => {
    const test = request(api.getHttpServer())[method](`/api/v1${path}`);
    if (authorization) test.set('Authorization', authorization);
    return body === undefined ? test : test.send(body);
  };
  const asAdmin = {
    get: (path: string) => call('get', path, admin.authorization),
    post: (path: string, body?: object) => call('post', path, admin.authorization, body),
  };
  const bannedRunner = async (reason = 'Fake runs, repeatedly') => {
    const runner = await createUserWithToken(dataSource, config);
    await asAdmin.post(`/admin/users/${runner.user.id}/ban`, { reason }).expect(200);
    return runner;
  };
  const MESSAGE = 'My watch glitched on that run; here is the GPX from my phone.';

  it('a banned runner can appeal (once per ban) and read it, and nothing else', async () => {
    const runner = await bannedRunner();
    expect((await call('get', '/users/me', runner.authorization).expect(403)).body.code).toBe('USER_BANNED');
    const none = await call('get', '/users/me/ban-appeal', runner.authorization).expect(200);
    expect(none.body).toBeNull();
    expect(none.text).toBe('null');

    const short = await call('post', '/users/me/ban-appeal', runner.authorization, { message: 'pls' }).expect(
      422,
    );
    expect(short.body).toMatchObject({
      code: 'VALIDATION_ERROR',
      details: { fields: [{ field: 'message' }] },
    });
    await call('post', '/users/me/ban-appeal', runner.authorization, {}).expect(422);
    await call('post', '/users/me/ban-appeal', runner.authorization, { message: 42 }).expect(422);

    const created = await call('post', '/users/me/ban-appeal', runner.authorization, {
      message: `  ${MESSAGE}  `,
    }).expect(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      status: 'pending',
      message: MESSAGE,
      ban: { reason: 'Fake runs, repeatedly', banned_at: expect.any(String), banned_until: null },
      response: null,
      answered_at: null,
      created_at: expect.any(String),
    });
    const again = await call('post', '/users/me/ban-appeal', runner.authorization, {
      message: MESSAGE,
    }).expect(409);
    expect(again.body.code).toBe('ALREADY_APPEALED');
    await call('get', '/users/me/ban-appeal', runner.authorization).expect(200, created.body);
    // The admin console stays closed to them.
    expect((await call('get', '/admin/ban-appeals', runner.authorization).expect(403)).body.code).toBe(
      'USER_BANNED',
    );
  });

  it('refuses an appeal from a runner who is not banned, and without a token', async () => {
    const runner = await createUserWithToken(dataSource, config);
    const refused = await call('post', '/users/me/ban-appeal', runner.authorization, {
      message: MESSAGE,
    }).expect(400);
    expect(refused.body).toEqual({ code: 'NOT_BANNED', message: expect.any(String) });
    await call('post', '/users/me/ban-appeal', undefined, { message: MESSAGE }).expect(401);
    await call('get', '/users/me/ban-appeal').expect(401);
    // A temporary ban that has run out no longer counts.
    await dataSource.query(
      `UPDATE users SET is_banned = true, banned_at = now() - interval '2 days', banned_until = now() - interval '1 day'
        WHERE id = $1`,
      [runner.user.id],
    );
    await call('post', '/users/me/ban-appeal', runner.authorization, { message: MESSAGE }).expect(400);
  });

  it('admins list appeals and uphold one: the ban stays, the runner is told (inbox + push)', async () => {
    const runner = await bannedRunner('Harassment');
    const phone = `phone-${runner.user.id}`;
    await dataSource.query(`INSERT INTO device_tokens (user_id, token, platform) VALUES ($1, $2, 'ios')`, [
      runner.user.id,
      phone,
    ]);
    const { body: appeal } = await call('post', '/users/me/ban-appeal', runner.authorization, {
      message: MESSAGE,
    }).expect(201);

    const pending = await asAdmin.get('/admin/ban-appeals').expect(200);
    expect(pending.body.data).toContainEqual({
      ...appeal,
      user: {
        id: runner.user.id,
        user_code: runner.user.userCode,
        nickname: runner.user.nickname,
        avatar_url: null,
        is_banned: true,
      },
      answered_by_id: null,
    });
    const outsider = await createUserWithToken(dataSource, config);
    expect((await call('get', '/admin/ban-appeals', outsider.authorization).expect(403)).body.code).toBe(
      'FORBIDDEN',
    );
    await call('get', '/admin/ban-appeals').expect(401);
    await asAdmin.get('/admin/ban-appeals?status=nope').expect(422);

    const upheld = await asAdmin
      .post(`/admin/ban-appeals/${appeal.id}/answer`, {
        decision: 'uphold',
        response: '기록을 확인했습니다.',
      })
      .expect(200);
    expect(upheld.body).toMatchObject({
      id: appeal.id,
      status: 'upheld',
      response: '기록을 확인했습니다.',
      answered_at: expect.any(String),
      answered_by_id: admin.user.id,
      user: { is_banned: true },
    });
    const twice = await asAdmin
      .post(`/admin/ban-appeals/${appeal.id}/answer`, { decision: 'lift' })
      .expect(409);
    expect(twice.body.code).toBe('APPEAL_ALREADY_ANSWERED');
    await call('get', '/users/me', runner.authorization).expect(403);
    expect((await call('get', '/users/me/ban-appeal', runner.authorization).expect(200)).body.status).toBe(
      'upheld',
    );

    await waitForQueuesDrained(worker);
    const [notice] = await dataSource.query(
      `SELECT type, title, body, data, push_status FROM notifications WHERE user_id = $1`,
      [runner.user.id],
    );
    expect(notice).toEqual({
      type: 'ban_appeal_answered',
      title: '이의 신청 결과',
      body: '이의 신청을 검토했지만 계정 이용 제한이 유지됩니다. 기록을 확인했습니다.',
      data: { appeal_id: appeal.id, decision: 'upheld' },
      push_status: 'sent',
    });
    expect(fcm.deliveredTo(phone).map((push) => push.data?.type)).toEqual(['ban_appeal_answered']);
    expect(
      (await asAdmin.get('/admin/ban-appeals?status=upheld').expect(200)).body.data.map(
        (a: { id: string }) => a.id,
      ),
    ).toContain(appeal.id);
  });

  it('lifting an appeal lifts the ban at once; a new ban can be appealed again', async () => {
    const runner = await bannedRunner();
    const { body: appeal } = await call('post', '/users/me/ban-appeal', runner.authorization, {
      message: MESSAGE,
    }).expect(201);
    const lifted = await asAdmin
      .post(`/admin/ban-appeals/${appeal.id}/answer`, { decision: 'lift' })
      .expect(200);
    expect(lifted.body).toMatchObject({ status: 'lifted', response: null, user: { is_banned: false } });
    // The very next request goes through with the same token.
    await call('get', '/users/me', runner.authorization).expect(200);
    const inbox = await call('get', '/notifications', runner.authorization).expect(200);
    expect(inbox.body.data).toEqual([
      expect.objectContaining({
        type: 'ban_appeal_answered',
        actor: null,
        body: '이의 신청이 받아들여져 계정 이용 제한이 해제되었습니다.',
        data: { appeal_id: appeal.id, decision: 'lifted' },
      }),
    ]);

    await asAdmin.post(`/admin/users/${runner.user.id}/ban`, { reason: 'Again' }).expect(200);
    const second = await call('post', '/users/me/ban-appeal', runner.authorization, {
      message: MESSAGE,
    }).expect(201);
    expect(second.body).toMatchObject({ status: 'pending', ban: { reason: 'Again' } });
  });

  it('lifting an appeal of a ban that already ended leaves a newer ban alone', async () => {
    const runner = await bannedRunner('First');
    const { body: appeal } = await call('post', '/users/me/ban-appeal', runner.authorization, {
      message: MESSAGE,
    }).expect(201);
    await asAdmin.post(`/admin/users/${runner.user.id}/unban`).expect(200);
    await asAdmin.post(`/admin/users/${runner.user.id}/ban`, { reason: 'Second' }).expect(200);
    const answered = await asAdmin
      .post(`/admin/ban-appeals/${appeal.id}/answer`, { decision: 'lift' })
      .expect(200);
    expect(answered.body).toMatchObject({ status: 'lifted', user: { is_banned: true } });
    expect((await call('get', '/users/me', runner.authorization).expect(403)).body).toEqual({
      code: 'USER_BANNED',
      message: 'Second',
    });
  });

  it('answers bad input with 4xx', async () => {
    await asAdmin.post('/admin/ban-appeals/not-a-uuid/answer', { decision: 'lift' }).expect(422);
    await asAdmin.post(`/admin/ban-appeals/${UNKNOWN}/answer`, { decision: 'lift' }).expect(404);
    const runner = await bannedRunner();
    const { body: appeal } = await call('post', '/users/me/ban-appeal', runner.authorization, {
      message: MESSAGE,
    }).expect(201);
    await asAdmin.post(`/admin/ban-appeals/${appeal.id}/answer`, { decision: 'pardon' }).expect(422);
    await asAdmin.post(`/admin/ban-appeals/${appeal.id}/answer`, {}).expect(422);
    await asAdmin
      .post(`/admin/ban-appeals/${appeal.id}/answer`, { decision: 'uphold', response: 'x'.repeat(1001) })
      .expect(422);
    expect((await asAdmin.get(`/admin/ban-appeals?status=pending`).expect(200)).body.data).toContainEqual(
      expect.objectContaining({ id: appeal.id, status: 'pending' }),
    );
  });
});
