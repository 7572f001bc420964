import { Injectable, Logger } from '@nestjs/common';
import { ALL_QUEUES, QueueRegistry } from '@runvs/queue';
import { Gauge } from 'prom-client';
import { MetricsService } from './metrics.service';
import { MetricsRepository } from './metrics.repository';

/** Job states reported per queue. */
const QUEUE_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;

/**
 * Gauges read when Prometheus scrapes: jobs per queue and state (Redis), and the outbox's
 * unpublished rows and the age of the oldest (PostgreSQL). A store that does not answer leaves its
 * gauges out of that scrape rather than failing it.
 */
@Injectable()
export class ScrapeGauges {
  private readonly logger = new Logger(ScrapeGauges.name);

  constructor(metrics: MetricsService, queues: QueueRegistry, repository: MetricsRepository) {
    const registers = [metrics.registry];
    const warn = (what: string, error: unknown) =>
      this.logger.warn(`metrics: ${what} unavailable: ${(error as Error).message}`);

    new Gauge({
      name: 'runvs_queue_jobs',
      help: 'Jobs per queue and state (waiting includes prioritized)',
      labelNames: ['queue', 'state'] as const,
      registers,
      async collect() {
        this.reset();
        try {
          const counts = await Promise.all(
            ALL_QUEUES.map((queue) =>
              queues
                .get(queue)
                .getJobCounts(...QUEUE_STATES, 'prioritized')
                .then((byState) => ({ queue, byState })),
            ),
          );
          for (const { queue, byState } of counts) {
            for (const state of QUEUE_STATES) {
              const extra = state === 'waiting' ? (byState.prioritized ?? 0) : 0;
              this.set({ queue, state }, (byState[state] ?? 0) + extra);
            }
          }
        } catch (error) {
          warn('queue counts', error);
        }
      },
    });

    // Both outbox gauges come from one query per scrape (their collects start together).
    let reading: Promise<{ unpublished: number; oldestAgeSeconds: number }> | undefined;
    const outboxBacklog = () =>
      (reading ??= repository.outboxBacklog().finally(() => setImmediate(() => (reading = undefined))));

    new Gauge({
      name: 'runvs_outbox_lag_seconds',
      help: 'Age of the oldest unpublished outbox row (0 when none): how late queued work is',
      registers,
      async collect() {
        this.reset();
        try {
          this.set((await outboxBacklog()).oldestAgeSeconds);
        } catch (error) {
          warn('outbox backlog', error);
        }
      },
    });
    new Gauge({
      name: 'runvs_outbox_unpublished_events',
      help: 'Outbox rows committed but not yet published to the queues',
      registers,
      async collect() {
        this.reset();
        try {
          this.set((await outboxBacklog()).unpublished);
        } catch {
          // warned by the lag gauge
        }
      },
    });
  }
}
