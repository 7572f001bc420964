import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import type { AppConfig } from '@runvs/config';
import { CourseRejudgeService } from '@runvs/runs';
import {
  boardUserIds,
  createCourse,
  createRun,
  createUserWithToken,
  lineFrom,
  startStack,
  type TestStack,
  waitForQueuesDrained,
} from '@runvs/testing';
import request from 'supertest';
import type { DataSource } from 'typeorm';

describe('reports on efforts: report → exclusion → board recomputed', () => {
  let stack: TestStack;
  let app: INestApplication;
  let worker: INestApplicationContext;
  let config: AppConfig;
  let dataSource: DataSource;

  beforeAll(async () => {
    stack = await startStack({ worker: true });
    ({ config, api: app, worker, dataSource } = stack);
  });

  afterAll(() => stack?.close());

  const http = () => request(app.getHttpServer());

  async function rankedEffort(courseId: string, userId: string, seconds: number) {
    const runId = await createRun(dataSource, userId, { courseId, durationSeconds: seconds });
    await dataSource.query(
      `UPDATE run_records SET route_match_percent = 100, is_ranking_eligible = true WHERE id = $1`,
      [runId],
    );
    await dataSource.query(
      `INSERT INTO rankings (course_id, user_id, run_record_id, best_duration_seconds, best_pace_seconds_per_km, achieved_at)
       VALUES ($1, $2, $3, $4, $4, now())`,
      [courseId, userId, runId, seconds],
    );
    return runId;
  }

  it('a runner reports a board entry; an admin excludes it with a reason; the board and stats are rebuilt', async () => {
    const cheat = await createUserWithToken(dataSource, config);
    const honest = await createUserWithToken(dataSource, config);
    const admin = await createUserWithToken(dataSource, config, { role: 'admin' });
    const courseId = await createCourse(dataSource, honest.user.id);
    const cheatRun = await rankedEffort(courseId, cheat.user.id, 120);
    await rankedEffort(courseId, honest.user.id, 300);
    const board = () => boardUserIds(app, courseId);
    expect(await board()).toEqual([cheat.user.id, honest.user.id]);

    const report = await http()
      .post('/api/v1/reports')
      .set('Authorization', honest.authorization)
      .send({ target_type: 'run', target_id: cheatRun, reason: 'cheating', description: '2:00 for 1 km?' });
    expect(report.status).toBe(201);
    // a run that is on no board the reporter may see cannot be reported
    const offBoard = await createRun(dataSource, cheat.user.id, {});
    const notAnEntry = await http()
      .post('/api/v1/reports')
      .set('Authorization', honest.authorization)
      .send({ target_type: 'run', target_id: offBoard, reason: 'cheating' });
    expect(notAnEntry.status).toBe(404);

    const queue = await http()
      .get('/api/v1/admin/reports?target_type=run')
      .set('Authorization', admin.authorization);
    expect(queue.status).toBe(200);
    expect((queue.body.data as Array<{ target_id: string }>).map((r) => r.target_id)).toContain(cheatRun);

    const excluded = await http()
      .post(`/api/v1/admin/runs/${cheatRun}/exclude`)
      .set('Authorization', admin.authorization)
      .send({ reason: 'GPS track cut the corner through the park' });
    expect(excluded.status).toBe(200);
    await waitForQueuesDrained(worker);

    expect(await board()).toEqual([honest.user.id]);
    const stats = await http().get(`/api/v1/courses/${courseId}/stats`);
    expect(stats.body.best_duration_seconds).toBe(300);
    const [run] = (await dataSource.query(
      `SELECT board_excluded_reason, is_ranking_eligible FROM run_records WHERE id = $1`,
      [cheatRun],
    )) as Array<{ board_excluded_reason: string; is_ranking_eligible: boolean }>;
    expect(run).toEqual({
      board_excluded_reason: 'GPS track cut the corner through the park',
      is_ranking_eligible: false,
    });
    // the runner sees it on the run
    const detail = await http().get(`/api/v1/runs/${cheatRun}`).set('Authorization', cheat.authorization);
    expect(detail.body.board_exclusion).toEqual({
      reason: 'GPS track cut the corner through the park',
      excluded_at: expect.any(String),
    });
    const [notice] = (await dataSource.query(
      `SELECT target_id, body FROM notifications WHERE user_id = $1 AND type = 'effort_excluded'`,
      [cheat.user.id],
    )) as Array<{ target_id: string; body: string }>;
    expect(notice.target_id).toBe(cheatRun);
    expect(notice.body).toContain('GPS track cut the corner through the park');
    const [reportRow] = (await dataSource.query(`SELECT status FROM reports WHERE target_id = $1`, [
      cheatRun,
    ])) as Array<{
      status: string;
    }>;
    expect(reportRow.status).toBe('resolved');
  });

  it('an exclusion survives a re-judge of the course; an admin puts the effort back (POST /admin/runs/{id}/include)', async () => {
    const runner = await createUserWithToken(dataSource, config);
    const rival = await createUserWithToken(dataSource, config);
    const admin = await createUserWithToken(dataSource, config, { role: 'admin' });
    const line = lineFrom([127.31, 37.41], 41, 25);
    const courseId = await createCourse(dataSource, rival.user.id, {
      coordinates: line,
      distanceMeters: 1000,
    });
    const effort = async (userId: string, seconds: number) => {
      const runId = await createRun(dataSource, userId, {
        courseId,
        durationSeconds: seconds,
        coordinates: line,
      });
      await dataSource.query(
        `UPDATE run_records SET route_match_percent = 100, max_deviation_meters = 0, is_ranking_eligible = true
          WHERE id = $1`,
        [runId],
      );
      return runId;
    };
    const runnerRun = await effort(runner.user.id, 240);
    await effort(rival.user.id, 300);
    const rejudge = async () => {
      const [{ route_revision }] = await dataSource.query(
        `SELECT route_revision FROM courses WHERE id = $1`,
        [courseId],
      );
      return app.get(CourseRejudgeService).rejudge(courseId, route_revision);
    };
    expect(await rejudge()).toEqual({ judged: 2, revoked: 0 });
    const board = async () =>
      (
        (await http().get(`/api/v1/courses/${courseId}/rankings`)).body.data as Array<{
          user: { id: string };
        }>
      ).map((entry) => entry.user.id);
    expect(await board()).toEqual([runner.user.id, rival.user.id]);

    const asAdmin = (path: string, body?: object) =>
      http().post(`/api/v1${path}`).set('Authorization', admin.authorization).send(body);
    expect((await asAdmin(`/admin/runs/${runnerRun}/include`)).body.code).toBe('NOT_EXCLUDED');
    expect((await asAdmin(`/admin/runs/${runnerRun}/exclude`, { reason: 'shortcut' })).status).toBe(200);
    expect(await board()).toEqual([rival.user.id]);

    // The course's line is re-judged (as after a correction): the matcher still says "completed",
    // and the excluded effort stays off the board, with the reason among the run's verdict.
    expect(await rejudge()).toEqual({ judged: 2, revoked: 0 });
    expect(await board()).toEqual([rival.user.id]);
    const [judged] = (await dataSource.query(
      `SELECT course_completed, is_ranking_eligible, course_completion->'reasons' AS reasons FROM run_records WHERE id = $1`,
      [runnerRun],
    )) as Array<{
      course_completed: boolean;
      is_ranking_eligible: boolean;
      reasons: Array<{ code: string }>;
    }>;
    expect(judged).toMatchObject({ course_completed: true, is_ranking_eligible: false });
    expect(judged.reasons.map((reason) => reason.code)).toContain('BOARD_EXCLUDED');
    const excludedView = await http()
      .get(`/api/v1/runs/${runnerRun}`)
      .set('Authorization', runner.authorization);
    expect(excludedView.body.course_completion).toMatchObject({
      is_completed: true,
      counts_for_ranking: false,
    });

    // Put back: on the board again, the stats recounted in the same transaction, the runner told.
    const included = await asAdmin(`/admin/runs/${runnerRun}/include`);
    expect(included.status).toBe(200);
    expect(included.body).toMatchObject({
      id: runnerRun,
      is_ranking_eligible: true,
      board_excluded_reason: null,
      board_excluded_at: null,
    });
    expect(await board()).toEqual([runner.user.id, rival.user.id]);
    const stats = await http().get(`/api/v1/courses/${courseId}/stats`);
    expect(stats.body.best_duration_seconds).toBe(240);
    const detail = await http().get(`/api/v1/runs/${runnerRun}`).set('Authorization', runner.authorization);
    expect(detail.body.board_exclusion).toBeNull();
    expect(detail.body.course_completion).toMatchObject({ counts_for_ranking: true, reasons: [] });
    const notices = (await dataSource.query(
      `SELECT type FROM notifications WHERE user_id = $1 AND target_id = $2 AND type LIKE 'effort_%' ORDER BY created_at`,
      [runner.user.id, runnerRun],
    )) as Array<{ type: string }>;
    expect(notices.map((notice) => notice.type)).toEqual(['effort_excluded', 'effort_included']);
    // A second exclusion is a new notice (keyed by its instant), and a second include is refused.
    expect((await asAdmin(`/admin/runs/${runnerRun}/exclude`, { reason: 'again' })).status).toBe(200);
    expect(await board()).toEqual([rival.user.id]);
    expect((await asAdmin(`/admin/runs/${runnerRun}/include`)).status).toBe(200);
    const again = await asAdmin(`/admin/runs/${runnerRun}/include`);
    expect(again.status).toBe(409);
    expect(again.body).toEqual({ code: 'NOT_EXCLUDED', message: expect.any(String) });

    // Not a course run, nobody's run, not an id.
    const plain = await createRun(dataSource, runner.user.id, {});
    expect((await asAdmin(`/admin/runs/${plain}/include`)).status).toBe(404);
    expect((await asAdmin('/admin/runs/00000000-0000-4000-8000-000000000000/include')).status).toBe(404);
    expect((await asAdmin('/admin/runs/not-an-id/include')).status).toBe(422);
    // Only admins.
    const refused = await http()
      .post(`/api/v1/admin/runs/${runnerRun}/include`)
      .set('Authorization', runner.authorization);
    expect(refused.status).toBe(403);
  });
});
