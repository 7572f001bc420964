import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import type { AppConfig } from '@runvs/config';
import {
  boardUserIds,
  createCourse,
  createRun,
  createUserWithToken,
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
});
