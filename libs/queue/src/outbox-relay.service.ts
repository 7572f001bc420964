import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { APP_CONFIG, type AppConfig } from '@runvs/config';
import { OutboxEventEntity } from '@runvs/database';
import { DataSource } from 'typeorm';
import { OutboxService } from './outbox.service';

/**
 * Publishes outbox rows that were not published right after their commit (Redis down, process
 * killed in between). Rows are claimed with FOR UPDATE SKIP LOCKED, so several workers can relay
 * side by side; a failed publish is retried later with backoff. Rows younger than
 * OUTBOX_RELAY_GRACE_MS are their producer's: it publishes them right after its commit, and a relay
 * claiming them too would publish them twice and hold the row locks the producer's "published"
 * update then waits on.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(OutboxRelay.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;
  private stopped = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule(0);
  }

  /** Stops before the DataSource and queues close (they go in onApplicationShutdown). */
  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** Publishes one batch of due rows; returns how many were published. */
  async relayOnce(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const rows: Array<Record<string, unknown>> = await manager.query(
        `SELECT id, queue, job_name, job_id, payload, delay_ms
           FROM outbox_events
          WHERE published_at IS NULL AND available_at <= now() - make_interval(secs => $2 / 1000.0)
          ORDER BY id
          LIMIT $1
          FOR UPDATE SKIP LOCKED`,
        [this.config.worker.outboxBatchSize, this.config.worker.outboxRelayGraceMs],
      );
      if (rows.length === 0) return 0;
      const entities = rows.map((row) =>
        manager.create(OutboxEventEntity, {
          id: String(row.id),
          queue: row.queue as string,
          jobName: row.job_name as string,
          jobId: row.job_id as string,
          payload: row.payload as Record<string, unknown>,
          delayMs: row.delay_ms as number,
        }),
      );
      const { published, error } = await this.outbox.publishRows(entities);
      if (error) {
        const failed = entities.filter((row) => !published.includes(row.id)).map((row) => row.id);
        await manager.query(
          `UPDATE outbox_events
              SET attempts = attempts + 1,
                  last_error = $2,
                  available_at = now() + least(interval '1 second' * power(2, attempts), interval '5 minutes')
            WHERE id = ANY($1::bigint[])`,
          [failed, error.message.slice(0, 2000)],
        );
        this.logger.warn(`outbox relay: ${failed.length} job(s) not published yet: ${error.message}`);
      }
      await this.outbox.markPublished(published, manager);
      return published.length;
    });
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.relayOnce()
        .catch((error: Error) => {
          this.logger.error(`outbox relay failed: ${error.message}`);
          return 0;
        })
        .finally(() => {
          this.running = undefined;
        });
      void this.running.then((count) =>
        // Drain a backlog without waiting; otherwise poll at the configured interval.
        this.schedule(
          count >= this.config.worker.outboxBatchSize ? 0 : this.config.worker.outboxRelayIntervalMs,
        ),
      );
    }, delayMs);
  }
}
