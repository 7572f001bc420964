import type { INestApplication } from '@nestjs/common';
import type { AppConfig } from '@runvs/config';
import { QueueName, QueueRegistry } from '@runvs/queue';
import {
  createUserWithToken,
  eventually,
  ownerQuery,
  startApi,
  startReadyProcess,
  testConfig,
  type BuiltProcess,
} from '@runvs/testing';
import { DataSource } from 'typeorm';
import { FakeSentry } from '../fakes';
import { chunksOf, trackAlong } from '../runs/run-helpers';

/**
 * Issue 17 (error tracking): with SENTRY_DSN set, the built api reports an unhandled error and the
 * built worker a job that failed for good, to a fake ingest endpoint; with release, environment,
 * request id and user id, and no token or GPS point.
 */
describe('error tracking (Sentry) in the real processes', () => {
  let fake: FakeSentry;
  let config: AppConfig;
  let api: INestApplication;
  const processes: BuiltProcess[] = [];

  beforeAll(async () => {
    fake = await new FakeSentry().start();
    config = testConfig();
    // In-process api: the test's own hands on the database and the queues (no error tracking).
    api = await startApi(config);
  });

  afterAll(async () => {
    for (const process of processes) process.kill();
    await api.close();
    await fake.stop();
  });

  const sentryEnv = () => ({ SENTRY_DSN: fake.dsn, SENTRY_RELEASE: 'runvs@e2e-1' });

  it('the api reports an unhandled error with request id and user id, and never the token or the GPS body', async () => {
    const { process: apiProcess, base } = await startReadyProcess(
      'apps/api/src/main.js',
      'API_PORT',
      sentryEnv(),
    );
    processes.push(apiProcess);

    const dataSource = api.get(DataSource);
    const runner = await createUserWithToken(dataSource, config);
    const headers = { Authorization: runner.authorization, 'Content-Type': 'application/json' };
    const created = await fetch(`${base}/api/v1/runs/sessions`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ course_id: null, started_at: new Date().toISOString() }),
    });
    expect(created.status).toBe(201);
    const sessionId = ((await created.json()) as { session_id: string }).session_id;
    const [chunk] = chunksOf(
      sessionId,
      trackAlong([
        [126.9731234, 37.5512345],
        [126.9741234, 37.5522345],
      ]),
    );

    // A table gone from under the api: an error nobody handles, i.e. a 500 with an error id.
    await ownerQuery(`ALTER TABLE run_chunks RENAME TO run_chunks_elsewhere`);
    let errorId: string;
    try {
      const failed = await fetch(`${base}/api/v1/runs/sessions/${sessionId}/chunks?token=${runner.token}`, {
        method: 'POST',
        headers: { ...headers, 'X-Request-Id': 'req-sentry-e2e' },
        body: JSON.stringify(chunk),
      });
      expect(failed.status).toBe(500);
      errorId = ((await failed.json()) as { details: { error_id: string } }).details.error_id;
    } finally {
      await ownerQuery(`ALTER TABLE run_chunks_elsewhere RENAME TO run_chunks`);
    }

    const event = await eventually(async () => fake.events().find((e) => e.tags?.error_id === errorId), {
      timeoutMs: 15_000,
    });
    expect(event).toMatchObject({
      release: 'runvs@e2e-1',
      environment: 'test',
      tags: { process: 'api', request_id: 'req-sentry-e2e', error_id: errorId },
      user: { id: runner.user.id },
    });
    expect(event!.exception?.values?.[0]?.value).toMatch(/run_chunks/);
    for (const envelope of fake.envelopes()) {
      expect(envelope).not.toContain(runner.token);
      expect(envelope).not.toContain('126.973');
      expect(envelope).not.toContain('37.551');
    }
    // Nest re-raises SIGTERM after closing, so the api ends by the signal rather than with a code.
    await apiProcess.stop();
  }, 240_000);

  it('the worker reports a job that failed for good, with its queue and job id', async () => {
    const { process: worker } = await startReadyProcess(
      'apps/worker/src/main.js',
      'WORKER_HTTP_PORT',
      sentryEnv(),
    );
    processes.push(worker);

    // A malformed id is a permanent failure: no retries, recorded, reported.
    await api
      .get(QueueRegistry)
      .add(QueueName.RunCompletion, { runRecordId: 'not-a-run' }, { jobId: 'sentry-e2e-job', attempts: 3 });

    const event = await eventually(
      async () => fake.events().find((e) => e.tags?.job_id === 'sentry-e2e-job'),
      {
        timeoutMs: 20_000,
      },
    );
    expect(event).toMatchObject({
      release: 'runvs@e2e-1',
      environment: 'test',
      tags: { process: 'worker', queue: QueueName.RunCompletion, job_id: 'sentry-e2e-job' },
    });
    expect(event!.exception?.values?.[0]?.value).toMatch(/malformed run record id/);
    expect(JSON.stringify(event!)).not.toContain('"runRecordId"');
    expect(await worker.stop()).toBe(0);
  }, 240_000);
});
