import type { GeoPoint } from './types';

/**
 * GPS altitude is noisy (σ 5–10 m, wandering), and summing every wiggle can double a run's
 * climb. We first average elevations over a centred window of this much path distance, then count
 * only changes of at least ELEVATION_HYSTERESIS_M (the reference used 2 m on raw values).
 * A 100 m window keeps real hills (a 10 % grade over 200 m keeps its full rise) while removing
 * point-to-point noise.
 */
export const ELEVATION_SMOOTHING_WINDOW_M = 100;
export const ELEVATION_HYSTERESIS_M = 3;
/** Points in the stored elevation profile (`elevation_profile`). */
export const ELEVATION_PROFILE_SAMPLES = 100;

export interface ElevationOptions {
  smoothingWindowMeters?: number;
  hysteresisMeters?: number;
  /**
   * Treat an elevation of exactly 0 as missing (default true): writers that have no altitude
   * often put 0 (Strava streams, some GPX exporters; the reference skipped 0 too), while a real
   * GPS altitude is practically never 0.000 to the millimetre.
   */
  zeroIsMissing?: boolean;
}

export interface ElevationSummary {
  gainMeters: number;
  lossMeters: number;
  minMeters: number | null;
  maxMeters: number | null;
  /** evenly spaced (by distance) smoothed elevations, 1 dp; [] without elevation data */
  profile: number[];
}

function usableEle(e: number | null, zeroIsMissing: boolean): e is number {
  return e !== null && Number.isFinite(e) && !(zeroIsMissing && e === 0);
}

/** Cumulative path distance along the points (every step counts), for positioning samples. */
export function cumulativeDistances(stepLength: ArrayLike<number>): Float64Array {
  const out = new Float64Array(stepLength.length);
  for (let i = 1; i < stepLength.length; i++) out[i] = out[i - 1] + stepLength[i];
  return out;
}

/**
 * Centred moving average of the usable elevations over `window` metres of path distance, then
 * filled in at points without elevation by linear interpolation along the distance (held flat
 * before the first and after the last known value). All NaN when no point has an elevation.
 */
export function smoothElevations(
  points: readonly GeoPoint[],
  distances: ArrayLike<number>,
  options: ElevationOptions = {},
): Float64Array {
  const window = options.smoothingWindowMeters ?? ELEVATION_SMOOTHING_WINDOW_M;
  const zeroIsMissing = options.zeroIsMissing ?? true;
  const n = points.length;
  const idx: number[] = [];
  for (let i = 0; i < n; i++) if (usableEle(points[i].ele, zeroIsMissing)) idx.push(i);
  const out = new Float64Array(n).fill(NaN);
  if (idx.length === 0) return out;

  const m = idx.length;
  const prefix = new Float64Array(m + 1);
  for (let k = 0; k < m; k++) prefix[k + 1] = prefix[k] + (points[idx[k]].ele as number);
  const half = window / 2;
  let lo = 0;
  let hi = 0;
  for (let k = 0; k < m; k++) {
    const d = distances[idx[k]];
    while (distances[idx[lo]] < d - half) lo++;
    if (hi < k) hi = k;
    while (hi + 1 < m && distances[idx[hi + 1]] <= d + half) hi++;
    out[idx[k]] = (prefix[hi + 1] - prefix[lo]) / (hi + 1 - lo);
  }

  // Fill gaps between known values.
  for (let i = 0; i < idx[0]; i++) out[i] = out[idx[0]];
  for (let i = idx[m - 1] + 1; i < n; i++) out[i] = out[idx[m - 1]];
  for (let k = 0; k + 1 < m; k++) {
    const a = idx[k];
    const b = idx[k + 1];
    if (b - a < 2) continue;
    const span = distances[b] - distances[a];
    for (let i = a + 1; i < b; i++) {
      const f = span > 0 ? (distances[i] - distances[a]) / span : (i - a) / (b - a);
      out[i] = out[a] + f * (out[b] - out[a]);
    }
  }
  return out;
}

/**
 * Threshold (hysteresis) climb counting, the reference's algorithm: a reference level moves only
 * when the value has moved at least `threshold` from it, and the whole move is counted.
 * NaN values are skipped.
 */
export function hysteresisGainLoss(
  values: ArrayLike<number>,
  threshold: number,
): { gain: number; loss: number } {
  let gain = 0;
  let loss = 0;
  let ref = NaN;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isNaN(v)) continue;
    if (Number.isNaN(ref)) {
      ref = v;
      continue;
    }
    const diff = v - ref;
    if (diff >= threshold) {
      gain += diff;
      ref = v;
    } else if (-diff >= threshold) {
      loss -= diff;
      ref = v;
    }
  }
  return { gain, loss };
}

/** Evenly spaced (by distance) samples of a fully filled elevation series, 1 dp. */
export function sampleElevationProfile(
  elevations: ArrayLike<number>,
  distances: ArrayLike<number>,
  samples = ELEVATION_PROFILE_SAMPLES,
): number[] {
  const n = elevations.length;
  if (n === 0 || Number.isNaN(elevations[0]) || samples < 1) return [];
  const total = distances[n - 1];
  if (n === 1 || total <= 0 || samples === 1) return [Math.round(elevations[0] * 10) / 10];
  const out: number[] = [];
  let i = 0;
  for (let s = 0; s < samples; s++) {
    const target = (total * s) / (samples - 1);
    while (i + 1 < n - 1 && distances[i + 1] < target) i++;
    const d0 = distances[i];
    const d1 = distances[i + 1];
    const f = d1 > d0 ? Math.min(1, Math.max(0, (target - d0) / (d1 - d0))) : 0;
    out.push(Math.round((elevations[i] + f * (elevations[i + 1] - elevations[i])) * 10) / 10);
  }
  return out;
}

/**
 * Gain, loss, range and profile of a run (Decision 1): smoothed, then hysteresis-thresholded.
 * `distances` are cumulative path distances per point (see `cumulativeDistances`); pass the
 * output of `smoothElevations` as `smoothedSeries` when you already have it.
 */
export function summarizeElevation(
  points: readonly GeoPoint[],
  distances: ArrayLike<number>,
  options: ElevationOptions & { profileSamples?: number } = {},
  smoothedSeries?: Float64Array,
): ElevationSummary {
  const smoothed = smoothedSeries ?? smoothElevations(points, distances, options);
  if (smoothed.length === 0 || Number.isNaN(smoothed[0])) {
    return { gainMeters: 0, lossMeters: 0, minMeters: null, maxMeters: null, profile: [] };
  }
  const { gain, loss } = hysteresisGainLoss(smoothed, options.hysteresisMeters ?? ELEVATION_HYSTERESIS_M);
  const zeroIsMissing = options.zeroIsMissing ?? true;
  let min = Infinity;
  let max = -Infinity;
  for (const p of points) {
    if (!usableEle(p.ele, zeroIsMissing)) continue;
    if (p.ele < min) min = p.ele;
    if (p.ele > max) max = p.ele;
  }
  return {
    gainMeters: Math.round(gain * 10) / 10,
    lossMeters: Math.round(loss * 10) / 10,
    minMeters: Math.round(min * 10) / 10,
    maxMeters: Math.round(max * 10) / 10,
    profile: sampleElevationProfile(smoothed, distances, options.profileSamples ?? ELEVATION_PROFILE_SAMPLES),
  };
}
