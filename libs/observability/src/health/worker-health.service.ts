import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@runvs/config';
import { QueueWorkers } from '@runvs/queue';
import { DependencyChecks } from './dependency-checks';
import { type CheckState, heartbeatFresh, type Readiness, readinessOf } from './readiness.rules';

export type WorkerReadinessCheck = 'database' | 'redis' | 'processors' | 'heartbeat';

export interface WorkerReadiness extends Readiness<WorkerReadinessCheck> {
  /** Each queue and whether this process consumes it. */
  processors: Record<string, boolean>;
  /** When PostgreSQL and Redis last both answered the heartbeat, or null. */
  last_heartbeat_at: string | null;
}

/**
 * The worker's readiness: connected (its heartbeat pings PostgreSQL and Redis every
 * WORKER_HEARTBEAT_SECONDS), every queue's processor registered and consuming, and the last
 * successful heartbeat recent (a stuck event loop or lost connections make it stale).
 */
@Injectable()
export class WorkerHealthService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WorkerHealthService.name);
  private timer?: NodeJS.Timeout;
  private lastBeatAt: number | null = null;
  private database: CheckState = 'down';
  private redis: CheckState = 'down';

  constructor(
    private readonly checks: DependencyChecks,
    private readonly workers: QueueWorkers,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private get intervalMs(): number {
    return this.config.worker.heartbeatSeconds * 1000;
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.beat();
    this.timer = setInterval(() => void this.beat(), this.intervalMs);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** One heartbeat: ping both stores; the beat counts only when both answered. */
  async beat(): Promise<void> {
    const [database, redis] = await Promise.all([this.checks.database(), this.checks.redisCheck()]);
    if ((database === 'down' || redis === 'down') && this.database === 'up' && this.redis === 'up') {
      this.logger.warn(`heartbeat: database ${database}, redis ${redis}`);
    }
    this.database = database;
    this.redis = redis;
    if (database === 'up' && redis === 'up') this.lastBeatAt = Date.now();
  }

  ready(): WorkerReadiness {
    const states = this.workers.states();
    const processors = Object.fromEntries(states.map((state) => [state.queue, state.running]));
    const fresh = heartbeatFresh(this.lastBeatAt, Date.now(), this.intervalMs);
    return {
      ...readinessOf<WorkerReadinessCheck>({
        database: this.database,
        redis: this.redis,
        processors: states.every((state) => state.running) ? 'up' : 'down',
        heartbeat: fresh ? 'up' : 'down',
      }),
      processors,
      last_heartbeat_at: this.lastBeatAt === null ? null : new Date(this.lastBeatAt).toISOString(),
    };
  }
}
