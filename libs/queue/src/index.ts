export { JobFailureRecorder } from './job-failure.recorder';
export { OutboxRelay } from './outbox-relay.service';
export { type Enqueue, type EnqueueOptions, OutboxService } from './outbox.service';
export { ProcessorCoverageCheck, queueProcessorProblems } from './processor-coverage.check';
export {
  ALL_QUEUES,
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
export { PermanentJobError, QueueProcessor } from './queue-processor';
export { QueueModule, type QueueRole } from './queue.module';
export { QueueRegistry } from './queue-registry';
export { bullPrefix, redisOptionsFromUrl, type RedisRole } from './redis-connection';
