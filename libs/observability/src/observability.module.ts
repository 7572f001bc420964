import { type DynamicModule, Module } from '@nestjs/common';
import { ApiHealthService } from './health/api-health.service';
import { DependencyChecks } from './health/dependency-checks';
import { HealthRepository } from './health/health.repository';
import { WorkerHealthService } from './health/worker-health.service';
import { WorkerHttpService } from './worker-http.service';

/**
 * Health (and, for the worker, its own HTTP port). Needs DatabaseModule, RedisModule and
 * QueueModule (global) in the importing app.
 */
@Module({})
export class ObservabilityModule {
  static forRoot(role: 'api' | 'worker'): DynamicModule {
    const roleProviders = role === 'api' ? [ApiHealthService] : [WorkerHealthService, WorkerHttpService];
    return {
      module: ObservabilityModule,
      providers: [HealthRepository, DependencyChecks, ...roleProviders],
      exports: [DependencyChecks, ...roleProviders],
    };
  }
}
