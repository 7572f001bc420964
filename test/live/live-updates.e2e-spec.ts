import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import type { AppConfig } from '@runvs/config';
import {
  createUserWithToken,
  eventually,
  type LiveClient,
  listenOnEphemeralPort,
  openLiveSocket,
  startApi,
  startWorker,
  testConfig,
} from '@runvs/testing';
import { AuthStateService, signAccessToken } from '@runvs/identity';
import jwt from 'jsonwebtoken';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import WebSocket from 'ws';
import { gpxOf, runAlong } from '../imports/activity-track';

/**
 * The live socket against TWO api instances started here (each with its own port, sharing Postgres
 * and Redis) and a worker: an event produced through one instance (or the worker) reaches a
 * socket held by the other, over Redis pub/sub.
 */
describe('live updates over WebSocket (/ws), two api instances', () => {
  let config: AppConfig;
  let api1: INestApplication;
  let api2: INestApplication;
  let worker: INestApplicationContext;
  let ws1: string;
  let ws2: string;
  let dataSource: DataSource;
  const sockets: LiveClient[] = [];

  beforeAll(async () => {
    config = testConfig({ LIVE_AUTH_TIMEOUT_SECONDS: '1', LIVE_RECHECK_SECONDS: '1' });
    api1 = await startApi(config);
    // api2 never rechecks within a test: what closes its sockets is the auth events, at once.
    api2 = await startApi(testConfig({ LIVE_AUTH_TIMEOUT_SECONDS: '1', LIVE_RECHECK_SECONDS: '3600' }));
    worker = await startWorker(config);
    ws1 = await listenOnEphemeralPort(api1);
    ws2 = await listenOnEphemeralPort(api2);
    dataSource = api1.get(DataSource);
  });

  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.close();
  });

  afterAll(async () => {
    await worker?.close();
    await api1?.close();
    await api2?.close();
  });

  const connect = async (base: string, token?: string, path?: string) => {
    const socket = await openLiveSocket(base, { token, path });
    sockets.push(socket);
    return socket;
  };

  it('authenticates with ?token= and says ready with the unread count', async () => {
    const { user, token } = await createUserWithToken(dataSource, config);
    const socket = await connect(ws2, token);
    const ready = await socket.next('ready');
    expect(ready.data).toMatchObject({ user_id: user.id, unread_count: 0 });
    expect(Date.parse(ready.data.expires_at as string)).toBeGreaterThan(Date.now());
  });

  it('authenticates with a first message, at /ws and /api/v1/ws, and answers ping', async () => {
    const { user, token } = await createUserWithToken(dataSource, config);
    for (const path of ['/ws', '/api/v1/ws']) {
      const socket = await connect(ws1, undefined, path);
      socket.send({ type: 'auth', token });
      expect((await socket.next('ready')).data.user_id).toBe(user.id);
      socket.send({ type: 'ping' });
      await socket.next('pong');
      socket.send('not json');
      expect((await socket.next('error')).data.code).toBe('INVALID_MESSAGE');
    }
  });

  it('refuses bad, expired and missing tokens with close codes', async () => {
    const bad = await connect(ws1, 'not-a-jwt');
    expect(await bad.closed()).toBe(4001);

    const { user } = await createUserWithToken(dataSource, config);
    const expiredToken = jwt.sign(
      { type: 'access', sub: user.id, exp: Math.floor(Date.now() / 1000) - 60 },
      config.auth.jwtSecret,
      { algorithm: 'HS256' },
    );
    const expired = await connect(ws1, expiredToken);
    expect(await expired.closed()).toBe(4002);

    const refreshLike = jwt.sign({ type: 'refresh', sub: user.id }, config.auth.jwtSecret, {
      algorithm: 'HS256',
    });
    const wrongType = await connect(ws1, refreshLike);
    expect(await wrongType.closed()).toBe(4001);

    const silent = await connect(ws1);
    expect(await silent.closed()).toBe(4001); // LIVE_AUTH_TIMEOUT_SECONDS = 1

    const chatty = await connect(ws1);
    chatty.send({ type: 'ping' });
    expect(await chatty.closed()).toBe(4001);
    expect(chatty.messages.some((m) => m.type === 'ready')).toBe(false);
  });

  it('answers 404 to an upgrade on any other path', async () => {
    const socket = new WebSocket(`${ws1}/elsewhere`);
    const status = await new Promise<number | undefined>((resolve) => {
      socket.on('unexpected-response', (_req, response) => resolve(response.statusCode));
      socket.on('error', () => resolve(undefined));
    });
    expect(status).toBe(404);
  });

  it('pushes a notification produced through api1 (and the worker) to the socket held by api2', async () => {
    const a = await createUserWithToken(dataSource, config);
    const b = await createUserWithToken(dataSource, config);
    const socket = await connect(ws2, a.token);
    await socket.next('ready');

    await request(api1.getHttpServer())
      .post(`/api/v1/users/${a.user.id}/follow`)
      .set('Authorization', b.authorization)
      .expect(201);

    const arrived = await socket.next('notification');
    expect(arrived.data).toMatchObject({
      type: 'follow',
      actor: { id: b.user.id, nickname: b.user.nickname },
      is_read: false,
    });
    const [row] = await dataSource.query(`SELECT id FROM notifications WHERE user_id = $1`, [a.user.id]);
    expect(arrived.data.id).toBe(row.id);
  });

  it('pushes "friend started a run" to followers only, across instances', async () => {
    const runner = await createUserWithToken(dataSource, config);
    const follower = await createUserWithToken(dataSource, config);
    const stranger = await createUserWithToken(dataSource, config);
    await request(api1.getHttpServer())
      .post(`/api/v1/users/${runner.user.id}/follow`)
      .set('Authorization', follower.authorization)
      .expect(201);
    const followerSocket = await connect(ws1, follower.token);
    const strangerSocket = await connect(ws1, stranger.token);
    await followerSocket.next('ready');
    await strangerSocket.next('ready');

    const started = await request(api2.getHttpServer())
      .post('/api/v1/runs/sessions')
      .set('Authorization', runner.authorization)
      .send({ started_at: new Date().toISOString() })
      .expect(201);

    const event = await followerSocket.next('friend_run_started');
    expect(event.data).toMatchObject({
      user: { id: runner.user.id, nickname: runner.user.nickname },
      session_id: started.body.session_id,
      course_id: null,
    });
    // Both sockets live on api1 and one delivery serves both: the stranger got nothing.
    expect(strangerSocket.messages.map((m) => m.type)).toEqual(['ready']);
  });

  it('pushes "import finished" from the worker to the importer', async () => {
    const importer = await createUserWithToken(dataSource, config);
    const socket = await connect(ws2, importer.token);
    await socket.next('ready');
    const line = Array.from({ length: 12 }, (_, i) => [127.02 + i * 0.001, 37.51] as [number, number]);
    const accepted = await request(api1.getHttpServer())
      .post('/api/v1/imports/upload')
      .set('Authorization', importer.authorization)
      .attach('file', gpxOf(runAlong(line, { startMs: Date.now() - 7_200_000 })), 'run.gpx')
      .expect(201);

    const event = await socket.next('import_finished', undefined, 30_000);
    expect(event.data).toMatchObject({ import_id: accepted.body.import_id, status: 'completed' });
    expect(typeof event.data.run_record_id).toBe('string');
  });

  it('closes the socket at once when its session is revoked (logout), not the other sessions', async () => {
    const me = await createUserWithToken(dataSource, config);
    const phone = await connect(ws2, me.token);
    await phone.next('ready');
    const otherSession = signAccessToken(config, me.user.id, randomUUID());
    const tablet = await connect(ws2, otherSession);
    await tablet.next('ready');

    await request(api1.getHttpServer())
      .post('/api/v1/auth/logout')
      .set('Authorization', me.authorization)
      .send({})
      .expect(200);
    // The logged-out session's socket closes; a socket of a session that did not end stays open.
    expect(await phone.closed()).toBe(4003);
    tablet.send({ type: 'ping' });
    await tablet.next('pong');
    expect(tablet.closeCode).toBeNull();
    const again = await connect(ws2, me.token);
    expect(await again.closed()).toBe(4003);
  });

  it('closes the sockets of a user banned through the app at once (auth events)', async () => {
    const banned = await createUserWithToken(dataSource, config);
    const socket = await connect(ws2, banned.token);
    await socket.next('ready');
    await dataSource.query(`UPDATE users SET is_banned = true, banned_at = now() WHERE id = $1`, [
      banned.user.id,
    ]);
    await api1.get(AuthStateService).invalidateUser(banned.user.id);
    expect(await socket.closed()).toBe(4003);
  });

  it('closes the sockets of a user banned or deleted behind the app (periodic recheck)', async () => {
    const banned = await createUserWithToken(dataSource, config);
    const deleted = await createUserWithToken(dataSource, config);
    const bannedSocket = await connect(ws1, banned.token);
    const deletedSocket = await connect(ws1, deleted.token);
    await bannedSocket.next('ready');
    await deletedSocket.next('ready');

    await dataSource.query(`UPDATE users SET is_banned = true, banned_at = now() WHERE id = $1`, [
      banned.user.id,
    ]);
    await dataSource.query(`DELETE FROM users WHERE id = $1`, [deleted.user.id]);

    expect(await bannedSocket.closed()).toBe(4003); // api1: LIVE_RECHECK_SECONDS = 1
    expect(await deletedSocket.closed()).toBe(4003);
    // And, once the app knows (auth state invalidated), a banned user cannot connect again.
    await api1.get(AuthStateService).invalidateUser(banned.user.id);
    const again = await connect(ws2, banned.token);
    expect(await again.closed()).toBe(4003);
  });

  it("takes a fresh token of the same user, refuses another user's", async () => {
    const me = await createUserWithToken(dataSource, config);
    const other = await createUserWithToken(dataSource, config);
    const socket = await connect(ws1, me.token);
    await socket.next('ready');
    socket.send({ type: 'auth', data: { token: me.token } });
    await eventually(async () => socket.messages.filter((m) => m.type === 'ready').length === 2);
    socket.send({ type: 'auth', token: other.token });
    expect(await socket.closed()).toBe(4001);
  });
});
