/**
 * Test-only builders for synthetic courses and runs. Not exported from index.ts.
 */
import { createLocalProjection, type LocalProjection } from '../distance';
import type { GeoPoint, LngLat } from '../types';

/** Deterministic PRNG (mulberry32) so noisy fixtures are reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal sample (Box–Muller). */
export function gaussian(rnd: () => number): number {
  const u = Math.max(rnd(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rnd());
}

/** A metric plane around Seoul (37.5 N, 127 E) for building shapes in metres. */
export const SEOUL: LocalProjection = createLocalProjection(37.5, 127);

export type XY = [number, number];

export function toLngLat(xy: readonly XY[], proj: LocalProjection = SEOUL): LngLat[] {
  return xy.map(([x, y]) => [proj.lng(x), proj.lat(y)]);
}

/** Points every `spacing` metres along a planar polyline (first and last vertex included). */
export function resample(xy: readonly XY[], spacing: number): XY[] {
  const out: XY[] = [xy[0]];
  let carry = 0;
  for (let i = 1; i < xy.length; i++) {
    const [ax, ay] = xy[i - 1];
    const [bx, by] = xy[i];
    const len = Math.hypot(bx - ax, by - ay);
    let d = spacing - carry;
    while (d <= len) {
      const t = d / len;
      out.push([ax + t * (bx - ax), ay + t * (by - ay)]);
      d += spacing;
    }
    carry = len - (d - spacing);
  }
  const last = xy[xy.length - 1];
  const tail = out[out.length - 1];
  if (tail[0] !== last[0] || tail[1] !== last[1]) out.push(last);
  return out;
}

/** A circle of radius r (m) centred on (cx, cy), starting at its southernmost point. */
export function circle(r: number, n: number, clockwise = false, cx = 0, cy = 0): XY[] {
  const out: XY[] = [];
  for (let i = 0; i <= n; i++) {
    const a = -Math.PI / 2 + ((clockwise ? -1 : 1) * 2 * Math.PI * i) / n;
    out.push([cx + r * Math.cos(a), cy + r * Math.sin(a)]);
  }
  return out;
}

export interface RunOptions {
  /** seconds between samples */
  interval?: number;
  /** m/s */
  speed?: number;
  /** Gaussian noise σ in metres */
  noise?: number;
  seed?: number;
  start?: number;
  ele?: (i: number) => number | null;
}

/** Turns planar samples into timed GeoPoints moving at constant speed. */
export function toRun(xy: readonly XY[], opts: RunOptions = {}, proj: LocalProjection = SEOUL): GeoPoint[] {
  const speed = opts.speed ?? 3;
  const rnd = seededRandom(opts.seed ?? 1);
  const noise = opts.noise ?? 0;
  let t = opts.start ?? Date.UTC(2025, 0, 1, 0, 0, 0);
  const out: GeoPoint[] = [];
  for (let i = 0; i < xy.length; i++) {
    if (i > 0) t += (Math.hypot(xy[i][0] - xy[i - 1][0], xy[i][1] - xy[i - 1][1]) / speed) * 1000;
    const x = xy[i][0] + (noise ? gaussian(rnd) * noise : 0);
    const y = xy[i][1] + (noise ? gaussian(rnd) * noise : 0);
    out.push({ lat: proj.lat(y), lng: proj.lng(x), ele: opts.ele ? opts.ele(i) : null, time: Math.round(t) });
  }
  return out;
}

/** Offsets every planar point sideways (to the right of travel) by `d` metres. */
export function offsetRight(xy: readonly XY[], d: number): XY[] {
  return xy.map(([x, y], i) => {
    const a = xy[Math.max(0, i - 1)];
    const b = xy[Math.min(xy.length - 1, i + 1)];
    const dx = b[0] - a[0];
    const dy = b[1] - a[1];
    const len = Math.hypot(dx, dy) || 1;
    return [x + (dy / len) * d, y - (dx / len) * d];
  });
}
