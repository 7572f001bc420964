import type { ReportStatus, ReportTargetType, UserRole } from '@runvs/database';

export interface AdminUserItem {
  id: string;
  user_code: string;
  email: string | null;
  nickname: string | null;
  avatar_url: string | null;
  role: UserRole;
  is_banned: boolean;
  banned_reason: string | null;
  banned_at: string | null;
  banned_until: string | null;
  banned_by_id: string | null;
  total_runs: number;
  total_distance_meters: number;
  open_reports: number;
  created_at: string;
}

export interface AdminUserQuery {
  page: number;
  perPage: number;
  /** Nickname, email or user code (contained, case-insensitive); a UUID matches the id. */
  q?: string;
  role?: UserRole;
  banned?: boolean;
}

export interface AdminCourseItem {
  id: string;
  title: string;
  creator_id: string;
  creator_nickname: string | null;
  distance_meters: number;
  is_public: boolean;
  is_hidden: boolean;
  hidden_reason: string | null;
  hidden_at: string | null;
  open_reports: number;
  created_at: string;
}

export interface AdminCourseQuery {
  page: number;
  perPage: number;
  q?: string;
  hidden?: boolean;
}

export type FlagReviewFilter = 'pending' | 'confirmed' | 'dismissed' | 'appealed';

export interface FlaggedRunItem {
  id: string;
  user_id: string;
  nickname: string | null;
  course_id: string | null;
  course_title: string | null;
  source: string;
  distance_meters: number;
  duration_seconds: number;
  avg_pace_seconds_per_km: number | null;
  max_speed_ms: number | null;
  started_at: string;
  finished_at: string;
  is_flagged: boolean;
  flag_reason: string | null;
  flag_reasons: unknown;
  flag_review_status: 'confirmed' | 'dismissed' | null;
  flag_reviewed_by_id: string | null;
  flag_reviewed_at: string | null;
  is_ranking_eligible: boolean;
  /** the runner's appeal, when they sent one */
  flag_appeal_message: string | null;
  flag_appealed_at: string | null;
  /** an admin took the effort off its course board (why, when); null: not excluded */
  board_excluded_reason: string | null;
  board_excluded_at: string | null;
}

export interface ReportItem {
  id: string;
  reporter_id: string;
  reporter_nickname: string | null;
  target_type: ReportTargetType;
  target_id: string;
  /** What the target is called (course title, reviewer nickname + text, user nickname); null once deleted. */
  target_summary: string | null;
  target_exists: boolean;
  reason: string;
  description: string | null;
  status: ReportStatus;
  resolved_by_id: string | null;
  resolved_at: string | null;
  resolution_note: string | null;
  created_at: string;
}

export interface ReportQuery {
  page: number;
  perPage: number;
  status?: ReportStatus;
  targetType?: ReportTargetType;
}

/** A run whose completion pipeline failed for good. */
export interface PipelineFailureItem {
  run_id: string;
  user_id: string;
  nickname: string | null;
  course_id: string | null;
  course_title: string | null;
  finished_at: string;
  pipeline_failed_at: string;
  /** The pipeline's last error. */
  reason: string | null;
  /** The open job_failures row of this run's pipeline, if any (re-driving the run resolves it). */
  job_failure_id: string | null;
}

/** What a pipeline re-drive did: re-drove the run's recorded failure, or queued a fresh job. */
export interface PipelineRedriveResult {
  run_id: string;
  queued: true;
  job_failure_id: string | null;
}

export type BanAppealStatus = 'pending' | 'upheld' | 'lifted';
export type BanAppealDecision = 'uphold' | 'lift';

/** A ban appeal as its author sees it. */
export interface BanAppealView {
  id: string;
  status: BanAppealStatus;
  message: string;
  /** The ban appealed against, as it stood when the appeal was made. */
  ban: { reason: string | null; banned_at: string; banned_until: string | null };
  response: string | null;
  answered_at: string | null;
  created_at: string;
}

/** A ban appeal in the admin console: the appeal plus who wrote it, who answered, and the user's ban now. */
export interface AdminBanAppealItem extends BanAppealView {
  user: {
    id: string;
    user_code: string;
    nickname: string | null;
    avatar_url: string | null;
    is_banned: boolean;
  };
  answered_by_id: string | null;
}

export interface BanAppealQuery {
  page: number;
  perPage: number;
  status?: BanAppealStatus;
}
