import { geodesicMeters, haversineMeters } from './distance';
import type { BoundingBox, LineCoordinates, LngLat } from './types';

/** A line as plain `[lng, lat]` pairs (altitude dropped), skipping malformed coordinates. */
export function toLngLatPairs(coords: LineCoordinates | null | undefined): LngLat[] {
  const out: LngLat[] = [];
  if (!coords) return out;
  for (const c of coords) {
    if (!Array.isArray(c) || c.length < 2) continue;
    const lng = c[0];
    const lat = c[1];
    if (typeof lng !== 'number' || typeof lat !== 'number' || !Number.isFinite(lng) || !Number.isFinite(lat))
      continue;
    out.push([lng, lat]);
  }
  return out;
}

/** Length of a `[lng, lat]` line on WGS84 (what PostGIS `ST_Length(geography)` returns). */
export function routeLength(coords: LineCoordinates): number {
  let total = 0;
  for (let i = 1; i < coords.length; i++) {
    total += geodesicMeters(coords[i - 1][1], coords[i - 1][0], coords[i][1], coords[i][0]);
  }
  return total;
}

/**
 * Length on the reference's R = 6 371 000 m sphere. The reference stores course
 * `distance_meters` and places checkpoints with this (§6.4, §6.7); 0.1–0.3 % shorter than WGS84
 * at mid latitudes.
 */
export function routeLengthHaversine(coords: LineCoordinates): number {
  let total = 0;
  for (let i = 1; i < coords.length; i++) {
    total += haversineMeters(coords[i - 1][1], coords[i - 1][0], coords[i][1], coords[i][0]);
  }
  return total;
}

/**
 * The point `targetMeters` along a `[lng, lat]` line (haversine lengths, linear interpolation of
 * the coordinates inside the segment, as the reference's `_interpolate_along_line`). Clamped to
 * the first and last coordinate; null for an empty line.
 */
export function interpolateAlongLine(coords: LineCoordinates, targetMeters: number): LngLat | null {
  if (coords.length === 0) return null;
  if (!(targetMeters > 0)) return [coords[0][0], coords[0][1]];
  let walked = 0;
  for (let i = 1; i < coords.length; i++) {
    const a = coords[i - 1];
    const b = coords[i];
    const seg = haversineMeters(a[1], a[0], b[1], b[0]);
    if (seg > 0 && walked + seg >= targetMeters) {
      const f = (targetMeters - walked) / seg;
      return [a[0] + f * (b[0] - a[0]), a[1] + f * (b[1] - a[1])];
    }
    walked += seg;
  }
  const last = coords[coords.length - 1];
  return [last[0], last[1]];
}

/** Bounding box of a `[lng, lat]` line; null when empty. Does not handle antimeridian wrap. */
export function boundingBox(coords: LineCoordinates): BoundingBox | null {
  if (coords.length === 0) return null;
  let minLng = Infinity;
  let minLat = Infinity;
  let maxLng = -Infinity;
  let maxLat = -Infinity;
  for (const c of coords) {
    if (c[0] < minLng) minLng = c[0];
    if (c[0] > maxLng) maxLng = c[0];
    if (c[1] < minLat) minLat = c[1];
    if (c[1] > maxLat) maxLat = c[1];
  }
  return { minLng, minLat, maxLng, maxLat };
}

/** §6.3: consecutive points closer than this in both lng and lat are one point. */
export const DEDUPE_EPSILON_DEG = 0.00001;

/** Drops points within `epsilon` degrees (both axes) of the previously kept point. */
export function dedupeConsecutive(coords: readonly LngLat[], epsilon = DEDUPE_EPSILON_DEG): LngLat[] {
  const out: LngLat[] = [];
  for (const c of coords) {
    const last = out[out.length - 1];
    if (last && Math.abs(c[0] - last[0]) < epsilon && Math.abs(c[1] - last[1]) < epsilon) continue;
    out.push(c);
  }
  return out;
}

/**
 * At most `max` points spread evenly over the line, first and last always kept. (The reference's
 * "every ⌊n/max⌋-th point plus the last" can return almost twice `max`; this never exceeds it.)
 */
export function sampleEvenly<T>(items: readonly T[], max: number): T[] {
  const n = items.length;
  if (n <= max) return [...items];
  if (max <= 1) return max === 1 ? [items[0]] : [];
  const out: T[] = [];
  for (let i = 0; i < max; i++) out.push(items[Math.round((i * (n - 1)) / (max - 1))]);
  return out;
}

/** The reference's sampling: every ⌊n/divisor⌋-th item (at least every item), then the last. */
export function sampleEveryNth<T>(items: readonly T[], divisor: number): T[] {
  const n = items.length;
  if (n === 0) return [];
  const step = Math.max(1, Math.floor(n / divisor));
  const out: T[] = [];
  for (let i = 0; i < n; i += step) out.push(items[i]);
  if ((n - 1) % step !== 0) out.push(items[n - 1]);
  return out;
}

export function roundCoord(c: LngLat, decimals: number): LngLat {
  const f = 10 ** decimals;
  return [Math.round(c[0] * f) / f, Math.round(c[1] * f) / f];
}
