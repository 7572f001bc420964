import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ActivityType, RunSource } from '@runvs/database';
import type { LngLat } from '@runvs/geo';
import { DataSource, type EntityManager } from 'typeorm';
import { DUPLICATE_START_WINDOW_S } from './import.rules';

export interface CandidateCourse {
  id: string;
  title: string;
  coordinates: LngLat[];
}

export interface NearbyStartRun {
  id: string;
  distanceMeters: number;
  source: RunSource;
}

/** A finished activity as the import pipeline writes it (already validated and measured). */
export interface ImportedRunValues {
  userId: string;
  importId: string;
  source: RunSource;
  activityType: ActivityType;
  sourceDevice: string | null;
  startedAt: Date;
  finishedAt: Date;
  distanceMeters: number;
  durationSeconds: number;
  totalElapsedSeconds: number;
  avgPaceSecondsPerKm: number | null;
  bestPaceSecondsPerKm: number | null;
  avgSpeedMs: number | null;
  maxSpeedMs: number | null;
  calories: number | null;
  elevationGainMeters: number;
  elevationLossMeters: number;
  route: LngLat[];
  routePreview: LngLat[] | null;
  elevationProfile: number[];
  splits: unknown[];
  pauseIntervals: unknown[];
  bestEfforts: unknown[];
  pointCount: number;
  courseId: string | null;
  courseCompleted: boolean | null;
  routeMatchPercent: number | null;
  maxDeviationMeters: number | null;
  courseCompletion: Record<string, unknown> | null;
  matched: boolean;
  isFlagged: boolean;
  flagReason: string | null;
  flagReasons: string[] | null;
  isRankingEligible: boolean;
}

/** SQL of the import pipeline: course candidates near a start, duplicates, and the run it writes. */
@Injectable()
export class ImportedRunsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Courses the activity may have run: listed (or the user's own) courses whose start is within
   * `radiusMeters` of the activity's first point, nearest first (GiST index on start_point).
   */
  async candidateCourses(
    userId: string,
    start: { lat: number; lng: number },
    radiusMeters: number,
    limit: number,
  ): Promise<CandidateCourse[]> {
    const rows = (await this.dataSource.query(
      `SELECT c.id, c.title, ST_AsGeoJSON(c.route_geometry::geometry)::json->'coordinates' AS coordinates
         FROM courses c
        WHERE (c.is_public OR c.creator_id = $1) AND NOT c.is_hidden
          AND ST_DWithin(c.start_point, ST_SetSRID(ST_MakePoint($2, $3), 4326)::geography, $4)
        ORDER BY c.start_point <-> ST_SetSRID(ST_MakePoint($2, $3), 4326)::geography
        LIMIT $5`,
      [userId, start.lng, start.lat, radiusMeters, limit],
    )) as Array<{ id: string; title: string; coordinates: LngLat[] }>;
    return rows;
  }

  /** Serialises the duplicate check and the insert of one user's imported runs. */
  async lockUserRuns(manager: EntityManager, userId: string): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`imported-run:${userId}`]);
  }

  /** The user's runs (any source) that started within a minute of `startedAt`, nearest first. */
  async runsStartingNear(manager: EntityManager, userId: string, startedAt: Date): Promise<NearbyStartRun[]> {
    const rows = (await manager.query(
      `SELECT id, distance_meters, source FROM run_records
        WHERE user_id = $1
          AND started_at BETWEEN $2::timestamptz - make_interval(secs => $3)
                             AND $2::timestamptz + make_interval(secs => $3)
        ORDER BY abs(extract(epoch FROM started_at - $2::timestamptz)), created_at
        LIMIT 10`,
      [userId, startedAt, DUPLICATE_START_WINDOW_S],
    )) as Array<{ id: string; distance_meters: number; source: RunSource }>;
    return rows.map((r) => ({ id: r.id, distanceMeters: r.distance_meters, source: r.source }));
  }

  async userWeightKg(userId: string): Promise<number | null> {
    const [row] = (await this.dataSource.query(`SELECT weight_kg FROM users WHERE id = $1`, [
      userId,
    ])) as Array<{
      weight_kg: number | null;
    }>;
    return row?.weight_kg ?? null;
  }

  /** The run (and its `imported` session, as the reference keeps one per run); returns the run id. */
  async insertRun(manager: EntityManager, v: ImportedRunValues): Promise<string> {
    const [session] = (await manager.query(
      `INSERT INTO run_sessions (user_id, course_id, status, started_at, ended_at, device_info)
       VALUES ($1, $2, 'imported', $3, $4, $5) RETURNING id`,
      [
        v.userId,
        v.courseId,
        v.startedAt,
        v.finishedAt,
        JSON.stringify({ source: v.source, device: v.sourceDevice }),
      ],
    )) as Array<{ id: string }>;
    const [run] = (await manager.query(
      `INSERT INTO run_records (
         user_id, session_id, course_id, external_import_id, source, activity_type,
         distance_meters, duration_seconds, total_elapsed_seconds, avg_pace_seconds_per_km,
         best_pace_seconds_per_km, avg_speed_ms, max_speed_ms, calories,
         elevation_gain_meters, elevation_loss_meters, route_geometry, route_preview, elevation_profile,
         splits, pause_intervals, best_efforts, point_count, device_model,
         course_completed, route_match_percent, max_deviation_meters, course_completion,
         is_flagged, flag_reason, flag_reasons, is_ranking_eligible, started_at, finished_at, matched_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16,
               ST_GeomFromGeoJSON($17)::geography, $18, $19, $20, $21, $22, $23, $24,
               $25, $26, $27, $28, $29, $30, $31, $32, $33, $34, CASE WHEN $35 THEN now() END)
       RETURNING id`,
      [
        v.userId,
        session.id,
        v.courseId,
        v.importId,
        v.source,
        v.activityType,
        v.distanceMeters,
        v.durationSeconds,
        v.totalElapsedSeconds,
        v.avgPaceSecondsPerKm,
        v.bestPaceSecondsPerKm,
        v.avgSpeedMs,
        v.maxSpeedMs,
        v.calories,
        v.elevationGainMeters,
        v.elevationLossMeters,
        JSON.stringify({ type: 'LineString', coordinates: v.route }),
        v.routePreview === null ? null : JSON.stringify(v.routePreview),
        JSON.stringify(v.elevationProfile),
        JSON.stringify(v.splits),
        JSON.stringify(v.pauseIntervals),
        JSON.stringify(v.bestEfforts),
        v.pointCount,
        v.sourceDevice?.slice(0, 100) ?? null,
        v.courseCompleted,
        v.routeMatchPercent,
        v.maxDeviationMeters,
        v.courseCompletion === null ? null : JSON.stringify(v.courseCompletion),
        v.isFlagged,
        v.flagReason,
        v.flagReasons === null ? null : JSON.stringify(v.flagReasons),
        v.isRankingEligible,
        v.startedAt,
        v.finishedAt,
        v.matched,
      ],
    )) as Array<{ id: string }>;
    await manager.query(`UPDATE run_sessions SET run_record_id = $2 WHERE id = $1`, [session.id, run.id]);
    return run.id;
  }
}
