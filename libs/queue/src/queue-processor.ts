import { OnWorkerEvent, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { isRetryable } from '@runvs/common';
import { APP_CONFIG, type AppConfig } from '@runvs/config';
import { type Job, UnrecoverableError } from 'bullmq';
import { redrivenFailureId } from './failures/job-failure.rules';
import { JobFailuresService } from './failures/job-failures.service';
import { type QueueName, type QueuePayloads, workerConcurrency } from './queue-definitions';

/**
 * A job error that says whether trying again may help. Throw a retryable one for a cause that
 * passes (a provider answering 503), a permanent one when the input itself is the problem.
 */
export class JobError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'JobError';
  }
}

/** Thrown by a stage when retrying cannot help (row gone, file corrupt): recorded, not retried. */
export class PermanentJobError extends JobError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, false, options);
    this.name = 'PermanentJobError';
  }
}

/** Whether a failed attempt was the job's last: a permanent error, or its attempts used up. */
export function isFinalFailure(job: Pick<Job, 'attemptsMade' | 'opts'>, error: Error): boolean {
  return error instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1);
}

/**
 * Base of every processor: one queue, one typed payload. It sets the queue's concurrency (the
 * queue table's default or its WORKER_CONCURRENCY_* override); lets BullMQ retry errors that are
 * retryable (isRetryable: unknown errors, retryable DomainErrors and JobErrors) and turns the
 * others into UnrecoverableError (no retries); records a job's final failure in job_failures with
 * whether it is retryable, then calls the subclass's own hook; and resolves that failure when a
 * re-drive of it succeeds.
 */
export abstract class QueueProcessor<Q extends QueueName>
  extends WorkerHost
  implements OnApplicationBootstrap
{
  protected abstract readonly queueName: Q;
  protected readonly logger = new Logger(this.constructor.name);

  @Inject(APP_CONFIG) protected readonly config!: AppConfig;
  @Inject(JobFailuresService) private readonly failures!: JobFailuresService;

  /** The stage work. Throw to retry; throw a permanent error (PermanentJobError, a non-retryable DomainError) to give up. */
  protected abstract handle(payload: QueuePayloads[Q], job: Job<QueuePayloads[Q]>): Promise<unknown>;

  /** Called once a job will not be retried again (e.g. to mark the row as failed). */
  protected onFinalFailure(_payload: QueuePayloads[Q], _error: Error): Promise<void> {
    return Promise.resolve();
  }

  /**
   * Called before the first attempt of a re-drive (a failed job run again by the sweeper or an
   * admin): reopen what onFinalFailure closed, so the job has work to do again.
   */
  protected onRedrive(_payload: QueuePayloads[Q]): Promise<void> {
    return Promise.resolve();
  }

  onApplicationBootstrap(): void {
    this.worker.concurrency = workerConcurrency(this.queueName, this.config.worker.concurrency);
  }

  async process(job: Job<QueuePayloads[Q]>): Promise<unknown> {
    const redrive = redrivenFailureId(job.id) !== null;
    try {
      if (redrive && job.attemptsMade === 0) await this.onRedrive(job.data);
      const result = await this.handle(job.data, job);
      if (redrive) await this.failures.jobSucceeded(job.id);
      return result;
    } catch (error) {
      if (!isRetryable(error)) throw new UnrecoverableError((error as Error).message);
      throw error;
    }
  }

  @OnWorkerEvent('failed')
  async onFailed(job: Job<QueuePayloads[Q]> | undefined, error: Error): Promise<void> {
    if (!job) return;
    const permanent = error instanceof UnrecoverableError;
    if (!isFinalFailure(job, error)) {
      this.logger.warn(
        `${this.queueName} job ${job.id} attempt ${job.attemptsMade} failed: ${error.message}`,
      );
      return;
    }
    this.logger.error(
      `${this.queueName} job ${job.id} failed for good (${permanent ? 'permanent' : 'retryable'}): ${error.message}`,
    );
    try {
      await this.failures.recordFinalFailure(
        {
          queue: this.queueName,
          jobName: job.name,
          jobId: job.id,
          payload: job.data,
          attempts: job.attemptsMade,
        },
        error,
        !permanent,
      );
      await this.onFinalFailure(job.data, error);
    } catch (recordError) {
      this.logger.error(`could not record the failure of ${job.id}: ${(recordError as Error).message}`);
    }
  }
}
