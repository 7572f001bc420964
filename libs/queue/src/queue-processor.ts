import { OnWorkerEvent, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { isDomainError } from '@runvs/common';
import { APP_CONFIG, type AppConfig } from '@runvs/config';
import { type Job, UnrecoverableError } from 'bullmq';
import { JobFailureRecorder } from './job-failure.recorder';
import { type QueueName, type QueuePayloads, workerConcurrency } from './queue-definitions';

/** Thrown by a stage when retrying cannot help (row gone, file corrupt): recorded, not retried. */
export class PermanentJobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentJobError';
  }
}

/**
 * Base of every processor: one queue, one typed payload. It sets the queue's concurrency (the
 * queue table's default or its WORKER_CONCURRENCY_* override), turns permanent errors into
 * BullMQ's UnrecoverableError (no retries), and records a job's final failure in Postgres
 * (job_failures) before calling the subclass's own hook.
 */
export abstract class QueueProcessor<Q extends QueueName>
  extends WorkerHost
  implements OnApplicationBootstrap
{
  protected abstract readonly queueName: Q;
  protected readonly logger = new Logger(this.constructor.name);

  @Inject(APP_CONFIG) protected readonly config!: AppConfig;
  @Inject(JobFailureRecorder) private readonly failures!: JobFailureRecorder;

  /** The stage work. Throw to retry; throw PermanentJobError (or a DomainError) to give up. */
  protected abstract handle(payload: QueuePayloads[Q], job: Job<QueuePayloads[Q]>): Promise<unknown>;

  /** Called once a job will not be retried again (e.g. to mark the row as failed). */
  protected onFinalFailure(_payload: QueuePayloads[Q], _error: Error): Promise<void> {
    return Promise.resolve();
  }

  onApplicationBootstrap(): void {
    this.worker.concurrency = workerConcurrency(this.queueName, this.config.worker.concurrency);
  }

  async process(job: Job<QueuePayloads[Q]>): Promise<unknown> {
    try {
      return await this.handle(job.data, job);
    } catch (error) {
      if (error instanceof PermanentJobError || isDomainError(error)) {
        throw new UnrecoverableError((error as Error).message);
      }
      throw error;
    }
  }

  @OnWorkerEvent('failed')
  async onFailed(job: Job<QueuePayloads[Q]> | undefined, error: Error): Promise<void> {
    if (!job) return;
    const final = error instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1);
    if (!final) {
      this.logger.warn(
        `${this.queueName} job ${job.id} attempt ${job.attemptsMade} failed: ${error.message}`,
      );
      return;
    }
    this.logger.error(`${this.queueName} job ${job.id} failed for good: ${error.message}`);
    try {
      await this.failures.record({
        queue: this.queueName,
        jobName: job.name,
        jobId: job.id,
        payload: job.data,
        error: error.stack ?? error.message,
        attempts: job.attemptsMade,
      });
      await this.onFinalFailure(job.data, error);
    } catch (recordError) {
      this.logger.error(`could not record the failure of ${job.id}: ${(recordError as Error).message}`);
    }
  }
}
