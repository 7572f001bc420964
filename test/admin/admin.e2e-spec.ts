import type { INestApplication } from '@nestjs/common';
import type { AppConfig } from '@runvs/config';
import { createCourse, createRun, createUserWithToken, startStack, type TestStack } from '@runvs/testing';
import request from 'supertest';
import type { DataSource } from 'typeorm';

const UNKNOWN = '6f0c1d7e-1111-4111-8111-111111111111';
const HOUR = 3_600_000;

describe('admin endpoints (/api/v1/admin)', () => {
  let stack: TestStack;
  let app: INestApplication;
  let config: AppConfig;
  let dataSource: DataSource;
  let admin: Awaited<ReturnType<typeof createUserWithToken>>;
  let member: Awaited<ReturnType<typeof createUserWithToken>>;

  beforeAll(async () => {
    stack = await startStack();
    ({ config, api: app, dataSource } = stack);
    admin = await createUserWithToken(dataSource, config, { role: 'admin', nickname: 'chief' });
    member = await createUserWithToken(dataSource, config);
  });

  afterAll(() => stack?.close());

  const call = (
    method: 'get' | 'post' | 'patch' | 'delete',
    path: string,
    authorization?: string,
    body?: object,
  ) => {
    const test = request(app.getHttpServer())[method](`/api/v1${path}`);
    if (authorization) test.set('Authorization', authorization);
    return body ? test.send(body) : test;
  };
  const asAdmin = {
    get: (path: string) => call('get', path, admin.authorization),
    post: (path: string, body?: object) => call('post', path, admin.authorization, body),
    patch: (path: string, body?: object) => call('patch', path, admin.authorization, body),
    delete: (path: string) => call('delete', path, admin.authorization),
  };
  const outbox = (queue: string) =>
    dataSource.query(`SELECT payload FROM outbox_events WHERE queue = $1 ORDER BY id`, [queue]) as Promise<
      Array<{ payload: { courseId: string; reason: string } }>
    >;

  describe('every admin route is closed to runners (403 FORBIDDEN) and anonymous callers (401)', () => {
    const routes: Array<[method: 'get' | 'post' | 'patch' | 'delete', path: string, body?: object]> = [
      ['get', '/admin/users'],
      ['get', `/admin/users/${UNKNOWN}`],
      ['post', `/admin/users/${UNKNOWN}/ban`, { reason: 'spam' }],
      ['post', `/admin/users/${UNKNOWN}/unban`],
      ['patch', `/admin/users/${UNKNOWN}/role`, { role: 'admin' }],
      ['get', '/admin/courses'],
      ['post', `/admin/courses/${UNKNOWN}/hide`, { reason: 'x' }],
      ['post', `/admin/courses/${UNKNOWN}/unhide`],
      ['delete', `/admin/courses/${UNKNOWN}`],
      ['post', `/admin/courses/${UNKNOWN}/leaderboard/recompute`],
      ['delete', `/admin/reviews/${UNKNOWN}`],
      ['get', '/admin/runs/flagged'],
      ['post', `/admin/runs/${UNKNOWN}/unflag`],
      ['post', `/admin/runs/${UNKNOWN}/confirm`],
      ['get', '/admin/reports'],
      ['post', `/admin/reports/${UNKNOWN}/resolve`, { status: 'dismissed' }],
    ];
    // Every row has three cells, so jest does not mistake the body parameter for a done callback.
    it.each(routes.map(([method, path, body]) => [method, path, body ?? null] as const))(
      '%s %s',
      async (method, path, body) => {
        const payload = body ?? undefined;
        const forbidden = await call(method, path, member.authorization, payload).expect(403);
        expect(forbidden.body).toEqual({ code: 'FORBIDDEN', message: expect.any(String) });
        expect((await call(method, path, undefined, payload).expect(401)).body.code).toBe('AUTH_REQUIRED');
        // The same call as an admin reaches the handler (200/202 for lists, 404 for the unknown id).
        const allowed = await call(method, path, admin.authorization, payload);
        expect([200, 202, 404]).toContain(allowed.status);
      },
    );
  });

  describe('users', () => {
    it('lists and searches users with their role, ban and open reports', async () => {
      const target = await createUserWithToken(dataSource, config, {
        nickname: 'findme42',
        email: 'Find.Me@runvs.test',
      });
      await dataSource.query(
        `INSERT INTO reports (reporter_id, target_type, target_id, reason) VALUES ($1, 'user', $2, 'spam')`,
        [member.user.id, target.user.id],
      );
      for (const q of ['FINDME', 'find.me@', target.user.userCode.toLowerCase(), target.user.id]) {
        const found = await asAdmin.get(`/admin/users?q=${encodeURIComponent(q)}`).expect(200);
        expect(found.body.data.map((u: { id: string }) => u.id)).toEqual([target.user.id]);
      }
      const [item] = (await asAdmin.get(`/admin/users?q=findme42`).expect(200)).body.data;
      expect(item).toEqual({
        id: target.user.id,
        user_code: target.user.userCode,
        email: 'Find.Me@runvs.test',
        nickname: 'findme42',
        avatar_url: null,
        role: 'user',
        is_banned: false,
        banned_reason: null,
        banned_at: null,
        banned_until: null,
        banned_by_id: null,
        total_runs: 0,
        total_distance_meters: 0,
        open_reports: 1,
        created_at: expect.any(String),
      });
      const admins = await asAdmin.get('/admin/users?role=admin&per_page=100').expect(200);
      expect(admins.body.data.every((u: { role: string }) => u.role === 'admin')).toBe(true);
      expect(admins.body.data.map((u: { id: string }) => u.id)).toContain(admin.user.id);
      await asAdmin.get('/admin/users?q=%25').expect(200);
      await asAdmin.get('/admin/users?banned=maybe').expect(422);
      expect((await asAdmin.get(`/admin/users/${target.user.id}`).expect(200)).body.nickname).toBe(
        'findme42',
      );
    });

    it('bans with a reason: the user is locked out at once, even with a still-valid access token', async () => {
      const runner = await createUserWithToken(dataSource, config);
      await dataSource.query(
        `INSERT INTO refresh_tokens (user_id, token_hash, family_id, expires_at)
         VALUES ($1, repeat('a', 64), gen_random_uuid(), now() + interval '30 days')`,
        [runner.user.id],
      );
      await call('get', '/users/me', runner.authorization).expect(200);

      const banned = await asAdmin
        .post(`/admin/users/${runner.user.id}/ban`, { reason: 'Fake runs, repeatedly' })
        .expect(200);
      expect(banned.body).toMatchObject({
        is_banned: true,
        banned_reason: 'Fake runs, repeatedly',
        banned_by_id: admin.user.id,
        banned_until: null,
      });
      const locked = await call('get', '/users/me', runner.authorization).expect(403);
      expect(locked.body).toEqual({ code: 'USER_BANNED', message: 'Fake runs, repeatedly' });
      await call('get', '/events', runner.authorization).expect(403);
      const [token] = await dataSource.query(`SELECT revoked_at FROM refresh_tokens WHERE user_id = $1`, [
        runner.user.id,
      ]);
      expect(token.revoked_at).toBeInstanceOf(Date);

      const listed = await asAdmin.get('/admin/users?banned=true&per_page=100').expect(200);
      expect(listed.body.data.map((u: { id: string }) => u.id)).toContain(runner.user.id);

      await asAdmin.post(`/admin/users/${runner.user.id}/unban`).expect(200);
      await call('get', '/users/me', runner.authorization).expect(200);
      expect((await asAdmin.post(`/admin/users/${runner.user.id}/unban`).expect(400)).body.code).toBe(
        'NOT_BANNED',
      );
    });

    it('bans until a date; validates the body; refuses admins and oneself (409)', async () => {
      const runner = await createUserWithToken(dataSource, config);
      const until = new Date(Date.now() + 7 * 24 * HOUR).toISOString();
      const banned = await asAdmin
        .post(`/admin/users/${runner.user.id}/ban`, { reason: 'cool down', until })
        .expect(200);
      expect(banned.body.banned_until).toBe(until);
      await call('get', '/users/me', runner.authorization).expect(403);

      await asAdmin.post(`/admin/users/${runner.user.id}/ban`, {}).expect(422);
      await asAdmin.post(`/admin/users/${runner.user.id}/ban`, { reason: '' }).expect(422);
      await asAdmin
        .post(`/admin/users/${runner.user.id}/ban`, { reason: 'x', until: 'tomorrow' })
        .expect(422);
      await asAdmin
        .post(`/admin/users/${runner.user.id}/ban`, {
          reason: 'x',
          until: new Date(Date.now() - HOUR).toISOString(),
        })
        .expect(422);
      const other = await createUserWithToken(dataSource, config, { role: 'admin' });
      expect(
        (await asAdmin.post(`/admin/users/${other.user.id}/ban`, { reason: 'x' }).expect(409)).body.code,
      ).toBe('CONFLICT');
      await asAdmin.post(`/admin/users/${admin.user.id}/ban`, { reason: 'x' }).expect(409);
      await asAdmin.post(`/admin/users/${UNKNOWN}/ban`, { reason: 'x' }).expect(404);
      await asAdmin.post('/admin/users/not-a-uuid/ban', { reason: 'x' }).expect(422);
    });

    it('changes roles: a promoted runner gets the admin routes at once; the last admin stays', async () => {
      const runner = await createUserWithToken(dataSource, config);
      await call('get', '/admin/users', runner.authorization).expect(403);
      expect(
        (await asAdmin.patch(`/admin/users/${runner.user.id}/role`, { role: 'admin' }).expect(200)).body.role,
      ).toBe('admin');
      await call('get', '/admin/users', runner.authorization).expect(200);
      await asAdmin.patch(`/admin/users/${runner.user.id}/role`, { role: 'user' }).expect(200);
      await call('get', '/admin/users', runner.authorization).expect(403);
      await asAdmin.patch(`/admin/users/${runner.user.id}/role`, { role: 'owner' }).expect(422);

      // Demote every other admin, then the last one cannot demote themselves.
      await dataSource.query(`UPDATE users SET role = 'user' WHERE role = 'admin' AND id <> $1`, [
        admin.user.id,
      ]);
      expect(
        (await asAdmin.patch(`/admin/users/${admin.user.id}/role`, { role: 'user' }).expect(409)).body.code,
      ).toBe('CONFLICT');
      const banned = await createUserWithToken(dataSource, config, { isBanned: true });
      await asAdmin.patch(`/admin/users/${banned.user.id}/role`, { role: 'admin' }).expect(409);
    });
  });

  describe('courses and reviews', () => {
    it('hides a course from lists (reason kept) and shows it again', async () => {
      const creator = await createUserWithToken(dataSource, config);
      const courseId = await createCourse(dataSource, creator.user.id, { title: 'Reported loop' });
      const hidden = await asAdmin
        .post(`/admin/courses/${courseId}/hide`, { reason: 'offensive title' })
        .expect(200);
      expect(hidden.body).toMatchObject({
        id: courseId,
        is_hidden: true,
        hidden_reason: 'offensive title',
        hidden_at: expect.any(String),
      });
      const listed = await asAdmin.get('/admin/courses?hidden=true&per_page=100').expect(200);
      expect(listed.body.data.map((c: { id: string }) => c.id)).toContain(courseId);
      const [row] = await dataSource.query(`SELECT is_hidden FROM courses WHERE id = $1`, [courseId]);
      expect(row.is_hidden).toBe(true);
      const shown = await asAdmin.post(`/admin/courses/${courseId}/unhide`).expect(200);
      expect(shown.body).toMatchObject({ is_hidden: false, hidden_reason: null, hidden_at: null });
      await asAdmin.post(`/admin/courses/${UNKNOWN}/hide`, {}).expect(404);
    });

    it('deletes a course: runs kept and detached, board/reviews/likes gone, reports resolved', async () => {
      const creator = await createUserWithToken(dataSource, config);
      const runner = await createUserWithToken(dataSource, config);
      const courseId = await createCourse(dataSource, creator.user.id);
      const runId = await createRun(dataSource, runner.user.id, { courseId });
      await dataSource.query(
        `INSERT INTO rankings (course_id, user_id, run_record_id, best_duration_seconds, best_pace_seconds_per_km, achieved_at)
         VALUES ($1, $2, $3, 1500, 300, now())`,
        [courseId, runner.user.id, runId],
      );
      await dataSource.query(`INSERT INTO reviews (course_id, user_id, rating) VALUES ($1, $2, 5)`, [
        courseId,
        runner.user.id,
      ]);
      await dataSource.query(`INSERT INTO course_likes (course_id, user_id) VALUES ($1, $2)`, [
        courseId,
        runner.user.id,
      ]);
      await dataSource.query(
        `INSERT INTO reports (reporter_id, target_type, target_id, reason) VALUES ($1, 'course', $2, 'spam')`,
        [runner.user.id, courseId],
      );

      await asAdmin.delete(`/admin/courses/${courseId}`).expect(204);
      const [counts] = await dataSource.query(
        `SELECT (SELECT count(*)::int FROM courses WHERE id = $1) AS courses,
                (SELECT count(*)::int FROM rankings WHERE course_id = $1) AS rankings,
                (SELECT count(*)::int FROM reviews WHERE course_id = $1) AS reviews,
                (SELECT count(*)::int FROM course_likes WHERE course_id = $1) AS likes,
                (SELECT course_id FROM run_records WHERE id = $2) AS run_course,
                (SELECT status FROM reports WHERE target_id = $1) AS report`,
        [courseId, runId],
      );
      expect(counts).toEqual({
        courses: 0,
        rankings: 0,
        reviews: 0,
        likes: 0,
        run_course: null,
        report: 'resolved',
      });
      await asAdmin.delete(`/admin/courses/${courseId}`).expect(404);
    });

    it('queues a leaderboard recompute through the outbox (202)', async () => {
      const creator = await createUserWithToken(dataSource, config);
      const courseId = await createCourse(dataSource, creator.user.id);
      const response = await asAdmin.post(`/admin/courses/${courseId}/leaderboard/recompute`).expect(202);
      expect(response.body).toEqual({ course_id: courseId, queued: true });
      expect((await outbox('ranking-recalc')).map((row) => row.payload)).toContainEqual({
        courseId,
        reason: 'admin-recompute',
      });
    });

    it('deletes a review and recounts the course rating', async () => {
      const creator = await createUserWithToken(dataSource, config);
      const [a, b] = await Promise.all([0, 1].map(() => createUserWithToken(dataSource, config)));
      const courseId = await createCourse(dataSource, creator.user.id);
      await dataSource.query(
        `INSERT INTO course_stats (course_id, review_count, rating_count, avg_rating) VALUES ($1, 2, 2, 3)`,
        [courseId],
      );
      const [bad] = await dataSource.query(
        `INSERT INTO reviews (course_id, user_id, rating, content) VALUES ($1, $2, 1, 'rude words') RETURNING id`,
        [courseId, a.user.id],
      );
      await dataSource.query(`INSERT INTO reviews (course_id, user_id, rating) VALUES ($1, $2, 5)`, [
        courseId,
        b.user.id,
      ]);
      await asAdmin.delete(`/admin/reviews/${bad.id}`).expect(204);
      const [stats] = await dataSource.query(
        `SELECT review_count, rating_count, avg_rating FROM course_stats WHERE course_id = $1`,
        [courseId],
      );
      expect(stats).toEqual({ review_count: 1, rating_count: 1, avg_rating: 5 });
      await asAdmin.delete(`/admin/reviews/${bad.id}`).expect(404);
    });
  });

  describe('flagged runs', () => {
    it('lists flagged runs with their reasons; unflag and confirm recompute boards and event progress', async () => {
      const runner = await createUserWithToken(dataSource, config);
      const courseId = await createCourse(dataSource, runner.user.id);
      const suspicious = await createRun(dataSource, runner.user.id, {
        courseId,
        distanceMeters: 5000,
        durationSeconds: 700,
        isFlagged: true,
        finishedAt: new Date(Date.now() - HOUR),
      });
      const cheat = await createRun(dataSource, runner.user.id, {
        isFlagged: true,
        distanceMeters: 3000,
        finishedAt: new Date(Date.now() - HOUR),
      });
      await dataSource.query(
        `UPDATE run_records SET flag_reason = '평균 속도 7.1m/s가 5km+ 인간 한계 6.8m/s를 초과',
                flag_reasons = '["avg_speed"]', route_match_percent = 95 WHERE id = ANY($1::uuid[])`,
        [[suspicious, cheat]],
      );
      const [event] = await dataSource.query(
        `INSERT INTO events (title, starts_at, ends_at, target_distance_meters) VALUES ('May 10K', now() - interval '1 day', now() + interval '1 day', 10000) RETURNING id`,
      );
      await call('post', `/events/${event.id}/join`, runner.authorization).expect(201);

      const pending = await asAdmin.get('/admin/runs/flagged?per_page=100').expect(200);
      const item = pending.body.data.find((r: { id: string }) => r.id === suspicious);
      expect(item).toMatchObject({
        user_id: runner.user.id,
        nickname: runner.user.nickname,
        course_id: courseId,
        is_flagged: true,
        flag_reason: expect.stringContaining('6.8m/s'),
        flag_reasons: ['avg_speed'],
        flag_review_status: null,
      });

      const unflagged = await asAdmin.post(`/admin/runs/${suspicious}/unflag`).expect(200);
      expect(unflagged.body).toMatchObject({
        is_flagged: false,
        flag_review_status: 'dismissed',
        flag_reviewed_by_id: admin.user.id,
        is_ranking_eligible: true,
      });
      // Recounted once, in the verdict's own transaction: the runner's board row and totals.
      const boardRow = () =>
        dataSource.query(`SELECT run_record_id FROM rankings WHERE course_id = $1 AND user_id = $2`, [
          courseId,
          runner.user.id,
        ]);
      const totals = async () => {
        const [row] = await dataSource.query(
          `SELECT total_runs, total_distance_meters::float8 AS distance FROM users WHERE id = $1`,
          [runner.user.id],
        );
        return row;
      };
      expect(await boardRow()).toEqual([{ run_record_id: suspicious }]);
      expect(await totals()).toEqual({ total_runs: 1, distance: 5000 });
      const afterUnflag = await call('get', `/events/${event.id}`, runner.authorization).expect(200);
      expect(afterUnflag.body.my_progress_distance_meters).toBe(5000);

      const confirmed = await asAdmin.post(`/admin/runs/${cheat}/confirm`).expect(200);
      expect(confirmed.body).toMatchObject({
        is_flagged: true,
        flag_review_status: 'confirmed',
        is_ranking_eligible: false,
      });
      const after = await asAdmin.get('/admin/runs/flagged?per_page=100').expect(200);
      expect(after.body.data.map((r: { id: string }) => r.id)).not.toContain(cheat);
      expect(after.body.data.map((r: { id: string }) => r.id)).not.toContain(suspicious);
      const confirmedList = await asAdmin.get('/admin/runs/flagged?status=confirmed').expect(200);
      expect(confirmedList.body.data.map((r: { id: string }) => r.id)).toContain(cheat);
      const dismissedList = await asAdmin.get('/admin/runs/flagged?status=dismissed').expect(200);
      expect(dismissedList.body.data.map((r: { id: string }) => r.id)).toContain(suspicious);
      // A dismissed flag can still be confirmed later: the run leaves the board and the event again.
      await asAdmin.post(`/admin/runs/${suspicious}/confirm`).expect(200);
      const afterConfirm = await call('get', `/events/${event.id}`, runner.authorization).expect(200);
      expect(afterConfirm.body.my_progress_distance_meters).toBe(0);
      expect(await boardRow()).toEqual([]);
      expect(await totals()).toEqual({ total_runs: 0, distance: 0 });
      await asAdmin.get('/admin/runs/flagged?status=everything').expect(422);
    });
  });

  describe('reports queue', () => {
    it('lists open reports oldest first with their target and resolves them once', async () => {
      const creator = await createUserWithToken(dataSource, config);
      const courseId = await createCourse(dataSource, creator.user.id, { title: 'Spammy course' });
      await dataSource.query(`UPDATE reports SET status = 'dismissed' WHERE status = 'open'`);
      const first = await call('post', '/reports', member.authorization, {
        target_type: 'course',
        target_id: courseId,
        reason: 'spam',
        description: 'advertising',
      }).expect(201);
      await call('post', '/reports', member.authorization, {
        target_type: 'user',
        target_id: creator.user.id,
        reason: 'harassment',
      }).expect(201);

      const queue = await asAdmin.get('/admin/reports').expect(200);
      expect(queue.body.total_count).toBe(2);
      expect(queue.body.data[0]).toEqual({
        id: first.body.id,
        reporter_id: member.user.id,
        reporter_nickname: member.user.nickname,
        target_type: 'course',
        target_id: courseId,
        target_summary: 'Spammy course',
        target_exists: true,
        reason: 'spam',
        description: 'advertising',
        status: 'open',
        resolved_by_id: null,
        resolved_at: null,
        resolution_note: null,
        created_at: expect.any(String),
      });
      expect(queue.body.data[1]).toMatchObject({
        target_type: 'user',
        target_summary: creator.user.nickname,
      });
      const users = await asAdmin.get('/admin/reports?target_type=user').expect(200);
      expect(users.body.total_count).toBe(1);

      const resolved = await asAdmin
        .post(`/admin/reports/${first.body.id}/resolve`, { status: 'resolved', note: 'course hidden' })
        .expect(200);
      expect(resolved.body).toMatchObject({
        status: 'resolved',
        resolution_note: 'course hidden',
        resolved_by_id: admin.user.id,
      });
      expect(
        (await asAdmin.post(`/admin/reports/${first.body.id}/resolve`, { status: 'dismissed' }).expect(409))
          .body.code,
      ).toBe('CONFLICT');
      await asAdmin.post(`/admin/reports/${first.body.id}/resolve`, { status: 'open' }).expect(422);
      expect((await asAdmin.get('/admin/reports').expect(200)).body.total_count).toBe(1);
      const resolvedList = await asAdmin.get('/admin/reports?status=resolved&per_page=100').expect(200);
      expect(resolvedList.body.data.map((r: { id: string }) => r.id)).toContain(first.body.id);
      expect(
        (await asAdmin.get('/admin/reports?status=all').expect(200)).body.total_count,
      ).toBeGreaterThanOrEqual(2);
    });
  });

  describe('events as an admin', () => {
    it('creates an official event with a custom badge, edits and cancels a runner’s event', async () => {
      const official = await call('post', '/events', admin.authorization, {
        title: 'RUNVS Seoul Marathon month',
        starts_at: new Date(Date.now() + HOUR).toISOString(),
        ends_at: new Date(Date.now() + 60 * 24 * HOUR).toISOString(),
        target_distance_meters: 42195,
        badge_color: '#FFD700',
        badge_icon: 'medal',
      }).expect(201);
      expect(official.body).toMatchObject({
        badge_color: '#FFD700',
        badge_icon: 'medal',
        creator_nickname: 'chief',
      });
      const community = await call('post', '/events', member.authorization, {
        title: 'Community jog',
        starts_at: new Date(Date.now() + HOUR).toISOString(),
        ends_at: new Date(Date.now() + 2 * HOUR).toISOString(),
      }).expect(201);
      await asAdmin.patch(`/events/${community.body.id}`, { title: 'Community jog (moderated)' }).expect(200);
      await asAdmin.delete(`/events/${community.body.id}`).expect(204);
      expect(
        (await call('get', `/events/${community.body.id}`, member.authorization).expect(200)).body.is_active,
      ).toBe(false);
    });
  });
});
