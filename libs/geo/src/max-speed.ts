import { geodesicMetersFast } from './distance';
import type { RunTimeline } from './timeline';
import type { LatLng } from './types';

/**
 * Max speed is the fastest straight-line displacement over at least this many seconds, and it
 * must be confirmed by the next window too. A single bad fix then cannot set it: it only ever
 * sits at the end of one window and the start of another, never both consecutive windows.
 */
export const MAX_SPEED_WINDOW_S = 10;

/**
 * Robust maximum speed (m/s) over windows of `windowSeconds` that contain no paused step; null
 * when the run never has such a window (too short, or untimed).
 */
export function maxSustainedSpeed(
  points: readonly LatLng[],
  tl: RunTimeline,
  windowSeconds = MAX_SPEED_WINDOW_S,
): number | null {
  const n = tl.length;
  const w = windowSeconds * 1000;
  const t = tl.times;
  let i = 0;
  let segStart = 0;
  let prev = NaN;
  let best = NaN;
  let single = NaN;
  for (let j = 1; j < n; j++) {
    if (tl.paused[j] === 1 || Number.isNaN(t[j]) || Number.isNaN(t[j - 1])) {
      segStart = j;
      prev = NaN;
      continue;
    }
    if (i < segStart) i = segStart;
    while (i + 1 < j && t[j] - t[i + 1] >= w) i++;
    if (t[j] - t[i] < w) {
      prev = NaN;
      continue;
    }
    const v =
      geodesicMetersFast(points[i].lat, points[i].lng, points[j].lat, points[j].lng) / ((t[j] - t[i]) / 1000);
    if (Number.isNaN(single) || v > single) single = v;
    if (!Number.isNaN(prev)) {
      const confirmed = Math.min(prev, v);
      if (Number.isNaN(best) || confirmed > best) best = confirmed;
    }
    prev = v;
  }
  // One lonely window (a very short run) is all the evidence there is.
  const out = Number.isNaN(best) ? single : best;
  return Number.isNaN(out) ? null : out;
}
