import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import type { AppConfig } from '@runvs/config';
import { ALL_QUEUES, QueueRegistry } from '@runvs/queue';
import { createApiApp } from '../../apps/api/src/api-app';
import { createWorkerApp } from '../../apps/worker/src/worker-app';

/** The api, initialised in-process (no port); use `request(app.getHttpServer())`. */
export async function startApi(config: AppConfig): Promise<INestApplication> {
  const app = await createApiApp(config);
  await app.init();
  return app;
}

/** The worker, in-process, consuming this test file's queues. */
export async function startWorker(config: AppConfig): Promise<INestApplicationContext> {
  const app = await createWorkerApp(config);
  await app.init();
  return app;
}

/**
 * Waits until no queue has waiting, delayed-due, active or prioritized jobs and the outbox has no
 * unpublished row, i.e. everything enqueued so far has been processed (or failed for good).
 */
export async function waitForQueuesDrained(
  app: INestApplication | INestApplicationContext,
  { timeoutMs = 30_000, pollMs = 50 } = {},
): Promise<void> {
  const registry = app.get(QueueRegistry);
  const { DataSource } = await import('typeorm');
  const dataSource = app.get(DataSource);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [outbox] = (await dataSource.query(
      `SELECT count(*)::int AS pending FROM outbox_events WHERE published_at IS NULL`,
    )) as Array<{ pending: number }>;
    let busy = outbox.pending;
    for (const queue of ALL_QUEUES) {
      const counts = await registry
        .get(queue)
        .getJobCounts('waiting', 'active', 'prioritized', 'waiting-children');
      busy += Object.values(counts).reduce((sum, count) => sum + count, 0);
    }
    if (busy === 0) return;
    if (Date.now() > deadline) throw new Error(`queues not drained after ${timeoutMs} ms (${busy} pending)`);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

/** Polls `check` until it returns a truthy value (which it returns) or the time runs out. */
export async function eventually<T>(
  check: () => Promise<T>,
  { timeoutMs = 15_000, pollMs = 50 } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

/** A TCP port that was free a moment ago (for a child process that must be told its port). */
export async function freeTcpPort(): Promise<number> {
  const { createServer } = await import('node:net');
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Base URL of an in-process worker's own HTTP port (health, metrics). */
export async function workerHttpBase(worker: INestApplicationContext): Promise<string> {
  const { WorkerOpsPort } = await import('@runvs/observability');
  return baseUrlOf(worker.get(WorkerOpsPort).address());
}

/** Base URL of an in-process api's private metrics port. */
export async function apiMetricsBase(api: INestApplication): Promise<string> {
  const { ApiMetricsPort } = await import('@runvs/observability');
  return baseUrlOf(api.get(ApiMetricsPort).address());
}

function baseUrlOf(address: { port: number } | null): string {
  if (!address) throw new Error('the ops HTTP server is not listening');
  return `http://127.0.0.1:${address.port}`;
}
