import { haversineMeters } from './distance';
import { toLngLatPairs } from './line';
import type { LineCoordinates } from './types';

/** §6.4: checkpoints every 500 m, only on routes of at least 1 km. */
export const CHECKPOINT_INTERVAL_M = 500;
export const CHECKPOINT_MIN_ROUTE_M = 1000;
/** §6.4: no intermediate checkpoint closer than this to the finish. */
export const CHECKPOINT_FINISH_GAP_M = 200;
/** §6.4: a pass counts within this distance (inclusive). */
export const CHECKPOINT_PASS_RADIUS_M = 50;
/** §6.4: a pass without a distance is treated as this far away. */
const MISSING_PASS_DISTANCE_M = 999;

export interface Checkpoint {
  /** 1-based, sequential */
  id: number;
  /** 0-based, sequential */
  order: number;
  lat: number;
  lng: number;
  /** whole metres from the start along the route (haversine, as the reference) */
  distanceFromStartMeters: number;
}

/**
 * §6.4 checkpoints: start (distance 0), one every `interval` metres along the route (linear
 * interpolation inside the segment) while at least 200 m remain to the finish, then the finish
 * at `int(total)`. Empty for routes under 1 km or with fewer than 2 points.
 */
export function generateCheckpoints(route: LineCoordinates, interval = CHECKPOINT_INTERVAL_M): Checkpoint[] {
  const coords = toLngLatPairs(route);
  if (coords.length < 2 || !(interval > 0)) return [];
  const cum = [0];
  for (let i = 1; i < coords.length; i++) {
    cum.push(cum[i - 1] + haversineMeters(coords[i - 1][1], coords[i - 1][0], coords[i][1], coords[i][0]));
  }
  const total = cum[cum.length - 1];
  if (total < CHECKPOINT_MIN_ROUTE_M) return [];

  const out: Checkpoint[] = [];
  const push = (lng: number, lat: number, distance: number): void => {
    out.push({ id: out.length + 1, order: out.length, lat, lng, distanceFromStartMeters: distance });
  };
  push(coords[0][0], coords[0][1], 0);
  let seg = 1;
  for (let target = interval; total - target >= CHECKPOINT_FINISH_GAP_M; target += interval) {
    while (seg < coords.length - 1 && cum[seg] < target) seg++;
    const a = coords[seg - 1];
    const b = coords[seg];
    const len = cum[seg] - cum[seg - 1];
    const f = len > 0 ? (target - cum[seg - 1]) / len : 0;
    push(a[0] + f * (b[0] - a[0]), a[1] + f * (b[1] - a[1]), target);
  }
  const last = coords[coords.length - 1];
  push(last[0], last[1], Math.trunc(total));
  return out;
}

export interface CheckpointPass {
  checkpoint_id: number;
  distance_from_checkpoint?: number | null;
  /** echoed back as sent (the client sends epoch seconds; tests send ISO strings) */
  timestamp?: number | string | null;
}

export interface CheckpointResult {
  checkpointId: number;
  passed: boolean;
  timestamp: number | string | null;
  distanceMeters: number | null;
}

/**
 * §6.4 validation at run completion: a checkpoint is passed when a client pass with its id has
 * `distance_from_checkpoint ≤ 50` (a missing distance counts as 999). When the client sent several
 * passes for one checkpoint, the closest one is reported (the reference kept whichever came last).
 */
export function validateCheckpoints(
  courseCheckpoints: ReadonlyArray<{ id: number }>,
  passes: readonly CheckpointPass[],
): CheckpointResult[] {
  const best = new Map<number, CheckpointPass>();
  for (const p of passes) {
    const prev = best.get(p.checkpoint_id);
    const d = p.distance_from_checkpoint ?? MISSING_PASS_DISTANCE_M;
    if (!prev || d < (prev.distance_from_checkpoint ?? MISSING_PASS_DISTANCE_M)) best.set(p.checkpoint_id, p);
  }
  return courseCheckpoints.map((cp) => {
    const pass = best.get(cp.id);
    if (!pass) return { checkpointId: cp.id, passed: false, timestamp: null, distanceMeters: null };
    const d = pass.distance_from_checkpoint ?? MISSING_PASS_DISTANCE_M;
    return {
      checkpointId: cp.id,
      passed: d <= CHECKPOINT_PASS_RADIUS_M,
      timestamp: pass.timestamp ?? null,
      distanceMeters: pass.distance_from_checkpoint ?? null,
    };
  });
}
