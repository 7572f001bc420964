import type { RunTimeline } from './timeline';

export const SPLIT_DISTANCE_M = 1000;

export interface Split {
  /** 1-based (`split_number`) */
  index: number;
  /** 1000 for full splits; the remainder for the partial last one (0.1 m) */
  distanceMeters: number;
  /** moving time for this split (s, rounded) */
  durationSeconds: number;
  /** duration normalised to one kilometre (s/km, rounded); null for a zero-time split */
  paceSecondsPerKm: number | null;
  /** smoothed elevation at the split's end minus at its start (0.1 m); null without elevation */
  elevationChangeMeters: number | null;
}

export interface SplitsResult {
  /** full kilometres only */
  splits: Split[];
  /** what is left after the last full kilometre, when anything is */
  partial: Split | null;
}

/** Value of `series` at cumulative moving distance `d`, interpolated within the crossing step. */
function atDistance(
  tl: RunTimeline,
  series: ArrayLike<number>,
  d: number,
  from: number,
): { value: number; index: number } {
  let i = from;
  const dist = tl.distance;
  while (i + 1 < tl.length && dist[i + 1] < d) i++;
  if (i + 1 >= tl.length) return { value: series[tl.length - 1], index: tl.length - 1 };
  const d0 = dist[i];
  const d1 = dist[i + 1];
  const f = d1 > d0 ? (d - d0) / (d1 - d0) : 1;
  return { value: series[i] + f * (series[i + 1] - series[i]), index: i };
}

function round1(v: number): number {
  return Math.round(v * 10) / 10;
}

/**
 * Kilometre splits on moving distance and moving time (pauses excluded, like the runner's timer),
 * with the boundary instants interpolated inside the step that crosses each kilometre — the
 * reference instead cut at the first point past 1000 m, making every split slightly long. Pace is
 * normalised per kilometre, so the partial last split is comparable.
 */
export function computeSplits(
  tl: RunTimeline,
  elevations: ArrayLike<number> | null = null,
  splitMeters = SPLIT_DISTANCE_M,
): SplitsResult {
  const total = tl.totalDistance;
  const splits: Split[] = [];
  if (tl.length < 2 || total <= 0) return { splits, partial: null };
  const hasEle = elevations !== null && elevations.length === tl.length && !Number.isNaN(elevations[0]);

  let prevTime = 0;
  let prevEle = hasEle ? (elevations as ArrayLike<number>)[0] : NaN;
  let cursor = 0;
  const full = Math.floor(total / splitMeters + 1e-9);
  const make = (index: number, distance: number, endTime: number, endEle: number): Split => {
    const duration = endTime - prevTime;
    return {
      index,
      distanceMeters: round1(distance),
      durationSeconds: Math.round(duration),
      paceSecondsPerKm: duration > 0 ? Math.round(duration / (distance / 1000)) : null,
      elevationChangeMeters: hasEle ? round1(endEle - prevEle) : null,
    };
  };
  for (let k = 1; k <= full; k++) {
    const boundary = k * splitMeters;
    const t = atDistance(tl, tl.moving, boundary, cursor);
    cursor = t.index;
    const e = hasEle ? atDistance(tl, elevations as ArrayLike<number>, boundary, cursor).value : NaN;
    splits.push(make(k, splitMeters, t.value, e));
    prevTime = t.value;
    prevEle = e;
  }
  const rest = total - full * splitMeters;
  const partial =
    rest > 0.05
      ? make(
          full + 1,
          rest,
          tl.moving[tl.length - 1],
          hasEle ? (elevations as ArrayLike<number>)[tl.length - 1] : NaN,
        )
      : null;
  return { splits, partial };
}
