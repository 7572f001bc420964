import type { EventCancelReason, EventType } from '@runvs/database';

/** `EventResponse` of contract §10 (plus `max_participants`, `my_completed`, `creator_id`). */
export interface EventResponse {
  id: string;
  title: string;
  description: string | null;
  event_type: EventType;
  course_id: string | null;
  starts_at: string;
  ends_at: string;
  target_distance_meters: number | null;
  target_runs: number | null;
  /** which activity types count toward progress; null: the running kinds (run, trail_run, treadmill) */
  activity_types: string[] | null;
  max_participants: number | null;
  badge_color: string;
  badge_icon: string;
  /** Cover picture: one of the organiser's uploads (POST /uploads/image). */
  image_url: string | null;
  participant_count: number;
  is_participating: boolean;
  is_active: boolean;
  /** When and why it was cancelled (`cancelled` by its organiser or an admin, `course_deleted`). */
  cancelled_at: string | null;
  cancel_reason: EventCancelReason | null;
  /** Its course was deleted: `course_id` is null and the progress is frozen as it was. */
  course_deleted_at: string | null;
  center_lat: number | null;
  center_lng: number | null;
  recurring_schedule: string | null;
  meeting_point: string | null;
  creator_id: string | null;
  creator_nickname: string | null;
  my_progress_distance_meters: number | null;
  my_progress_runs: number | null;
  my_completed: boolean | null;
}

export interface EventMarker {
  id: string;
  title: string;
  event_type: EventType;
  badge_color: string;
  badge_icon: string;
  center_lat: number;
  center_lng: number;
  participant_count: number;
  ends_at: string;
}

export interface JoinResponse {
  event_id: string;
  user_id: string;
  progress_distance_meters: number;
  progress_runs: number;
  completed: boolean;
  joined_at: string;
}

export interface ParticipantItem {
  user_id: string;
  nickname: string | null;
  avatar_url: string | null;
  progress_distance_meters: number;
  progress_runs: number;
  completed: boolean;
  completed_at: string | null;
  joined_at: string;
}

export interface EventListQuery {
  page: number;
  perPage: number;
  eventType?: EventType;
}

/** A map viewport; a west edge east of the east edge crosses the antimeridian. */
export interface Viewport {
  swLat: number;
  swLng: number;
  neLat: number;
  neLng: number;
}

/** Who acts, as the auth guard saw them. */
export interface EventActor {
  id: string;
  role: 'user' | 'admin';
}

/** A create request: absent optional fields take the contract's defaults. */
export interface CreateEventInput {
  title: string;
  description?: string | null;
  event_type?: EventType;
  course_id?: string | null;
  starts_at: Date;
  ends_at: Date;
  target_distance_meters?: number | null;
  target_runs?: number | null;
  activity_types?: string[] | null;
  max_participants?: number | null;
  recurring_schedule?: string | null;
  meeting_point?: string | null;
  center_lat?: number | null;
  center_lng?: number | null;
  badge_color?: string;
  badge_icon?: string;
  image_url?: string | null;
}

/** An edit: only the fields present change; null clears an optional field. */
export type UpdateEventInput = Partial<CreateEventInput>;
