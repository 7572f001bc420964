import { matchRunToCourse, type PreparedCourse } from './course-matcher';
import { geodesicMeters } from './distance';
import { isInsidePrivacyZones, type PrivacyCircle } from './privacy-zones';
import type { LngLat, PauseInterval } from './types';

/** Samples are at least this far apart… */
export const GHOST_MIN_INTERVAL_M = 10;
/** …and there are at most this many intervals along a course (a few hundred samples). */
export const GHOST_MAX_INTERVALS = 400;
/** Past its last fix, an effort is extrapolated to the finish only over this share of the course. */
const MAX_EXTRAPOLATED_SHARE = 0.05;
/** The finishing pace used for that extrapolation is measured over this last stretch. */
const FINISH_PACE_STRETCH_M = 200;

/** A timed fix of an effort. */
export interface TimedFix {
  lat: number;
  lng: number;
  /** epoch ms */
  time: number;
}

/**
 * Time at distance along a course line: `seconds[k]` is the effort's moving time (timer pauses
 * left out) since it left the start when its in-order progress along the course reached
 * min(k × intervalMeters, courseMeters). Null where the effort never got there, or where a sample
 * was hidden for privacy.
 */
export interface GhostProfile {
  courseMeters: number;
  intervalMeters: number;
  seconds: Array<number | null>;
}

/** The sample spacing for a course: every 10 m, or length/400 for courses over 4 km. */
export function ghostInterval(courseMeters: number): number {
  return Math.max(GHOST_MIN_INTERVAL_M, courseMeters / GHOST_MAX_INTERVALS);
}

/** The distances along the course the samples are taken at (the last one is the finish). */
export function ghostDistances(courseMeters: number): number[] {
  const interval = ghostInterval(courseMeters);
  const count = Math.ceil(courseMeters / interval - 1e-9);
  return Array.from({ length: count + 1 }, (_, k) => Math.min(k * interval, courseMeters));
}

/**
 * An effort's ghost profile: its fixes are located on the course IN ORDER (the matcher's progress,
 * so loops, out-and-backs and detours count where the runner really was, not the raw distance
 * run), and each sample distance gets the moving time at which the progress first reached it,
 * interpolated between fixes. The clock starts when the progress leaves the start. A few metres
 * short of the finish (the last fix before the line) are extrapolated at the finishing pace.
 * Returns null when the fixes are untimed or never move along the course.
 */
export function ghostProfile(
  course: PreparedCourse,
  fixes: readonly TimedFix[],
  pauses: readonly PauseInterval[] = [],
): GhostProfile | null {
  const courseMeters = course.lengthMeters;
  if (!(courseMeters > 0) || fixes.length < 2) return null;
  const progress = new Float64Array(fixes.length);
  matchRunToCourse(course, fixes, { progressOut: progress });
  const moving = movingClock(fixes, pauses);

  // The clock starts at the last fix before the progress first moves off the start.
  let start = -1;
  for (let i = 0; i < fixes.length; i++) {
    if (progress[i] > 0) {
      start = Math.max(0, i - 1);
      break;
    }
  }
  if (start < 0) return null;
  const distances = ghostDistances(courseMeters);
  const seconds: Array<number | null> = new Array(distances.length).fill(null);
  let j = start;
  let lastReached = start;
  for (let k = 0; k < distances.length; k++) {
    const d = distances[k];
    if (d === 0) {
      seconds[k] = 0;
      continue;
    }
    while (j < fixes.length && !(progress[j] >= d)) j++;
    if (j >= fixes.length) break;
    const before = j > start ? j - 1 : j;
    const p0 = Number.isNaN(progress[before]) ? 0 : progress[before];
    const span = progress[j] - p0;
    const f = span > 0 ? (d - p0) / span : 1;
    const ms = moving[before] + f * (moving[j] - moving[before]) - moving[start];
    seconds[k] = round1(ms / 1000);
    lastReached = j;
  }
  extrapolateFinish(seconds, distances, progress, moving, lastReached, start, courseMeters);
  return { courseMeters, intervalMeters: ghostInterval(courseMeters), seconds };
}

/** Samples at the end the effort's last fix fell just short of, at its finishing pace. */
function extrapolateFinish(
  seconds: Array<number | null>,
  distances: number[],
  progress: Float64Array,
  moving: Float64Array,
  last: number,
  start: number,
  courseMeters: number,
): void {
  const reached = progress[last];
  if (courseMeters - reached > MAX_EXTRAPOLATED_SHARE * courseMeters) return;
  let from = last;
  while (from > start && reached - progress[from - 1] < FINISH_PACE_STRETCH_M) from--;
  const metres = reached - progress[from];
  const ms = moving[last] - moving[from];
  if (!(metres > 0) || !(ms > 0)) return;
  for (let k = 0; k < distances.length; k++) {
    if (seconds[k] !== null || distances[k] <= reached) continue;
    seconds[k] = round1((moving[last] - moving[start] + ((distances[k] - reached) * ms) / metres) / 1000);
  }
}

/** Each fix's time with the timer pauses before it left out (ms since the first fix). */
function movingClock(fixes: readonly TimedFix[], pauses: readonly PauseInterval[]): Float64Array {
  const clock = new Float64Array(fixes.length);
  const sorted = [...pauses].filter((p) => p.end > p.start).sort((a, b) => a.start - b.start);
  const t0 = fixes[0].time;
  for (let i = 0; i < fixes.length; i++) {
    const t = fixes[i].time;
    let paused = 0;
    for (const pause of sorted) {
      if (pause.start >= t) break;
      paused += Math.max(0, Math.min(pause.end, t) - Math.max(pause.start, t0));
    }
    clock[i] = t - t0 - paused;
  }
  return clock;
}

/** Samples whose point on the course line lies inside one of the zones become null. */
export function hideGhostSamples(
  profile: GhostProfile,
  courseLine: readonly LngLat[],
  zones: readonly PrivacyCircle[],
): { profile: GhostProfile; hidden: number } {
  if (zones.length === 0) return { profile, hidden: 0 };
  const distances = ghostDistances(profile.courseMeters);
  const points = pointsAlong(courseLine, distances, profile.courseMeters);
  let hidden = 0;
  const seconds = profile.seconds.map((value, k) => {
    if (value === null || !isInsidePrivacyZones(points[k][1], points[k][0], zones)) return value;
    hidden++;
    return null;
  });
  return { profile: { ...profile, seconds }, hidden };
}

/** Where each distance falls on the line (distances scaled to the line's own WGS84 length). */
function pointsAlong(line: readonly LngLat[], distances: readonly number[], courseMeters: number): LngLat[] {
  const cumulative = [0];
  for (let i = 1; i < line.length; i++) {
    cumulative.push(
      cumulative[i - 1] + geodesicMeters(line[i - 1][1], line[i - 1][0], line[i][1], line[i][0]),
    );
  }
  const total = cumulative[cumulative.length - 1];
  const scale = courseMeters > 0 ? total / courseMeters : 0;
  const out: LngLat[] = [];
  let s = 0;
  for (const d of distances) {
    const target = d * scale;
    while (s < line.length - 2 && cumulative[s + 1] < target) s++;
    const span = cumulative[s + 1] - cumulative[s];
    const f = span > 0 ? Math.min(1, Math.max(0, (target - cumulative[s]) / span)) : 0;
    out.push([
      line[s][0] + f * (line[s + 1][0] - line[s][0]),
      line[s][1] + f * (line[s + 1][1] - line[s][1]),
    ]);
  }
  return out;
}

/** Time gained (+) or lost (−) against a ghost over one stretch of the course. */
export interface GhostSplit {
  from_meters: number;
  to_meters: number;
  /** the runner's time over the stretch, s */
  seconds: number;
  /** the ghost's time over the same stretch, s */
  ghost_seconds: number;
  /** ghost − runner: positive = gained on the ghost */
  gained_seconds: number;
  /** runner − ghost at the end of the stretch: negative = ahead of the ghost */
  gap_seconds: number;
}

/**
 * Where a runner gained or lost time against a ghost, stretch by stretch (each `segmentMeters`,
 * e.g. every kilometre, the last one shorter). Both profiles must be of the same course. A stretch
 * either side cannot time (a hidden or missing sample at its ends) is left out.
 */
export function compareWithGhost(
  runner: GhostProfile,
  ghost: GhostProfile,
  segmentMeters = 1000,
): GhostSplit[] {
  if (runner.seconds.length !== ghost.seconds.length || segmentMeters <= 0) return [];
  const distances = ghostDistances(runner.courseMeters);
  const bounds: number[] = [0];
  for (let k = 1; k < distances.length; k++) {
    const previousSegment = Math.floor(distances[bounds[bounds.length - 1]] / segmentMeters);
    if (Math.floor(distances[k] / segmentMeters + 1e-9) > previousSegment || k === distances.length - 1) {
      bounds.push(k);
    }
  }
  const splits: GhostSplit[] = [];
  for (let b = 1; b < bounds.length; b++) {
    const [a, z] = [bounds[b - 1], bounds[b]];
    const [ra, rz, ga, gz] = [runner.seconds[a], runner.seconds[z], ghost.seconds[a], ghost.seconds[z]];
    if (ra === null || rz === null || ga === null || gz === null) continue;
    splits.push({
      from_meters: Math.round(distances[a]),
      to_meters: Math.round(distances[z]),
      seconds: round1(rz - ra),
      ghost_seconds: round1(gz - ga),
      gained_seconds: round1(gz - ga - (rz - ra)),
      gap_seconds: round1(rz - gz),
    });
  }
  return splits;
}

const round1 = (value: number) => Math.round(value * 10) / 10;
