import type { RunSource } from '@runvs/database';

/**
 * Decision 8, the one rule for "the same activity recorded twice" — the app's live recording, a
 * GPX/FIT/TCX file, Strava: two recordings of one user are one activity when they start within a
 * minute of each other (checked by the query) and cover a similar distance — within 10 % of the
 * longer one, or 150 m for short runs.
 */
export const SAME_ACTIVITY_START_WINDOW_S = 60;
export const SAME_ACTIVITY_DISTANCE_RATIO = 0.1;
export const SAME_ACTIVITY_DISTANCE_MIN_M = 150;

export function isSimilarDistance(a: number, b: number): boolean {
  const tolerance = Math.max(SAME_ACTIVITY_DISTANCE_MIN_M, SAME_ACTIVITY_DISTANCE_RATIO * Math.max(a, b));
  return Math.abs(a - b) <= tolerance;
}

/** Recorded by the app itself (completed or recovered), as opposed to imported. */
export function isAppRecording(source: RunSource): boolean {
  return source === 'live' || source === 'recovered';
}

export interface RecordedRun {
  id: string;
  distanceMeters: number;
  source: RunSource;
}

/**
 * Which existing runs (all starting within the window, nearest first) a new recording duplicates.
 * An imported activity that was already recorded — by the app, another file, Strava — is a
 * duplicate of the first of them (the import creates no run). An app recording replaces the
 * imported recordings of its activity (their runs go, so it is counted once, whichever arrived
 * first); two app recordings are never merged.
 */
export function sameActivityOf(
  incoming: { distanceMeters: number; source: RunSource },
  nearby: readonly RecordedRun[],
): { duplicateOf: RecordedRun | null; replaces: RecordedRun[] } {
  const same = nearby.filter((run) => isSimilarDistance(run.distanceMeters, incoming.distanceMeters));
  if (!isAppRecording(incoming.source)) return { duplicateOf: same[0] ?? null, replaces: [] };
  return { duplicateOf: null, replaces: same.filter((run) => !isAppRecording(run.source)) };
}
