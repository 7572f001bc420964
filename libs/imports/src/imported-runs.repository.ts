import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { RunSource } from '@runvs/database';
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

/** SQL of the import pipeline: course candidates near a start and duplicates. */
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
}
