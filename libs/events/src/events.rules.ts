import type { EventType, UserRole } from '@runvs/database';

/**
 * Who may create and edit events, and within which limits. Admins run official events without
 * limits; any runner may organise a community event, inside these bounds:
 * - at most USER_EVENTS_PER_DAY created per rolling 24 h and USER_OPEN_EVENTS_MAX not yet ended;
 * - it starts within USER_EVENT_MAX_LEAD_DAYS and lasts at most USER_EVENT_MAX_DAYS;
 * - at most USER_EVENT_MAX_PARTICIPANTS runners;
 * - the badge (colour and icon) is the community default: custom badges mark official events,
 *   so a runner cannot dress an event up as one (no badge spoofing).
 */
export const EVENT_LIMITS = {
  USER_EVENTS_PER_DAY: 3,
  USER_OPEN_EVENTS_MAX: 5,
  USER_EVENT_MAX_DAYS: 31,
  USER_EVENT_MAX_LEAD_DAYS: 90,
  USER_EVENT_MAX_PARTICIPANTS: 1_000,
  /** Any event: a start this far in the past is still accepted (clock skew, a form kept open). */
  START_GRACE_MINUTES: 10,
  /** Any event, admins included: a year at most. */
  ANY_EVENT_MAX_DAYS: 366,
} as const;

export const DEFAULT_BADGE_COLOR = '#FF5252';
export const DEFAULT_BADGE_ICON = 'trophy';

/** Participants are reminded this long before an event starts (by the maintenance task). */
export const EVENT_REMINDER_LEAD_MINUTES = 60;

export const EVENT_TYPES: readonly EventType[] = ['challenge', 'crew', 'event'];

/** The fields an event is made of (API names, already type-checked by the DTO). */
export interface EventFields {
  title: string;
  description: string | null;
  event_type: EventType;
  course_id: string | null;
  starts_at: Date;
  ends_at: Date;
  target_distance_meters: number | null;
  target_runs: number | null;
  /** which activity types count toward progress; null: the running kinds (`countsAsRun`) */
  activity_types: string[] | null;
  max_participants: number | null;
  recurring_schedule: string | null;
  meeting_point: string | null;
  center_lat: number | null;
  center_lng: number | null;
  badge_color: string;
  badge_icon: string;
  image_url: string | null;
}

export interface FieldProblem {
  field: string;
  message: string;
}

const DAY_MS = 86_400_000;

/**
 * The checks of a whole event (created, or after an edit) that do not need the database. `isNew`
 * applies the start-not-in-the-past rule; an edit of a started event keeps its start.
 */
export function eventProblems(
  fields: EventFields,
  role: UserRole,
  now: Date,
  options: { isNew: boolean; startChanged: boolean },
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const durationMs = fields.ends_at.getTime() - fields.starts_at.getTime();
  if (durationMs <= 0) problems.push({ field: 'ends_at', message: 'ends_at must be after starts_at' });
  if (durationMs > EVENT_LIMITS.ANY_EVENT_MAX_DAYS * DAY_MS) {
    problems.push({
      field: 'ends_at',
      message: `an event lasts at most ${EVENT_LIMITS.ANY_EVENT_MAX_DAYS} days`,
    });
  }
  if (
    (options.isNew || options.startChanged) &&
    fields.starts_at.getTime() < now.getTime() - EVENT_LIMITS.START_GRACE_MINUTES * 60_000
  ) {
    problems.push({ field: 'starts_at', message: 'starts_at must not be in the past' });
  }
  if (fields.ends_at.getTime() <= now.getTime()) {
    problems.push({ field: 'ends_at', message: 'ends_at must be in the future' });
  }
  if ((fields.center_lat === null) !== (fields.center_lng === null)) {
    problems.push({ field: 'center_lat', message: 'center_lat and center_lng go together' });
  }
  if (role === 'admin') return problems;

  if (durationMs > EVENT_LIMITS.USER_EVENT_MAX_DAYS * DAY_MS) {
    problems.push({
      field: 'ends_at',
      message: `an event lasts at most ${EVENT_LIMITS.USER_EVENT_MAX_DAYS} days`,
    });
  }
  if (
    (options.isNew || options.startChanged) &&
    fields.starts_at.getTime() > now.getTime() + EVENT_LIMITS.USER_EVENT_MAX_LEAD_DAYS * DAY_MS
  ) {
    problems.push({
      field: 'starts_at',
      message: `an event starts within ${EVENT_LIMITS.USER_EVENT_MAX_LEAD_DAYS} days`,
    });
  }
  if (
    fields.max_participants !== null &&
    fields.max_participants > EVENT_LIMITS.USER_EVENT_MAX_PARTICIPANTS
  ) {
    problems.push({
      field: 'max_participants',
      message: `at most ${EVENT_LIMITS.USER_EVENT_MAX_PARTICIPANTS} participants`,
    });
  }
  if (fields.badge_color.toUpperCase() !== DEFAULT_BADGE_COLOR) {
    problems.push({ field: 'badge_color', message: 'only official events choose a badge colour' });
  }
  if (fields.badge_icon !== DEFAULT_BADGE_ICON) {
    problems.push({ field: 'badge_icon', message: 'only official events choose a badge icon' });
  }
  return problems;
}

/** Fields a runner may no longer change once their event has started (admins may). */
export const FROZEN_AFTER_START: ReadonlyArray<keyof EventFields> = [
  'starts_at',
  'event_type',
  'course_id',
  'target_distance_meters',
  'target_runs',
  'activity_types',
];
