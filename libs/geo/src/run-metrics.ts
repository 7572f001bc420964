import { computeBestEfforts, type BestEffort, type BestEffortTarget } from './best-efforts';
import { estimateCalories } from './calories';
import {
  cumulativeDistances,
  smoothElevations,
  summarizeElevation,
  type ElevationOptions,
} from './elevation';
import { maxSustainedSpeed } from './max-speed';
import { runnerLevel } from './runner-level';
import { computeSplits, type Split } from './splits';
import { buildRunTimeline, type DetectedPause } from './timeline';
import type { GeoPoint, PauseInterval } from './types';

export interface RunMetricsOptions {
  /** pauses the runner's timer recorded (epoch ms) */
  pauses?: readonly PauseInterval[];
  /** detect stationary periods as pauses too (default true) */
  autoPause?: boolean;
  /** body weight for calories; default 65 kg */
  weightKg?: number | null;
  /** lifetime distance before this run, for the runner level after it (default 0) */
  previousTotalDistanceMeters?: number;
  elevation?: ElevationOptions;
  profileSamples?: number;
  bestEffortTargets?: readonly BestEffortTarget[];
}

/** The server's own numbers for a run (Decision 1). Rounded for storage as documented. */
export interface RunMetrics {
  pointCount: number;
  /** moving distance: paused steps excluded (m, 0.1) */
  distanceMeters: number;
  /** first to last fix (s) */
  elapsedSeconds: number;
  /** elapsed minus pauses (s) */
  movingSeconds: number;
  pausedSeconds: number;
  /** explicit pauses as given plus detected stationary periods not already covered */
  pauses: DetectedPause[];
  /** moving time per km (s/km); null without distance or time */
  avgPaceSecondsPerKm: number | null;
  /** fastest full 1 km split (s/km), else the average pace */
  bestPaceSecondsPerKm: number | null;
  /** distance / moving time (m/s, 0.01) */
  avgSpeedMs: number | null;
  /** fastest 10 s window confirmed by the next one (m/s, 0.01) */
  maxSpeedMs: number | null;
  splits: Split[];
  partialSplit: Split | null;
  elevationGainMeters: number;
  elevationLossMeters: number;
  minElevationMeters: number | null;
  maxElevationMeters: number | null;
  elevationProfile: number[];
  calories: number;
  bestEfforts: BestEffort[];
  /** §8.6 level after adding this run to `previousTotalDistanceMeters` */
  runnerLevel: number;
}

/**
 * Everything the server recomputes for a run from its GPS. Give it cleaned points (`cleanTrack`)
 * in time order; points without time contribute distance but no time.
 */
export function computeRunMetrics(points: readonly GeoPoint[], options: RunMetricsOptions = {}): RunMetrics {
  const tl = buildRunTimeline(points, { pauses: options.pauses, autoPause: options.autoPause });
  const pathDistances = cumulativeDistances(tl.stepLength);
  const smoothed = smoothElevations(points, pathDistances, options.elevation);
  const elevation = summarizeElevation(
    points,
    pathDistances,
    { ...options.elevation, profileSamples: options.profileSamples },
    smoothed,
  );
  const { splits, partial } = computeSplits(tl, smoothed);

  const distance = tl.totalDistance;
  const moving = tl.movingSeconds;
  const hasPace = distance > 0 && moving > 0;
  const avgPace = hasPace ? Math.round(moving / (distance / 1000)) : null;
  let bestPace: number | null = null;
  for (const s of splits) {
    if (s.paceSecondsPerKm !== null && (bestPace === null || s.paceSecondsPerKm < bestPace))
      bestPace = s.paceSecondsPerKm;
  }
  const maxSpeed = maxSustainedSpeed(points, tl);

  return {
    pointCount: points.length,
    distanceMeters: Math.round(distance * 10) / 10,
    elapsedSeconds: Math.round(tl.elapsedSeconds),
    movingSeconds: Math.round(moving),
    pausedSeconds: Math.max(0, Math.round(tl.elapsedSeconds) - Math.round(moving)),
    pauses: tl.pauses,
    avgPaceSecondsPerKm: avgPace,
    bestPaceSecondsPerKm: bestPace ?? avgPace,
    avgSpeedMs: hasPace ? Math.round((distance / moving) * 100) / 100 : null,
    maxSpeedMs: maxSpeed === null ? null : Math.round(maxSpeed * 100) / 100,
    splits,
    partialSplit: partial,
    elevationGainMeters: elevation.gainMeters,
    elevationLossMeters: elevation.lossMeters,
    minElevationMeters: elevation.minMeters,
    maxElevationMeters: elevation.maxMeters,
    elevationProfile: elevation.profile,
    calories: estimateCalories({
      distanceMeters: distance,
      movingSeconds: moving,
      elevationGainMeters: elevation.gainMeters,
      weightKg: options.weightKg,
    }),
    bestEfforts: computeBestEfforts(tl, options.bestEffortTargets),
    runnerLevel: runnerLevel((options.previousTotalDistanceMeters ?? 0) + distance),
  };
}
