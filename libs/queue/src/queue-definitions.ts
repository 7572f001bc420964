import type { JobsOptions } from 'bullmq';

/**
 * THE queue table. Adding a queue is one entry here (plus its processor class, which the worker's
 * PROCESSORS map then requires by type and the boot check by name). Everything else derives from
 * it: the `QueueName` constants and type, the payload map, BullMQ job options, deterministic job
 * ids, the worker's concurrency (default here, `WORKER_CONCURRENCY_<NAME>` overrides it), the
 * queues registered with BullMQ, the admin console and the "exactly one processor" boot check.
 *
 * `name` is a stable string stored in Redis and in the outbox table: never rename one.
 */

const DAY_SECONDS = 86_400;

/** Keep finished jobs long enough for dedupe and debugging, bounded so Redis stays small. */
const RETAIN_COMPLETED = { age: DAY_SECONDS, count: 5_000 };
const RETAIN_FAILED = { age: 14 * DAY_SECONDS, count: 5_000 };

export type StravaSyncPayload =
  | { kind: 'initial-sync'; userId: string }
  | { kind: 'full-sync'; userId: string; maxActivities: number }
  | { kind: 'activity'; userId: string; activityId: number; aspect: 'create' | 'update' | 'delete' }
  | { kind: 'deauthorized'; athleteId: number }
  /** the connection's current sync (POST /strava/sync, first-connection backfill); progress on the connection */
  | { kind: 'sync'; userId: string; syncId: string }
  /** revoke a connection's grant at Strava (disconnect, account deletion); tokens stay encrypted */
  | { kind: 'deauthorize'; accessTokenEncrypted: string; refreshTokenEncrypted: string };

/** Housekeeping; domains add their own periodic tasks here (pipeline sweeper, event reminders…). */
export type MaintenanceTask =
  | 'purge-notifications'
  | 'purge-outbox'
  | 'purge-refresh-tokens'
  | 'purge-expired-exports'
  | 'event-reminders'
  | 'redrive-failed-jobs';

declare const PAYLOAD: unique symbol;

export const DEFAULT_AUTO_REDRIVES = 5;

export interface QueueDefinition<N extends string = string, P = unknown> {
  /** Stable queue name (Redis keys, outbox rows, job_failures): never rename. */
  readonly name: N;
  /** Jobs one worker process runs at once; the environment's WORKER_CONCURRENCY_<NAME> overrides it. */
  readonly concurrency: number;
  /** BullMQ options of every job of this queue: attempts, backoff, retention, priority. */
  readonly options: JobsOptions;
  /**
   * The dedupe key of a job: a duplicate publish (relay and producer racing, a replayed outbox row)
   * is then a no-op in BullMQ. Left out for recomputation queues whose work must run again for
   * every new cause; those get one job per outbox row.
   */
  readonly dedupeKey?: (payload: P) => string;
  /**
   * How many times the sweeper re-drives a job of this queue that failed for good with a retryable
   * error (with growing delays); admins can re-drive any failure by hand. Default
   * DEFAULT_AUTO_REDRIVES; 0 when a late retry is worth nothing (a stale push, a periodic task).
   */
  readonly autoRedrives?: number;
  /** Type-only: the queue's one payload type (ids and small flags, never entities). */
  readonly [PAYLOAD]?: P;
}

/** `queue<Payload>()({...})`: the payload type is given, the name is inferred as a literal. */
function queue<P>() {
  return <const N extends string>(definition: QueueDefinition<N, P>): QueueDefinition<N, P> => definition;
}

export const QUEUES = {
  RunCompletion: queue<{ runRecordId: string }>()({
    name: 'run-completion',
    concurrency: 4,
    options: {
      attempts: 8,
      backoff: { type: 'exponential', delay: 1_000 },
      removeOnComplete: RETAIN_COMPLETED,
      removeOnFail: RETAIN_FAILED,
    },
    dedupeKey: (payload) => payload.runRecordId,
  }),
  /**
   * "New personal best" and "someone passed you" of one counted run, when the pipeline's job could
   * not send them right after its commit (it failed, or the worker died: the sweeper finds the run).
   * Done marker: run_records.notified_at.
   */
  RunNotices: queue<{ runRecordId: string }>()({
    name: 'run-notices',
    concurrency: 2,
    options: {
      attempts: 6,
      backoff: { type: 'exponential', delay: 2_000 },
      removeOnComplete: RETAIN_COMPLETED,
      removeOnFail: RETAIN_FAILED,
    },
    dedupeKey: (payload) => payload.runRecordId,
  }),
  CourseCreated: queue<{ courseId: string }>()({
    name: 'course-created',
    // Background lane (thumbnail rendering is CPU-heavy): one at a time beside the pipeline.
    concurrency: 1,
    options: {
      attempts: 5,
      backoff: { type: 'exponential', delay: 5_000 },
      removeOnComplete: RETAIN_COMPLETED,
      removeOnFail: RETAIN_FAILED,
    },
    dedupeKey: (payload) => payload.courseId,
  }),
  ActivityImport: queue<{ importId: string }>()({
    name: 'activity-import',
    concurrency: 1,
    options: {
      attempts: 4,
      backoff: { type: 'exponential', delay: 5_000 },
      removeOnComplete: RETAIN_COMPLETED,
      removeOnFail: RETAIN_FAILED,
    },
    dedupeKey: (payload) => payload.importId,
  }),
  /** Strava rate limits delay jobs (see the strava processor); attempts cover 5xx and timeouts. */
  StravaSync: queue<StravaSyncPayload>()({
    name: 'strava-sync',
    concurrency: 1,
    options: {
      attempts: 6,
      backoff: { type: 'exponential', delay: 30_000 },
      removeOnComplete: RETAIN_COMPLETED,
      removeOnFail: RETAIN_FAILED,
    },
  }),
  /**
   * Push delivery backs off exponentially from `delay`, but never sooner than the push service's
   * Retry-After: the `push-retry-after` strategy is registered by the notifications processor.
   */
  Notifications: queue<{ notificationId: string }>()({
    name: 'notifications',
    // Background lane: a burst of pushes never takes the connections the completion pipeline needs.
    concurrency: 2,
    options: {
      attempts: 5,
      backoff: { type: 'push-retry-after', delay: 2_000 },
      removeOnComplete: { age: 6 * 3_600, count: 10_000 },
      removeOnFail: RETAIN_FAILED,
    },
    dedupeKey: (payload) => payload.notificationId,
    // A push hours late is noise: failed pushes are re-driven only by an admin.
    autoRedrives: 0,
  }),
  /** Rebuilds a course's leaderboard: one job per cause (no dedupe key). */
  RankingRecalc: queue<{ courseId: string; reason: string }>()({
    name: 'ranking-recalc',
    concurrency: 2,
    options: {
      attempts: 6,
      backoff: { type: 'exponential', delay: 2_000 },
      removeOnComplete: { age: 3_600, count: 2_000 },
      removeOnFail: RETAIN_FAILED,
    },
  }),
  /**
   * Re-judges every effort on a course against its corrected line, then rebuilds its board and
   * stats: one job per correction (the revision is part of the dedupe key).
   */
  CourseRejudge: queue<{ courseId: string; revision: number }>()({
    name: 'course-rejudge',
    concurrency: 1,
    options: {
      attempts: 6,
      backoff: { type: 'exponential', delay: 5_000 },
      removeOnComplete: RETAIN_COMPLETED,
      removeOnFail: RETAIN_FAILED,
    },
    dedupeKey: (payload) => `${payload.courseId}_r${payload.revision}`,
  }),
  Maintenance: queue<{ task: MaintenanceTask }>()({
    name: 'maintenance',
    concurrency: 1,
    options: {
      attempts: 3,
      backoff: { type: 'exponential', delay: 60_000 },
      removeOnComplete: { age: DAY_SECONDS, count: 500 },
      removeOnFail: RETAIN_FAILED,
    },
    // Each task runs again on its own schedule.
    autoRedrives: 0,
  }),
  /**
   * After a runner's privacy zones changed: re-render what was stored from their runs under the
   * old zones (heatmap samples). One job per change (no dedupe key); `previousZones` are the
   * circles before the change (at most 5).
   */
  PrivacyRerender: queue<{
    userId: string;
    previousZones: Array<{ lat: number; lng: number; radiusMeters: number }>;
  }>()({
    name: 'privacy-rerender',
    concurrency: 1,
    options: {
      attempts: 5,
      backoff: { type: 'exponential', delay: 5_000 },
      removeOnComplete: { age: DAY_SECONDS, count: 1_000 },
      removeOnFail: RETAIN_FAILED,
    },
  }),
  /** Builds a runner's data export zip (POST /users/me/export): one job per export. */
  DataExport: queue<{ exportId: string }>()({
    name: 'data-export',
    concurrency: 1,
    options: {
      attempts: 3,
      backoff: { type: 'exponential', delay: 10_000 },
      removeOnComplete: RETAIN_COMPLETED,
      removeOnFail: RETAIN_FAILED,
    },
    dedupeKey: (payload) => payload.exportId,
  }),
};

type Queues = typeof QUEUES;

/** `QueueName.RunCompletion === 'run-completion'`; as a type, the union of every queue name. */
export const QueueName = Object.fromEntries(
  Object.entries(QUEUES).map(([key, definition]) => [key, definition.name]),
) as { readonly [K in keyof Queues]: Queues[K]['name'] };
export type QueueName = Queues[keyof Queues]['name'];

/** The one payload type per queue, by queue name. */
export type QueuePayloads = {
  [K in keyof Queues as Queues[K]['name']]: Queues[K] extends QueueDefinition<string, infer P> ? P : never;
};
export type PayloadOf<Q extends QueueName> = QueuePayloads[Q];

export const ALL_QUEUES: readonly QueueName[] = Object.values(QUEUES).map((definition) => definition.name);

const BY_NAME = new Map<string, QueueDefinition<QueueName, never>>(
  Object.values(QUEUES).map((definition) => [
    definition.name,
    definition as QueueDefinition<QueueName, never>,
  ]),
);

export function queueDefinition<Q extends QueueName>(queue: Q): QueueDefinition<Q, QueuePayloads[Q]> {
  const definition = BY_NAME.get(queue);
  if (!definition) throw new Error(`unknown queue "${queue}"`);
  return definition as unknown as QueueDefinition<Q, QueuePayloads[Q]>;
}

export function isQueueName(value: string): value is QueueName {
  return BY_NAME.has(value);
}

/** BullMQ options of each queue's jobs. */
export const JOB_OPTIONS = Object.fromEntries(
  Object.values(QUEUES).map((definition) => [definition.name, definition.options]),
) as Record<QueueName, JobsOptions>;

/**
 * Deterministic job id from the queue's dedupe key, undefined for recomputation queues (they get a
 * per-intent id). BullMQ forbids ':' in custom ids, hence '_' separators.
 */
export function deterministicJobId<Q extends QueueName>(
  queue: Q,
  payload: QueuePayloads[Q],
): string | undefined {
  const key = queueDefinition(queue).dedupeKey?.(payload);
  return key === undefined ? undefined : `${queue}_${key}`;
}

/** The environment key that overrides a queue's worker concurrency: run-completion → WORKER_CONCURRENCY_RUN_COMPLETION. */
export function concurrencyEnvKey(queue: string): string {
  return `WORKER_CONCURRENCY_${queue.toUpperCase().replace(/-/g, '_')}`;
}

export function autoRedrivesOf(queue: QueueName): number {
  return queueDefinition(queue).autoRedrives ?? DEFAULT_AUTO_REDRIVES;
}

/** A queue's worker concurrency: the configured override, else the table's default. */
export function workerConcurrency(queue: QueueName, overrides: Readonly<Record<string, number>>): number {
  return overrides[queue] ?? queueDefinition(queue).concurrency;
}

/** Concurrency overrides that name no queue (a typo in WORKER_CONCURRENCY_*), as their env keys. */
export function unknownConcurrencyOverrides(overrides: Readonly<Record<string, number>>): string[] {
  return Object.keys(overrides)
    .filter((queue) => !isQueueName(queue))
    .map(concurrencyEnvKey);
}

/** Throws before the worker opens any connection when its queue settings name unknown queues. */
export function assertQueueSettings(overrides: Readonly<Record<string, number>>): void {
  const unknown = unknownConcurrencyOverrides(overrides);
  if (unknown.length > 0) {
    throw new Error(
      `Worker cannot start: ${unknown.join(', ')} name(s) no queue (queues: ${ALL_QUEUES.join(', ')})`,
    );
  }
}
