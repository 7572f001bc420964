/**
 * Queue names are stable strings stored in Redis and in the outbox table: never rename one.
 */
export enum QueueName {
  RunCompletion = 'run-completion',
  CourseCreated = 'course-created',
  ActivityImport = 'activity-import',
  StravaSync = 'strava-sync',
  Notifications = 'notifications',
  RankingRecalc = 'ranking-recalc',
  Maintenance = 'maintenance',
}

export const ALL_QUEUES: readonly QueueName[] = Object.values(QueueName);

export type StravaSyncPayload =
  | { kind: 'initial-sync'; userId: string }
  | { kind: 'full-sync'; userId: string; maxActivities: number }
  | { kind: 'activity'; userId: string; activityId: number; aspect: 'create' | 'update' | 'delete' }
  | { kind: 'deauthorized'; athleteId: number }
  /** revoke a connection's grant at Strava (disconnect, account deletion); tokens stay encrypted */
  | { kind: 'deauthorize'; accessTokenEncrypted: string; refreshTokenEncrypted: string };

/** Housekeeping; domains add their own periodic tasks here (pipeline sweeper, event reminders…). */
export type MaintenanceTask =
  'purge-notifications' | 'purge-outbox' | 'purge-refresh-tokens' | 'event-reminders';

/** The one payload type per queue: ids and small flags, never entities. */
export interface QueuePayloads {
  [QueueName.RunCompletion]: { runRecordId: string };
  [QueueName.CourseCreated]: { courseId: string };
  [QueueName.ActivityImport]: { importId: string };
  [QueueName.StravaSync]: StravaSyncPayload;
  [QueueName.Notifications]: { notificationId: string };
  [QueueName.RankingRecalc]: { courseId: string; reason: string };
  [QueueName.Maintenance]: { task: MaintenanceTask };
}

export type PayloadOf<Q extends QueueName> = QueuePayloads[Q];
