/**
 * Test-only builders of timed tracks from a speed profile. Not exported from index.ts.
 */
import { SEOUL, gaussian, seededRandom } from './synthetic';
import type { GeoPoint } from '../types';

export const T0 = Date.UTC(2025, 3, 1, 6, 0, 0);

export interface Leg {
  /** seconds */
  duration: number;
  /** m/s along the leg's heading (0 = standing still) */
  speed: number;
  /** metres of climb over the leg (spread evenly) */
  climb?: number;
}

export interface TrackOptions {
  /** seconds between fixes (may be fractional) */
  dt?: number;
  /** Gaussian position noise σ (m) */
  noise?: number;
  /** Gaussian elevation noise σ (m) */
  eleNoise?: number;
  startEle?: number | null;
  seed?: number;
  /** heading in radians, default north */
  heading?: number;
}

/** A straight-line track made of constant-speed legs, sampled every `dt` seconds. */
export function trackFromLegs(legs: readonly Leg[], opts: TrackOptions = {}): GeoPoint[] {
  const dt = opts.dt ?? 1;
  const rnd = seededRandom(opts.seed ?? 1);
  const heading = opts.heading ?? Math.PI / 2;
  const total = legs.reduce((s, l) => s + l.duration, 0);
  const out: GeoPoint[] = [];
  for (let t = 0; t <= total + 1e-9; t += dt) {
    let along = 0;
    let ele = opts.startEle === undefined ? 50 : opts.startEle;
    let rem = t;
    for (const leg of legs) {
      const used = Math.min(rem, leg.duration);
      along += used * leg.speed;
      if (ele !== null) ele += ((leg.climb ?? 0) * used) / leg.duration;
      rem -= used;
      if (rem <= 0) break;
    }
    const nx = opts.noise ? gaussian(rnd) * opts.noise : 0;
    const ny = opts.noise ? gaussian(rnd) * opts.noise : 0;
    out.push({
      lat: SEOUL.lat(Math.sin(heading) * along + ny),
      lng: SEOUL.lng(Math.cos(heading) * along + nx),
      ele: ele === null ? null : ele + (opts.eleNoise ? gaussian(rnd) * opts.eleNoise : 0),
      time: T0 + Math.round(t * 1000),
    });
  }
  return out;
}
