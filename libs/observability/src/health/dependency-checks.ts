import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@runvs/config';
import { ALL_QUEUES, QueueRegistry } from '@runvs/queue';
import { REDIS_CLIENT } from '@runvs/redis';
import type Redis from 'ioredis';
import { HealthRepository } from './health.repository';
import { type CheckState, pendingMigrations, queuesOverBacklog } from './readiness.rules';

/** A check that takes longer than this counts as down (a probe must answer quickly). */
const CHECK_TIMEOUT_MS = 2_000;

/** The checks both processes' readiness is made of; each answers 'up' or 'down', never throws. */
@Injectable()
export class DependencyChecks {
  constructor(
    private readonly repository: HealthRepository,
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    private readonly queues: QueueRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  database(): Promise<CheckState> {
    return upOrDown(this.repository.ping());
  }

  redisCheck(): Promise<CheckState> {
    return upOrDown(
      this.redis.ping().then((answer) => {
        if (answer !== 'PONG') throw new Error(`redis answered ${answer}`);
      }),
    );
  }

  /** Up when every migration of this build is applied. */
  migrations(): Promise<CheckState> {
    return upOrDown(
      this.repository.appliedMigrations().then((applied) => {
        const pending = pendingMigrations(this.repository.knownMigrations(), applied);
        if (pending.length > 0) throw new Error(`pending migrations: ${pending.join(', ')}`);
      }),
    );
  }

  /** Up when no queue has more waiting jobs than HEALTH_QUEUE_BACKLOG_MAX. */
  queueBacklog(): Promise<CheckState> {
    return upOrDown(
      this.waitingJobs().then((waiting) => {
        const over = queuesOverBacklog(waiting, this.config.health.queueBacklogMax);
        if (over.length > 0) throw new Error(`backlog over threshold: ${over.join(', ')}`);
      }),
    );
  }

  /** Waiting (incl. prioritized) jobs per queue. */
  async waitingJobs(): Promise<Record<string, number>> {
    const counts = await Promise.all(
      ALL_QUEUES.map(async (queue) => {
        const byState = await this.queues.get(queue).getJobCounts('waiting', 'prioritized');
        return [queue, (byState.waiting ?? 0) + (byState.prioritized ?? 0)] as const;
      }),
    );
    return Object.fromEntries(counts);
  }
}

function upOrDown(check: Promise<unknown>): Promise<CheckState> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('health check timed out')), CHECK_TIMEOUT_MS);
  });
  return Promise.race([check, timeout])
    .then(
      () => 'up' as const,
      () => 'down' as const,
    )
    .finally(() => clearTimeout(timer));
}
