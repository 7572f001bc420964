import type { ActivityTrackPoint, DeviceSummary } from '@runvs/activity-files';

/** §11: the sport types synced from Strava (runs only). */
export const STRAVA_RUN_SPORTS: readonly string[] = ['Run', 'TrailRun', 'VirtualRun'];

export interface StravaSummaryActivity {
  id: number;
  name?: string;
  sport_type?: string;
  type?: string;
  start_date: string;
  distance?: number;
  moving_time?: number;
  elapsed_time?: number;
  total_elevation_gain?: number;
  manual?: boolean;
  private?: boolean;
  device_name?: string;
}

export function isStravaRun(activity: Pick<StravaSummaryActivity, 'sport_type' | 'type'>): boolean {
  return STRAVA_RUN_SPORTS.includes(activity.sport_type ?? activity.type ?? '');
}

/** Strava's own totals of the activity (distance, moving and elapsed time), or null without any. */
export function stravaTotals(activity: StravaSummaryActivity): DeviceSummary | null {
  const positive = (v: number | undefined): number | null =>
    typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : null;
  const totals = {
    distanceMeters: positive(activity.distance),
    timerSeconds: positive(activity.moving_time),
    elapsedSeconds: positive(activity.elapsed_time),
  };
  if (totals.distanceMeters === null && totals.timerSeconds === null && totals.elapsedSeconds === null)
    return null;
  return {
    ...totals,
    ascentMeters: null,
    descentMeters: null,
    calories: null,
    avgHeartRate: null,
    maxSpeedMs: null,
  };
}

interface Stream<T> {
  data?: T[];
}

/** `key_by_type=true` object, or the legacy array of `{type, data}`. */
export type StravaStreams =
  | Partial<Record<'time' | 'latlng' | 'altitude' | 'heartrate' | 'distance', Stream<unknown>>>
  | Array<{ type: string; data?: unknown[] }>;

/**
 * Points from an activity's streams: latlng[i] at start + time[i] s, altitude and heart rate when
 * present. Missing streams are simply absent (a treadmill run has no latlng: no points).
 */
export function streamsToPoints(startDate: string, streams: StravaStreams): ActivityTrackPoint[] {
  const byType: Record<string, unknown[] | undefined> = {};
  if (Array.isArray(streams)) for (const s of streams) byType[s.type] = s.data;
  else for (const [type, s] of Object.entries(streams)) byType[type] = s?.data;
  const latlng = byType.latlng;
  const time = byType.time;
  const start = Date.parse(startDate);
  if (!Array.isArray(latlng) || !Array.isArray(time) || !Number.isFinite(start)) return [];
  const altitude = byType.altitude;
  const heartrate = byType.heartrate;
  const points: ActivityTrackPoint[] = [];
  const n = Math.min(latlng.length, time.length);
  for (let i = 0; i < n; i++) {
    const position = latlng[i];
    const offset = time[i];
    if (!Array.isArray(position) || typeof position[0] !== 'number' || typeof position[1] !== 'number')
      continue;
    if (typeof offset !== 'number' || !Number.isFinite(offset)) continue;
    const ele = altitude?.[i];
    const hr = heartrate?.[i];
    points.push({
      lat: position[0],
      lng: position[1],
      ele: typeof ele === 'number' && Number.isFinite(ele) ? ele : null,
      time: start + offset * 1000,
      heartRate: typeof hr === 'number' ? hr : null,
    });
  }
  return points;
}
