import { createLocalProjection } from './distance';
import type { LngLat } from './types';

/** §6.3 / §6.5: preview and thumbnail lines are simplified at 0.0001° (≈ 11 m N–S). */
export const PREVIEW_SIMPLIFY_TOLERANCE_DEG = 0.0001;

/**
 * Douglas–Peucker over planar `[x, y]` points: keeps the points that deviate more than
 * `tolerance` from the chord of their span. Iterative (an explicit stack), so a 100 000-point
 * track cannot overflow the call stack. Returns the kept indices in order.
 */
export function douglasPeuckerIndices(
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  tolerance: number,
): number[] {
  const n = xs.length;
  if (n <= 2) return Array.from({ length: n }, (_, i) => i);
  const keep = new Uint8Array(n);
  keep[0] = 1;
  keep[n - 1] = 1;
  const tol2 = tolerance * tolerance;
  const stack: number[] = [0, n - 1];
  while (stack.length > 0) {
    const last = stack.pop() as number;
    const first = stack.pop() as number;
    const ax = xs[first];
    const ay = ys[first];
    const dx = xs[last] - ax;
    const dy = ys[last] - ay;
    const len2 = dx * dx + dy * dy;
    let maxD2 = -1;
    let index = -1;
    for (let i = first + 1; i < last; i++) {
      let t = len2 > 0 ? ((xs[i] - ax) * dx + (ys[i] - ay) * dy) / len2 : 0;
      t = t < 0 ? 0 : t > 1 ? 1 : t;
      const ex = ax + t * dx - xs[i];
      const ey = ay + t * dy - ys[i];
      const d2 = ex * ex + ey * ey;
      if (d2 > maxD2) {
        maxD2 = d2;
        index = i;
      }
    }
    if (index >= 0 && maxD2 > tol2) {
      keep[index] = 1;
      stack.push(first, index, index, last);
    }
  }
  const out: number[] = [];
  for (let i = 0; i < n; i++) if (keep[i]) out.push(i);
  return out;
}

/**
 * Douglas–Peucker on `[lng, lat]` in raw degrees, as the reference's shapely `simplify(0.0001)`
 * (which is additionally topology-preserving; at this tolerance that only matters for lines that
 * nearly touch themselves, and a preview does not care).
 */
export function simplifyLine(
  coords: readonly LngLat[],
  toleranceDeg = PREVIEW_SIMPLIFY_TOLERANCE_DEG,
): LngLat[] {
  const xs = coords.map((c) => c[0]);
  const ys = coords.map((c) => c[1]);
  return douglasPeuckerIndices(xs, ys, toleranceDeg).map((i) => coords[i]);
}

/** Douglas–Peucker with a tolerance in metres (WGS84 plane at the line's mean latitude). */
export function simplifyLineMeters(coords: readonly LngLat[], toleranceMeters: number): LngLat[] {
  if (coords.length <= 2) return [...coords];
  const meanLat = coords.reduce((s, c) => s + c[1], 0) / coords.length;
  const proj = createLocalProjection(meanLat, coords[0][0]);
  const xs = coords.map((c) => proj.x(c[0]));
  const ys = coords.map((c) => proj.y(c[1]));
  return douglasPeuckerIndices(xs, ys, toleranceMeters).map((i) => coords[i]);
}
