import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { inTransaction, queryPreparedIn } from '@runvs/database';
import { DataSource, type EntityManager } from 'typeorm';
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

/** An outbox row as it is published: what BullMQ needs of it. */
export interface OutboxJob {
  id: string;
  queue: string;
  jobId: string;
  payload: Record<string, unknown>;
  delayMs: number;
}

/**
 * One job intent, one round trip (a named prepared statement): a queue without a dedupe key gets
 * the job id `<queue>_outbox-<row id>`, unique and stable, from the id drawn first.
 */
const INSERT_INTENT = {
  name: 'outbox-insert-v1',
  text: `WITH next AS (SELECT nextval(pg_get_serial_sequence('outbox_events', 'id')) AS id)
         INSERT INTO outbox_events (id, queue, job_name, job_id, payload, delay_ms)
         SELECT id, $1::text, $1::text, CASE WHEN $2::text = '' THEN $1::text || '_outbox-' || id ELSE $2::text END,
                $3::jsonb, $4::int
           FROM next
         RETURNING id::text AS id, job_id AS "jobId"`,
};

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
    return (await this.writeIntent(manager, queue, payload, options)).id;
  }

  /**
   * Runs `work` in a transaction that may enqueue jobs, then publishes those jobs after the
   * commit (best effort: the relay covers anything that could not be published now).
   */
  async transaction<T>(work: (manager: EntityManager, enqueue: Enqueue) => Promise<T>): Promise<T> {
    const intents: OutboxJob[] = [];
    const result = await inTransaction(this.dataSource, async (manager) => {
      intents.length = 0; // a retried transaction starts over
      const enqueue: Enqueue = async (queue, payload, options) => {
        intents.push(await this.writeIntent(manager, queue, payload, options));
      };
      return work(manager, enqueue);
    });
    if (intents.length > 0) await this.publish(intents);
    return result;
  }

  /**
   * Publishes the given intents of a committed transaction now if possible; never throws. They are
   * published from memory, not read back: a relay publishing one too (only once it is older than
   * the grace) adds the same deterministic job id, which BullMQ ignores.
   */
  async publish(intents: OutboxJob[]): Promise<void> {
    try {
      const { published, error } = await this.publishRows(intents);
      await this.markPublishedSoon(published);
      if (error) throw error;
    } catch (error) {
      this.logger.warn(`outbox publish deferred to the relay: ${(error as Error).message}`);
    }
  }

  private async writeIntent<Q extends QueueName>(
    manager: EntityManager,
    queue: Q,
    payload: QueuePayloads[Q],
    options: EnqueueOptions = {},
  ): Promise<OutboxJob> {
    const delayMs = options.delayMs ?? 0;
    const [row] = await queryPreparedIn<{ id: string; jobId: string }>(manager, INSERT_INTENT, [
      queue,
      options.jobId ?? deterministicJobId(queue, payload) ?? '',
      JSON.stringify(payload),
      delayMs,
    ]);
    return { id: row.id, queue, jobId: row.jobId, payload: payload as Record<string, unknown>, delayMs };
  }

  /**
   * Adds each row's job to BullMQ, in order, stopping at the first failure (Redis is down, the
   * rest would fail too). Returns the ids that were accepted and the error that stopped it.
   */
  async publishRows(rows: OutboxJob[]): Promise<{ published: string[]; error?: Error }> {
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

  /** The "published" stamps gathered while the previous batch's update runs, flushed next as one. */
  private nextMarks: { ids: string[]; done: Promise<void> } | null = null;
  private marking: Promise<void> = Promise.resolve();

  /**
   * Marks rows published, sharing one UPDATE with the producers that publish meanwhile (one
   * statement and commit per batch, not per request, under load). Resolves once this caller's
   * rows are marked; the relay's grace covers the short wait.
   */
  private markPublishedSoon(outboxIds: string[]): Promise<void> {
    if (outboxIds.length === 0) return Promise.resolve();
    if (!this.nextMarks) {
      const batch: { ids: string[]; done: Promise<void> } = { ids: [], done: Promise.resolve() };
      batch.done = this.marking.then(() => {
        if (this.nextMarks === batch) this.nextMarks = null;
        return this.markPublished(batch.ids);
      });
      this.nextMarks = batch;
      this.marking = batch.done.catch(() => undefined);
    }
    this.nextMarks.ids.push(...outboxIds);
    return this.nextMarks.done;
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
