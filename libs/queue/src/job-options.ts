import type { JobsOptions } from 'bullmq';
import { QueueName, type QueuePayloads } from './queue-names';

const DAY_SECONDS = 86_400;

/** Keep finished jobs long enough for dedupe and debugging, bounded so Redis stays small. */
const RETAIN_COMPLETED = { age: DAY_SECONDS, count: 5_000 };
const RETAIN_FAILED = { age: 14 * DAY_SECONDS, count: 5_000 };

export const RUN_COMPLETION_JOB_OPTIONS: JobsOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1_000 },
  removeOnComplete: RETAIN_COMPLETED,
  removeOnFail: RETAIN_FAILED,
};

export const COURSE_CREATED_JOB_OPTIONS: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 5_000 },
  removeOnComplete: RETAIN_COMPLETED,
  removeOnFail: RETAIN_FAILED,
};

export const ACTIVITY_IMPORT_JOB_OPTIONS: JobsOptions = {
  attempts: 4,
  backoff: { type: 'exponential', delay: 5_000 },
  removeOnComplete: RETAIN_COMPLETED,
  removeOnFail: RETAIN_FAILED,
};

/** Strava rate limits delay jobs (see the strava processor); attempts cover 5xx and timeouts. */
export const STRAVA_SYNC_JOB_OPTIONS: JobsOptions = {
  attempts: 6,
  backoff: { type: 'exponential', delay: 30_000 },
  removeOnComplete: RETAIN_COMPLETED,
  removeOnFail: RETAIN_FAILED,
};

/**
 * Push delivery backs off exponentially from `delay`, but never sooner than the push service's
 * Retry-After: the `push-retry-after` strategy is registered by the notifications processor.
 */
export const NOTIFICATIONS_JOB_OPTIONS: JobsOptions = {
  attempts: 5,
  backoff: { type: 'push-retry-after', delay: 2_000 },
  removeOnComplete: { age: 6 * 3_600, count: 10_000 },
  removeOnFail: RETAIN_FAILED,
};

export const RANKING_RECALC_JOB_OPTIONS: JobsOptions = {
  attempts: 6,
  backoff: { type: 'exponential', delay: 2_000 },
  removeOnComplete: { age: 3_600, count: 2_000 },
  removeOnFail: RETAIN_FAILED,
};

export const MAINTENANCE_JOB_OPTIONS: JobsOptions = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 60_000 },
  removeOnComplete: { age: DAY_SECONDS, count: 500 },
  removeOnFail: RETAIN_FAILED,
};

export const JOB_OPTIONS: Record<QueueName, JobsOptions> = {
  [QueueName.RunCompletion]: RUN_COMPLETION_JOB_OPTIONS,
  [QueueName.CourseCreated]: COURSE_CREATED_JOB_OPTIONS,
  [QueueName.ActivityImport]: ACTIVITY_IMPORT_JOB_OPTIONS,
  [QueueName.StravaSync]: STRAVA_SYNC_JOB_OPTIONS,
  [QueueName.Notifications]: NOTIFICATIONS_JOB_OPTIONS,
  [QueueName.RankingRecalc]: RANKING_RECALC_JOB_OPTIONS,
  [QueueName.Maintenance]: MAINTENANCE_JOB_OPTIONS,
};

/**
 * Deterministic job ids make a duplicate publish (relay and producer racing, a replayed outbox
 * row) a no-op in BullMQ. Queues whose work is a recomputation that must run again for every new
 * cause (ranking recalc, maintenance) return undefined and get a per-intent id instead.
 * BullMQ forbids ':' in custom ids, hence '_' separators.
 */
export function deterministicJobId<Q extends QueueName>(
  queue: Q,
  payload: QueuePayloads[Q],
): string | undefined {
  switch (queue) {
    case QueueName.RunCompletion:
      return `${queue}_${(payload as QueuePayloads[QueueName.RunCompletion]).runRecordId}`;
    case QueueName.CourseCreated:
      return `${queue}_${(payload as QueuePayloads[QueueName.CourseCreated]).courseId}`;
    case QueueName.ActivityImport:
      return `${queue}_${(payload as QueuePayloads[QueueName.ActivityImport]).importId}`;
    case QueueName.Notifications:
      return `${queue}_${(payload as QueuePayloads[QueueName.Notifications]).notificationId}`;
    default:
      return undefined;
  }
}
