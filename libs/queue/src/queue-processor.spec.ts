import { DomainError } from '@runvs/common';
import { type Job, UnrecoverableError } from 'bullmq';
import { JobError, PermanentJobError, QueueProcessor } from './queue-processor';
import { QueueName, type QueuePayloads } from './queue-definitions';

type Payload = QueuePayloads[typeof QueueName.Maintenance];

/** A processor whose stage throws what the test gives it. */
class ThrowingProcessor extends QueueProcessor<typeof QueueName.Maintenance> {
  protected readonly queueName = QueueName.Maintenance;
  failure: unknown;
  protected handle(): Promise<unknown> {
    return Promise.reject(this.failure);
  }
}

async function outcome(error: unknown): Promise<unknown> {
  const processor = new ThrowingProcessor();
  processor.failure = error;
  const job = { id: 'maintenance_1', data: { task: 'purge-outbox' }, attemptsMade: 0 } as Job<Payload>;
  return processor.process(job).catch((thrown: unknown) => thrown);
}

describe('QueueProcessor: what BullMQ retries', () => {
  it('retries retryable errors as they are', async () => {
    const transient = new Error('connection reset');
    expect(await outcome(transient)).toBe(transient);
    const provider = new DomainError('STRAVA_API_ERROR', 'Strava 503');
    expect(await outcome(provider)).toBe(provider);
    const flagged = new JobError('provider busy', true);
    expect(await outcome(flagged)).toBe(flagged);
  });

  it('stops at once (UnrecoverableError) for permanent ones', async () => {
    for (const permanent of [
      new PermanentJobError('row gone'),
      new DomainError('NOT_FOUND', 'Run not found'),
      new JobError('corrupt file', false),
    ]) {
      const thrown = await outcome(permanent);
      expect(thrown).toBeInstanceOf(UnrecoverableError);
      expect((thrown as Error).message).toBe(permanent.message);
    }
  });
});
