import type { INestApplication } from '@nestjs/common';
import { NotificationEntity } from '@runvs/database';
import { OutboxService, QueueName } from '@runvs/queue';
import { createUser, eventually, freeTcpPort, PROJECT_ROOT, startApi, testConfig } from '@runvs/testing';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';

const WORKER_ENTRY = join(PROJECT_ROOT, 'dist/apps/worker/src/main.js');

describe('a real worker process', () => {
  let api: INestApplication;
  let worker: ChildProcess | undefined;
  let output = '';

  beforeAll(async () => {
    if (!existsSync(WORKER_ENTRY)) throw new Error(`${WORKER_ENTRY} is missing: run \`npm run build\` first`);
    api = await startApi(testConfig());
  });

  afterAll(async () => {
    if (worker && worker.exitCode === null) worker.kill('SIGKILL');
    await api.close();
  });

  it('processes a job the api enqueued, then stops cleanly on SIGTERM', async () => {
    const dataSource = api.get(DataSource);
    const user = await createUser(dataSource);
    const stale = await dataSource.getRepository(NotificationEntity).save({
      userId: user.id,
      type: 'follow',
      createdAt: new Date(Date.now() - 45 * 86_400_000),
    });
    await api.get(OutboxService).transaction(async (_manager, enqueue) => {
      await enqueue(QueueName.Maintenance, { task: 'purge-notifications' }, { jobId: 'from-api' });
    });

    const isolation = globalThis.__runvsTestIsolation!;
    const httpPort = await freeTcpPort();
    worker = spawn(process.execPath, [WORKER_ENTRY], {
      cwd: PROJECT_ROOT,
      env: {
        PATH: process.env.PATH,
        APP_ENV: 'test',
        LOG_LEVEL: 'info',
        DATABASE_URL: isolation.databaseUrl,
        REDIS_URL: isolation.redisUrl,
        REDIS_KEY_PREFIX: isolation.redisKeyPrefix,
        API_HOST: '127.0.0.1',
        WORKER_HTTP_PORT: String(httpPort),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    worker.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    worker.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));

    await eventually(
      async () => (await dataSource.getRepository(NotificationEntity).findOneBy({ id: stale.id })) === null,
      { timeoutMs: 30_000 },
    );
    // The log line may reach the pipe a moment after the row is gone (pino writes asynchronously).
    await eventually(async () => output.includes('maintenance purge-notifications: 1 row(s)'), {
      timeoutMs: 10_000,
    });

    // Its own port answers the probes (issue 17): ready once connected with every processor consuming.
    const ready = await eventually(async () => {
      const response = await fetch(`http://127.0.0.1:${httpPort}/health/ready`).catch(() => undefined);
      return response?.status === 200 ? ((await response.json()) as { checks: object }) : undefined;
    });
    expect(ready!.checks).toEqual({ database: 'up', redis: 'up', processors: 'up', heartbeat: 'up' });

    const exited = new Promise<number | null>((resolve) => worker!.once('exit', (code) => resolve(code)));
    worker.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
