import type { ReportTargetType } from '@runvs/database';

/** Why something is reported (stored in `reports.reason`). */
export const REPORT_REASONS = [
  'spam',
  'harassment',
  'hate',
  'sexual',
  'violence',
  'impersonation',
  'cheating',
  'privacy',
  'inappropriate',
  'other',
] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];

export const REPORT_TARGET_TYPES: readonly ReportTargetType[] = ['course', 'review', 'user', 'run'];

export interface ReportInput {
  targetType: ReportTargetType;
  targetId: string;
  reason: ReportReason;
  description: string | null;
}

export interface ReportCreated {
  id: string;
  target_type: ReportTargetType;
  target_id: string;
  reason: ReportReason;
  description: string | null;
  status: 'open';
  created_at: string;
}

export interface BlockedUserItem {
  user_id: string;
  nickname: string | null;
  avatar_url: string | null;
  blocked_at: string;
}
