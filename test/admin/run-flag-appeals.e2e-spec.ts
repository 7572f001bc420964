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

describe('flagged runs: the runner appeals, an admin answers (POST /runs/{id}/appeal)', () => {
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

  /** A completed, matched course run; flagged runs are not ranking-eligible. */
  async function courseRun(courseId: string, userId: string, seconds: number, flagged: boolean) {
    const runId = await createRun(dataSource, userId, {
      courseId,
      durationSeconds: seconds,
      isFlagged: flagged,
    });
    await dataSource.query(
      `UPDATE run_records SET route_match_percent = 100, is_ranking_eligible = NOT is_flagged,
              flag_reasons = CASE WHEN is_flagged THEN '["SPEED_TOO_HIGH","TELEPORT"]'::jsonb END,
              flag_reason = CASE WHEN is_flagged THEN 'SPEED_TOO_HIGH' END
        WHERE id = $1`,
      [runId],
    );
    return runId;
  }

  it('round trip: appeal → admin queue → reinstate → inbox entry and the board recomputed', async () => {
    const runner = await createUserWithToken(dataSource, config);
    const rival = await createUserWithToken(dataSource, config);
    const stranger = await createUserWithToken(dataSource, config);
    const admin = await createUserWithToken(dataSource, config, { role: 'admin' });
    const courseId = await createCourse(dataSource, rival.user.id);
    const flaggedRun = await courseRun(courseId, runner.user.id, 250, true);
    const rivalRun = await courseRun(courseId, rival.user.id, 300, false);
    await dataSource.query(
      `INSERT INTO rankings (course_id, user_id, run_record_id, best_duration_seconds, best_pace_seconds_per_km, achieved_at)
       VALUES ($1, $2, $3, 300, 60, now())`,
      [courseId, rival.user.id, rivalRun],
    );
    const board = () => boardUserIds(app, courseId);
    expect(await board()).toEqual([rival.user.id]);

    // only the owner may appeal, only a flagged run, once at a time
    const notMine = await http()
      .post(`/api/v1/runs/${flaggedRun}/appeal`)
      .set('Authorization', stranger.authorization)
      .send({ message: 'mine' });
    expect(notMine.status).toBe(404);
    const notFlagged = await http()
      .post(`/api/v1/runs/${rivalRun}/appeal`)
      .set('Authorization', rival.authorization)
      .send({ message: 'please' });
    expect(notFlagged.status).toBe(409);
    expect(notFlagged.body.code).toBe('NOT_FLAGGED');
    const empty = await http()
      .post(`/api/v1/runs/${flaggedRun}/appeal`)
      .set('Authorization', runner.authorization)
      .send({ message: '  ' });
    expect(empty.status).toBe(422);

    const appeal = await http()
      .post(`/api/v1/runs/${flaggedRun}/appeal`)
      .set('Authorization', runner.authorization)
      .send({ message: 'I was on a bike lane downhill — the watch agrees' });
    expect(appeal.status).toBe(202);
    expect(appeal.body).toEqual({
      run_record_id: flaggedRun,
      status: 'pending',
      message: 'I was on a bike lane downhill — the watch agrees',
      appealed_at: expect.any(String),
      flag_reasons: ['SPEED_TOO_HIGH', 'TELEPORT'],
    });
    const again = await http()
      .post(`/api/v1/runs/${flaggedRun}/appeal`)
      .set('Authorization', runner.authorization)
      .send({ message: 'hello?' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('ALREADY_APPEALED');

    // the admin queue lists it with the message
    const queue = await http()
      .get('/api/v1/admin/runs/flagged?status=appealed')
      .set('Authorization', admin.authorization);
    expect(queue.status).toBe(200);
    expect(queue.body.data).toEqual([
      expect.objectContaining({
        id: flaggedRun,
        flag_appeal_message: 'I was on a bike lane downhill — the watch agrees',
        flag_reasons: ['SPEED_TOO_HIGH', 'TELEPORT'],
      }),
    ]);

    // reinstated: the runner is told, and the board is rebuilt once with the run on it
    const reinstated = await http()
      .post(`/api/v1/admin/runs/${flaggedRun}/unflag`)
      .set('Authorization', admin.authorization);
    expect(reinstated.status).toBe(200);
    await waitForQueuesDrained(worker);
    const inbox = (await dataSource.query(
      `SELECT type, target_id, data FROM notifications WHERE user_id = $1 AND type = 'run_flag_reviewed'`,
      [runner.user.id],
    )) as Array<{ type: string; target_id: string; data: { decision: string; reasons: string[] } }>;
    expect(inbox).toEqual([
      {
        type: 'run_flag_reviewed',
        target_id: flaggedRun,
        data: expect.objectContaining({ decision: 'reinstated', reasons: ['SPEED_TOO_HIGH', 'TELEPORT'] }),
      },
    ]);
    expect(await board()).toEqual([runner.user.id, rival.user.id]);
    const afterQueue = await http()
      .get('/api/v1/admin/runs/flagged?status=appealed')
      .set('Authorization', admin.authorization);
    expect(afterQueue.body.data).toEqual([]);
  });

  it('a confirmed flag tells the runner, with the reasons, and keeps the run off the board', async () => {
    const runner = await createUserWithToken(dataSource, config);
    const admin = await createUserWithToken(dataSource, config, { role: 'admin' });
    const courseId = await createCourse(dataSource, runner.user.id);
    const flaggedRun = await courseRun(courseId, runner.user.id, 250, true);
    await http()
      .post(`/api/v1/runs/${flaggedRun}/appeal`)
      .set('Authorization', runner.authorization)
      .send({ message: 'really me' })
      .expect(202);
    await http()
      .post(`/api/v1/admin/runs/${flaggedRun}/confirm`)
      .set('Authorization', admin.authorization)
      .expect(200);
    await waitForQueuesDrained(worker);
    const [notice] = (await dataSource.query(
      `SELECT body, data FROM notifications WHERE user_id = $1 AND type = 'run_flag_reviewed'`,
      [runner.user.id],
    )) as Array<{ body: string; data: { decision: string } }>;
    expect(notice.data.decision).toBe('confirmed');
    expect(notice.body).toContain('SPEED_TOO_HIGH');
    const board = await http().get(`/api/v1/courses/${courseId}/rankings`);
    expect(board.body.data).toEqual([]);
  });
});
