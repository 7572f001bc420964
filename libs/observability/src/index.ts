export { type ApiReadinessCheck, ApiHealthService, type HealthSummary } from './health/api-health.service';
export { DependencyChecks } from './health/dependency-checks';
export type { CheckState, Readiness } from './health/readiness.rules';
export {
  type WorkerReadiness,
  type WorkerReadinessCheck,
  WorkerHealthService,
} from './health/worker-health.service';
export { ObservabilityModule } from './observability.module';
export { WorkerHttpService } from './worker-http.service';
