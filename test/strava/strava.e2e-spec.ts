import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import type { AppConfig } from '@runvs/config';
import { QueueName, QueueRegistry } from '@runvs/queue';
import { StravaSubscriptionService } from '@runvs/strava';
import {
  connectStrava,
  createCourse,
  createUserWithToken,
  eventually,
  lineFrom,
  listenOnEphemeralPort,
  startApi,
  startStack,
  stravaEnv,
  stravaRun,
  testConfig,
  type TestStack,
  waitForQueuesDrained,
} from '@runvs/testing';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { FakeStrava } from '../fakes';

describe('Strava: connect → sync → webhooks → disconnect (fake Strava)', () => {
  let stack: TestStack;
  let api: INestApplication;
  let worker: INestApplicationContext;
  let config: AppConfig;
  let dataSource: DataSource;
  let strava: FakeStrava;
  let callbackUrl: string;

  beforeAll(async () => {
    strava = await new FakeStrava().start();
    stack = await startStack({ worker: true, env: stravaEnv(strava) });
    ({ config, api, worker, dataSource } = stack);
    // Strava verifies the callback (hub.challenge) before it creates the subscription.
    const base = (await listenOnEphemeralPort(api)).replace(/^ws:/, 'http:');
    callbackUrl = `${base}/api/v1/strava/webhook`;
    expect(await api.get(StravaSubscriptionService).subscribe({ callbackUrl })).toEqual({
      outcome: 'created',
      id: strava.subscription!.id,
      callback_url: callbackUrl,
    });
  });

  afterAll(async () => {
    await stack?.close();
    await strava?.stop();
  });

  const http = () => request(api.getHttpServer());
  const drained = () => waitForQueuesDrained(worker, { timeoutMs: 30_000 });
  const stravaImports = (userId: string) =>
    dataSource.query(
      `SELECT external_id, status, error_message, run_record_id, duplicate_of_run_id FROM external_imports
        WHERE user_id = $1 AND source = 'strava' ORDER BY external_id`,
      [userId],
    ) as Promise<
      Array<{
        external_id: string;
        status: string;
        error_message: string | null;
        run_record_id: string | null;
      }>
    >;

  const connect = (authorization: string, code: string) => connectStrava(api, authorization, code);

  it('connects with a signed state, stores tokens encrypted, syncs recent runs privately', async () => {
    const { user, authorization } = await createUserWithToken(dataSource, config);
    const line = lineFrom([127.3, 37.3], 13, 100);
    const courseId = await createCourse(dataSource, user.id, { coordinates: line });
    strava.addAthlete(1001, 'code-1001', [
      // Strava shows its own totals (100 m and 30 s more than our track's): the run shows them.
      { ...stravaRun(11, line, 3), distance: 1300, moving_time: 430, elapsed_time: 450 },
      stravaRun(12, lineFrom([127.31, 37.31], 21, 100, 90), 2),
      stravaRun(13, line, 1, 'Ride'),
      {
        id: 14,
        name: 'Manual',
        sport_type: 'Run',
        start_date: new Date(Date.now() - 4 * 86_400_000).toISOString(),
        distance: 5000,
        manual: true,
      },
    ]);

    const url = (await http().get('/api/v1/strava/auth-url').set('Authorization', authorization).expect(200))
      .body;
    const authUrl = new URL(url.auth_url);
    expect(authUrl.origin + authUrl.pathname).toBe(`${strava.oauthBaseUrl}/authorize`);
    expect(Object.fromEntries(authUrl.searchParams)).toMatchObject({
      client_id: 'runvs-test-client',
      redirect_uri: 'runvs://strava/callback',
      response_type: 'code',
      scope: 'read,activity:read_all',
      state: url.state,
    });

    // Forged, altered and foreign states are refused before any call to Strava.
    const other = await createUserWithToken(dataSource, config);
    const foreign = (await http().get('/api/v1/strava/auth-url').set('Authorization', other.authorization))
      .body.state;
    for (const state of ['forged', `${url.state}x`, foreign]) {
      const refused = await http()
        .post('/api/v1/strava/callback')
        .set('Authorization', authorization)
        .send({ code: 'code-1001', state })
        .expect(400);
      expect(refused.body.code).toBe('STRAVA_STATE_INVALID');
    }
    const badCode = await http()
      .post('/api/v1/strava/callback')
      .set('Authorization', authorization)
      .send({ code: 'nope', state: url.state })
      .expect(400);
    expect(badCode.body.code).toBe('STRAVA_TOKEN_EXCHANGE_FAILED');

    const connected = await http()
      .post('/api/v1/strava/callback')
      .set('Authorization', authorization)
      .send({ code: 'code-1001', state: url.state, scope: 'read,activity:read_all' })
      .expect(200);
    expect(connected.body).toEqual({
      connected: true,
      athlete_name: 'Daniel Block',
      athlete_profile_url: 'https://strava.test/1001.jpg',
      last_sync_at: null,
      auto_sync: true,
      scopes: ['read', 'activity:read_all'],
      // The first connection backfills 90 days.
      sync: expect.objectContaining({
        status: expect.any(String),
        since: expect.any(String),
      }),
    });
    const [stored] = await dataSource.query(
      `SELECT access_token_encrypted, refresh_token_encrypted FROM strava_connections WHERE user_id = $1`,
      [user.id],
    );
    expect(stored.access_token_encrypted).toMatch(/^v1\./);
    expect(stored.refresh_token_encrypted).toMatch(/^v1\./);

    await drained();
    const imports = await stravaImports(user.id);
    expect(imports.map((i) => [i.external_id, i.status])).toEqual([
      ['11', 'completed'],
      ['12', 'completed'],
      ['14', 'failed'],
    ]);
    expect(imports[2].error_message).toMatch(/no GPS positions/);
    const runs = await dataSource.query(
      `SELECT source, course_id, is_ranking_eligible, course_completed, pipeline_completed_at IS NOT NULL AS done
         FROM run_records WHERE user_id = $1 ORDER BY started_at`,
      [user.id],
    );
    expect(runs).toEqual([
      {
        source: 'strava',
        course_id: courseId,
        is_ranking_eligible: false,
        course_completed: true,
        done: true,
      },
      { source: 'strava', course_id: null, is_ranking_eligible: false, course_completed: null, done: true },
    ]);
    // What Strava showed is shown on the run, ours beside it; a disagreement over 3 % is said.
    const [shown] = await dataSource.query(
      `SELECT distance_meters, duration_seconds, total_elapsed_seconds, gps_distance_meters, moving_time_seconds,
              data_notes, is_flagged
         FROM run_records WHERE user_id = $1 AND course_id = $2`,
      [user.id, courseId],
    );
    expect(shown).toMatchObject({
      distance_meters: 1300,
      duration_seconds: 430,
      total_elapsed_seconds: 450,
      is_flagged: false,
    });
    expect(Math.abs(shown.gps_distance_meters - 1200)).toBeLessThan(30);
    expect(Math.abs(shown.moving_time_seconds - 400)).toBeLessThan(5);
    expect(shown.data_notes).toEqual([
      expect.stringMatching(/^our GPS distance 1\.\d\d km and the device's 1\.30 km differ by \d\.\d %$/),
      expect.stringMatching(/^our moving time \d+ s and the device's 430 s differ by \d\.\d %$/),
    ]);
    // Strava runs never enter a public leaderboard.
    expect(await dataSource.query(`SELECT 1 FROM rankings WHERE course_id = $1`, [courseId])).toEqual([]);
    const status = (await http().get('/api/v1/strava/status').set('Authorization', authorization).expect(200))
      .body;
    expect(status.last_sync_at).toEqual(expect.any(String));

    // A second connection of the same athlete by another account is a conflict.
    strava.codes.set('code-1001-again', 1001);
    const conflict = await connect(other.authorization, 'code-1001-again');
    expect(conflict.status).toBe(409);
  });

  it('follows webhooks: subscription echo, activity create / update / delete', async () => {
    await http()
      .get('/api/v1/strava/webhook?hub.mode=subscribe&hub.challenge=15f7d1a9&hub.verify_token=verify-me')
      .expect(200, { 'hub.challenge': '15f7d1a9' });
    await http()
      .get('/api/v1/strava/webhook?hub.mode=subscribe&hub.challenge=x&hub.verify_token=wrong')
      .expect(403);

    const { user, authorization } = await createUserWithToken(dataSource, config);
    const athlete = strava.addAthlete(1002, 'code-1002');
    expect((await connect(authorization, 'code-1002')).status).toBe(200);
    await drained();
    expect(await stravaImports(user.id)).toEqual([]);

    const event = async (
      object_id: number,
      aspect_type: 'create' | 'update' | 'delete',
      updates: Record<string, string> = {},
    ) => {
      expect(
        await strava.push({ aspect_type, object_id, object_type: 'activity', owner_id: 1002, updates }),
      ).toBe(200);
    };
    athlete.activities.push(stravaRun(21, lineFrom([127.35, 37.35], 15, 100), 1));
    await event(21, 'create');
    await drained();
    const [created] = await stravaImports(user.id);
    expect(created).toMatchObject({ external_id: '21', status: 'completed' });

    // Retitled and made private at Strava: the import follows; the run stays private to its owner.
    athlete.activities[0].name = 'Messy';
    athlete.activities[0].private = true;
    await event(21, 'update', { title: 'Messy', private: 'true' });
    await drained();
    const [retitled] = await dataSource.query(
      `SELECT raw_metadata FROM external_imports WHERE user_id = $1 AND external_id = '21'`,
      [user.id],
    );
    expect(retitled.raw_metadata).toMatchObject({ name: 'Messy', sport_type: 'Run', private: true });
    const [run] = await dataSource.query(`SELECT is_ranking_eligible FROM run_records WHERE id = $1`, [
      created.run_record_id,
    ]);
    expect(run.is_ranking_eligible).toBe(false);
    // Turned into a ride: it goes.
    athlete.activities[0].sport_type = 'Ride';
    await event(21, 'update', { type: 'Ride' });
    await drained();
    expect(await stravaImports(user.id)).toEqual([]);
    expect(
      await dataSource.query(`SELECT 1 FROM run_records WHERE id = $1`, [created.run_record_id]),
    ).toEqual([]);

    athlete.activities.push(stravaRun(22, lineFrom([127.36, 37.36], 15, 100), 2));
    await event(22, 'create');
    await drained();
    expect((await stravaImports(user.id)).map((i) => i.external_id)).toEqual(['22']);
    athlete.activities.splice(
      athlete.activities.findIndex((a) => a.id === 22),
      1,
    );
    await event(22, 'delete');
    await drained();
    expect(await stravaImports(user.id)).toEqual([]);
    // Unknown athletes and malformed events are answered without effect / with 422.
    await http()
      .post('/api/v1/strava/webhook')
      .send({ aspect_type: 'create', object_id: 5, object_type: 'activity', owner_id: 999999, updates: {} })
      .expect(200);
    await http().post('/api/v1/strava/webhook').send({ object_type: 'club' }).expect(422);
  });

  it('refreshes tokens before they expire, recovers from 401 and 5xx', async () => {
    const { user, authorization } = await createUserWithToken(dataSource, config);
    const athlete = strava.addAthlete(1003, 'code-1003');
    expect((await connect(authorization, 'code-1003')).status).toBe(200);
    await drained();

    // The token expires in 5 minutes: refreshed before use, new tokens stored.
    const before = (
      await dataSource.query(`SELECT access_token_encrypted FROM strava_connections WHERE user_id = $1`, [
        user.id,
      ])
    )[0];
    await dataSource.query(
      `UPDATE strava_connections SET token_expires_at = now() + interval '5 minutes' WHERE user_id = $1`,
      [user.id],
    );
    const grants = strava.refreshGrants.length;
    athlete.activities.push(stravaRun(31, lineFrom([127.4, 37.4], 15, 100), 5));
    await http()
      .post('/api/v1/strava/sync-all?max_activities=50')
      .set('Authorization', authorization)
      .expect(202, {
        import_id: '',
        status: 'accepted',
        message: 'Bulk sync of up to 50 recent activities queued.',
      });
    await drained();
    expect(strava.refreshGrants.length).toBe(grants + 1);
    const after = (
      await dataSource.query(
        `SELECT access_token_encrypted, token_expires_at > now() + interval '5 hours' AS fresh FROM strava_connections WHERE user_id = $1`,
        [user.id],
      )
    )[0];
    expect(after.fresh).toBe(true);
    expect(after.access_token_encrypted).not.toBe(before.access_token_encrypted);
    expect((await stravaImports(user.id)).map((i) => i.status)).toEqual(['completed']);

    // Revoked access token (401): refreshed once and retried. A 502 once: retried at once.
    strava.expireAccessTokens();
    athlete.activities.push(stravaRun(32, lineFrom([127.41, 37.41], 15, 100), 6));
    strava.failNext('/api/v3/activities/32/streams', 502);
    await http().post('/api/v1/strava/sync-all').set('Authorization', authorization).expect(202);
    await drained();
    expect((await stravaImports(user.id)).map((i) => [i.external_id, i.status])).toEqual([
      ['31', 'completed'],
      ['32', 'completed'],
    ]);
  });

  it('disconnect deauthorizes at Strava and deletes Strava-sourced data; account deletion revokes too', async () => {
    const { user, authorization } = await createUserWithToken(dataSource, config);
    strava.addAthlete(1004, 'code-1004', [stravaRun(41, lineFrom([127.5, 37.5], 15, 100), 1)]);
    expect((await connect(authorization, 'code-1004')).status).toBe(200);
    await drained();
    expect(await stravaImports(user.id)).toHaveLength(1);
    const deauthorized = strava.deauthorized.length;

    await http().delete('/api/v1/strava/disconnect').set('Authorization', authorization).expect(204);
    await drained();
    expect(strava.deauthorized.length).toBe(deauthorized + 1);
    expect(await stravaImports(user.id)).toEqual([]);
    expect(await dataSource.query(`SELECT 1 FROM run_records WHERE user_id = $1`, [user.id])).toEqual([]);
    const [{ total_runs }] = await dataSource.query(`SELECT total_runs FROM users WHERE id = $1`, [user.id]);
    expect(total_runs).toBe(0);
    expect(
      (await http().get('/api/v1/strava/status').set('Authorization', authorization).expect(200)).body
        .connected,
    ).toBe(false);
    await http().delete('/api/v1/strava/disconnect').set('Authorization', authorization).expect(204);
    expect(
      (await http().post('/api/v1/strava/sync-all').set('Authorization', authorization).expect(400)).body
        .code,
    ).toBe('STRAVA_NOT_CONNECTED');

    // Deauthorized from Strava's side: the webhook removes the connection.
    const second = await createUserWithToken(dataSource, config);
    strava.addAthlete(1005, 'code-1005');
    expect((await connect(second.authorization, 'code-1005')).status).toBe(200);
    strava.revokeAthlete(1005);
    expect(
      await strava.push({
        aspect_type: 'update',
        object_id: 1005,
        object_type: 'athlete',
        owner_id: 1005,
        updates: { authorized: 'false' },
      }),
    ).toBe(200);
    await drained();
    await eventually(
      async () =>
        (await dataSource.query(`SELECT 1 FROM strava_connections WHERE user_id = $1`, [second.user.id]))
          .length === 0,
    );

    // Account deletion: the grant is revoked at Strava.
    const third = await createUserWithToken(dataSource, config);
    strava.addAthlete(1006, 'code-1006');
    expect((await connect(third.authorization, 'code-1006')).status).toBe(200);
    await drained();
    const count = strava.deauthorized.length;
    await http().delete('/api/v1/users/me').set('Authorization', third.authorization).expect(200);
    await drained();
    expect(strava.deauthorized.length).toBe(count + 1);
  });

  it('needs a token and valid input', async () => {
    const { authorization } = await createUserWithToken(dataSource, config);
    await http().get('/api/v1/strava/auth-url').expect(401);
    expect(
      (await http().get('/api/v1/strava/status').set('Authorization', authorization).expect(200)).body
        .connected,
    ).toBe(false);
    await http()
      .post('/api/v1/strava/sync-all?max_activities=201')
      .set('Authorization', authorization)
      .expect(422);
    await http()
      .post('/api/v1/strava/callback')
      .set('Authorization', authorization)
      .send({ code: 'x' })
      .expect(422);
  });

  // issue 14.1: POST /strava/webhook is public and unsigned; before, any of these deleted the data.
  it('ignores forged webhooks: not our subscription id, Strava disabled, or a delete/deauthorization Strava does not confirm', async () => {
    const { user, authorization } = await createUserWithToken(dataSource, config);
    strava.addAthlete(1008, 'code-1008', [stravaRun(81, lineFrom([127.6, 37.6], 15, 100), 1)]);
    expect((await connect(authorization, 'code-1008')).status).toBe(200);
    await drained();
    const [imported] = await stravaImports(user.id);
    expect(imported).toMatchObject({ external_id: '81', status: 'completed' });
    const untouched = async () => {
      expect(
        await dataSource.query(`SELECT 1 FROM strava_connections WHERE user_id = $1`, [user.id]),
      ).toHaveLength(1);
      expect((await stravaImports(user.id)).map((i) => i.external_id)).toEqual(['81']);
      expect(
        await dataSource.query(`SELECT 1 FROM run_records WHERE id = $1`, [imported.run_record_id]),
      ).toHaveLength(1);
    };
    const ours = strava.subscription!.id;
    const deauthorized = {
      aspect_type: 'update',
      event_time: 1,
      object_id: 1008,
      object_type: 'athlete',
      owner_id: 1008,
      updates: { authorized: 'false' },
    };
    const deleted = {
      aspect_type: 'delete',
      event_time: 1,
      object_id: 81,
      object_type: 'activity',
      owner_id: 1008,
    };
    const forge = (to: INestApplication, event: object) =>
      request(to.getHttpServer()).post('/api/v1/strava/webhook').send(event).expect(200);

    // Another (or no) subscription id: not even queued.
    const refreshes = strava.refreshGrants.length;
    const activityReads = strava.requests('/api/v3/activities/81');
    for (const subscription_id of [undefined, ours + 1, 98765]) {
      await forge(api, { ...deauthorized, subscription_id });
      await forge(api, { ...deleted, subscription_id });
    }
    await drained();
    await untouched();
    expect(strava.refreshGrants.length).toBe(refreshes);
    expect(strava.requests('/api/v3/activities/81')).toBe(activityReads);

    // Our id (it can leak), but Strava still refreshes our token and still has the activity.
    await forge(api, { ...deauthorized, subscription_id: ours });
    await forge(api, { ...deleted, subscription_id: ours });
    await drained();
    await untouched();
    expect(strava.refreshGrants.length).toBe(refreshes + 1);
    expect(strava.requests('/api/v3/activities/81')).toBe(activityReads + 1);

    // A server with Strava disabled takes no event, even a true one.
    strava.revokeAthlete(1008);
    const disabled = await startApi(testConfig());
    try {
      await forge(disabled, { ...deauthorized, subscription_id: ours });
    } finally {
      await disabled.close();
    }
    await drained();
    await untouched();

    // The genuine event, confirmed by Strava refusing our refresh token: everything goes.
    expect(await strava.push({ ...deauthorized, aspect_type: 'update', object_type: 'athlete' })).toBe(200);
    await drained();
    expect(await dataSource.query(`SELECT 1 FROM strava_connections WHERE user_id = $1`, [user.id])).toEqual(
      [],
    );
    expect(await stravaImports(user.id)).toEqual([]);
    expect(await dataSource.query(`SELECT 1 FROM run_records WHERE user_id = $1`, [user.id])).toEqual([]);
  });

  // Last: once Strava says the window is spent, this process makes no Strava call until it resets.
  it('waits out a 429: the job is put back, delayed to the next window', async () => {
    const { user, authorization } = await createUserWithToken(dataSource, config);
    const athlete = strava.addAthlete(1007, 'code-1007');
    expect((await connect(authorization, 'code-1007')).status).toBe(200);
    await drained();
    athlete.activities.push(stravaRun(71, lineFrom([127.42, 37.42], 15, 100), 7));
    strava.failNext(
      '/api/v3/athlete/activities',
      429,
      { message: 'Rate Limit Exceeded', errors: [] },
      {
        'X-Ratelimit-Usage': '200,1200',
      },
    );
    await http().post('/api/v1/strava/sync-all').set('Authorization', authorization).expect(202);
    await drained();
    const [limited] = await dataSource.query(
      `SELECT rate_limited_until > now() AS waiting FROM strava_connections WHERE user_id = $1`,
      [user.id],
    );
    expect(limited.waiting).toBe(true);
    const queue = worker.get(QueueRegistry).get(QueueName.StravaSync);
    const delayed = await queue.getDelayed();
    expect(
      delayed.some(
        (job) => job.data.kind === 'full-sync' && (job.data as { userId: string }).userId === user.id,
      ),
    ).toBe(true);
    expect(await stravaImports(user.id)).toEqual([]);
  });
});
