import type { INestApplication } from '@nestjs/common';
import { NotificationEntity } from '@runvs/database';
import { OutboxService, QueueName } from '@runvs/queue';
import {
  type BuiltProcess,
  createUser,
  eventually,
  freeTcpPort,
  startApi,
  startBuiltProcess,
  testConfig,
} from '@runvs/testing';
import { DataSource } from 'typeorm';

describe('a real worker process', () => {
  let api: INestApplication;
  let worker: BuiltProcess | undefined;

  beforeAll(async () => {
    api = await startApi(testConfig());
  });

  afterAll(async () => {
    worker?.kill();
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

    const httpPort = await freeTcpPort();
    worker = startBuiltProcess('apps/worker/src/main.js', { WORKER_HTTP_PORT: String(httpPort) });

    await eventually(
      async () => (await dataSource.getRepository(NotificationEntity).findOneBy({ id: stale.id })) === null,
      { timeoutMs: 30_000 },
    );
    // The log line may reach the pipe a moment after the row is gone (pino writes asynchronously).
    await eventually(async () => worker!.output().includes('maintenance purge-notifications: 1 row(s)'), {
      timeoutMs: 10_000,
    });

    // Its own port answers the probes (issue 17): ready once connected with every processor consuming.
    const ready = await eventually(async () => {
      const response = await fetch(`http://127.0.0.1:${httpPort}/health/ready`).catch(() => undefined);
      return response?.status === 200 ? ((await response.json()) as { checks: object }) : undefined;
    });
    expect(ready!.checks).toEqual({ database: 'up', redis: 'up', processors: 'up', heartbeat: 'up' });

    expect(await worker.stop()).toBe(0);
  });
});
