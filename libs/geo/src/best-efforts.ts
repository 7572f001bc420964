import type { RunTimeline } from './timeline';

export interface BestEffortTarget {
  key: string;
  meters: number;
}

/** Standard best-effort distances (a half is 21 097.5 m, not the reference's truncated 21 097). */
export const BEST_EFFORT_TARGETS: readonly BestEffortTarget[] = Object.freeze([
  { key: '400m', meters: 400 },
  { key: '1k', meters: 1000 },
  { key: '1mile', meters: 1609.344 },
  { key: '5k', meters: 5000 },
  { key: '10k', meters: 10000 },
  { key: 'half', meters: 21097.5 },
  { key: 'marathon', meters: 42195 },
]);

export interface BestEffort {
  key: string;
  distanceMeters: number;
  /** fastest time over the distance (s, 0.1) */
  durationSeconds: number;
  paceSecondsPerKm: number;
  /** point at or just before the effort's start */
  startIndex: number;
  /** point at or just after the effort's end */
  endIndex: number;
  /** interpolated instants (epoch ms) */
  startTime: number;
  endTime: number;
}

/**
 * Fastest time over each target distance anywhere in the run, by a sliding window over
 * cumulative moving distance with wall-clock time (a rest inside the window is not free, but
 * distance walked while the timer was stopped is not on the axis). Time is interpolated linearly
 * inside the steps at both window edges. The minimum of T(x + L) − T(x) over a piecewise-linear T
 * lies where x or x + L is a vertex, so two passes with monotone pointers — windows ending at a
 * vertex, then windows starting at one — find it exactly in O(n) per distance.
 */
export function computeBestEfforts(
  tl: RunTimeline,
  targets: readonly BestEffortTarget[] = BEST_EFFORT_TARGETS,
): BestEffort[] {
  const n = tl.length;
  const D = tl.distance;
  const T = tl.times;
  for (let i = 0; i < n; i++) if (Number.isNaN(T[i])) return [];
  const out: BestEffort[] = [];
  if (n < 2) return out;
  for (const target of targets) {
    const L = target.meters;
    if (D[n - 1] + 1e-9 < L) continue;
    let best = Infinity;
    let bStartT = 0;
    let bEndT = 0;
    let bStartI = 0;
    let bEndI = 0;

    // Windows ending at vertex j; start s = D[j] − L falls in step (i, i + 1) with D[i] ≤ s < D[i+1].
    let i = 0;
    for (let j = 1; j < n; j++) {
      const s = D[j] - L;
      if (s < 0) continue;
      while (i + 1 < j && D[i + 1] <= s) i++;
      const span = D[i + 1] - D[i];
      const startT = span > 0 ? T[i] + ((s - D[i]) / span) * (T[i + 1] - T[i]) : T[i];
      const dur = T[j] - startT;
      if (dur < best) {
        best = dur;
        bStartT = startT;
        bEndT = T[j];
        bStartI = i;
        bEndI = j;
      }
    }
    // Windows starting at vertex a; end e = D[a] + L falls in step (k − 1, k) with D[k−1] < e ≤ D[k].
    let k = 1;
    for (let a = 0; a < n - 1; a++) {
      const e = D[a] + L;
      if (e > D[n - 1] + 1e-9) break;
      if (k <= a) k = a + 1;
      while (k < n - 1 && D[k] < e) k++;
      const span = D[k] - D[k - 1];
      const endT = span > 0 ? T[k - 1] + ((e - D[k - 1]) / span) * (T[k] - T[k - 1]) : T[k];
      const dur = endT - T[a];
      if (dur < best) {
        best = dur;
        bStartT = T[a];
        bEndT = endT;
        bStartI = a;
        bEndI = k;
      }
    }
    if (!Number.isFinite(best)) continue;
    const seconds = best / 1000;
    out.push({
      key: target.key,
      distanceMeters: L,
      durationSeconds: Math.round(seconds * 10) / 10,
      paceSecondsPerKm: Math.round(seconds / (L / 1000)),
      startIndex: bStartI,
      endIndex: bEndI,
      startTime: Math.round(bStartT),
      endTime: Math.round(bEndT),
    });
  }
  return out;
}
