import { Injectable, Logger } from '@nestjs/common';
import { DomainError, notFound, type Page, type PageRequest, toPage } from '@runvs/common';
import type { EntityManager } from 'typeorm';
import { type Enqueue, OutboxService } from '../outbox.service';
import { autoRedrivesOf, isQueueName, type QueueName, type QueuePayloads } from '../queue-definitions';
import { failureMessage, nextRedriveAt, redriveJobId, redrivenFailureId } from './job-failure.rules';
import { type JobFailureFilter, type JobFailureRow, JobFailuresRepository } from './job-failures.repository';

/** A failed job as admins see it. */
export interface JobFailureItem {
  id: string;
  queue: string;
  job_id: string | null;
  payload: Record<string, unknown> | null;
  /** The last error's message. */
  reason: string;
  /** Whether trying again may help (a transient cause); permanent failures are only re-driven by hand. */
  retryable: boolean;
  attempts: number;
  redrive_count: number;
  failed_at: string;
  last_redriven_at: string | null;
  /** When the sweeper re-drives it next; null = not automatically. */
  next_redrive_at: string | null;
  resolved_at: string | null;
  resolution: 'redriven' | 'dismissed' | null;
}

export interface JobFailureDetail extends JobFailureItem {
  /** The last error with its stack. */
  error: string;
}

/** How many failures one sweep re-drives at most. */
const SWEEP_BATCH = 100;

const iso = (date: Date | null): string | null => date?.toISOString() ?? null;

function toItem(row: JobFailureRow): JobFailureItem {
  return {
    id: row.id,
    queue: row.queue,
    job_id: row.job_id,
    payload: row.payload,
    reason: row.message,
    retryable: row.retryable,
    attempts: row.attempts,
    redrive_count: row.redrive_count,
    failed_at: row.failed_at.toISOString(),
    last_redriven_at: iso(row.last_redriven_at),
    next_redrive_at: iso(row.next_redrive_at),
    resolved_at: iso(row.resolved_at),
    resolution: row.resolution,
  };
}

/**
 * Failed work, visible and re-drivable. A job's final failure is recorded here (with whether it is
 * retryable); the sweeper (maintenance task `redrive-failed-jobs`) re-drives retryable ones with
 * growing delays up to the queue's `autoRedrives`; admins list, re-drive or dismiss any of them.
 * A re-drive is a new job (through the outbox) whose id names the failure: when it succeeds the
 * failure is resolved, when it fails for good the same row takes the new error.
 */
@Injectable()
export class JobFailuresService {
  private readonly logger = new Logger(JobFailuresService.name);

  constructor(
    private readonly repository: JobFailuresRepository,
    private readonly outbox: OutboxService,
  ) {}

  /** Records a job that will not be retried by BullMQ again. */
  async recordFinalFailure(
    job: { queue: QueueName; jobName: string; jobId: string | undefined; payload: unknown; attempts: number },
    error: Error,
    retryable: boolean,
  ): Promise<void> {
    const now = new Date();
    const failure = {
      error: error.stack ?? error.message,
      message: failureMessage(error),
      retryable,
      attempts: job.attempts,
    };
    const redriven = redrivenFailureId(job.jobId);
    if (redriven) {
      const previous = await this.repository.find(redriven);
      const next = nextRedriveAt(
        now,
        { retryable, redriveCount: previous?.redrive_count ?? 0 },
        autoRedrivesOf(job.queue),
      );
      if (await this.repository.recordAgain(redriven, { ...failure, nextRedriveAt: next })) return;
    }
    await this.repository.insert({
      ...failure,
      queue: job.queue,
      jobName: job.jobName,
      jobId: job.jobId ?? null,
      payload: job.payload,
      nextRedriveAt: nextRedriveAt(now, { retryable, redriveCount: 0 }, autoRedrivesOf(job.queue)),
    });
  }

  /** A job succeeded: when it was a re-drive, its failure is resolved. */
  async jobSucceeded(jobId: string | undefined): Promise<void> {
    const failureId = redrivenFailureId(jobId);
    if (failureId) await this.repository.resolve(failureId, 'redriven');
  }

  async list(filter: JobFailureFilter, page: PageRequest): Promise<Page<JobFailureItem>> {
    const { rows, total } = await this.repository.list(filter, {
      limit: page.perPage,
      offset: page.page * page.perPage,
    });
    return toPage(rows.map(toItem), total, page);
  }

  async get(id: string): Promise<JobFailureDetail> {
    const row = await this.repository.find(id);
    if (!row) throw notFound('Job failure');
    return { ...toItem(row), error: row.error };
  }

  /** Re-drives an open failure now, whether retryable or not (the admin fixed the cause). */
  async redrive(id: string): Promise<JobFailureDetail> {
    await this.outbox.transaction(async (manager, enqueue) => {
      const row = await this.repository.lock(manager, id);
      if (!row) throw notFound('Job failure');
      if (row.resolved_at)
        throw new DomainError('CONFLICT', `This failure is already ${row.resolution ?? 'resolved'}`);
      if (!isQueueName(row.queue))
        throw new DomainError('CONFLICT', `The queue ${row.queue} no longer exists`);
      await this.enqueueRedrive(manager, enqueue, row);
    });
    return this.get(id);
  }

  /** Closes a failure nobody should re-drive (the work is moot or was done another way). */
  async dismiss(id: string): Promise<JobFailureDetail> {
    const row = await this.repository.find(id);
    if (!row) throw notFound('Job failure');
    if (!(await this.repository.resolve(id, 'dismissed'))) {
      throw new DomainError('CONFLICT', `This failure is already ${row.resolution ?? 'resolved'}`);
    }
    return this.get(id);
  }

  /** The newest open failure of a queue whose payload contains `payload`. */
  async findOpen(queue: QueueName, payload: Record<string, unknown>): Promise<JobFailureItem | null> {
    const row = await this.repository.findOpenByPayload(queue, payload);
    return row ? toItem(row) : null;
  }

  /** The sweeper: re-drives every failure whose automatic re-drive is due; returns how many. */
  async redriveDue(): Promise<number> {
    return this.outbox.transaction(async (manager, enqueue) => {
      const due = await this.repository.lockDue(manager, SWEEP_BATCH);
      for (const row of due) await this.enqueueRedrive(manager, enqueue, row);
      if (due.length > 0) this.logger.log(`re-drove ${due.length} failed job(s)`);
      return due.length;
    });
  }

  private async enqueueRedrive(manager: EntityManager, enqueue: Enqueue, row: JobFailureRow): Promise<void> {
    if (isQueueName(row.queue)) {
      await enqueue(row.queue, (row.payload ?? {}) as QueuePayloads[QueueName], {
        jobId: redriveJobId(row.queue, row.id, row.redrive_count + 1),
      });
    } else {
      this.logger.warn(`job failure ${row.id}: queue ${row.queue} no longer exists; not re-driven`);
    }
    await this.repository.markRedriven(manager, row.id);
  }
}
