import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import type { AppConfig } from '@runvs/config';
import { JOB_OPTIONS, JobFailuresService, OutboxService, QueueName, QueueRegistry } from '@runvs/queue';
import {
  createRunRecord,
  createUserWithToken,
  eventually,
  lineFrom,
  ownerQuery,
  startStack,
  type TestStack,
  waitForQueuesDrained,
} from '@runvs/testing';
import request from 'supertest';
import type { DataSource } from 'typeorm';

const ROUTE = lineFrom([126.99, 37.55], 20, 25);

/**
 * Failed work is visible and re-drivable: HTTP (admin) → outbox → queue → worker → job_failures.
 * Faults are injected in the database (a trigger), as a real dependency failure would surface.
 */
describe('failed jobs: recorded, listed, re-driven by admins and by the sweeper', () => {
  let stack: TestStack;
  let config: AppConfig;
  let app: INestApplication;
  let worker: INestApplicationContext;
  let dataSource: DataSource;
  let admin: Awaited<ReturnType<typeof createUserWithToken>>;
  const http = () => request(app.getHttpServer());
  const asAdmin = (method: 'get' | 'post', path: string) =>
    http()[method](`/api/v1${path}`).set('Authorization', admin.authorization);

  beforeAll(async () => {
    stack = await startStack({ worker: true });
    ({ config, api: app, worker, dataSource } = stack);
    admin = await createUserWithToken(dataSource, config, { role: 'admin' });
    // While a user is in this table, updating their totals fails: a stuck dependency of the pipeline.
    await ownerQuery(`CREATE TABLE ops_test_block (on_user uuid)`);
    await ownerQuery(`
      CREATE FUNCTION ops_test_block_totals() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM ops_test_block WHERE on_user = NEW.id) THEN RAISE EXCEPTION 'totals blocked'; END IF;
        RETURN NEW;
      END $$`);
    await ownerQuery(
      `CREATE TRIGGER ops_test_block_totals BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION ops_test_block_totals()`,
    );
  });

  afterAll(() => stack?.close());

  /** A run whose pipeline job fails for good at once (one attempt), while its runner is blocked. */
  async function runWithFailedPipeline(): Promise<{ runId: string; userId: string }> {
    const runner = await createUserWithToken(dataSource, config);
    await dataSource.query(`INSERT INTO ops_test_block VALUES ($1)`, [runner.user.id]);
    const runId = await createRunRecord(dataSource, runner.user.id, ROUTE);
    await app
      .get(QueueRegistry)
      .add(
        QueueName.RunCompletion,
        { runRecordId: runId },
        { ...JOB_OPTIONS[QueueName.RunCompletion], attempts: 1, jobId: `run-completion_${runId}` },
      );
    await eventually(
      async () =>
        (await dataSource.query(`SELECT pipeline_failed_at FROM run_records WHERE id = $1`, [runId]))[0]
          .pipeline_failed_at,
    );
    return { runId, userId: runner.user.id };
  }

  async function failureOf(runId: string) {
    const [row] = await dataSource.query(
      `SELECT id, queue, message, retryable, attempts, redrive_count, failed_at, next_redrive_at, resolved_at, resolution
         FROM job_failures WHERE payload->>'runRecordId' = $1`,
      [runId],
    );
    return row;
  }

  it('lists a failed pipeline with its reason; an admin re-drives it and the failure is resolved', async () => {
    const { runId, userId } = await runWithFailedPipeline();
    const failure = await failureOf(runId);
    // A database error is transient: retryable, and due for an automatic re-drive in ~5 minutes.
    expect(failure).toMatchObject({
      queue: 'run-completion',
      retryable: true,
      attempts: 1,
      redrive_count: 0,
    });
    expect(failure.message).toContain('totals blocked');
    expect(failure.next_redrive_at.getTime() - Date.now()).toBeGreaterThan(4 * 60_000);

    const jobs = await asAdmin('get', '/admin/jobs/failures?queue=run-completion').expect(200);
    expect(jobs.body.data).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          id: failure.id,
          queue: 'run-completion',
          payload: { runRecordId: runId },
          reason: expect.stringContaining('totals blocked'),
          retryable: true,
          resolution: null,
        }),
      ]),
    );
    const detail = await asAdmin('get', `/admin/jobs/failures/${failure.id}`).expect(200);
    expect(detail.body.error).toContain('totals blocked');
    const runs = await asAdmin('get', '/admin/runs/pipeline-failures').expect(200);
    expect(runs.body.data).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          run_id: runId,
          user_id: userId,
          reason: expect.stringContaining('totals blocked'),
          job_failure_id: failure.id,
        }),
      ]),
    );

    // The cause is fixed; the admin re-drives the run.
    await dataSource.query(`DELETE FROM ops_test_block WHERE on_user = $1`, [userId]);
    const redrive = await asAdmin('post', `/admin/runs/${runId}/pipeline/redrive`).expect(202);
    expect(redrive.body).toEqual({ run_id: runId, queued: true, job_failure_id: failure.id });
    await waitForQueuesDrained(worker);

    const [run] = await dataSource.query(
      `SELECT pipeline_completed_at, pipeline_failed_at FROM run_records WHERE id = $1`,
      [runId],
    );
    expect(run.pipeline_completed_at).toBeInstanceOf(Date);
    expect(run.pipeline_failed_at).toBeNull();
    expect(await failureOf(runId)).toMatchObject({
      resolution: 'redriven',
      redrive_count: 1,
      next_redrive_at: null,
      resolved_at: expect.any(Date),
    });
    const after = await asAdmin('get', '/admin/runs/pipeline-failures').expect(200);
    expect(after.body.data.map((item: { run_id: string }) => item.run_id)).not.toContain(runId);
    await asAdmin('post', `/admin/runs/${runId}/pipeline/redrive`).expect(409);
    await asAdmin('post', `/admin/jobs/failures/${failure.id}/redrive`).expect(409);
  });

  it('the sweeper re-drives a retryable failure once it is due, not before', async () => {
    const { runId, userId } = await runWithFailedPipeline();
    const failures = worker.get(JobFailuresService);
    expect(await failures.redriveDue()).toBe(0); // due in ~5 minutes

    await dataSource.query(`DELETE FROM ops_test_block WHERE on_user = $1`, [userId]);
    await dataSource.query(
      `UPDATE job_failures SET next_redrive_at = now() - interval '1 second' WHERE payload->>'runRecordId' = $1`,
      [runId],
    );
    // The sweeper is a maintenance task like the others: the worker's own schedule runs it.
    await app.get(OutboxService).transaction(async (_manager, enqueue) => {
      await enqueue(QueueName.Maintenance, { task: 'redrive-failed-jobs' });
    });
    await eventually(async () => (await failureOf(runId)).resolution === 'redriven');
    const [run] = await dataSource.query(`SELECT pipeline_completed_at FROM run_records WHERE id = $1`, [
      runId,
    ]);
    expect(run.pipeline_completed_at).toBeInstanceOf(Date);
    expect(await failureOf(runId)).toMatchObject({ redrive_count: 1, next_redrive_at: null });
  });

  it('a permanent failure is not retried nor swept; its re-drive fails on the same row; an admin dismisses it', async () => {
    await app.get(QueueRegistry).add(
      QueueName.RunCompletion,
      { runRecordId: 'not-a-run' },
      {
        ...JOB_OPTIONS[QueueName.RunCompletion],
        jobId: 'run-completion_not-a-run',
      },
    );
    await eventually(async () => await failureOf('not-a-run'));
    const failure = await failureOf('not-a-run');
    // Eight attempts were allowed; a permanent error stops at the first.
    expect(failure).toMatchObject({ retryable: false, attempts: 1, next_redrive_at: null });
    expect(failure.message).toContain('malformed run record id');

    const redriven = await asAdmin('post', `/admin/jobs/failures/${failure.id}/redrive`).expect(200);
    expect(redriven.body).toMatchObject({ id: failure.id, redrive_count: 1, resolution: null });
    // The re-drive fails the same way: the same row takes the new failure.
    await eventually(
      async () => (await failureOf('not-a-run')).failed_at.getTime() > failure.failed_at.getTime(),
    );
    const [{ rows }] = await dataSource.query(
      `SELECT count(*)::int AS rows FROM job_failures WHERE payload->>'runRecordId' = 'not-a-run'`,
    );
    expect(rows).toBe(1);
    expect(await failureOf('not-a-run')).toMatchObject({
      redrive_count: 1,
      resolved_at: null,
      retryable: false,
    });

    const open = await asAdmin('get', '/admin/jobs/failures?retryable=false').expect(200);
    expect(open.body.data.map((item: { id: string }) => item.id)).toContain(failure.id);
    const dismissed = await asAdmin('post', `/admin/jobs/failures/${failure.id}/dismiss`).expect(200);
    expect(dismissed.body).toMatchObject({ resolution: 'dismissed', next_redrive_at: null });
    await asAdmin('post', `/admin/jobs/failures/${failure.id}/dismiss`).expect(409);
    await asAdmin('post', `/admin/jobs/failures/${failure.id}/redrive`).expect(409);
    const resolved = await asAdmin('get', '/admin/jobs/failures?status=resolved').expect(200);
    expect(resolved.body.data.map((item: { id: string }) => item.id)).toContain(failure.id);
    const stillOpen = await asAdmin('get', '/admin/jobs/failures').expect(200);
    expect(stillOpen.body.data.map((item: { id: string }) => item.id)).not.toContain(failure.id);
  });

  it('answers bad input with the contract error body and keeps the routes to admins', async () => {
    const invalid = await asAdmin('get', '/admin/jobs/failures?queue=nope&status=closed').expect(422);
    expect(invalid.body.code).toBe('VALIDATION_ERROR');
    await asAdmin('get', '/admin/jobs/failures/0b6f1c2e-8d4a-4f1e-9a7b-3c2d1e0f9a8b').expect(404);
    await asAdmin('post', '/admin/runs/0b6f1c2e-8d4a-4f1e-9a7b-3c2d1e0f9a8b/pipeline/redrive').expect(404);
    await asAdmin('get', '/admin/jobs/failures/not-a-uuid').expect(422);
    const runner = await createUserWithToken(dataSource, config);
    for (const [method, path] of [
      ['get', '/admin/jobs/failures'],
      ['post', '/admin/jobs/failures/0b6f1c2e-8d4a-4f1e-9a7b-3c2d1e0f9a8b/redrive'],
      ['get', '/admin/runs/pipeline-failures'],
    ] as const) {
      await http()[method](`/api/v1${path}`).set('Authorization', runner.authorization).expect(403);
      await http()[method](`/api/v1${path}`).expect(401);
    }
  });
});
