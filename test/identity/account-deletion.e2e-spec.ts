import type { INestApplication } from '@nestjs/common';
import type { AppConfig } from '@runvs/config';
import { hashToken } from '@runvs/identity';
import { REDIS_CLIENT } from '@runvs/redis';
import { ObjectStorage } from '@runvs/storage';
import {
  createCourse,
  createRanking,
  createRun,
  createUser,
  createUserWithToken,
  startStack,
  storedFilePath,
  type TestStack,
} from '@runvs/testing';
import type Redis from 'ioredis';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import request from 'supertest';
import type { DataSource } from 'typeorm';

describe('DELETE /users/me: the account and everything of it', () => {
  let stack: TestStack;
  let app: INestApplication;
  let config: AppConfig;
  let dataSource: DataSource;

  beforeAll(async () => {
    stack = await startStack({ env: { DEV_LOGIN_ENABLED: 'true' } });
    ({ config, api: app, dataSource } = stack);
  });

  afterAll(() => stack?.close());

  const sql = (text: string, params: unknown[] = []) => dataSource.query(text, params);
  const one = async (text: string, params: unknown[] = []) => (await sql(text, params))[0];

  /** Every column that references users(id), from the catalog: new tables are covered automatically. */
  const userColumns = async () =>
    (await sql(
      `SELECT c.conrelid::regclass::text AS table_name, a.attname AS column_name
         FROM pg_constraint c
         JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
        WHERE c.contype = 'f' AND c.confrelid = 'users'::regclass
        ORDER BY 1, 2`,
    )) as Array<{ table_name: string; column_name: string }>;

  const countReferences = async (userId: string) => {
    const counts: Record<string, number> = {};
    for (const { table_name, column_name } of await userColumns()) {
      counts[`${table_name}.${column_name}`] = (
        await one(`SELECT count(*)::int AS n FROM "${table_name}" WHERE "${column_name}" = $1`, [userId])
      ).n;
    }
    counts['users.id'] = (await one(`SELECT count(*)::int AS n FROM users WHERE id = $1`, [userId])).n;
    counts['reports.target_id'] = (
      await one(`SELECT count(*)::int AS n FROM reports WHERE target_id = $1`, [userId])
    ).n;
    return counts;
  };

  /** Rows of any table whose text form mentions `needle` (ids inside JSON included). */
  const rowsMentioning = async (needle: string) => {
    const tables = (await sql(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
          AND table_name NOT IN ('typeorm_migrations', 'spatial_ref_sys')`,
    )) as Array<{ table_name: string }>;
    const hits: Record<string, number> = {};
    for (const { table_name } of tables) {
      const { n } = await one(
        `SELECT count(*)::int AS n FROM "${table_name}" t WHERE t::text LIKE '%' || $1 || '%'`,
        [needle],
      );
      if (n > 0) hits[table_name] = n;
    }
    return hits;
  };

  it("leaves no row of the user anywhere, keeps other people's data, and recalculates the boards they shared", async () => {
    const login = await request(app.getHttpServer())
      .post('/api/v1/auth/dev-login')
      .send({ email: 'leaving@runvs.test', nickname: 'leaver' })
      .expect(200);
    const userId: string = login.body.user.id;
    const authorization = `Bearer ${login.body.access_token}`;
    const other = await createUser(dataSource, { nickname: 'stayer' });
    const third = await createUser(dataSource, { nickname: 'third' });

    // Accounts, devices, integrations.
    await sql(
      `INSERT INTO social_accounts (user_id, provider, provider_id) VALUES ($1, 'kakao', '3844601033')`,
      [userId],
    );
    await sql(
      `INSERT INTO privacy_zones (user_id, position, center, radius_meters)
       VALUES ($1, 0, ST_MakePoint(126.978, 37.566)::geography, 300)`,
      [userId],
    );
    await sql(`INSERT INTO device_tokens (user_id, token, platform) VALUES ($1, 'fcm-token-leaver', 'ios')`, [
      userId,
    ]);
    await sql(
      `INSERT INTO strava_connections (user_id, strava_athlete_id, access_token_encrypted, refresh_token_encrypted, token_expires_at)
       VALUES ($1, 134815, 'enc-a', 'enc-r', now() + interval '6 hours')`,
      [userId],
    );
    // An avatar uploaded for real, and an import file in storage.
    const avatar = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#123456' } })
      .jpeg()
      .toBuffer();
    const uploaded = await request(app.getHttpServer())
      .post('/api/v1/uploads/avatar')
      .set('Authorization', authorization)
      .attach('file', avatar, 'me.jpg')
      .expect(200);
    await request(app.getHttpServer())
      .patch('/api/v1/users/me/profile')
      .set('Authorization', authorization)
      .send({ avatar_url: uploaded.body.url })
      .expect(200);
    const storage = app.get(ObjectStorage);
    const importKey = `private/imports/${userId}/morning.gpx`;
    await storage.putPrivate(importKey, Buffer.from('<gpx/>'), 'application/gpx+xml');
    expect(existsSync(storedFilePath(config, importKey))).toBe(true);
    await sql(`INSERT INTO stored_files (owner_id, kind, storage_key) VALUES ($1, 'activity_import', $2)`, [
      userId,
      importKey,
    ]);
    const [imported] = await sql(
      `INSERT INTO external_imports (user_id, source, file_key, original_filename) VALUES ($1, 'gpx_upload', $2, 'morning.gpx') RETURNING id`,
      [userId, importKey],
    );
    const avatarKey = storage.keyOfUrl(uploaded.body.url)!;
    const root = config.storage.localDir;
    expect(existsSync(join(root, avatarKey))).toBe(true);

    // The user's own course, with other people's activity on it.
    const ownCourse = await createCourse(dataSource, userId, {
      thumbnailUrl: storage.publicUrl(`thumbnails/${userId}.png`),
    });
    await storage.put(`thumbnails/${userId}.png`, Buffer.from('png'), 'image/png');
    await sql(`INSERT INTO course_stats (course_id, total_runs) VALUES ($1, 2)`, [ownCourse]);
    const othersRunOnOwnCourse = await createRun(dataSource, other.id, { courseId: ownCourse });
    await createRanking(dataSource, { courseId: ownCourse, userId: other.id, bestDuration: 1400 });
    await sql(`INSERT INTO reviews (course_id, user_id, rating) VALUES ($1, $2, 5)`, [ownCourse, other.id]);
    await sql(`INSERT INTO course_likes (course_id, user_id) VALUES ($1, $2)`, [ownCourse, other.id]);
    await sql(`INSERT INTO course_favorites (course_id, user_id) VALUES ($1, $2)`, [ownCourse, other.id]);

    // Other people's courses the user ran, ranked on, reviewed, liked.
    const sharedBoard = await createCourse(dataSource, other.id);
    const ranOnly = await createCourse(dataSource, other.id);
    const likedOnly = await createCourse(dataSource, third.id);
    for (const course of [sharedBoard, likedOnly]) {
      await sql(
        `INSERT INTO course_stats (course_id, like_count, favorite_count, review_count, rating_count, avg_rating) VALUES ($1, 9, 9, 9, 9, 1.0)`,
        [course],
      );
    }
    const [session] = await sql(
      `INSERT INTO run_sessions (user_id, course_id, started_at, status) VALUES ($1, $2, now() - interval '1 hour', 'completed') RETURNING id`,
      [userId, sharedBoard],
    );
    await sql(
      `INSERT INTO run_chunks (session_id, sequence, chunk_type, payload, payload_hash) VALUES ($1, 0, 'final', '\\x7b7d', $2)`,
      [session.id, 'a'.repeat(64)],
    );
    const ownRun = await createRun(dataSource, userId, {
      courseId: sharedBoard,
      sessionId: session.id,
    });
    await createRun(dataSource, userId, { courseId: ranOnly, courseCompleted: false });
    await createRun(dataSource, userId, { courseId: ownCourse });
    await sql(`UPDATE external_imports SET run_record_id = $2 WHERE id = $1`, [imported.id, ownRun]);
    // Derived data of the user's runs (the heatmap's samples) goes with them.
    await sql(
      `INSERT INTO heatmap_points (run_record_id, point) VALUES ($1, ST_SetSRID(ST_MakePoint(126.978, 37.566), 4326))`,
      [ownRun],
    );
    await sql(
      `INSERT INTO heatmap_cells (level, cell_y, cell_x, run_record_id, user_id) VALUES (0, 1, 2, $1, $2)`,
      [ownRun, userId],
    );
    await createRanking(dataSource, {
      courseId: sharedBoard,
      userId,
      bestDuration: 1300,
      runRecordId: ownRun,
    });
    await createRanking(dataSource, { courseId: sharedBoard, userId: other.id, bestDuration: 1500 });
    await sql(`INSERT INTO reviews (course_id, user_id, rating, content) VALUES ($1, $2, 4, 'nice')`, [
      sharedBoard,
      userId,
    ]);
    await sql(`INSERT INTO reviews (course_id, user_id, rating) VALUES ($1, $2, 2)`, [sharedBoard, third.id]);
    await sql(`INSERT INTO course_likes (course_id, user_id) VALUES ($1, $2), ($3, $2)`, [
      sharedBoard,
      userId,
      likedOnly,
    ]);
    await sql(`INSERT INTO course_favorites (course_id, user_id) VALUES ($1, $2)`, [likedOnly, userId]);

    // Social graph, moderation, events, notifications, admin traces on other people's rows.
    await sql(`INSERT INTO follows (follower_id, following_id) VALUES ($1, $2), ($2, $1)`, [
      userId,
      other.id,
    ]);
    await sql(
      `INSERT INTO ban_appeals (user_id, ban_started_at, message) VALUES ($1, now() - interval '2 days', 'my appeal')`,
      [userId],
    );
    await sql(
      `INSERT INTO ban_appeals (user_id, ban_started_at, message, status, answered_by_id, answered_at)
       VALUES ($1, now() - interval '1 day', 'their appeal', 'upheld', $2, now())`,
      [other.id, userId],
    );
    await sql(
      `INSERT INTO friend_requests (requester_id, recipient_id, status, accepted_at) VALUES
         ($1, $2, 'accepted', now()), ($3, $1, 'pending', NULL)`,
      [userId, other.id, third.id],
    );
    await sql(`INSERT INTO user_blocks (blocker_id, blocked_id) VALUES ($1, $2), ($3, $1)`, [
      userId,
      third.id,
      other.id,
    ]);
    await sql(
      `INSERT INTO reports (reporter_id, target_type, target_id, reason, resolved_by_id) VALUES
         ($1, 'course', $2, 'spam', NULL), ($3, 'user', $1, 'abuse', $1), ($3, 'course', $4, 'spam', NULL)`,
      [userId, likedOnly, other.id, ownCourse],
    );
    const [createdEvent] = await sql(
      `INSERT INTO events (title, starts_at, ends_at, creator_id, course_id) VALUES ('Leaver cup', now(), now() + interval '7 days', $1, $2) RETURNING id`,
      [userId, ownCourse],
    );
    const [joinedEvent] = await sql(
      `INSERT INTO events (title, starts_at, ends_at, creator_id, participant_count) VALUES ('Other cup', now(), now() + interval '7 days', $1, 2) RETURNING id`,
      [other.id],
    );
    await sql(`INSERT INTO event_participants (event_id, user_id) VALUES ($1, $2), ($1, $3)`, [
      joinedEvent.id,
      userId,
      other.id,
    ]);
    await sql(
      `INSERT INTO notifications (user_id, actor_id, type) VALUES ($1, $2, 'follow'), ($2, $1, 'like')`,
      [userId, other.id],
    );
    await sql(`INSERT INTO user_achievements (user_id, code, earned_at) VALUES ($1, 'first_run', now())`, [
      userId,
    ]);
    await sql(`INSERT INTO data_exports (user_id, status) VALUES ($1, 'failed')`, [userId]);
    await sql(`UPDATE users SET banned_by_id = $1 WHERE id = $2`, [userId, third.id]);
    await sql(`UPDATE run_records SET flag_reviewed_by_id = $1 WHERE id = $2`, [
      userId,
      othersRunOnOwnCourse,
    ]);

    // The fixture really touches every user column of the schema.
    const before = await countReferences(userId);
    expect(Object.entries(before).filter(([, n]) => n === 0)).toEqual([]);
    const outboxBefore = (await one(`SELECT max(id)::int AS id FROM outbox_events`)).id ?? 0;
    const redis = app.get<Redis>(REDIS_CLIENT);
    const heatmapVersions = async () => {
      const keys = (await redis.keys(`${config.redis.keyPrefix}:*heatmap-version*`)).sort();
      return keys.length === 0
        ? 0
        : (await redis.mget(...keys)).reduce((sum, value) => sum + Number(value), 0);
    };
    const versionsBefore = await heatmapVersions();

    await request(app.getHttpServer())
      .delete('/api/v1/users/me')
      .set('Authorization', authorization)
      .expect(200, { deleted: true });

    // Nothing of the user remains: no column, no JSON, no file.
    expect(Object.entries(await countReferences(userId)).filter(([, n]) => n > 0)).toEqual([]);
    expect(await rowsMentioning(userId)).toEqual({});
    expect(await rowsMentioning(ownCourse)).toEqual({});
    expect(await rowsMentioning(ownRun)).toEqual({});
    // The public heatmap's cached tiles where the user ran are invalidated.
    expect(await heatmapVersions()).toBeGreaterThan(versionsBefore);
    for (const key of [avatarKey, importKey, `thumbnails/${userId}.png`])
      expect(existsSync(storedFilePath(config, key))).toBe(false);
    expect(await rowsMentioning(hashToken(login.body.refresh_token))).toEqual({});

    // Other people's data stays, detached from what went away, and cached counters are right.
    expect(await one(`SELECT course_id FROM run_records WHERE id = $1`, [othersRunOnOwnCourse])).toEqual({
      course_id: null,
    });
    expect(await one(`SELECT creator_id, course_id FROM events WHERE id = $1`, [createdEvent.id])).toEqual({
      creator_id: null,
      course_id: null,
    });
    expect(await one(`SELECT participant_count FROM events WHERE id = $1`, [joinedEvent.id])).toEqual({
      participant_count: 1,
    });
    expect(await one(`SELECT banned_by_id FROM users WHERE id = $1`, [third.id])).toEqual({
      banned_by_id: null,
    });
    // The deleted runner's row is gone, so the other runner is first at once (positions are read).
    expect(
      await sql(
        `SELECT user_id, ranking_position(course_id, best_duration_seconds, achieved_at, user_id) AS rank FROM rankings WHERE course_id = $1`,
        [sharedBoard],
      ),
    ).toEqual([{ user_id: other.id, rank: 1 }]);
    expect(
      await sql(
        `SELECT course_id, like_count, favorite_count, review_count, rating_count, avg_rating FROM course_stats WHERE course_id = ANY($1) ORDER BY course_id`,
        [[sharedBoard, likedOnly]],
      ),
    ).toEqual(
      [
        {
          course_id: sharedBoard,
          like_count: 0,
          favorite_count: 0,
          review_count: 1,
          rating_count: 1,
          avg_rating: 2,
        },
        {
          course_id: likedOnly,
          like_count: 0,
          favorite_count: 0,
          review_count: 0,
          rating_count: 0,
          avg_rating: null,
        },
      ].sort((a, b) => a.course_id.localeCompare(b.course_id)),
    );
    expect(
      (
        await one(`SELECT count(*)::int AS n FROM follows WHERE follower_id = $1 OR following_id = $1`, [
          other.id,
        ])
      ).n,
    ).toBe(0);
    expect(
      (await one(`SELECT count(*)::int AS n FROM users WHERE id = ANY($1)`, [[other.id, third.id]])).n,
    ).toBe(2);

    // One recalculation per other course whose board or stats counted the user, in the same commit.
    const jobs = await sql(
      `SELECT payload FROM outbox_events WHERE id > $1 AND queue = 'ranking-recalc' ORDER BY payload->>'courseId'`,
      [outboxBefore],
    );
    expect(jobs.map((job: { payload: unknown }) => job.payload)).toEqual(
      [sharedBoard, ranOnly].sort().map((courseId) => ({ courseId, reason: 'account-deleted' })),
    );

    // The old tokens are dead.
    expect(
      (
        await request(app.getHttpServer())
          .get('/api/v1/users/me')
          .set('Authorization', authorization)
          .expect(401)
      ).body.code,
    ).toBe('AUTH_EXPIRED');
    await request(app.getHttpServer())
      .post('/api/v1/auth/refresh')
      .send({ refresh_token: login.body.refresh_token })
      .expect(401);
  });

  it('answers at /users/me/account too; two deletions at once delete once and never fail', async () => {
    const { user, authorization } = await createUserWithToken(dataSource, config);
    const course = await createCourse(dataSource, (await createUser(dataSource)).id);
    await createRun(dataSource, user.id, { courseId: course });
    const responses = await Promise.all([
      request(app.getHttpServer()).delete('/api/v1/users/me/account').set('Authorization', authorization),
      request(app.getHttpServer()).delete('/api/v1/users/me').set('Authorization', authorization),
    ]);
    // Whichever request the guard lets through second may already find the account gone: it then
    // answers like any dead token. At least one deletes, none fails.
    const succeeded = responses.filter((response) => response.status === 200);
    expect(succeeded.length).toBeGreaterThanOrEqual(1);
    for (const response of succeeded) expect(response.body).toEqual({ deleted: true });
    for (const response of responses.filter((candidate) => candidate.status !== 200)) {
      expect(response.status).toBe(401);
      expect(response.body.code).toBe('AUTH_EXPIRED');
    }
    expect(await one(`SELECT count(*)::int AS n FROM users WHERE id = $1`, [user.id])).toEqual({ n: 0 });
    const jobs = await sql(`SELECT count(*)::int AS n FROM outbox_events WHERE payload->>'courseId' = $1`, [
      course,
    ]);
    expect(jobs[0].n).toBe(1);
  });

  it('deletes only the caller, and needs a token', async () => {
    const caller = await createUserWithToken(dataSource, config);
    const bystander = await createUserWithToken(dataSource, config);
    await request(app.getHttpServer())
      .delete('/api/v1/users/me')
      .set('Authorization', caller.authorization)
      .expect(200);
    await request(app.getHttpServer())
      .get('/api/v1/users/me')
      .set('Authorization', bystander.authorization)
      .expect(200);
    expect((await request(app.getHttpServer()).delete('/api/v1/users/me').expect(401)).body.code).toBe(
      'AUTH_REQUIRED',
    );
  });
});
