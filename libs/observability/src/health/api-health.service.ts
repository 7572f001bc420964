import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@runvs/config';
import { DependencyChecks } from './dependency-checks';
import { type CheckState, type Readiness, readinessOf } from './readiness.rules';

export type ApiReadinessCheck = 'database' | 'redis' | 'migrations' | 'queue_backlog';

/** GET /health as the contract has it (§13): app name and environment, and both stores' state. */
export interface HealthSummary {
  status: 'ok' | 'degraded';
  app: 'RUNVS';
  env: string;
  database: CheckState;
  redis: CheckState;
}

/**
 * The api's probes. Liveness: the process answers (restart it when it does not). Readiness:
 * PostgreSQL and Redis answer, the schema is this build's, and the queues are not backed up (send
 * it traffic only then). Neither says versions or environment: both routes are public.
 */
@Injectable()
export class ApiHealthService {
  constructor(
    private readonly checks: DependencyChecks,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The contract's GET /health (kept for the app): PostgreSQL and Redis, no versions. */
  async summary(): Promise<HealthSummary> {
    const [database, redis] = await Promise.all([this.checks.database(), this.checks.redisCheck()]);
    return {
      status: database === 'up' && redis === 'up' ? 'ok' : 'degraded',
      app: this.config.app.name,
      env: this.config.app.env,
      database,
      redis,
    };
  }

  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  async ready(): Promise<Readiness<ApiReadinessCheck>> {
    const [database, redis, migrations, backlog] = await Promise.all([
      this.checks.database(),
      this.checks.redisCheck(),
      this.checks.migrations(),
      this.checks.queueBacklog(),
    ]);
    return readinessOf({ database, redis, migrations, queue_backlog: backlog });
  }
}
