import { Injectable } from '@nestjs/common';
import { countedRunSql } from '@runvs/database';
import type { EntityManager } from 'typeorm';

/** A run as the distance boards count it: its distance, moving time and start point. */
export interface BoardRun {
  user_id: string;
  distance_meters: number;
  duration_seconds: number;
  lat: number | null;
  lng: number | null;
}

export interface BoardUser {
  id: string;
  nickname: string | null;
  avatar_url: string | null;
  crew_name: string | null;
  runner_level: number;
}

/**
 * Which runs count: running activities that are not flagged (flagged runs stay out of rankings,
 * algorithms.md §10) and not a duplicate of another recording of the same activity.
 */
const COUNTED = `${countedRunSql('r')} AND r.duplicate_of_run_id IS NULL`;
const COLUMNS = `r.user_id, r.distance_meters, r.duration_seconds,
  ST_Y(ST_StartPoint(r.route_geometry::geometry)) AS lat, ST_X(ST_StartPoint(r.route_geometry::geometry)) AS lng`;

/** SQL of the distance boards: the runs of one runner (or every runner, to rebuild) in a period. */
@Injectable()
export class DistanceBoardsRepository {
  /**
   * Serialises board refreshes of one runner until the caller's transaction ends, so two of their
   * runs finishing together cannot write an older total over a newer one.
   */
  async lockRunner(manager: EntityManager, userId: string): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('distance-boards:' || $1))`, [userId]);
  }

  /** One runner's counted runs finished in [start, end) (ix_run_records_user_finished). */
  async runsOf(manager: EntityManager, userId: string, start: Date, end: Date): Promise<BoardRun[]> {
    return (await manager.query(
      `SELECT ${COLUMNS} FROM run_records r
        WHERE r.user_id = $1 AND r.finished_at >= $2 AND r.finished_at < $3 AND ${COUNTED}`,
      [userId, start, end],
    )) as BoardRun[];
  }

  /** Counted runs finished in [start, end) of the next `limit` runners after `afterUserId` (rebuild). */
  async runsOfNextRunners(
    manager: EntityManager,
    start: Date,
    end: Date,
    afterUserId: string | null,
    limit: number,
  ): Promise<BoardRun[]> {
    return (await manager.query(
      `WITH runners AS (
         SELECT DISTINCT r.user_id FROM run_records r
          WHERE r.finished_at >= $1 AND r.finished_at < $2 AND ${COUNTED}
            AND ($3::uuid IS NULL OR r.user_id > $3::uuid)
          ORDER BY r.user_id LIMIT $4)
       SELECT ${COLUMNS} FROM run_records r JOIN runners USING (user_id)
        WHERE r.finished_at >= $1 AND r.finished_at < $2 AND ${COUNTED}
        ORDER BY r.user_id`,
      [start, end, afterUserId, limit],
    )) as BoardRun[];
  }

  /** Who the listed runners are (by primary key; the board itself lives in Redis). */
  async users(manager: EntityManager, ids: string[]): Promise<Map<string, BoardUser>> {
    if (ids.length === 0) return new Map();
    const rows = (await manager.query(
      `SELECT id, nickname, avatar_url, crew_name, runner_level FROM users WHERE id = ANY($1::uuid[])`,
      [ids],
    )) as BoardUser[];
    return new Map(rows.map((row) => [row.id, row]));
  }
}
