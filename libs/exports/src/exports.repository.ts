import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export type ExportStatus = 'pending' | 'running' | 'ready' | 'failed';

export interface ExportRow {
  id: string;
  user_id: string;
  status: ExportStatus;
  file_key: string | null;
  size_bytes: string | null;
  run_count: number | null;
  error: string | null;
  created_at: Date;
  started_at: Date | null;
  completed_at: Date | null;
  expires_at: Date | null;
}

/** A run as listed in runs.json, with what its GPX and original need. */
export interface ExportRun {
  id: string;
  source: string;
  activity_type: string;
  course_id: string | null;
  started_at: Date;
  finished_at: Date;
  /** what the runner was shown: the device's own totals for an import that carries them */
  distance_meters: number;
  duration_seconds: number;
  total_elapsed_seconds: number | null;
  /** our own figures from the track, beside the device's (equal to them for recorded runs) */
  gps_distance_meters: number;
  moving_time_seconds: number;
  elapsed_seconds: number | null;
  data_notes: string[];
  avg_pace_seconds_per_km: number | null;
  calories: number | null;
  elevation_gain_meters: number;
  elevation_loss_meters: number;
  splits: unknown;
  best_efforts: unknown;
  device_model: string | null;
  is_flagged: boolean;
  flag_reasons: string[];
  board_exclusion: { reason: string; excluded_at: Date } | null;
  /** the uploaded file this run was imported from, when there is one */
  original_key: string | null;
  original_filename: string | null;
}

const COLUMNS = `id, user_id, status, file_key, size_bytes, run_count, error, created_at, started_at, completed_at, expires_at`;

/** SQL of data exports: the export rows, and everything of the runner that goes into the zip. */
@Injectable()
export class ExportsRepository {
  async insert(manager: EntityManager, userId: string): Promise<ExportRow> {
    const [row] = (await manager.query(
      `INSERT INTO data_exports (user_id) VALUES ($1) RETURNING ${COLUMNS}`,
      [userId],
    )) as ExportRow[];
    return row;
  }

  async inProgress(manager: EntityManager, userId: string): Promise<ExportRow | null> {
    const [row] = (await manager.query(
      `SELECT ${COLUMNS} FROM data_exports WHERE user_id = $1 AND status IN ('pending', 'running')`,
      [userId],
    )) as ExportRow[];
    return row ?? null;
  }

  async find(manager: EntityManager, id: string, lock = false): Promise<ExportRow | null> {
    const [row] = (await manager.query(
      `SELECT ${COLUMNS} FROM data_exports WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
      [id],
    )) as ExportRow[];
    return row ?? null;
  }

  async fileKeysOf(manager: EntityManager, userId: string): Promise<string[]> {
    const rows = (await manager.query(
      `SELECT file_key FROM data_exports WHERE user_id = $1 AND file_key IS NOT NULL`,
      [userId],
    )) as Array<{ file_key: string }>;
    return rows.map((row) => row.file_key);
  }

  /** Ready exports whose link has expired and whose zip is still stored, oldest first. */
  async expiredWithFile(
    manager: EntityManager,
    limit: number,
  ): Promise<Array<{ id: string; file_key: string }>> {
    return (await manager.query(
      `SELECT id, file_key FROM data_exports
        WHERE status = 'ready' AND file_key IS NOT NULL AND expires_at <= now()
        ORDER BY expires_at, id LIMIT $1`,
      [limit],
    )) as Array<{ id: string; file_key: string }>;
  }

  /** Forgets a purged zip; only while it still names that file (a concurrent purge did it already). */
  async clearFile(manager: EntityManager, id: string, fileKey: string): Promise<boolean> {
    const [, affected] = (await manager.query(
      `UPDATE data_exports SET file_key = NULL WHERE id = $1 AND file_key = $2`,
      [id, fileKey],
    )) as [unknown, number];
    return affected > 0;
  }

  async markRunning(manager: EntityManager, id: string): Promise<void> {
    await manager.query(`UPDATE data_exports SET status = 'running', started_at = now() WHERE id = $1`, [id]);
  }

  async markReady(
    manager: EntityManager,
    id: string,
    file: { key: string; sizeBytes: number; runCount: number; expiresAt: Date },
  ): Promise<void> {
    await manager.query(
      `UPDATE data_exports SET status = 'ready', file_key = $2, size_bytes = $3, run_count = $4, expires_at = $5,
              completed_at = now(), error = NULL
        WHERE id = $1`,
      [id, file.key, file.sizeBytes, file.runCount, file.expiresAt],
    );
  }

  async markFailed(manager: EntityManager, id: string, error: string): Promise<void> {
    await manager.query(
      `UPDATE data_exports SET status = 'failed', error = $2, completed_at = now() WHERE id = $1 AND status <> 'ready'`,
      [id, error.slice(0, 1000)],
    );
  }

  async profile(manager: EntityManager, userId: string): Promise<Record<string, unknown> | null> {
    const [row] = (await manager.query(
      `SELECT id, user_code, email, nickname, avatar_url, birthday, gender, height_cm, weight_kg, bio,
              instagram_username, activity_region, country, crew_name, time_zone, weekly_goal_km,
              total_distance_meters::float8 AS total_distance_meters, total_duration_seconds::float8 AS total_duration_seconds,
              total_runs, total_points, runner_level, created_at
         FROM users WHERE id = $1`,
      [userId],
    )) as Array<Record<string, unknown>>;
    return row ?? null;
  }

  /** Every run of the runner, oldest first, with the original upload it came from. */
  async runs(manager: EntityManager, userId: string): Promise<ExportRun[]> {
    const rows = (await manager.query(
      `SELECT r.id, r.source, r.activity_type, r.course_id, r.started_at, r.finished_at, r.distance_meters,
              r.duration_seconds, r.total_elapsed_seconds, r.gps_distance_meters, r.moving_time_seconds,
              r.elapsed_seconds, coalesce(r.data_notes, '[]'::jsonb) AS data_notes, r.avg_pace_seconds_per_km,
              r.calories, r.elevation_gain_meters, r.elevation_loss_meters, r.splits, r.best_efforts, r.device_model,
              r.is_flagged, coalesce(r.flag_reasons, '[]'::jsonb) AS flag_reasons,
              r.board_excluded_reason, r.board_excluded_at, i.file_key AS original_key, i.original_filename
         FROM run_records r
         LEFT JOIN LATERAL (
           SELECT file_key, original_filename FROM external_imports
            WHERE run_record_id = r.id AND file_key IS NOT NULL ORDER BY created_at LIMIT 1
         ) i ON true
        WHERE r.user_id = $1
        ORDER BY r.started_at, r.id`,
      [userId],
    )) as Array<
      Omit<ExportRun, 'board_exclusion'> & {
        board_excluded_reason: string | null;
        board_excluded_at: Date | null;
      }
    >;
    // An exclusion reads as on GET /runs/{id}: one object, or null.
    return rows.map(({ board_excluded_reason, board_excluded_at, ...run }) => ({
      ...run,
      board_exclusion: board_excluded_at
        ? { reason: board_excluded_reason ?? '', excluded_at: board_excluded_at }
        : null,
    }));
  }

  /** A run's route line (GeoJSON order), for runs recorded before tracks were kept. */
  async routeLine(manager: EntityManager, runId: string): Promise<Array<[number, number]> | null> {
    const [row] = (await manager.query(
      `SELECT ST_AsGeoJSON(route_geometry)::json AS line FROM run_records WHERE id = $1`,
      [runId],
    )) as Array<{ line: { coordinates: Array<[number, number]> } | null }>;
    return row?.line?.coordinates ?? null;
  }

  async coursesCreated(manager: EntityManager, userId: string): Promise<unknown[]> {
    return (await manager.query(
      `SELECT id, title, description, distance_meters, estimated_duration_seconds, elevation_gain_meters,
              elevation_loss_meters, difficulty, course_type, lap_count, tags, is_public, created_at,
              ST_AsGeoJSON(route_geometry)::json AS route_geometry
         FROM courses WHERE creator_id = $1 ORDER BY created_at`,
      [userId],
    )) as unknown[];
  }

  async reviews(manager: EntityManager, userId: string): Promise<unknown[]> {
    return (await manager.query(
      `SELECT id, course_id, rating, content, creator_reply, created_at, updated_at
         FROM reviews WHERE user_id = $1 ORDER BY created_at`,
      [userId],
    )) as unknown[];
  }

  async follows(
    manager: EntityManager,
    userId: string,
  ): Promise<{ following: unknown[]; followers: unknown[] }> {
    const following = (await manager.query(
      `SELECT f.following_id AS user_id, u.nickname, f.created_at
         FROM follows f LEFT JOIN users u ON u.id = f.following_id
        WHERE f.follower_id = $1 ORDER BY f.created_at`,
      [userId],
    )) as unknown[];
    const followers = (await manager.query(
      `SELECT f.follower_id AS user_id, u.nickname, f.created_at
         FROM follows f LEFT JOIN users u ON u.id = f.follower_id
        WHERE f.following_id = $1 ORDER BY f.created_at`,
      [userId],
    )) as unknown[];
    return { following, followers };
  }

  async eventParticipations(manager: EntityManager, userId: string): Promise<unknown[]> {
    return (await manager.query(
      `SELECT p.event_id, e.title, e.starts_at, e.ends_at, p.joined_at, p.progress_distance_meters,
              p.progress_runs, p.completed, p.completed_at
         FROM event_participants p JOIN events e ON e.id = p.event_id
        WHERE p.user_id = $1 ORDER BY p.joined_at`,
      [userId],
    )) as unknown[];
  }
}
