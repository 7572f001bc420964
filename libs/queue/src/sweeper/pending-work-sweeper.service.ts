import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@runvs/config';
import { OutboxService } from '../outbox.service';
import { deterministicJobId, type QueueName, type QueuePayloads } from '../queue-definitions';
import { QueueRegistry } from '../queue-registry';
import { PENDING_WORK_SOURCES, type PendingWorkSource } from './pending-work-source';
import { SWEEP_LIMIT_PER_SOURCE, sweepAction, sweepIntervalMs } from './pending-work.rules';

/** One sweep's tally per queue. */
export interface SweepTally {
  queue: QueueName;
  overdue: number;
  enqueued: number;
  replaced: number;
}

/** Only one worker sweeps at a time (transaction-scoped, released at commit). */
const SWEEP_LOCK = `hashtext('runvs:pending-work-sweep')`;

/**
 * No work left behind: Postgres is the source of truth. Every interval, each source lists the work
 * whose done marker has not come within PIPELINE_SWEEP_AFTER_SECONDS; work whose job BullMQ no
 * longer has (a Redis failover or data loss) is enqueued again through the outbox under its
 * deterministic id, and a job that ended without the work being done is replaced. Work still
 * queued is left alone, so a backlog is never doubled. Every job is idempotent, so a sweep racing
 * the original job changes nothing. A timer in the worker rather than a repeatable BullMQ job:
 * a repeatable job's schedule lives in Redis and would be lost with the very data it recovers.
 */
@Injectable()
export class PendingWorkSweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(PendingWorkSweeper.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  private stopped = false;

  constructor(
    @Inject(PENDING_WORK_SOURCES) private readonly sources: PendingWorkSource[],
    private readonly outbox: OutboxService,
    private readonly queues: QueueRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule(this.intervalMs());
  }

  /** Stops before the DataSource and queues close (they go in onApplicationShutdown). */
  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** One sweep over every source; an empty list when another worker holds the sweep. */
  async sweepOnce(): Promise<SweepTally[]> {
    const afterSeconds = this.config.worker.pendingWorkSweepAfterSeconds;
    return this.outbox.transaction(async (manager, enqueue) => {
      const [{ locked }] = (await manager.query(
        `SELECT pg_try_advisory_xact_lock(${SWEEP_LOCK}) AS locked`,
      )) as Array<{ locked: boolean }>;
      if (!locked) return [];
      const tallies: SweepTally[] = [];
      for (const source of this.sources) {
        const queue = this.queues.get(source.queue);
        const overdue = await source.overdue(afterSeconds, SWEEP_LIMIT_PER_SOURCE);
        const tally: SweepTally = { queue: source.queue, overdue: overdue.length, enqueued: 0, replaced: 0 };
        for (const payload of overdue as Array<QueuePayloads[QueueName]>) {
          const jobId = deterministicJobId(source.queue, payload);
          if (jobId === undefined) throw new Error(`queue ${source.queue} has no dedupe key to sweep by`);
          const action = sweepAction(await queue.getJobState(jobId));
          if (action === 'leave') continue;
          // The stale job's record goes so that the same id can be added again.
          if (action === 'replace' && (await queue.remove(jobId)) === 0) continue;
          await enqueue(source.queue, payload);
          tally[action === 'replace' ? 'replaced' : 'enqueued']++;
        }
        tallies.push(tally);
      }
      return tallies;
    });
  }

  private intervalMs(): number {
    return sweepIntervalMs(this.config.worker.pendingWorkSweepAfterSeconds);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.sweepOnce()
        .then((tallies) => {
          const acted = tallies.filter((tally) => tally.enqueued + tally.replaced > 0);
          if (acted.length === 0) return;
          const summary = acted
            .map((t) => `${t.queue}: ${t.enqueued} re-enqueued, ${t.replaced} replaced, ${t.overdue} overdue`)
            .join('; ');
          this.logger.warn(`pending-work sweep: ${summary}`);
        })
        .catch((error: Error) => this.logger.error(`pending-work sweep failed: ${error.message}`))
        .finally(() => {
          this.running = undefined;
          this.schedule(this.intervalMs());
        });
    }, delayMs);
  }
}
