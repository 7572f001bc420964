import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { inTransaction, OutboxEventEntity } from '@runvs/database';
import { DataSource, type EntityManager, In, IsNull } from 'typeorm';
import { deterministicJobId, JOB_OPTIONS, type QueueName, type QueuePayloads } from './queue-definitions';
import { QueueRegistry } from './queue-registry';

export interface EnqueueOptions {
  /** Overrides the deterministic job id (or supplies one for recomputation queues). */
  jobId?: string;
  /** Delay before the job may run. */
  delayMs?: number;
}

export type Enqueue = <Q extends QueueName>(
  queue: Q,
  payload: QueuePayloads[Q],
  options?: EnqueueOptions,
) => Promise<void>;

/** Publishing must never make a committed request fail: a few seconds at most, then the relay. */
const PUBLISH_TIMEOUT_MS = 2_000;

/**
 * The transactional outbox. A job intent is a row written in the same transaction as the data it
 * is about, so a commit can never lose it; after the commit it is published to BullMQ at once when
 * Redis answers, and otherwise by the worker's OutboxRelay later.
 */
@Injectable()
export class OutboxService {
  private readonly logger = new Logger(OutboxService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queues: QueueRegistry,
  ) {}

  /** Writes a job intent inside the caller's transaction; returns the outbox row id. */
  async enqueue<Q extends QueueName>(
    manager: EntityManager,
    queue: Q,
    payload: QueuePayloads[Q],
    options: EnqueueOptions = {},
  ): Promise<string> {
    const row = manager.create(OutboxEventEntity, {
      queue,
      jobName: queue,
      jobId: options.jobId ?? deterministicJobId(queue, payload) ?? '',
      payload: payload as Record<string, unknown>,
      delayMs: options.delayMs ?? 0,
    });
    const saved = await manager.save(OutboxEventEntity, row);
    if (saved.jobId === '') {
      // Recomputation queues get one job per intent: the outbox id is unique and stable.
      saved.jobId = `${queue}_outbox-${saved.id}`;
      await manager.update(OutboxEventEntity, { id: saved.id }, { jobId: saved.jobId });
    }
    return saved.id;
  }

  /**
   * Runs `work` in a transaction that may enqueue jobs, then publishes those jobs after the
   * commit (best effort: the relay covers anything that could not be published now).
   */
  async transaction<T>(work: (manager: EntityManager, enqueue: Enqueue) => Promise<T>): Promise<T> {
    const outboxIds: string[] = [];
    const result = await inTransaction(this.dataSource, async (manager) => {
      outboxIds.length = 0; // a retried transaction starts over
      const enqueue: Enqueue = async (queue, payload, options) => {
        outboxIds.push(await this.enqueue(manager, queue, payload, options));
      };
      return work(manager, enqueue);
    });
    if (outboxIds.length > 0) await this.publish(outboxIds);
    return result;
  }

  /** Publishes the given outbox rows now if possible; never throws. */
  async publish(outboxIds: string[]): Promise<void> {
    try {
      const rows = await this.dataSource
        .getRepository(OutboxEventEntity)
        .find({ where: { id: In(outboxIds), publishedAt: IsNull() }, order: { id: 'ASC' } });
      const { published, error } = await this.publishRows(rows);
      await this.markPublished(published);
      if (error) throw error;
    } catch (error) {
      this.logger.warn(`outbox publish deferred to the relay: ${(error as Error).message}`);
    }
  }

  /**
   * Adds each row's job to BullMQ, in order, stopping at the first failure (Redis is down, the
   * rest would fail too). Returns the ids that were accepted and the error that stopped it.
   */
  async publishRows(rows: OutboxEventEntity[]): Promise<{ published: string[]; error?: Error }> {
    const published: string[] = [];
    for (const row of rows) {
      try {
        await withTimeout(
          this.queues.add(row.queue as QueueName, row.payload, {
            ...JOB_OPTIONS[row.queue as QueueName],
            jobId: row.jobId,
            delay: row.delayMs > 0 ? row.delayMs : undefined,
          }),
          PUBLISH_TIMEOUT_MS,
          `publishing ${row.jobId}`,
        );
      } catch (error) {
        return { published, error: error as Error };
      }
      published.push(row.id);
    }
    return { published };
  }

  async markPublished(outboxIds: string[], manager: EntityManager = this.dataSource.manager): Promise<void> {
    if (outboxIds.length === 0) return;
    await manager.query(`UPDATE outbox_events SET published_at = now() WHERE id = ANY($1::bigint[])`, [
      outboxIds,
    ]);
  }
}

async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
