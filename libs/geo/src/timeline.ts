import { geodesicMetersFast } from './distance';
import type { GeoPoint, PauseInterval } from './types';

/**
 * Auto-pause, rule 1 (recorded gaps): a step of at least this long during which the runner moved
 * slower than AUTO_PAUSE_GAP_SPEED_MS is a pause — a watch that auto-pauses writes no fixes,
 * leaving exactly such a gap. A tunnel gap moves at running speed and stays moving time.
 */
export const AUTO_PAUSE_GAP_S = 10;
export const AUTO_PAUSE_GAP_SPEED_MS = 0.5;
/**
 * Auto-pause, rule 2 (standing still while recording): fixes that stay within this radius of
 * the first one for at least AUTO_PAUSE_MIN_S, i.e. slower than 0.5 m/s like rule 1. 15 m
 * absorbs the wander of a GPS standing still (σ ≈ 3–5 m per axis, the anchor fix noisy too);
 * 30 s keeps steep uphill hiking and short waits moving, like most watches' auto-pause.
 */
export const AUTO_PAUSE_RADIUS_M = 15;
export const AUTO_PAUSE_MIN_S = 30;
/** A detected stop is trimmed to the fixes within this of its centre. */
export const AUTO_PAUSE_CORE_RADIUS_M = 8;

export type PauseSource = 'explicit' | 'auto';

export interface DetectedPause extends PauseInterval {
  source: PauseSource;
}

export interface TimelineOptions {
  /** pauses the runner's timer recorded (epoch ms); steps overlapping one are paused */
  pauses?: readonly PauseInterval[];
  /** detect stationary periods and recorded gaps (default true) */
  autoPause?: boolean;
}

/**
 * Cumulative distance and time along a run, with paused steps taken out. Step i joins points
 * i − 1 and i. Everything that measures "how far in how long" (splits, best efforts, max speed)
 * works on these arrays, so it sees the same distance and the same moving time.
 */
export interface RunTimeline {
  readonly length: number;
  /** epoch ms per point (NaN when the point has no time) */
  readonly times: Float64Array;
  /**
   * cumulative distance (m) at each point: steps inside an explicit pause add nothing (the
   * runner's timer was stopped); an auto-detected stop adds its net displacement at its last step
   */
  readonly distance: Float64Array;
  /** cumulative moving time (s) at each point; paused steps add nothing */
  readonly moving: Float64Array;
  /** 1 when step i (from point i − 1 to i) is paused; index 0 unused */
  readonly paused: Uint8Array;
  /** geodesic length of every step, paused or not (m); index 0 unused */
  readonly stepLength: Float64Array;
  readonly pauses: DetectedPause[];
  readonly totalDistance: number;
  readonly movingSeconds: number;
  /** last time − first time (s); 0 without times */
  readonly elapsedSeconds: number;
}

function timeOf(p: GeoPoint): number {
  return p.time === null || !Number.isFinite(p.time) ? NaN : p.time;
}

/** Merge overlapping or touching intervals; input order does not matter. */
export function mergeIntervals<T extends PauseInterval>(intervals: readonly T[]): T[] {
  const sorted = intervals.filter((iv) => iv.end > iv.start).sort((a, b) => a.start - b.start);
  const out: T[] = [];
  for (const iv of sorted) {
    const last = out[out.length - 1];
    if (last && iv.start <= last.end) {
      if (iv.end > last.end) out[out.length - 1] = { ...last, end: iv.end };
    } else {
      out.push({ ...iv });
    }
  }
  return out;
}

/**
 * Stationary periods in a time-ordered track (both auto-pause rules), as time intervals.
 * Exposed for tests and for services that want to show them.
 */
export function detectAutoPauses(points: readonly GeoPoint[]): PauseInterval[] {
  const out: PauseInterval[] = [];
  const n = points.length;
  for (let i = 1; i < n; i++) {
    const a = timeOf(points[i - 1]);
    const b = timeOf(points[i]);
    const dt = (b - a) / 1000;
    if (!(dt >= AUTO_PAUSE_GAP_S)) continue;
    const d = geodesicMetersFast(points[i - 1].lat, points[i - 1].lng, points[i].lat, points[i].lng);
    if (d / dt < AUTO_PAUSE_GAP_SPEED_MS) out.push({ start: a, end: b });
  }
  let j = 0;
  while (j < n - 1) {
    const anchor = points[j];
    const t0 = timeOf(anchor);
    if (Number.isNaN(t0)) {
      j++;
      continue;
    }
    let k = j;
    while (
      k + 1 < n &&
      // A long recorded gap ends the cluster: rule 1 judges gaps on their own.
      !((timeOf(points[k + 1]) - timeOf(points[k])) / 1000 >= AUTO_PAUSE_GAP_S) &&
      geodesicMetersFast(anchor.lat, anchor.lng, points[k + 1].lat, points[k + 1].lng) <= AUTO_PAUSE_RADIUS_M
    ) {
      k++;
    }
    if (k > j && (timeOf(points[k]) - t0) / 1000 >= AUTO_PAUSE_MIN_S) {
      // The radius also catches the last metres of running in and out of the stop; trim the
      // cluster to the fixes near its centre so the pause starts when the runner stopped.
      let cLat = 0;
      let cLng = 0;
      for (let q = j; q <= k; q++) {
        cLat += points[q].lat;
        cLng += points[q].lng;
      }
      cLat /= k - j + 1;
      cLng /= k - j + 1;
      const near = (q: number): boolean =>
        geodesicMetersFast(cLat, cLng, points[q].lat, points[q].lng) <= AUTO_PAUSE_CORE_RADIUS_M;
      let a = j;
      let b = k;
      while (a < b && !near(a)) a++;
      while (b > a && !near(b)) b--;
      const ta = timeOf(points[a]);
      const tb = timeOf(points[b]);
      if ((tb - ta) / 1000 >= AUTO_PAUSE_MIN_S) out.push({ start: ta, end: tb });
      j = k;
    } else {
      j++;
    }
  }
  return mergeIntervals(out);
}

/** Build the timeline of a cleaned, time-ordered track. */
export function buildRunTimeline(points: readonly GeoPoint[], options: TimelineOptions = {}): RunTimeline {
  const n = points.length;
  const times = new Float64Array(n);
  for (let i = 0; i < n; i++) times[i] = timeOf(points[i]);

  const explicit = mergeIntervals((options.pauses ?? []).map((p) => ({ ...p, source: 'explicit' as const })));
  const auto =
    options.autoPause === false
      ? []
      : detectAutoPauses(points).map((p) => ({ ...p, source: 'auto' as const }));
  // Report explicit pauses as given and only the parts of auto pauses they do not already cover.
  const pauses: DetectedPause[] = [...explicit];
  for (const a of auto) {
    let pieces: DetectedPause[] = [a];
    for (const e of explicit) {
      pieces = pieces.flatMap((pc) => {
        if (e.end <= pc.start || e.start >= pc.end) return [pc];
        const rest: DetectedPause[] = [];
        if (e.start > pc.start) rest.push({ ...pc, end: e.start });
        if (e.end < pc.end) rest.push({ ...pc, start: e.end });
        return rest;
      });
    }
    pauses.push(...pieces.filter((pc) => pc.end > pc.start));
  }
  pauses.sort((a, b) => a.start - b.start);

  // Does step (a, b) overlap any interval of `list`? Steps come in time order, so a cursor per
  // list keeps this linear.
  const overlaps = (list: readonly PauseInterval[], cursor: { i: number }, a: number, b: number): boolean => {
    while (cursor.i < list.length && list[cursor.i].end <= a) cursor.i++;
    for (let q = cursor.i; q < list.length && list[q].start < b; q++) if (list[q].end > a) return true;
    return false;
  };
  const autoMerged = mergeIntervals(auto);
  const explicitCursor = { i: 0 };
  const autoCursor = { i: 0 };

  const distance = new Float64Array(n);
  const moving = new Float64Array(n);
  const paused = new Uint8Array(n);
  const stepLength = new Float64Array(n);
  // Start index of the current run of auto-paused steps (-1 when not in one).
  let autoRunStart = -1;
  for (let i = 1; i < n; i++) {
    const a = times[i - 1];
    const b = times[i];
    const d = geodesicMetersFast(points[i - 1].lat, points[i - 1].lng, points[i].lat, points[i].lng);
    stepLength[i] = d;
    const timed = !Number.isNaN(a) && !Number.isNaN(b);
    const byTimer = timed && overlaps(explicit, explicitCursor, a, b);
    const byAuto = !byTimer && timed && overlaps(autoMerged, autoCursor, a, b);
    paused[i] = byTimer || byAuto ? 1 : 0;
    let add = 0;
    if (byAuto) {
      if (autoRunStart < 0) autoRunStart = i - 1;
      const endsHere =
        i === n - 1 ||
        Number.isNaN(times[i + 1]) ||
        !overlaps(autoMerged, { i: autoCursor.i }, b, times[i + 1]) ||
        overlaps(explicit, { i: explicitCursor.i }, b, times[i + 1]);
      // A timer the runner left running keeps the distance: credit the net displacement of the
      // whole stop (slow walking counts, GPS drift while standing does not add up).
      if (endsHere) {
        const p0 = points[autoRunStart];
        add = geodesicMetersFast(p0.lat, p0.lng, points[i].lat, points[i].lng);
        autoRunStart = -1;
      }
    } else {
      autoRunStart = -1;
      add = byTimer ? 0 : d;
    }
    distance[i] = distance[i - 1] + add;
    const dt = timed ? Math.max(0, (b - a) / 1000) : 0;
    moving[i] = moving[i - 1] + (paused[i] ? 0 : dt);
  }
  let first = NaN;
  let last = NaN;
  for (let i = 0; i < n && Number.isNaN(first); i++) first = times[i];
  for (let i = n - 1; i >= 0 && Number.isNaN(last); i--) last = times[i];
  return {
    length: n,
    times,
    distance,
    moving,
    paused,
    stepLength,
    pauses,
    totalDistance: n > 0 ? distance[n - 1] : 0,
    movingSeconds: n > 0 ? moving[n - 1] : 0,
    elapsedSeconds: Number.isNaN(first) || Number.isNaN(last) ? 0 : Math.max(0, (last - first) / 1000),
  };
}
