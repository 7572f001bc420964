import { type DynamicModule, Module } from '@nestjs/common';
import { ApiHealthService } from './health/api-health.service';
import { DependencyChecks } from './health/dependency-checks';
import { HealthRepository } from './health/health.repository';
import { JobEvents } from './job-events';
import { WorkerHealthService } from './health/worker-health.service';
import { MetricsRepository } from './metrics/metrics.repository';
import { MetricsService } from './metrics/metrics.service';
import { ScrapeGauges } from './metrics/scrape-gauges';
import { ApiMetricsPort, WorkerOpsPort } from './ops-ports';

/**
 * Health probes and Prometheus metrics of a process, and its private port (the api's /metrics,
 * the worker's health and metrics). Global: domains record through MetricsService. Needs
 * DatabaseModule, RedisModule and QueueModule in the importing app.
 */
@Module({})
export class ObservabilityModule {
  static forRoot(role: 'api' | 'worker'): DynamicModule {
    const roleProviders =
      role === 'api' ? [ApiHealthService, ApiMetricsPort] : [WorkerHealthService, JobEvents, WorkerOpsPort];
    return {
      module: ObservabilityModule,
      global: true,
      providers: [
        HealthRepository,
        DependencyChecks,
        MetricsService,
        MetricsRepository,
        ScrapeGauges,
        ...roleProviders,
      ],
      exports: [MetricsService, ...roleProviders],
    };
  }
}
