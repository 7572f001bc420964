export { type ApiReadinessCheck, ApiHealthService, type HealthSummary } from './health/api-health.service';
export type { CheckState, Readiness } from './health/readiness.rules';
export {
  type WorkerReadiness,
  type WorkerReadinessCheck,
  WorkerHealthService,
} from './health/worker-health.service';
export {
  type ErrorContext,
  flushErrorTracking,
  initErrorTracking,
  reportError,
} from './error-tracking/error-tracking';
export { type CacheLookupResult, MetricsService, secondsSince } from './metrics/metrics.service';
export { ObservabilityModule } from './observability.module';
export { ApiMetricsPort, WorkerOpsPort } from './ops-ports';
export { logSerializers } from './log-serializers';
