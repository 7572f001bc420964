import { QueueName, QueueRegistry } from '@runvs/queue';
import { ownerQuery, startStack, startWorker, type TestStack, workerHttpBase } from '@runvs/testing';
import request from 'supertest';
import { MaintenanceProcessor } from '../../apps/worker/src/processors/maintenance.processor';

/** Issue 17 (health): the api's liveness and readiness, and the worker's own readiness port. */
describe('health probes', () => {
  let stack: TestStack;
  const http = () => request(stack.api.getHttpServer());

  beforeAll(async () => {
    stack = await startStack({ env: { HEALTH_QUEUE_BACKLOG_MAX: '2' } });
  });

  afterAll(async () => {
    await stack.close();
  });

  it('GET /health/live answers ok with nothing else (no version, no environment)', async () => {
    const response = await http().get('/health/live').expect(200);
    expect(response.body).toEqual({ status: 'ok' });
  });

  it('GET /health/ready checks database, Redis, migrations and queue backlog, and says no more', async () => {
    const response = await http().get('/health/ready').expect(200);
    expect(response.body).toEqual({
      status: 'ok',
      checks: { database: 'up', redis: 'up', migrations: 'up', queue_backlog: 'up' },
    });
    expect(JSON.stringify(response.body)).not.toMatch(/test|version|\d+\.\d+/);
  });

  it('is not ready while a migration of this build is not applied', async () => {
    const [latest] = (await stack.dataSource.query(
      `SELECT id, timestamp, name FROM typeorm_migrations ORDER BY id DESC LIMIT 1`,
    )) as Array<{ id: number; timestamp: string; name: string }>;
    // The migrations table is the owner's (the app's role may only read it).
    await ownerQuery(`DELETE FROM typeorm_migrations WHERE id = $1`, [latest.id]);
    try {
      const response = await http().get('/health/ready').expect(503);
      expect(response.body).toMatchObject({
        status: 'unavailable',
        checks: { database: 'up', redis: 'up', migrations: 'down', queue_backlog: 'up' },
      });
    } finally {
      await ownerQuery(`INSERT INTO typeorm_migrations (id, timestamp, name) VALUES ($1, $2, $3)`, [
        latest.id,
        latest.timestamp,
        latest.name,
      ]);
    }
    await http().get('/health/ready').expect(200);
  });

  it('is not ready while a queue holds more waiting jobs than HEALTH_QUEUE_BACKLOG_MAX', async () => {
    const queue = stack.api.get(QueueRegistry).get(QueueName.Maintenance);
    await queue.pause();
    try {
      for (const jobId of ['backlog-1', 'backlog-2']) {
        await queue.add(QueueName.Maintenance, { task: 'purge-outbox' }, { jobId });
      }
      await http().get('/health/ready').expect(200);
      await queue.add(QueueName.Maintenance, { task: 'purge-outbox' }, { jobId: 'backlog-3' });
      const response = await http().get('/health/ready').expect(503);
      expect(response.body.checks).toEqual({
        database: 'up',
        redis: 'up',
        migrations: 'up',
        queue_backlog: 'down',
      });
    } finally {
      await queue.drain();
      await queue.resume();
    }
    await http().get('/health/ready').expect(200);
  });

  it('the worker serves its own readiness: connected, every processor consuming, a recent heartbeat', async () => {
    const worker = await startWorker(stack.config);
    try {
      const base = await workerHttpBase(worker);
      expect(await (await fetch(`${base}/health/live`)).json()).toEqual({ status: 'ok' });

      const ready = await fetch(`${base}/health/ready`);
      expect(ready.status).toBe(200);
      const body = (await ready.json()) as Record<string, unknown>;
      expect(body).toMatchObject({
        status: 'ok',
        checks: { database: 'up', redis: 'up', processors: 'up', heartbeat: 'up' },
      });
      expect(Object.values(body.processors as Record<string, boolean>)).toHaveLength(
        Object.keys(QueueName).length,
      );
      expect(Object.values(body.processors as Record<string, boolean>).every(Boolean)).toBe(true);
      expect(Date.parse(body.last_heartbeat_at as string)).not.toBeNaN();

      // A queue whose consumer stopped makes the worker unready, and says which.
      await worker.get(MaintenanceProcessor).worker.close();
      const unready = await fetch(`${base}/health/ready`);
      expect(unready.status).toBe(503);
      expect(await unready.json()).toMatchObject({
        status: 'unavailable',
        checks: { processors: 'down' },
        processors: { [QueueName.Maintenance]: false, [QueueName.RunCompletion]: true },
      });
      expect((await fetch(`${base}/metrics-or-anything`)).status).toBe(404);
    } finally {
      await worker.close();
    }
  });
});
