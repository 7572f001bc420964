import { recountDailyStreak, stampRunnerFacts } from '@runvs/runs';
import type { DataSource } from 'typeorm';

/** A short north-going line near Seoul City Hall, offset per call so courses do not overlap. */
function sampleLine(offset: number): Array<[number, number]> {
  const lng = 126.978 + offset * 0.01;
  return Array.from({ length: 12 }, (_, i) => [lng, 37.566 + i * 0.0009] as [number, number]);
}

const lineWkt = (coordinates: Array<[number, number]>) =>
  `SRID=4326;LINESTRING(${coordinates.map(([lng, lat]) => `${lng} ${lat}`).join(', ')})`;

let courseCount = 0;

export interface CourseOverrides {
  title?: string;
  isPublic?: boolean;
  isHidden?: boolean;
  distanceMeters?: number;
  createdAt?: Date;
  routePreview?: Array<[number, number]> | null;
  coordinates?: Array<[number, number]>;
  thumbnailUrl?: string | null;
}

/** A course row (geometry, start/end points) by `creatorId`; returns its id. */
export async function createCourse(
  dataSource: DataSource,
  creatorId: string,
  overrides: CourseOverrides = {},
): Promise<string> {
  courseCount += 1;
  const coordinates = overrides.coordinates ?? sampleLine(courseCount);
  const [start, end] = [coordinates[0], coordinates[coordinates.length - 1]];
  const [row] = (await dataSource.query(
    `INSERT INTO courses (creator_id, title, route_geometry, start_point, end_point, distance_meters,
                          estimated_duration_seconds, is_public, is_hidden, route_preview, thumbnail_url, created_at)
     VALUES ($1, $2, $3::geography, ST_MakePoint($4, $5)::geography, ST_MakePoint($6, $7)::geography, $8, 600,
             $9, $10, $11, $12, $13)
     RETURNING id`,
    [
      creatorId,
      overrides.title ?? `Course ${courseCount}`,
      lineWkt(coordinates),
      start[0],
      start[1],
      end[0],
      end[1],
      overrides.distanceMeters ?? 1000,
      overrides.isPublic ?? true,
      overrides.isHidden ?? false,
      overrides.routePreview === undefined ? null : JSON.stringify(overrides.routePreview),
      overrides.thumbnailUrl ?? null,
      overrides.createdAt ?? new Date(),
    ],
  )) as Array<{ id: string }>;
  return row.id;
}

export interface RunOverrides {
  courseId?: string | null;
  sessionId?: string | null;
  distanceMeters?: number;
  durationSeconds?: number;
  avgPace?: number | null;
  finishedAt?: Date;
  isFlagged?: boolean;
  courseCompleted?: boolean | null;
  elevationGain?: number;
  calories?: number | null;
  coordinates?: Array<[number, number]> | null;
  routePreview?: Array<[number, number]> | null;
  bestEfforts?: unknown;
  goalData?: Record<string, unknown> | null;
  deviceModel?: string | null;
  /** true: the run's pipeline has not run yet (no step marked), for tests that run it themselves */
  pipelinePending?: boolean;
}

/**
 * A finished run record (columns by name, optional route) as the runs pipeline would leave it (until that pipeline lands, tests
 * insert runs this way). Pace defaults to duration/distance; started_at = finished_at − duration.
 */
export async function createRun(
  dataSource: DataSource,
  userId: string,
  overrides: RunOverrides = {},
): Promise<string> {
  const distance = overrides.distanceMeters ?? 5000;
  const duration = overrides.durationSeconds ?? 1500;
  const finishedAt = overrides.finishedAt ?? new Date();
  const startedAt = new Date(finishedAt.getTime() - duration * 1000);
  const pace =
    overrides.avgPace === undefined
      ? distance > 0
        ? Math.floor(duration / (distance / 1000))
        : null
      : overrides.avgPace;
  const [row] = (await dataSource.query(
    `INSERT INTO run_records (user_id, course_id, session_id, distance_meters, duration_seconds, avg_pace_seconds_per_km,
                              elevation_gain_meters, calories, started_at, finished_at, is_flagged, course_completed,
                              route_geometry, route_preview, best_efforts, goal_data, device_model,
                              matched_at, ranked_at, course_stats_at, user_totals_at, events_at, heatmap_at, notified_at,
                              pipeline_completed_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::geography, $14, $15, $16, $17,
             $18, $18, $18, $18, $18, $18, $18, $18)
     RETURNING id`,
    [
      userId,
      overrides.courseId ?? null,
      overrides.sessionId ?? null,
      distance,
      duration,
      pace,
      overrides.elevationGain ?? 0,
      overrides.calories === undefined ? null : overrides.calories,
      startedAt,
      finishedAt,
      overrides.isFlagged ?? false,
      overrides.courseCompleted ?? (overrides.courseId ? true : null),
      overrides.coordinates ? lineWkt(overrides.coordinates) : null,
      overrides.routePreview == null ? null : JSON.stringify(overrides.routePreview),
      overrides.bestEfforts == null ? null : JSON.stringify(overrides.bestEfforts),
      overrides.goalData == null ? null : JSON.stringify(overrides.goalData),
      overrides.deviceModel ?? null,
      overrides.pipelinePending ? null : new Date(),
    ],
  )) as Array<{ id: string }>;
  // as the runs repository stores every run: the runner's gender and age when they ran
  await stampRunnerFacts(dataSource.manager, row.id);
  // counted by "its pipeline": the daily streak kept on the runner's row includes it (other totals are left as they are)
  if (!overrides.pipelinePending) await recountDailyStreak(dataSource.manager, userId);
  return row.id;
}

/** A leaderboard row (its position is read from the board's order: best duration, then achievement). */
export async function createRanking(
  dataSource: DataSource,
  values: {
    courseId: string;
    userId: string;
    bestDuration: number;
    runRecordId?: string;
  },
): Promise<void> {
  await dataSource.query(
    `INSERT INTO rankings (course_id, user_id, run_record_id, best_duration_seconds, best_pace_seconds_per_km, achieved_at)
     VALUES ($1, $2, $3, $4, $5, now())`,
    [
      values.courseId,
      values.userId,
      values.runRecordId ?? null,
      values.bestDuration,
      Math.floor(values.bestDuration),
    ],
  );
}
