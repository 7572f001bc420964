import {
  analyzeSpeedAnomaly,
  buildFlagReason,
  cleanTrack,
  compareClientSummary,
  computeRunMetrics,
  estimateCalories,
  type GeoPoint,
  gpsJumpReasons,
  type LngLat,
  type PauseInterval,
  routeLength,
  type SummaryComparison,
  timerSecondsOfTrack,
} from '@runvs/geo';

/** What the phone said about the run (kept beside the server's own numbers). */
export interface ClientRunSummary {
  distanceMeters: number;
  /** moving time */
  durationSeconds: number;
  totalElapsedSeconds?: number | null;
  /** the summary fields exactly as the client (or file) reported them, stored in `client_summary` */
  reported?: Record<string, unknown>;
}

export interface RunValuesInput {
  /** the GPS the server holds (chunk points, parsed file points), any order */
  points: ReadonlyArray<GeoPoint & { accuracy?: number }>;
  /** pauses the runner's timer recorded (epoch ms) */
  pauses?: readonly PauseInterval[];
  /** a route given without timestamps (the complete request's `route_geometry`), used when there are no points */
  fallbackRoute?: readonly LngLat[] | null;
  clientSummary?: ClientRunSummary | null;
  weightKg?: number | null;
}

export interface StoredSplit {
  split_number: number;
  distance_meters: number;
  duration_seconds: number;
  pace_seconds_per_km: number | null;
  elevation_change_meters: number | null;
}

export interface StoredBestEffort {
  key: string;
  distance_meters: number;
  /** camelCase twin read by the analytics endpoint (libs/identity) */
  durationSeconds: number;
  duration_seconds: number;
  pace_seconds_per_km: number;
  start_time: string;
  end_time: string;
}

/** The server's own values of a run, ready for run_records (Decision 1). */
export interface RunValues {
  /** whether the numbers come from timed GPS (false: route only or nothing, client time used) */
  measured: boolean;
  pointCount: number;
  removedPoints: number;
  distanceMeters: number;
  durationSeconds: number;
  totalElapsedSeconds: number | null;
  avgPaceSecondsPerKm: number | null;
  bestPaceSecondsPerKm: number | null;
  avgSpeedMs: number | null;
  maxSpeedMs: number | null;
  calories: number | null;
  elevationGainMeters: number;
  elevationLossMeters: number;
  elevationProfile: number[];
  splits: StoredSplit[];
  bestEfforts: StoredBestEffort[];
  /** the cleaned route, GeoJSON order; null when fewer than 2 points */
  route: LngLat[] | null;
  /** first and last fix (epoch ms) when known */
  firstFixMs: number | null;
  lastFixMs: number | null;
  isFlagged: boolean;
  flagReason: string | null;
  flagReasons: string[];
  comparison: SummaryComparison | null;
  /**
   * Our own figures from the track, whatever is shown: course efforts and boards are timed by
   * these. Equal to the shown distance/duration/elapsed unless the device's totals are shown
   * (`showDeviceTotals`).
   */
  gpsDistanceMeters: number;
  movingTimeSeconds: number;
  elapsedSeconds: number | null;
}

/** The device's own session totals (FIT session, TCX laps, Strava's activity); null when not given. */
export interface DeviceTotals {
  distanceMeters: number | null;
  /** the device's timer time: pauses excluded as the runner paused (Strava: its moving time) */
  durationSeconds: number | null;
  elapsedSeconds: number | null;
}

/**
 * The run as the runner's device showed it: its distance and timer time (and elapsed time) replace
 * the shown figures, the average pace and speed are derived from them; our own figures stay in
 * `gpsDistanceMeters`/`movingTimeSeconds`/`elapsedSeconds`, and everything read from the track
 * (splits, best efforts, best pace, elevation, calories) is ours. A total the device did not give
 * (or gave as zero) leaves ours shown.
 */
export function showDeviceTotals(values: RunValues, device: DeviceTotals | null | undefined): RunValues {
  const positive = (v: number | null | undefined): number | null =>
    v != null && Number.isFinite(v) && v > 0 ? v : null;
  const distance = positive(device?.distanceMeters);
  const duration = positive(device?.durationSeconds);
  const elapsed = positive(device?.elapsedSeconds);
  if (distance === null && duration === null && elapsed === null) return values;
  const distanceMeters = distance === null ? values.distanceMeters : Math.round(distance);
  const durationSeconds = duration === null ? values.durationSeconds : Math.round(duration);
  const hasPace = distanceMeters > 0 && durationSeconds > 0;
  return {
    ...values,
    distanceMeters,
    durationSeconds,
    totalElapsedSeconds: elapsed === null ? values.totalElapsedSeconds : Math.round(elapsed),
    avgPaceSecondsPerKm: hasPace ? Math.round(durationSeconds / (distanceMeters / 1000)) : null,
    avgSpeedMs: hasPace ? Math.round((distanceMeters / durationSeconds) * 100) / 100 : null,
  };
}

const round = (v: number | null | undefined): number | null => (v == null ? null : Math.round(v));

/**
 * Which of our durations a client's (or a watch's) duration is compared with. A timer with
 * auto-pause leaves out the runner's stops, as our moving time does; without it the stops count,
 * as in our timer time (first to last fix less the recorded pauses). The closer of the two is the
 * comparable one: a watch without auto-pause and a runner waiting at lights is not a mismatch.
 */
export function durationComparableWith(theirs: number, movingSeconds: number, timerSeconds: number): number {
  return Math.abs(timerSeconds - theirs) <= Math.abs(movingSeconds - theirs) ? timerSeconds : movingSeconds;
}

/**
 * Recomputes a run from the GPS the server holds: cleaning, distance, moving/elapsed time,
 * splits, paces, elevation, max speed, calories, best efforts; then the flags — §4 speed brackets
 * on the server's own numbers, sustained teleports, and a client summary that disagrees beyond
 * tolerance. Without timed points the route's length is measured and the client's time is used.
 */
export function computeRunValues(input: RunValuesInput): RunValues {
  const cleaned = cleanTrack([...input.points]);
  const timed = cleaned.points.filter((p) => p.time !== null);
  const client = input.clientSummary ?? null;

  if (timed.length >= 2) {
    const metrics = computeRunMetrics(cleaned.points, { pauses: input.pauses, weightKg: input.weightKg });
    const route = cleaned.points.map((p) => [p.lng, p.lat] as LngLat);
    const splits: StoredSplit[] = metrics.splits.map((s) => ({
      split_number: s.index,
      distance_meters: s.distanceMeters,
      duration_seconds: s.durationSeconds,
      pace_seconds_per_km: s.paceSecondsPerKm,
      elevation_change_meters: s.elevationChangeMeters,
    }));
    const distance = Math.round(metrics.distanceMeters);
    const anomaly = analyzeSpeedAnomaly({
      distanceMeters: metrics.distanceMeters,
      durationSeconds: metrics.movingSeconds,
      avgSpeedMs: metrics.avgSpeedMs,
      maxSpeedMs: metrics.maxSpeedMs,
      bestPaceSecondsPerKm: metrics.bestPaceSecondsPerKm,
      splits: metrics.splits,
    });
    const comparison = client
      ? compareClientSummary(
          {
            distanceMeters: metrics.distanceMeters,
            durationSeconds: durationComparableWith(
              client.durationSeconds,
              metrics.movingSeconds,
              timerSecondsOfTrack(timed[0].time!, timed[timed.length - 1].time!, input.pauses ?? []),
            ),
          },
          { distanceMeters: client.distanceMeters, durationSeconds: client.durationSeconds },
        )
      : null;
    const reasons = [
      ...anomaly.reasons,
      ...gpsJumpReasons(cleaned.sustainedJumps),
      ...(comparison?.reasons ?? []),
    ];
    return {
      measured: true,
      pointCount: cleaned.points.length,
      removedPoints: cleaned.removedTotal,
      distanceMeters: distance,
      durationSeconds: metrics.movingSeconds,
      totalElapsedSeconds: metrics.elapsedSeconds,
      avgPaceSecondsPerKm: metrics.avgPaceSecondsPerKm,
      bestPaceSecondsPerKm: metrics.bestPaceSecondsPerKm,
      avgSpeedMs: metrics.avgSpeedMs,
      maxSpeedMs: metrics.maxSpeedMs,
      calories: metrics.calories,
      elevationGainMeters: Math.round(metrics.elevationGainMeters),
      elevationLossMeters: Math.round(metrics.elevationLossMeters),
      elevationProfile: metrics.elevationProfile,
      splits,
      bestEfforts: metrics.bestEfforts.map((e) => ({
        key: e.key,
        distance_meters: e.distanceMeters,
        durationSeconds: e.durationSeconds,
        duration_seconds: e.durationSeconds,
        pace_seconds_per_km: e.paceSecondsPerKm,
        start_time: new Date(e.startTime).toISOString(),
        end_time: new Date(e.endTime).toISOString(),
      })),
      route: route.length >= 2 ? route : null,
      firstFixMs: timed[0].time,
      lastFixMs: timed[timed.length - 1].time,
      isFlagged: reasons.length > 0,
      flagReason: buildFlagReason(reasons),
      flagReasons: reasons,
      comparison,
      gpsDistanceMeters: distance,
      movingTimeSeconds: metrics.movingSeconds,
      elapsedSeconds: metrics.elapsedSeconds,
    };
  }

  // No timed GPS: measure what line there is, take the time from the client.
  const route: LngLat[] =
    cleaned.points.length >= 2
      ? cleaned.points.map((p) => [p.lng, p.lat] as LngLat)
      : (input.fallbackRoute?.map((c) => [c[0], c[1]] as LngLat) ?? []);
  const distance = route.length >= 2 ? routeLength(route) : 0;
  const duration = Math.max(0, Math.round(client?.durationSeconds ?? 0));
  const hasPace = distance > 0 && duration > 0;
  const anomaly = analyzeSpeedAnomaly({ distanceMeters: distance, durationSeconds: duration });
  const comparison = client
    ? compareClientSummary(
        { distanceMeters: distance, durationSeconds: duration },
        { distanceMeters: client.distanceMeters, durationSeconds: client.durationSeconds },
      )
    : null;
  const reasons = [...anomaly.reasons, ...(comparison?.reasons ?? [])];
  return {
    measured: false,
    pointCount: route.length,
    removedPoints: cleaned.removedTotal,
    distanceMeters: Math.round(distance),
    durationSeconds: duration,
    totalElapsedSeconds: round(client?.totalElapsedSeconds) ?? duration,
    avgPaceSecondsPerKm: hasPace ? Math.round(duration / (distance / 1000)) : null,
    bestPaceSecondsPerKm: hasPace ? Math.round(duration / (distance / 1000)) : null,
    avgSpeedMs: hasPace ? Math.round((distance / duration) * 100) / 100 : null,
    maxSpeedMs: null,
    calories: estimateCalories({
      distanceMeters: distance,
      movingSeconds: duration,
      weightKg: input.weightKg,
    }),
    elevationGainMeters: 0,
    elevationLossMeters: 0,
    elevationProfile: [],
    splits: [],
    bestEfforts: [],
    route: route.length >= 2 ? route : null,
    firstFixMs: null,
    lastFixMs: null,
    isFlagged: reasons.length > 0,
    flagReason: buildFlagReason(reasons),
    flagReasons: reasons,
    comparison,
    gpsDistanceMeters: Math.round(distance),
    movingTimeSeconds: duration,
    elapsedSeconds: round(client?.totalElapsedSeconds) ?? duration,
  };
}
