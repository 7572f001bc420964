const K = 1000;

/** §8.6: lifetime distance (m) needed for each level; level = 1 + index of the highest reached. */
export const RUNNER_LEVEL_THRESHOLDS_M: readonly number[] = Object.freeze(
  [
    0, 5, 10, 15, 20, 25, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120, 140, 160, 180, 200, 220, 240, 260, 280,
    320, 360, 400, 440, 480, 520, 560, 600, 660, 720, 780, 840, 900, 960, 1020, 1100, 1180, 1260, 1340, 1420,
    1500, 1580, 1660, 1750, 1860, 1980, 2100, 2220, 2350, 2480, 2620, 2780, 2950, 3120, 3300, 3480, 3660,
    3850, 4050, 4260, 4500, 4750, 5000, 5260, 5530, 5810, 6100, 6400, 6720, 7060, 7400, 7760, 8130, 8510,
    8900, 9300, 9720, 10150, 10600, 11060, 11540, 12030, 12540, 13070, 13620, 14000, 14400, 14800, 15200,
    15600, 16000, 16500,
  ].map((km) => km * K),
);

export const MAX_RUNNER_LEVEL = RUNNER_LEVEL_THRESHOLDS_M.length;

/** Runner level (1–96) for a lifetime distance in metres (binary search over §8.6). */
export function runnerLevel(totalDistanceMeters: number): number {
  const d = Number.isFinite(totalDistanceMeters) ? totalDistanceMeters : 0;
  let lo = 0;
  let hi = RUNNER_LEVEL_THRESHOLDS_M.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (RUNNER_LEVEL_THRESHOLDS_M[mid] <= d) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

/** Distance (m) still needed for the next level; null at the top level. */
export function distanceToNextLevel(totalDistanceMeters: number): number | null {
  const level = runnerLevel(totalDistanceMeters);
  if (level >= MAX_RUNNER_LEVEL) return null;
  return RUNNER_LEVEL_THRESHOLDS_M[level] - Math.max(0, totalDistanceMeters);
}
