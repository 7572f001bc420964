/**
 * What a notification is about. Stored in `notifications.type` (varchar 32) and sent to the app in
 * the inbox and in the push `data.type`: never rename one, only add. `follow` and `run_completed`
 * are the reference backend's names; the others follow the same lower_snake style.
 */
export const NOTIFICATION_TYPES = [
  /** Someone started following me (target: the follower, `user`). */
  'follow',
  /** Someone liked my course (target: the course). */
  'course_like',
  /** Someone reviewed my course (target: the review). */
  'course_review',
  /** The course creator replied to my review (target: the review). */
  'review_reply',
  /** Someone beat my leaderboard time on a course (target: the course). */
  'ranking_beaten',
  /** My run set a new personal best (target: the run). */
  'personal_best',
  /** Someone I follow finished a run (reference trigger; target: the run). */
  'run_completed',
  /** I joined an event / someone joined my event (target: the event). */
  'event_joined',
  /** I completed an event's targets (target: the event). */
  'event_completed',
  /** An event I joined starts or ends soon (target: the event). */
  'event_reminder',
  /** An event I joined or organise was cancelled (its course was deleted; target: the event). */
  'event_cancelled',
  /** Someone asked to be my friend (target: the requester, `user`). */
  'friend_request',
  /** Someone accepted my friend request (target: the new friend, `user`). */
  'friend_accepted',
  /** A course's line was corrected and my run on it no longer counts (target: the course; `data.reasons`). */
  'course_effort_revoked',
  /** An admin answered my ban appeal: upheld or lifted (no target; `data.appeal_id`, `data.decision`). */
  'ban_appeal_answered',
  /** I earned an achievement (target: the run that earned it; `data.code`). */
  'achievement_earned',
  /** My data export is ready (no target; `data.export_id`, `data.download_url`, `data.expires_at`). */
  'export_ready',
  /** An admin reinstated or confirmed my flagged run (target: the run; `data.decision`, `data.reasons`). */
  'run_flag_reviewed',
  /** An admin excluded my effort from its course board (target: the run; `data.reason`). */
  'effort_excluded',
  /** An admin undid that exclusion: my effort is back on the board (target: the run). */
  'effort_included',
] as const;

export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

/** What `target_id` points at (varchar 16). */
export const NOTIFICATION_TARGET_TYPES = ['user', 'course', 'review', 'run', 'event'] as const;
export type NotificationTargetType = (typeof NOTIFICATION_TARGET_TYPES)[number];

/** Default de-duplication window: a like → unlike → like within it notifies once. */
export const DEFAULT_DEDUPE_WINDOW_SECONDS = 5 * 60;

/** How long inbox entries live (the `purge-notifications` maintenance task deletes older ones). */
export const NOTIFICATION_RETENTION_DAYS = 30;

/** A notification to write and push, as domains describe it. */
export interface NotificationIntent {
  /** The recipient. */
  userId: string;
  /** Who caused it (null for system notifications such as a personal best or a reminder). */
  actorId?: string | null;
  type: NotificationType;
  targetType?: NotificationTargetType | null;
  targetId?: string | null;
  /** Push title and body (also kept on the inbox row); cut to 200 / 500 characters. */
  title: string;
  body: string;
  /** Extra fields for the app; shown in the inbox and sent as strings in the push `data`. */
  data?: Record<string, unknown> | null;
  /**
   * Same key for the same recipient within `dedupeWindowSeconds` → notified once. Use e.g.
   * `course_like:<courseId>:<likerId>`; a stable key per cause (`personal_best:<runId>`) with a long
   * window also makes a retried job notify once.
   */
  dedupeKey?: string | null;
  /** Defaults to DEFAULT_DEDUPE_WINDOW_SECONDS (5 minutes). */
  dedupeWindowSeconds?: number;
}
