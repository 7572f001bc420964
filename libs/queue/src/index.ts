export * from './job-options';
export { JobFailureRecorder } from './job-failure.recorder';
export { OutboxRelay } from './outbox-relay.service';
export { type Enqueue, type EnqueueOptions, OutboxService } from './outbox.service';
export { ProcessorCoverageCheck, queuesWithoutProcessor } from './processor-coverage.check';
export {
  ALL_QUEUES,
  type MaintenanceTask,
  type PayloadOf,
  QueueName,
  type QueuePayloads,
  type StravaSyncPayload,
} from './queue-names';
export { PermanentJobError, QueueProcessor } from './queue-processor';
export { QueueModule, type QueueRole } from './queue.module';
export { QueueRegistry } from './queue-registry';
export { bullPrefix, redisOptionsFromUrl, type RedisRole } from './redis-connection';
