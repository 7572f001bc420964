import { courseVisibleSql } from '@runvs/courses';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { LngLat } from '@runvs/geo';
import { DataSource, type EntityManager } from 'typeorm';

export interface CandidateCourse {
  id: string;
  title: string;
  coordinates: LngLat[];
}

/** SQL of the import pipeline: course candidates near a start, the import row's lock. */
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
        WHERE ${courseVisibleSql('c', '$1')} AND NOT c.is_hidden
          AND ST_DWithin(c.start_point, ST_SetSRID(ST_MakePoint($2, $3), 4326)::geography, $4)
        ORDER BY c.start_point <-> ST_SetSRID(ST_MakePoint($2, $3), 4326)::geography
        LIMIT $5`,
      [userId, start.lng, start.lat, radiusMeters, limit],
    )) as Array<{ id: string; title: string; coordinates: LngLat[] }>;
    return rows;
  }

  /** Locks the import row for the rest of the transaction; false when it was deleted. */
  async lockImport(manager: EntityManager, importId: string): Promise<boolean> {
    const rows = (await manager.query(`SELECT id FROM external_imports WHERE id = $1 FOR UPDATE`, [
      importId,
    ])) as unknown[];
    return rows.length > 0;
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
