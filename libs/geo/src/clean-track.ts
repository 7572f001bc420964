import { geodesicMetersFast } from './distance';
import type { GeoPoint } from './types';

/** Above any human running speed (Usain Bolt peaks near 12.4 m/s); §4 uses the same bound. */
export const TELEPORT_SPEED_MS = 12.5;
/**
 * Two fixes can disagree by this much through GPS noise alone, so a jump only counts as
 * implausible when it exceeds speed × Δt by more than this. Without it, 1 Hz jitter of ±10 m
 * reads as 20 m/s and a naive filter eats good points.
 */
export const TELEPORT_JITTER_M = 25;
/** How many following points decide whether an implausible jump is a spike or a real relocation. */
export const TELEPORT_LOOKAHEAD = 5;
/** The client drops fixes less accurate than this (`outlier_accuracy_threshold`); so do we. */
export const MAX_ACCURACY_M = 50;
/** §6.6: positions this close to (0, 0) are an unset fix ("Null Island"), not a place. */
const NULL_ISLAND_DEG = 0.001;

export interface CleanTrackOptions {
  /** implausible above this speed (m/s); default 12.5 */
  maxSpeedMs?: number;
  /** GPS noise allowance added to speed × Δt (m); default 25 */
  jitterMeters?: number;
  /** drop points whose numeric `accuracy` field exceeds this (m); default 50, null disables */
  maxAccuracyMeters?: number | null;
  /**
   * What to do with points whose timestamp goes backwards: `sort` (default) sorts the timed
   * points by time when every point has one, `drop` discards each point older than the last kept.
   * Tracks where some points have no time are always handled as `drop` (no order to sort into).
   */
  outOfOrder?: 'sort' | 'drop';
}

export interface CleanTrackCounts {
  /** NaN/∞, out-of-range or (0, 0) coordinates, or a non-finite timestamp */
  invalid: number;
  /** numeric `accuracy` worse than the limit */
  inaccurate: number;
  /** same timestamp as the previous kept point, or (untimed) the same position */
  duplicates: number;
  /** dropped for going back in time (`drop` mode) */
  outOfOrder: number;
  /** isolated implausible jumps (spikes) removed */
  teleports: number;
}

export interface CleanTrackResult<T extends GeoPoint> {
  /** the kept points, the same objects as given, in time order */
  points: T[];
  removed: CleanTrackCounts;
  /** total removed */
  removedTotal: number;
  /** whether the timed points had to be sorted (`sort` mode) */
  reordered: boolean;
  /**
   * implausible jumps that were kept because the track carried on from the new place (a real
   * relocation: GPS off in a vehicle, or re-acquisition far away); a run with these deserves a flag
   */
  sustainedJumps: number;
}

function hasValidPosition(p: GeoPoint): boolean {
  const { lat, lng } = p;
  if (!Number.isFinite(lat) || !Number.isFinite(lng)) return false;
  if (lat < -90 || lat > 90 || lng < -180 || lng > 180) return false;
  return !(Math.abs(lat) < NULL_ISLAND_DEG && Math.abs(lng) < NULL_ISLAND_DEG);
}

function accuracyOf(p: GeoPoint): number | null {
  const a = (p as GeoPoint & { accuracy?: unknown }).accuracy;
  return typeof a === 'number' && Number.isFinite(a) ? a : null;
}

/**
 * Cleans a raw GPS track for our own metrics (Decision 1): drops invalid and inaccurate fixes,
 * puts timestamps in order, removes duplicates, and removes teleports. A teleport is a jump
 * further than maxSpeed × Δt + jitter from the last good point; it is removed when it is a spike
 * (one of the next few points is plausible again from the last good point) and kept, counted in
 * `sustainedJumps`, when the track carries on from the new place — so a genuine gap (tunnel, GPS
 * re-acquisition) never makes the filter discard the rest of the run. Untimed points skip the
 * speed test.
 */
export function cleanTrack<T extends GeoPoint>(
  input: readonly T[],
  options: CleanTrackOptions = {},
): CleanTrackResult<T> {
  const maxSpeed = options.maxSpeedMs ?? TELEPORT_SPEED_MS;
  const jitter = options.jitterMeters ?? TELEPORT_JITTER_M;
  const maxAccuracy = options.maxAccuracyMeters === undefined ? MAX_ACCURACY_M : options.maxAccuracyMeters;
  const removed: CleanTrackCounts = { invalid: 0, inaccurate: 0, duplicates: 0, outOfOrder: 0, teleports: 0 };

  let valid: T[] = [];
  let allTimed = true;
  for (const p of input) {
    if (!hasValidPosition(p) || (p.time !== null && !Number.isFinite(p.time))) {
      removed.invalid++;
      continue;
    }
    const acc = accuracyOf(p);
    if (maxAccuracy !== null && acc !== null && acc > maxAccuracy) {
      removed.inaccurate++;
      continue;
    }
    if (p.time === null) allTimed = false;
    valid.push(p);
  }

  let reordered = false;
  if ((options.outOfOrder ?? 'sort') === 'sort' && allTimed) {
    for (let i = 1; i < valid.length; i++) {
      if ((valid[i].time as number) < (valid[i - 1].time as number)) {
        reordered = true;
        break;
      }
    }
    // Array.prototype.sort is stable, so equal timestamps keep their file order.
    if (reordered) valid = [...valid].sort((a, b) => (a.time as number) - (b.time as number));
  }

  const ordered: T[] = [];
  let lastTime = -Infinity;
  for (const p of valid) {
    const prev = ordered.length > 0 ? ordered[ordered.length - 1] : null;
    if (p.time !== null) {
      if (p.time < lastTime) {
        removed.outOfOrder++;
        continue;
      }
      if (p.time === lastTime) {
        removed.duplicates++;
        continue;
      }
      lastTime = p.time;
    } else if (prev && prev.time === null && prev.lat === p.lat && prev.lng === p.lng) {
      removed.duplicates++;
      continue;
    }
    ordered.push(p);
  }

  const isImplausible = (a: T, b: T): boolean => {
    if (a.time === null || b.time === null) return false;
    const dt = Math.abs(b.time - a.time) / 1000;
    return geodesicMetersFast(a.lat, a.lng, b.lat, b.lng) > maxSpeed * dt + jitter;
  };

  const kept: T[] = [];
  let sustainedJumps = 0;
  for (let i = 0; i < ordered.length; i++) {
    const p = ordered[i];
    const anchor = kept.length > 0 ? kept[kept.length - 1] : null;
    if (anchor === null || !isImplausible(anchor, p)) {
      kept.push(p);
      continue;
    }
    // Spike or relocation? Look at the next few points.
    let backToAnchor = false;
    let carriesOn = 0;
    let looked = 0;
    for (let j = i + 1; j < ordered.length && looked < TELEPORT_LOOKAHEAD; j++, looked++) {
      if (!isImplausible(anchor, ordered[j])) {
        backToAnchor = true;
        break;
      }
      if (!isImplausible(p, ordered[j])) carriesOn++;
    }
    if (!backToAnchor && carriesOn > 0 && carriesOn >= Math.min(looked, 2)) {
      if (kept.length === 1) {
        // The track carries on from here and the only earlier point disagrees: that first fix
        // was the bad one (cold start), not this jump.
        kept[0] = p;
        removed.teleports++;
      } else {
        sustainedJumps++;
        kept.push(p);
      }
    } else {
      removed.teleports++;
    }
  }

  const removedTotal =
    removed.invalid + removed.inaccurate + removed.duplicates + removed.outOfOrder + removed.teleports;
  return { points: kept, removed, removedTotal, reordered, sustainedJumps };
}
