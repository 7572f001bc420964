export { redriveDelayMs, redriveJobId } from './failures/job-failure.rules';
export type { JobFailureFilter, JobFailureStatus } from './failures/job-failures.repository';
export {
  type JobFailureDetail,
  type JobFailureItem,
  JobFailuresService,
} from './failures/job-failures.service';
export { OutboxRelay } from './outbox-relay.service';
export { type Enqueue, type EnqueueOptions, OutboxService } from './outbox.service';
export { ProcessorCoverageCheck, queueProcessorProblems } from './processor-coverage.check';
export {
  ALL_QUEUES,
  autoRedrivesOf,
  assertQueueSettings,
  concurrencyEnvKey,
  deterministicJobId,
  isQueueName,
  JOB_OPTIONS,
  type MaintenanceTask,
  type PayloadOf,
  type QueueDefinition,
  queueDefinition,
  QueueName,
  type QueuePayloads,
  QUEUES,
  type StravaSyncPayload,
  unknownConcurrencyOverrides,
  workerConcurrency,
} from './queue-definitions';
export { isFinalFailure, JobError, PermanentJobError, QueueProcessor } from './queue-processor';
export { QueueModule, type QueueRole } from './queue.module';
export { QueueRegistry } from './queue-registry';
export { type QueueWorkerState, QueueWorkers } from './queue-workers';
export { PENDING_WORK_SOURCES, type PendingWorkSource } from './sweeper/pending-work-source';
export { PendingWorkSweeper, type SweepTally } from './sweeper/pending-work-sweeper.service';
export { bullPrefix, redisOptionsFromUrl, type RedisRole } from './redis-connection';
