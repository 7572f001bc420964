import { getQueueToken } from '@nestjs/bullmq';
import { QueueName } from '@runvs/queue';
import { startWorker, testConfig } from '@runvs/testing';
import type { Worker } from 'bullmq';
import { createWorkerApp } from '../../apps/worker/src/worker-app';
import { RunCompletionProcessor } from '../../apps/worker/src/processors/run-completion.processor';

/** The worker's settings come from the queue table; its WORKER_CONCURRENCY_* overrides are checked at boot. */
describe('queue table in the worker', () => {
  it('runs each queue at its table concurrency unless the environment overrides it', async () => {
    const worker = await startWorker(testConfig({ WORKER_CONCURRENCY_RUN_COMPLETION: '9' }));
    try {
      const runCompletion = worker.get(RunCompletionProcessor).worker as Worker;
      expect(runCompletion.concurrency).toBe(9);
      expect(worker.get(getQueueToken(QueueName.RunCompletion))).toBeDefined();
    } finally {
      await worker.close();
    }
  });

  it('refuses to boot when a concurrency override names no queue', async () => {
    // Before any connection is opened, so nothing is left to close.
    await expect(createWorkerApp(testConfig({ WORKER_CONCURRENCY_RUN_COMPLESHUN: '2' }))).rejects.toThrow(
      /WORKER_CONCURRENCY_RUN_COMPLESHUN name\(s\) no queue/,
    );
  });
});
