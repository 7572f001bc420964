import type { DevicePlatform } from '@runvs/database';

/** One inbox entry as `GET /notifications` returns it (contract §13, plus title/body). */
export interface InboxItem {
  id: string;
  type: string;
  /** Who caused it; null for system notifications (personal best, reminders). */
  actor: { id: string; nickname: string | null; avatar_url: string | null } | null;
  target_id: string | null;
  target_type: string | null;
  title: string | null;
  body: string | null;
  data: Record<string, unknown> | null;
  is_read: boolean;
  created_at: Date;
}

export interface InboxPage {
  data: InboxItem[];
  total_count: number;
  has_next: boolean;
  unread_count: number;
}

export interface DeviceRegistration {
  deviceToken: string;
  platform: DevicePlatform;
}
