import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { JobFailureEntity, NotificationEntity, OutboxEventEntity } from '@runvs/database';
import { OutboxRelay, OutboxService, QueueName } from '@runvs/queue';
import {
  createUser,
  eventually,
  startApi,
  startWorker,
  testConfig,
  waitForQueuesDrained,
} from '@runvs/testing';
import { DataSource } from 'typeorm';

/**
 * The no-loss guarantee: a job intent committed while Redis is unreachable is not lost; the
 * worker's relay publishes it once Redis answers and the job runs.
 */
describe('transactional outbox', () => {
  let api: INestApplication | undefined;
  let worker: INestApplicationContext | undefined;

  afterEach(async () => {
    await api?.close();
    await worker?.close();
    api = undefined;
    worker = undefined;
  });

  it('keeps a job committed while Redis is down and runs it later', async () => {
    // The api's Redis points at a closed port: every enqueue fails at commit time.
    api = await startApi(testConfig({ REDIS_URL: 'redis://127.0.0.1:1/0' }));
    const dataSource = api.get(DataSource);
    const user = await createUser(dataSource);
    const old = await dataSource.getRepository(NotificationEntity).save({
      userId: user.id,
      type: 'follow',
      createdAt: new Date(Date.now() - 40 * 86_400_000),
    });
    const recent = await dataSource
      .getRepository(NotificationEntity)
      .save({ userId: user.id, type: 'follow' });

    const outbox = api.get(OutboxService);
    const started = Date.now();
    await outbox.transaction(async (_manager, enqueue) => {
      await enqueue(QueueName.Maintenance, { task: 'purge-notifications' }, { jobId: 'purge-now' });
    });
    expect(Date.now() - started).toBeLessThan(5_000); // the request did not hang on Redis

    const [row] = await dataSource.getRepository(OutboxEventEntity).find();
    expect(row).toMatchObject({ queue: 'maintenance', jobId: 'purge-now', publishedAt: null });
    await api.close();
    api = undefined;

    // Redis is back (the worker's config points at the real one): the relay publishes, the job runs.
    worker = await startWorker(testConfig());
    await waitForQueuesDrained(worker);
    const workerData = worker.get(DataSource);
    const published = await workerData.getRepository(OutboxEventEntity).findOneByOrFail({ id: row.id });
    expect(published.publishedAt).toBeInstanceOf(Date);
    expect(await workerData.getRepository(NotificationEntity).findOneBy({ id: old.id })).toBeNull();
    expect(await workerData.getRepository(NotificationEntity).findOneBy({ id: recent.id })).not.toBeNull();
  });

  it('leaves rows younger than OUTBOX_RELAY_GRACE_MS to their producer, and relays them after', async () => {
    // The producer cannot publish (Redis unreachable): its row stays unpublished.
    api = await startApi(testConfig({ REDIS_URL: 'redis://127.0.0.1:1/0' }));
    await api.get(OutboxService).transaction(async (_manager, enqueue) => {
      await enqueue(QueueName.Maintenance, { task: 'purge-outbox' }, { jobId: 'young-row' });
    });
    await api.close();
    api = await startApi(testConfig());
    const dataSource = api.get(DataSource);
    const relayWithGrace = (graceMs: number) =>
      new OutboxRelay(
        dataSource,
        api!.get(OutboxService),
        testConfig({ OUTBOX_RELAY_GRACE_MS: String(graceMs) }),
      );
    const row = () => dataSource.getRepository(OutboxEventEntity).findOneByOrFail({ jobId: 'young-row' });

    expect(await relayWithGrace(600_000).relayOnce()).toBe(0);
    expect((await row()).publishedAt).toBeNull();
    expect(await relayWithGrace(0).relayOnce()).toBe(1);
    expect((await row()).publishedAt).toBeInstanceOf(Date);
  });

  it('publishes at once after commit when Redis answers, and a rolled-back transaction enqueues nothing', async () => {
    const config = testConfig();
    api = await startApi(config);
    worker = await startWorker(config);
    const outbox = api.get(OutboxService);
    const dataSource = api.get(DataSource);

    await expect(
      outbox.transaction(async (_manager, enqueue) => {
        await enqueue(QueueName.Maintenance, { task: 'purge-outbox' }, { jobId: 'rolled-back' });
        throw new Error('business rule failed');
      }),
    ).rejects.toThrow('business rule failed');
    expect(await dataSource.getRepository(OutboxEventEntity).countBy({ jobId: 'rolled-back' })).toBe(0);

    await outbox.transaction(async (_manager, enqueue) => {
      await enqueue(QueueName.Maintenance, { task: 'purge-outbox' }, { jobId: 'committed' });
    });
    const row = await dataSource.getRepository(OutboxEventEntity).findOneByOrFail({ jobId: 'committed' });
    expect(row.publishedAt).toBeInstanceOf(Date);
    await waitForQueuesDrained(worker);
  });

  it('records a job that fails for good in job_failures', async () => {
    const config = testConfig();
    api = await startApi(config);
    worker = await startWorker(config);
    // A malformed payload cannot succeed on a retry: the run pipeline refuses it permanently.
    await api.get(OutboxService).transaction(async (_manager, enqueue) => {
      await enqueue(QueueName.RunCompletion, { runRecordId: 'not-a-run-record-id' });
    });
    await waitForQueuesDrained(worker);
    const repository = worker.get(DataSource).getRepository(JobFailureEntity);
    // The failure is recorded by the worker's `failed` listener, just after the job leaves the queue.
    const failures = await eventually(async () => {
      const rows = await repository.find();
      return rows.length > 0 ? rows : undefined;
    });
    expect(failures).toHaveLength(1);
    expect(failures![0]).toMatchObject({ queue: 'run-completion', attempts: 1 });
  });
});
