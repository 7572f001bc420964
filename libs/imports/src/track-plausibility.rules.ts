/**
 * Whether an imported track is dense enough to be believed as the route it claims. A file of two
 * points 25 km apart "is" a 25 km run to any distance sum; a real recording never leaves a stretch
 * that long unrecorded. A gap between consecutive timed points (outside the timer pauses the file
 * records) is implausible when it bridges more than MAX_GAP_METERS, or lasts more than
 * MAX_GAP_SECONDS of running time while bridging more than MAX_STILL_GAP_METERS (standing still
 * unrecorded is harmless). Such an activity is stored without a route, unranked, with the reason.
 * Every running file of the shared corpus stays far below (largest gaps 116 m, 106 s).
 */
import type { ActivityPause, ActivityTrackPoint } from '@runvs/activity-files';
import { haversineMeters } from '@runvs/geo';

export const MAX_GAP_METERS = 500;
export const MAX_GAP_SECONDS = 180;
export const MAX_STILL_GAP_METERS = 100;

export interface TrackGap {
  fromMs: number;
  toMs: number;
  meters: number;
  /** running seconds of the gap: its time minus the pauses inside it */
  seconds: number;
}

type TimedPoint = Pick<ActivityTrackPoint, 'lat' | 'lng' | 'time'>;

function pausedMs(fromMs: number, toMs: number, pauses: readonly ActivityPause[]): number {
  let paused = 0;
  for (const p of pauses) paused += Math.max(0, Math.min(toMs, p.end) - Math.max(fromMs, p.start));
  return Math.min(paused, toMs - fromMs);
}

export function isImplausibleGap(gap: Pick<TrackGap, 'meters' | 'seconds'>): boolean {
  return gap.meters > MAX_GAP_METERS || (gap.seconds > MAX_GAP_SECONDS && gap.meters > MAX_STILL_GAP_METERS);
}

/** The first implausible gap of the timed points (in time order), or null when there is none. */
export function firstImplausibleGap(
  points: readonly TimedPoint[],
  pauses: readonly ActivityPause[] = [],
): TrackGap | null {
  const timed = points
    .filter((p): p is TimedPoint & { time: number } => p.time !== null)
    .sort((a, b) => a.time - b.time);
  for (let i = 1; i < timed.length; i++) {
    const [a, b] = [timed[i - 1], timed[i]];
    const meters = haversineMeters(a.lat, a.lng, b.lat, b.lng);
    const seconds = (b.time - a.time - pausedMs(a.time, b.time, pauses)) / 1000;
    const gap = { fromMs: a.time, toMs: b.time, meters, seconds };
    if (isImplausibleGap(gap)) return gap;
  }
  return null;
}

/** Why the track is not believed as a route (the run's flag reason), or null when it is. */
export function implausibleTrackReason(
  points: readonly TimedPoint[],
  pauses: readonly ActivityPause[] = [],
): string | null {
  const gap = firstImplausibleGap(points, pauses);
  if (!gap) return null;
  const km = (gap.meters / 1000).toFixed(2);
  return (
    `Implausible track: ${km} km without a recorded point in ${Math.round(gap.seconds)} s ` +
    `(at most ${MAX_GAP_METERS} m, or ${MAX_GAP_SECONDS} s on the move, between points outside a pause); ` +
    'stored without a route and unranked'
  );
}
