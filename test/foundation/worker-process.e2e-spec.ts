import type { INestApplication } from '@nestjs/common';
import { NotificationEntity } from '@runvs/database';
import { OutboxService, QueueName } from '@runvs/queue';
import {
  createUser,
  eventually,
  startApi,
  startWorkerProcess,
  testConfig,
  type WorkerProcess,
} from '@runvs/testing';
import { DataSource } from 'typeorm';

describe('a real worker process', () => {
  let api: INestApplication;
  let worker: WorkerProcess | undefined;

  beforeAll(async () => {
    api = await startApi(testConfig());
  });

  afterAll(async () => {
    await worker?.stop('SIGKILL');
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

    worker = startWorkerProcess();

    await eventually(
      async () => (await dataSource.getRepository(NotificationEntity).findOneBy({ id: stale.id })) === null,
      { timeoutMs: 30_000 },
    );
    // The log line may reach the pipe a moment after the row is gone (pino writes asynchronously).
    const running = worker;
    await eventually(async () => running.output().includes('maintenance purge-notifications: 1 row(s)'), {
      timeoutMs: 10_000,
    });

    expect(await worker.stop('SIGTERM')).toBe(0);
  });
});
