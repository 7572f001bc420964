import { createLocalProjection, geodesicMeters, wrapLngDelta } from './distance';
import type { LngLat } from './types';

/** A circle a runner keeps private (home, work): centre and radius in metres. */
export interface PrivacyCircle {
  lat: number;
  lng: number;
  radiusMeters: number;
}

export const MAX_PRIVACY_ZONES = 5;
export const MIN_PRIVACY_RADIUS_M = 100;
export const MAX_PRIVACY_RADIUS_M = 1000;

/** Whether a position lies inside (or on the edge of) any of the circles. */
export function isInsidePrivacyZones(lat: number, lng: number, zones: readonly PrivacyCircle[]): boolean {
  return zones.some((zone) => geodesicMeters(lat, lng, zone.lat, zone.lng) <= zone.radiusMeters);
}

/** Indices of the circles a line passes through (a vertex inside, or a segment crossing one). */
export function privacyZonesEntered(line: readonly LngLat[], zones: readonly PrivacyCircle[]): number[] {
  const entered: number[] = [];
  zones.forEach((zone, index) => {
    if (line.length === 1 && isInsidePrivacyZones(line[0][1], line[0][0], [zone])) entered.push(index);
    for (let i = 1; i < line.length; i++) {
      if (insideInterval(line[i - 1], line[i], zone) !== null) {
        entered.push(index);
        return;
      }
    }
  });
  return entered;
}

/**
 * A line with every part inside the circles removed: the line is CUT at each circle's edge (the
 * cut points lie on the circle) and never bridged across it, so what is left cannot be joined up
 * to reveal the hidden part. Returns the pieces outside, in order, each with at least two
 * positions; the line itself (one piece) when it touches no circle, [] when it is all inside.
 */
export function cutLineByPrivacyZones(line: readonly LngLat[], zones: readonly PrivacyCircle[]): LngLat[][] {
  if (line.length < 2) return [];
  if (zones.length === 0) return [line.map(([lng, lat]) => [lng, lat] as LngLat)];
  const pieces: LngLat[][] = [];
  let current: LngLat[] = [];
  const finish = () => {
    if (current.length >= 2) pieces.push(current);
    current = [];
  };
  for (let i = 1; i < line.length; i++) {
    const a = line[i - 1];
    const b = line[i];
    const hidden = mergeIntervals(
      zones
        .map((zone) => insideInterval(a, b, zone))
        .filter((span): span is [number, number] => span !== null),
    );
    let t = 0;
    for (const [from, to] of hidden) {
      if (from > t) {
        if (current.length === 0) current.push(at(a, b, t));
        current.push(at(a, b, from));
      }
      finish();
      t = Math.max(t, to);
    }
    if (t < 1) {
      if (current.length === 0) current.push(at(a, b, t));
      current.push([b[0], b[1]]);
    }
  }
  finish();
  return pieces;
}

/** The part [t0, t1] ⊂ [0, 1] of segment a→b inside the circle, or null (local metric plane). */
function insideInterval(a: LngLat, b: LngLat, zone: PrivacyCircle): [number, number] | null {
  const plane = createLocalProjection(zone.lat, zone.lng);
  const ax = plane.x(a[0]);
  const ay = plane.y(a[1]);
  const dx = wrapLngDelta(b[0] - a[0]) * plane.kx;
  const dy = (b[1] - a[1]) * plane.ky;
  const r2 = zone.radiusMeters * zone.radiusMeters;
  const qa = dx * dx + dy * dy;
  const qb = 2 * (ax * dx + ay * dy);
  const qc = ax * ax + ay * ay - r2;
  if (qa === 0) return qc <= 0 ? [0, 1] : null;
  const disc = qb * qb - 4 * qa * qc;
  if (disc < 0) return null;
  const root = Math.sqrt(disc);
  const t0 = Math.max(0, (-qb - root) / (2 * qa));
  const t1 = Math.min(1, (-qb + root) / (2 * qa));
  return t0 < t1 || (t0 === t1 && qc <= 0) ? [t0, t1] : null;
}

function mergeIntervals(spans: Array<[number, number]>): Array<[number, number]> {
  spans.sort((x, y) => x[0] - y[0]);
  const merged: Array<[number, number]> = [];
  for (const span of spans) {
    const last = merged[merged.length - 1];
    if (last && span[0] <= last[1]) last[1] = Math.max(last[1], span[1]);
    else merged.push([span[0], span[1]]);
  }
  return merged;
}

function at(a: LngLat, b: LngLat, t: number): LngLat {
  if (t <= 0) return [a[0], a[1]];
  if (t >= 1) return [b[0], b[1]];
  return [a[0] + wrapLngDelta(b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t];
}
