import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import type { AppConfig } from '@runvs/config';
import { ALL_QUEUES, QueueRegistry } from '@runvs/queue';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from './test-env';
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

/** The built worker's entry point (`npm run build` writes it). */
export const WORKER_ENTRY = join(PROJECT_ROOT, 'dist/apps/worker/src/main.js');

/** A worker as production runs it: the BUILT worker in its own process, on this test file's database and Redis prefix. */
export interface WorkerProcess {
  child: ChildProcess;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  /** SIGTERM (a clean stop; resolves with the exit code) or SIGKILL. */
  stop(signal?: 'SIGTERM' | 'SIGKILL'): Promise<number | null>;
}

export function startWorkerProcess(env: Record<string, string> = {}): WorkerProcess {
  if (!existsSync(WORKER_ENTRY)) throw new Error(`${WORKER_ENTRY} is missing: run \`npm run build\` first`);
  const isolation = globalThis.__runvsTestIsolation!;
  const child = spawn(process.execPath, [WORKER_ENTRY], {
    cwd: PROJECT_ROOT,
    env: {
      PATH: process.env.PATH,
      APP_ENV: 'test',
      LOG_LEVEL: 'info',
      DATABASE_URL: isolation.databaseUrl,
      REDIS_URL: isolation.redisUrl,
      REDIS_KEY_PREFIX: isolation.redisKeyPrefix,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return {
    child,
    output: () => output,
    stop: (signal = 'SIGTERM') => {
      if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill(signal);
      return exited;
    },
  };
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
